"""Checking a whole text (issue 38): check-worthiness precision / recall, and the time to check 1,500 words.

(a) Check-worthiness on ClaimBuster (U.S. presidential debate sentences, labelled 1 = check-worthy factual
    claim): the **test** split is the reporting split (never tuned on); the train split, on which the
    rules were chosen (docs/decisions/answerability.md), is printed beside it. A sentence counts as
    flagged when any sentence factbot splits it into is check-worthy. 95% intervals by bootstrap.
(b) Timing: an index of `--articles` news articles (FRANK, then RealTime QA: `benchmarks.common`), and a
    text of the first 1,500 words of indexed articles (each article's opening, until 1,500 words), checked
    end to end by `FactBot.check_text` (sentence scoring, stand-alone claims, a verdict for each), with the
    judge loaded beforehand. Goal: ≤ 30 s on this machine.

  python -m benchmarks.eval_check_text [--articles N] [--words N] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: the repo root is the import root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import news_articles, one_run_at_a_time, record, require_eval_data

GOAL_S = 30.0


def claimbuster(split: str) -> list[dict[str, Any]]:
    """ClaimBuster's sentences of one split: {"text", "label"}."""
    path = require_eval_data() / "claimbuster" / f"{split}.jsonl"
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def flagged(texts: list[str]) -> list[bool]:
    """Whether factbot finds a check-worthy sentence in each text."""
    from factbot.check.worthiness import score_sentences

    return [any(w.worthy for w in score_sentences(t)) for t in texts]


def prf(gold: list[bool], pred: list[bool]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class."""
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    precision = tp / max(1, sum(pred))
    recall = tp / max(1, sum(gold))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def bootstrap(gold: list[bool], pred: list[bool], rounds: int = 1000, seed: int = 7) -> list[tuple[float, float]]:
    """95% intervals of precision, recall and F1 by resampling the sentences."""
    rng = random.Random(seed)
    n = len(gold)
    samples: list[tuple[float, float, float]] = []
    for _ in range(rounds):
        idx = [rng.randrange(n) for _ in range(n)]
        samples.append(prf([gold[i] for i in idx], [pred[i] for i in idx]))
    out = []
    for k in range(3):
        values = sorted(s[k] for s in samples)
        out.append((values[int(0.025 * rounds)], values[int(0.975 * rounds) - 1]))
    return out


def worthiness_rows(limit: int) -> list[str]:
    rows = []
    for split in ("test", "train"):
        items = claimbuster(split)
        if split == "train" and limit:
            items = random.Random(13).sample(items, min(limit, len(items)))
        gold = [bool(it["label"]) for it in items]
        pred = flagged([it["text"] for it in items])
        (p, r, f), cis = prf(gold, pred), bootstrap(gold, pred)
        name = "test (reporting split)" if split == "test" else "train sample (rules chosen on it)"
        cells = [f"{v:.3f} [{lo:.3f}, {hi:.3f}]" for v, (lo, hi) in zip((p, r, f), cis, strict=True)]
        rows.append(f"| {name} | {len(items)} | {sum(gold) / len(gold):.2f} | " + " | ".join(cells) + " |")
    return rows


def text_of(articles: list[dict[str, str]], words: int) -> str:
    """The openings of the articles (up to 12 sentences each) until `words` words."""
    from factbot.text.sentences import split_sentences

    out: list[str] = []
    count = 0
    for a in articles:
        for s in split_sentences(a["text"])[:12]:
            out.append(s.text)
            count += len(s.text.split())
            if count >= words:
                return " ".join(out)
    return " ".join(out)


def timing_rows(n_articles: int, words: int, runs: int) -> tuple[list[str], float]:
    from factbot import FactBot
    from factbot.types import Article

    articles = news_articles(n_articles)
    with tempfile.TemporaryDirectory() as tmp:
        bot = FactBot(index_dir=Path(tmp) / "index")
        started = time.perf_counter()
        bot.ingest_articles(
            Article(text=a["text"], source=a["url"], url=a["url"], title=a["title"], published=a.get("published", ""))
            for a in articles
        )
        ingest_s = time.perf_counter() - started
        problem = bot.warm_up()
        if problem:
            sys.exit(f"The judge did not load: {problem}")
        chunks = bot.counts()[1]
        text = text_of(articles, words)
        times, report = [], None
        for _ in range(runs):
            started = time.perf_counter()
            report = bot.check_text(text)
            times.append(time.perf_counter() - started)
        bot.close()
    assert report is not None
    worthy = sum(s.worthy for s in report.sentences)
    rows = [
        f"| index | {len(articles)} articles, {chunks} chunks | ingest {ingest_s:.0f} s |",
        f"| text | {len(text.split())} words, {len(report.sentences)} sentences, {worthy} check-worthy | "
        f"{len(report.claims)} claims checked: {report.summary().split(': ', 1)[-1]} |",
        f"| check_text, {runs} runs | median {statistics.median(times):.1f} s, max {max(times):.1f} s | "
        f"{statistics.median(times) / max(1, len(report.claims)) * 1000:.0f} ms per claim |",
    ]
    return rows, max(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--articles", type=int, default=300, help="news articles in the timing index")
    ap.add_argument("--words", type=int, default=1500, help="words in the timed text")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--train-sample", type=int, default=3000, help="ClaimBuster train sentences to score (0: all)")
    ap.add_argument("--skip-timing", action="store_true")
    args = ap.parse_args()
    one_run_at_a_time()
    table = [
        "| ClaimBuster split | sentences | check-worthy share | precision [95% CI] | recall [95% CI] | F1 [95% CI] |",
        "|---|---:|---:|---|---|---|",
        *worthiness_rows(args.train_sample),
    ]
    note = None
    if not args.skip_timing:
        rows, worst = timing_rows(args.articles, args.words, args.runs)
        table += ["", "| timing | measure | result |", "|---|---|---|", *rows]
        note = f"Goal (a {args.words}-word text checked in ≤ {GOAL_S:.0f} s, every run): " + (
            "PASS" if worst <= GOAL_S else "FAIL"
        )
    command = "python -m benchmarks.eval_check_text" + (" --skip-timing" if args.skip_timing else "")
    record("Checking a whole text", "\n".join(table), command, note)


if __name__ == "__main__":
    main()
