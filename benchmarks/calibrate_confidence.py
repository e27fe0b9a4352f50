"""Fit the verdicts' confidence to how often such verdicts are right, on the tune split, and check it.

    python -m benchmarks.calibrate_confidence                 # shipped judge: fit, write, report
    python -m benchmarks.calibrate_confidence --judge onnx:DIR
    python -m benchmarks.calibrate_confidence --write-gate    # also switch the printed precision gate on

For each verdict label, an isotonic map from the deciding score (what `verify` showed as confidence until
now) to the share of right verdicts, fitted on the tune split: SciFact, Climate-FEVER sentences and FRANK
valid (the hash split of `benchmarks.eval_verify`) pooled with the behaviour suite's training-side twin
(`benchmarks.behaviour.build("train")`). A verdict is right when its label is the gold one (FRANK: SUPPORTED
or not; the behaviour items: any of the accepted labels). The maps go into the judge's calibration entry
(`factbot.verify.judges.calibration_entry`) under ``"confidence"``; labels do not change. Printed: the
reliability table and the expected calibration error before and after, on the tune data the map was fitted
on and on the behaviour suite's reporting side, which it never saw.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from benchmarks.behaviour import build
from benchmarks.common import one_run_at_a_time, record, require_eval_data
from benchmarks.eval_behaviour import MemoJudge, ece, reliability, right
from benchmarks.eval_behaviour import judge as judge_behaviour
from benchmarks.eval_verify import (
    CachingEmbedder,
    climate_items,
    frank_items,
    judge_items,
    scifact_items,
    three_way,
    verdict,
)
from factbot import FactBot
from factbot.config import get_settings
from factbot.verify.judges import calibration_entry, load_judge
from factbot.verify.verdicts import SUPPORTED


def _is_right(task: str, gold: str, label: str) -> bool:
    if task == "frank":
        return (gold == SUPPORTED) == (label == SUPPORTED)
    return three_way(label) == gold


def fit(labels: list[str], raw: list[float], correct: list[bool]) -> dict[str, dict[str, list[float]]]:
    """Per label with at least 30 verdicts, the isotonic map's breakpoints ``{"x": [...], "y": [...]}``."""
    from sklearn.isotonic import IsotonicRegression

    out = {}
    for label in sorted(set(labels)):
        idx = [i for i, lab in enumerate(labels) if lab == label]
        if len(idx) < 30:
            continue
        iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(
            [raw[i] for i in idx], [float(correct[i]) for i in idx]
        )
        out[label] = {
            "x": [round(float(x), 4) for x in iso.X_thresholds_],
            "y": [round(float(y), 4) for y in iso.y_thresholds_],
        }
    return out


