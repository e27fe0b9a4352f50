"""What each check rule contributes on the tune split: the judge with each rule left out in turn.

    python -m benchmarks.ablate                       # shipped judge; SciFact, Climate-FEVER, FRANK tune split
    python -m benchmarks.ablate --judge similarity --tasks frank
    python -m benchmarks.ablate --tasks scifact,climate,frank,quoted

Task `quoted`: claims that are a sentence of their own (FRANK valid, held-out) article, all SUPPORTED by
construction (`eval_verify.quoted_items`): where rule `verbatim` can fire, and where any rule that fires
on a true quotation costs.

The tune split is the held-out calibration part of the training splits (`benchmarks.eval_verify`), never a
reporting split. The model's scores are computed once (`eval_behaviour.MemoJudge`) and reused, so each rule
costs only the checks. Each row: the paired change of the task's headline figure with the rule left out,
with a 95% bootstrap interval over claims (negative: the rule helps). The behaviour suite's ablation is
``python -m benchmarks.eval_behaviour --ablate``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import one_run_at_a_time, record, require_eval_data
from benchmarks.eval_behaviour import MemoJudge
from benchmarks.eval_verify import (
    HEADLINE,
    CachingEmbedder,
    climate_items,
    figures,
    frank_items,
    interval,
    judge_items,
    quoted_items,
    scifact_items,
    verdict,
)
from factbot import FactBot
from factbot.config import get_settings
from factbot.verify.checks import RULES, rules_disabled
from factbot.verify.judges import load_judge


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--judge", default="shipped")
    ap.add_argument("--tasks", default="scifact,climate,frank")
    args = ap.parse_args()
    one_run_at_a_time()
    require_eval_data()
    tasks = args.tasks.split(",")
    data = {}
    if "scifact" in tasks:
        data["scifact"] = scifact_items("tune")
    if "climate" in tasks:
        data["climate-sentence"] = climate_items("tune")[0]
    if "frank" in tasks:
        data["frank"] = frank_items("tune")
    if "quoted" in tasks:
        data["quoted"] = quoted_items("tune")
    settings = {"verify": {"model": args.judge}}
    embedder = CachingEmbedder(get_settings(settings).model)
    tmp = Path(tempfile.mkdtemp(prefix="factbot-ablate-"))
    try:
        bot = FactBot(
            tmp, settings=settings, embedder=embedder, judge=MemoJudge(load_judge(args.judge, embedder=embedder))
        )
        th = bot.thresholds()

        def labels(task: str) -> list[str]:
            judge_items(bot, data[task], f"{args.judge} {task}")
            return [verdict(it, th).label for it in data[task]]

        full = {task: labels(task) for task in data}
        rows = ["| rule left out | " + " | ".join(f"{t} Δ{HEADLINE[t]} [95% CI]" for t in data) + " |"]
        rows.append("|---|" + "---|" * len(data))
        rows.append("| (none) | " + " | ".join(f"{figures(t, data[t], full[t])[HEADLINE[t]]:.3f}" for t in data) + " |")
        for rule in RULES:
            cells = []
            with rules_disabled([rule]):
                for task, items in data.items():
                    got = labels(task)
                    diff = figures(task, items, got)[HEADLINE[task]] - figures(task, items, full[task])[HEADLINE[task]]
                    lo, hi = interval(task, items, got, full[task], n=300)
                    cells.append(f"{diff:+.3f} [{lo:+.3f}, {hi:+.3f}]")
            rows.append(f"| {rule} | " + " | ".join(cells) + " |")
        bot.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    command = " ".join(["python -m benchmarks.ablate", *sys.argv[1:]])
    record(f"Rule ablation on the tune split ({args.judge} judge)", "\n".join(rows), command)


if __name__ == "__main__":
    main()
