"""The judge's behaviour suite: accuracy and wrong-SUPPORTED rate per capability (CheckList style).

    python -m benchmarks.eval_behaviour                         # shipped and similarity judges, 150 items each
    python -m benchmarks.eval_behaviour --judges shipped,onnx:DIR --per-capability 100
    python -m benchmarks.eval_behaviour --side train --dump FILE  # the training-side twin, as JSONL
    python -m benchmarks.eval_behaviour --side train --judges shipped  # score the twin: for developing rules
    python -m benchmarks.eval_behaviour --ablate                # the first judge with each check rule left out

Items are made by `benchmarks.behaviour` from reporting-split articles only (FRANK test; RealTime QA
September–November 2022, held out of training), with labels given by construction. Each item is verified as
factbot verifies a claim against a given text: the claim against the article's title, the sentence before
the evidence and the evidence (``FactBot.judge_claim(claim, against=[...])``, then the judge's thresholds).
"Wrong SUPPORTED" is the share of a capability's items called SUPPORTED whose label is not SUPPORTED:
the error a fact-checker cannot afford. Each figure has a 95% bootstrap interval (items resampled).
``--ablate`` scores the first judge again with each rule of `factbot.verify.checks.RULES` left out in turn
(the model's scores are computed once and reused), and prints each rule's paired effect on accuracy and on
wrong SUPPORTED over the whole suite.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: the repo root is the import root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from benchmarks.behaviour import build
from benchmarks.behaviour.items import CAPABILITIES, Item
from benchmarks.common import one_run_at_a_time, record, require_eval_data
from benchmarks.eval_verify import CachingEmbedder, verdict
from factbot import FactBot
from factbot.config import get_settings
from factbot.types import Article
from factbot.verify.checks import RULES, rules_disabled
from factbot.verify.judged import Thresholds
from factbot.verify.judges import Judge, load_judge


class MemoJudge:
    """A judge that scores each (premise, claim) pair once: the rule ablation re-judges the same pairs."""

    def __init__(self, inner: Judge) -> None:
        self.inner, self.name, self.memo = inner, inner.name, {}

    def judge(self, pairs: Any) -> np.ndarray:
        missing = [p for p in dict.fromkeys(pairs) if p not in self.memo]
        if missing:
            self.memo.update(zip(missing, self.inner.judge(missing), strict=True))
        return np.stack([self.memo[p] for p in pairs]) if pairs else np.zeros((0, 3))


def _against(item: Item) -> list[Article]:
    return [Article(text=item.evidence, title=item.title, source=f"behaviour:{item.source}")]


def right(labels: list[str], items: list[Item]) -> np.ndarray:
    """1.0 where the verdict is one the item accepts, else 0.0."""
    return np.array([g in it.accept for g, it in zip(labels, items, strict=True)], dtype=float)


def wrong_supported(labels: list[str], items: list[Item]) -> np.ndarray:
    """1.0 where the verdict is SUPPORTED and the item's label is not, else 0.0."""
    return np.array([g == "SUPPORTED" and it.gold != "SUPPORTED" for g, it in zip(labels, items, strict=True)], float)


def ece(confidences: Any, correct: Any, bins: int = 10) -> float:
    """Expected calibration error: the bin-size-weighted gap between stated confidence and share right, in
    ``bins`` equal-width bins (a confidence of 1.0 falls in the last)."""
    conf, ok = np.asarray(confidences, float), np.asarray(correct, float)
    return sum(mask.mean() * abs(c - r) for _, mask, c, r in _bins(conf, ok, bins))


def _bins(conf: np.ndarray, ok: np.ndarray, bins: int) -> list[tuple[int, np.ndarray, float, float]]:
    """Per non-empty bin: its number, mask, mean confidence and share right."""
    which = np.minimum((conf * bins).astype(int), bins - 1)
    masks = [(b, which == b) for b in range(bins)]
    return [(b, m, float(conf[m].mean()), float(ok[m].mean())) for b, m in masks if m.any()]


def judge(
    bot: FactBot, items: list[Item], confidences: list[float] | None = None, thresholds: Thresholds | None = None
) -> list[str]:
    """Each item's verdict label from ``bot`` (the judge and thresholds it is configured with, or
    ``thresholds``); the verdicts' confidences are appended to ``confidences`` when given."""
    th = thresholds or bot.thresholds()
    out = []
    t0 = time.time()
    for i, item in enumerate(items, 1):
        parts = bot.judge_claim(item.claim, against=_against(item))
        v = verdict({"claim": item.claim, "parts": parts}, th)
        out.append(str(v.label))
        if confidences is not None:
            confidences.append(float(v.confidence))
        if i % 300 == 0:
            print(f"  {i}/{len(items)} ({(time.time() - t0) / i * 1000:.0f} ms/item)", file=sys.stderr, flush=True)
    return out


