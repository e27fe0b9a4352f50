"""Score judges on users' feedback (issue 39): `factbot feedback export` rows about verdicts, each claim
verified again by every judge against the index the feedback came from.

The right label of a row: the label the user gave, else the verdict's own label when the user said
"correct"; a "wrong" without a label only says the verdict's label is not right (scored as: the judge
gives another one). Answers' feedback is counted but not scored. Printed per judge: items, accuracy,
and the share of wrong SUPPORTED among claims whose right label is not SUPPORTED.

Feedback is also a calibration tune source, off unless asked for (`tune_items`): the verdict rows whose
right label is known, the latest feedback on a record winning, become one more task of the thresholds'
grid search, weighted as one task beside SciFact, Climate-FEVER and FRANK.

    python -m benchmarks.eval_verify --feedback feedback.jsonl --index index [--judges shipped,similarity]
    python -m benchmarks.eval_verify --calibrate --tune-feedback feedback.jsonl --index index
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def items(path: Path) -> list[dict[str, Any]]:
    """{"claim", "right" (a label or ""), "not" (a label known wrong or "")} per verdict feedback row."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line) if line.strip() else None
        if not row or row.get("kind") != "verdict":
            continue
        given = row["record"]["label"]
        right = row["label"] or (given if row["rating"] == "correct" else "")
        out.append({"claim": row["record"]["claim"], "right": right, "not": "" if right else given})
    return out


def tune_items(path: Path) -> list[dict[str, Any]]:
    """Calibration items {"claim", "gold", "against": None}: one per verdict whose right label is known (a
    user's label, or the verdict's own when rated "correct"); a record's latest such feedback wins. `against`
    None: the claim is judged against the index the feedback came from."""
    latest: dict[str, dict[str, Any]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line) if line.strip() else None
        if not row or row.get("kind") != "verdict":
            continue
        right = row["label"] or (row["record"]["label"] if row["rating"] == "correct" else "")
        if right:
            latest.pop(row["id"], None)  # re-inserted last: the order is the latest feedback's
            latest[row["id"]] = {"claim": row["record"]["claim"], "gold": right, "against": None}
    return list(latest.values())


def judge_tune_items(items: list[dict[str, Any]], index: Path, spec: str) -> None:
    """Attach each item's judged parts (`FactBot.judge_claim`) under judge `spec`, retrieving from `index`."""
    from factbot import FactBot

    bot = FactBot(index_dir=index, settings={"verify": {"model": spec}})
    try:
        for item in items:
            item["parts"] = bot.judge_claim(item["claim"])
    finally:
        bot.close()


def run(path: Path, index: Path, judges: list[str]) -> list[str]:
    """Table rows: per judge, accuracy and wrong SUPPORTED on the feedback items."""
    from factbot import FactBot

    data = items(path)
    rows = []
    for spec in judges:
        bot = FactBot(index_dir=index, settings={"verify": {"model": spec}})
        labels = [bot.verify(it["claim"]).label for it in data]
        bot.close()
        right = [
            (lab == it["right"]) if it["right"] else (lab != it["not"]) for lab, it in zip(labels, data, strict=True)
        ]
        not_sup = [
            lab == "SUPPORTED" for lab, it in zip(labels, data, strict=True) if it["right"] not in ("", "SUPPORTED")
        ]
        wrong_sup = f"{sum(not_sup) / len(not_sup):.3f} ({len(not_sup)})" if not_sup else "-"
        accuracy = f"{sum(right) / len(right):.3f}" if right else "-"
        rows.append(f"| {spec} | feedback | {len(data)} | accuracy {accuracy}, wrong SUPPORTED {wrong_sup} | |")
    return rows