def gate_rows(name: str, labels: list[str], calibrated: list[float], correct: list[bool], gate: float) -> list[str]:
    """Per gated label: how many verdicts and how many right, before the gate and among those it keeps."""
    rows = []
    for label in ("SUPPORTED", "REFUTED"):
        idx = [i for i, lab in enumerate(labels) if lab == label]
        kept = [i for i in idx if calibrated[i] >= gate]
        share = lambda ids: f"{np.mean([correct[i] for i in ids]):.3f}" if ids else "-"  # noqa: E731
        rows.append(f"| {name} | {label} | {len(idx)} | {share(idx)} | {len(kept)} | {share(kept)} |")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--judge", default="shipped")
    ap.add_argument("--per-capability", type=int, default=100, help="behaviour twin items per capability")
    ap.add_argument("--gate", type=float, default=0.8, help="least calibrated precision for SUPPORTED / REFUTED")
    ap.add_argument("--gate-labels", default="SUPPORTED,REFUTED", help="the labels the gate applies to")
    ap.add_argument("--write-gate", action="store_true", help="also write --gate / --gate-labels into the config")
    args = ap.parse_args()
    one_run_at_a_time()
    require_eval_data()
    data = {"scifact": scifact_items("tune"), "climate": climate_items("tune")[0], "frank": frank_items("tune")}
    twin, report = build("train", args.per_capability, seed=11), build("report", 150)
    settings = {"verify": {"model": args.judge}}
    embedder = CachingEmbedder(get_settings(settings).model)
    tmp = Path(tempfile.mkdtemp(prefix="factbot-confidence-"))
    try:
        bot = FactBot(
            tmp, settings=settings, embedder=embedder, judge=MemoJudge(load_judge(args.judge, embedder=embedder))
        )
        th = replace(bot.thresholds(), confidence=(), gate=0.0)  # the raw deciding scores, nothing gated
        labels, raw, correct = [], [], []
        for task, items in data.items():
            judge_items(bot, items, f"{args.judge} {task}")
            for it in items:
                v = verdict(it, th)
                labels.append(v.label)
                raw.append(float(v.confidence))
                correct.append(_is_right(task, it["gold"], v.label))
        twin_raw: list[float] = []
        twin_labels = judge_behaviour(bot, twin, twin_raw, th)
        labels, raw, correct = (
            labels + twin_labels,
            raw + twin_raw,
            correct + [bool(x) for x in right(twin_labels, twin)],
        )
        report_raw: list[float] = []
        report_labels = judge_behaviour(bot, report, report_raw, th)
        bot.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    maps, gate = fit(labels, raw, correct), args.gate
    calibrated = replace(th, confidence=tuple((k, tuple(m["x"]), tuple(m["y"])) for k, m in sorted(maps.items())))
    tuned = [calibrated.calibrated(lab, r) for lab, r in zip(labels, raw, strict=True)]
    report_right = right(report_labels, report)
    report_tuned = [calibrated.calibrated(lab, r) for lab, r in zip(report_labels, report_raw, strict=True)]
    precision = {
        lab: float(np.mean([r for la, r in zip(labels, correct, strict=True) if la == lab]))
        for lab in sorted(set(labels))
    }
    path, key = calibration_entry(args.judge)
    config = json.loads(path.read_text())
    config.setdefault("calibration", {}).setdefault(key, {})["confidence"] = maps
    if args.write_gate:  # else the judge keeps the gate it ships with (off for the shipped judge: model card)
        config["calibration"][key]["gate"] = args.gate
        config["calibration"][key]["gate_labels"] = args.gate_labels.split(",")
    path.write_text(json.dumps(config, indent=2) + "\n")
    lines = [
        "| verdicts | n | ECE raw | ECE calibrated |",
        "|---|---:|---:|---:|",
        f"| tune split + behaviour twin (fitted on) | {len(labels)} | {ece(raw, correct):.3f} "
        f"| {ece(tuned, correct):.3f} |",
        f"| behaviour suite, reporting side (never fitted on) | {len(report)} | {ece(report_raw, report_right):.3f} "
        f"| {ece(report_tuned, report_right):.3f} |",
        "",
        "Share of right verdicts per label on the tune data (each label's precision): "
        + ", ".join(f"{k} {v:.3f} ({labels.count(k)})" for k, v in precision.items()),
        "",
        "Reliability on the behaviour suite's reporting side, calibrated:",
        "",
        *reliability(report, report_labels, report_tuned),
        "",
        f"Precision gate at {args.gate:.2f} (verdicts below it become NOT_ENOUGH_INFO; applied to {args.gate_labels}):",
        "",
        "| data | label | verdicts before | precision before | kept | precision kept |",
        "|---|---|---:|---:|---:|---:|",
        *gate_rows("tune + twin (fitted on)", labels, tuned, list(correct), gate),
        *gate_rows(
            "behaviour, reporting side", report_labels, report_tuned, [bool(x) for x in report_right], args.gate
        ),
    ]
    command = " ".join(["python -m benchmarks.calibrate_confidence", *sys.argv[1:]])
    record(f"Verdict confidence calibration ({args.judge} judge)", "\n".join(lines), command)


if __name__ == "__main__":
    main()