def _boot(values: np.ndarray, rng: np.random.Generator, n: int = 1000) -> tuple[float, float]:
    if not len(values):
        return 0.0, 0.0
    means = values[rng.integers(0, len(values), size=(n, len(values)))].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def table(items: list[Item], labels: dict[str, list[str]]) -> list[str]:
    """Rows: per capability and judge, accuracy and wrong SUPPORTED with intervals; then overall accuracy."""
    rng = np.random.default_rng(0)
    rows = ["| capability | items | judge | accuracy [95% CI] | wrong SUPPORTED [95% CI] |", "|---|---:|---|---|---|"]
    for name in [*CAPABILITIES, "all"]:
        idx = [i for i, it in enumerate(items) if name in ("all", it.capability)]
        chosen = [items[i] for i in idx]
        for spec, got in labels.items():
            ok = right([got[i] for i in idx], chosen)
            wrong = wrong_supported([got[i] for i in idx], chosen)
            a_lo, a_hi = _boot(ok, rng)
            w_lo, w_hi = _boot(wrong, rng)
            rows.append(
                f"| {name} | {len(idx)} | {spec} | {ok.mean():.3f} [{a_lo:.3f}, {a_hi:.3f}] | "
                f"{wrong.mean():.3f} [{w_lo:.3f}, {w_hi:.3f}] |"
            )
    return rows


def reliability(items: list[Item], labels: list[str], confidences: list[float], bins: int = 5) -> list[str]:
    """Rows: the verdicts' stated confidence against how often they are right, in equal-width bins, and the
    expected calibration error (`ece`)."""
    conf, ok = np.array(confidences), right(labels, items)
    rows = ["| confidence | verdicts | mean confidence | right |", "|---|---:|---:|---:|"]
    for b, mask, c, r in _bins(conf, ok, bins):
        rows.append(f"| {b / bins:.1f}–{(b + 1) / bins:.1f} | {int(mask.sum())} | {c:.3f} | {r:.3f} |")
    return [*rows, "", f"Expected calibration error: {ece(conf, ok, bins):.3f}"]


def ablation(items: list[Item], bot: FactBot, full: list[str]) -> list[str]:
    """Rows: per rule, the paired change in accuracy and wrong SUPPORTED when it is left out (negative accuracy
    change / positive wrong-SUPPORTED change: the rule earns its place)."""
    rng = np.random.default_rng(1)
    base_right, base_wrong = right(full, items), wrong_supported(full, items)
    rows = ["| rule left out | Δ accuracy [95% CI] | Δ wrong SUPPORTED [95% CI] | rule |", "|---|---|---|---|"]
    for rule, described in RULES.items():
        with rules_disabled([rule]):
            got = judge(bot, items)
        r, w = right(got, items) - base_right, wrong_supported(got, items) - base_wrong
        (a_lo, a_hi), (w_lo, w_hi) = _boot(r, rng), _boot(w, rng)
        rows.append(
            f"| {rule} | {r.mean():+.3f} [{a_lo:+.3f}, {a_hi:+.3f}] "
            f"| {w.mean():+.3f} [{w_lo:+.3f}, {w_hi:+.3f}] | {described.description} |"
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--judges", default="shipped,similarity")
    ap.add_argument("--per-capability", type=int, default=150)
    ap.add_argument("--side", choices=["report", "train"], default="report")
    ap.add_argument("--dump", default="", help="write the items as JSONL here and stop")
    ap.add_argument("--ablate", action="store_true", help="also the first judge with each check rule left out")
    args = ap.parse_args()
    require_eval_data()
    items = build(args.side, args.per_capability)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(it.as_dict(), ensure_ascii=False) + "\n" for it in items)
        print(f"{args.dump}: {len(items)} items")
        return
    one_run_at_a_time()
    tmp = Path(tempfile.mkdtemp(prefix="factbot-behaviour-"))
    labels: dict[str, list[str]] = {}
    calibration: list[str] = []
    ablated: list[str] = []
    try:
        for n, spec in enumerate(args.judges.split(",")):
            settings = {"verify": {"model": spec}}
            embedder = CachingEmbedder(get_settings(settings).model)
            memo = MemoJudge(load_judge(spec, embedder=embedder))
            bot = FactBot(tmp / f"judge{n}", settings=settings, embedder=embedder, judge=memo)
            t0 = time.time()
            conf: list[float] = []
            labels[spec] = judge(bot, items, conf)
            print(f"{spec}: {len(items)} items in {time.time() - t0:.0f} s", file=sys.stderr)
            calibration += [
                f"Reliability of the {spec} judge's confidence:",
                "",
                *reliability(items, labels[spec], conf),
            ]
            calibration.append("")
            if args.ablate and n == 0:
                ablated = [
                    f"Rule ablation ({spec} judge, all {len(items)} items):",
                    "",
                    *ablation(items, bot, labels[spec]),
                ]
            bot.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    command = " ".join(["python -m benchmarks.eval_behaviour", *sys.argv[1:]])
    rows = [*table(items, labels), "", *calibration, *ablated]
    title = {
        "report": "Behaviour suite (reporting-split articles)",
        "train": "Behaviour suite, training-side twin (a development set: its items are of the kind trained on)",
    }[args.side]
    record(title, "\n".join(rows), command)


if __name__ == "__main__":
    main()
