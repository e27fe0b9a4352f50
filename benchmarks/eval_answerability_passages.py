"""Answerability on fresh questions (issue 37): RealTime QA's 2025–2026 quiz questions against their own passages.

eval_answerability's 2022 questions have been read while the question checks were written, and its report
period has only 103 originals, so one question is a point of its 0.03 goal. This set is larger, and it is
split before anyone reads it:
- Index: each 2025–2026 question whose gold choice occurs in its quiz's evidence passage (the quiz's own
  1–3 sentence summary of the news) gets that passage indexed as a short article, untitled, published on
  the question's date. Every question is answerable by construction, from its passage, and the other
  passages are its distractors.
- Twins: eval_answerability's (the first person, organisation, place, nationality or year named in the
  question replaced by one of the same kind that no indexed passage contains; pools from the 2023–2024
  questions).
- Halves: by a hash of the question id. `dev` may be read and tuned on (`--diagnose` lists its refusals);
  `held-out` is only scored, once per change, and never listed.
Reported for the chosen half: twins abstained and originals answered, with the question checks on (shipped)
and off (`answer.check_questions=False`), and the checks' answer-rate cost with a paired bootstrap 95%
interval (questions resampled); and for who / when / where / how-many questions, how often the short answer
(`Answer.short`) contains the gold choice. A passage is shorter than an article: a constraint that an article would
meet in its title or another paragraph is often not in it, so the cost here is an upper bound of the cost
on whole articles.

    python -m benchmarks.eval_answerability_passages --half dev [--diagnose]
    python -m benchmarks.eval_answerability_passages --half held-out
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: the repo root is the import root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from benchmarks.common import ROOT, one_run_at_a_time, record, require_eval_data
from benchmarks.eval_answerability import TYPED, corpus_words, mean, pools, twin
from benchmarks.eval_qa import index_articles

CACHE = ROOT / "benchmarks" / ".cache" / "rtqa-passages"
YEARS = ("2025", "2026")


def gold_choice(q: dict[str, Any]) -> str:
    return str(q["choices"][q["answer_index"][0]]).strip("“”\"' ")


def load(data: Path) -> tuple[list[dict[str, Any]], list[dict[str, str]], list[dict[str, Any]]]:
    """(questions answerable from their passage, the passages as articles, the 2023–2024 questions)."""
    rows = [json.loads(line) for line in (data / "realtimeqa" / "questions.jsonl").open()]
    questions = [
        q
        for q in rows
        if q["question_date"][:4] in YEARS
        and q.get("evidence")
        and gold_choice(q)
        and gold_choice(q).casefold() in q["evidence"].casefold()
    ]
    articles = [
        {
            "text": q["evidence"],
            "url": f"{q['question_url']}#{q['question_id']}",
            "title": "",
            "published": q["question_date"].replace("/", "-"),
        }
        for q in questions
    ]
    later = [q for q in rows if q["question_date"][:4] in ("2023", "2024")]
    return questions, articles, later


def half(q: dict[str, Any]) -> str:
    """`dev` or `held-out`, by a stable hash of the question id."""
    return "dev" if int(hashlib.sha256(q["question_id"].encode()).hexdigest(), 16) % 2 == 0 else "held-out"


def paired_interval(a: list[bool], b: list[bool], n: int = 2000) -> tuple[float, float]:
    """95% bootstrap interval of mean(a) − mean(b) over the same resampled questions."""
    x, y = np.array(a, dtype=float), np.array(b, dtype=float)
    rng = np.random.default_rng(0)
    idx = rng.integers(0, len(x), (n, len(x)))
    diffs = x[idx].mean(axis=1) - y[idx].mean(axis=1)
    lo, hi = np.percentile(diffs, [2.5, 97.5])
    return float(lo), float(hi)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("dev", "held-out"), required=True)
    parser.add_argument("--diagnose", action="store_true", help="List the dev half's refusals by the checks.")
    args = parser.parse_args()
    if args.diagnose and args.half != "dev":
        parser.error("--diagnose lists the dev half only: the held-out half is never read")
    one_run_at_a_time()
    from factbot import FactBot
    from factbot.answer.questions import parse_question

    questions, articles, later = load(require_eval_data())
    bot = index_articles(CACHE, articles, progress=False)
    unchecked = FactBot(index_dir=CACHE / "factbot", settings={"answer": {"check_questions": False}})
    pool = pools(later, corpus_words(articles))
    chosen = [q for q in questions if half(q) == args.half]
    res: dict[str, list[bool]] = {k: [] for k in ("on", "off", "twin_on", "twin_off", "typed", "typed_answered")}
    for q in chosen:
        when = q["question_date"]
        a, b = bot.ask(q["question"], as_of=when), unchecked.ask(q["question"], as_of=when)
        res["on"].append(not a.abstained)
        res["off"].append(not b.abstained)
        if args.diagnose and a.abstained and not b.abstained:
            print(f"\nQ {q['question']}\n  factbot: {a.text}\n  unchecked: {b.citations[0].quote[:300]}")
        if parse_question(q["question"]).focus in TYPED:
            right = bool(a.short) and gold_choice(q).casefold() in a.short.text.casefold()
            res["typed"].append(right)
            if not a.abstained:
                res["typed_answered"].append(right)
                if args.diagnose and not right:
                    short = a.short.text if a.short else None
                    print(f"\nSHORT {q['question']}\n  gold {gold_choice(q)!r}, short {short!r}: {a.text[:240]}")
        if t := twin(q, pool):
            t_on = bot.ask(t, as_of=when).abstained
            res["twin_on"].append(t_on)
            res["twin_off"].append(unchecked.ask(t, as_of=when).abstained)
            if args.diagnose and not t_on:
                print(f"\nTWIN ANSWERED {t}")
    cost = mean(res["off"]) - mean(res["on"])
    lo, hi = paired_interval(res["off"], res["on"])
    rows = [
        f"| figure ({args.half} half: {len(chosen)} questions of 2025–2026) | factbot | factbot, checks off |",
        "|---|---:|---:|",
        f"| abstains on unanswerable twins (n={len(res['twin_on'])}) | {mean(res['twin_on']):.3f} | "
        f"{mean(res['twin_off']):.3f} |",
        f"| answers the original questions (n={len(res['on'])}) | {mean(res['on']):.3f} | {mean(res['off']):.3f} |",
        f"| typed questions (who, when, where, how many): the short answer has the gold choice "
        f"(n={len(res['typed'])}) | {mean(res['typed']):.3f} | - |",
        f"| the same, among those answered (n={len(res['typed_answered'])}) | {mean(res['typed_answered']):.3f} | - |",
        "",
        f"Answer-rate cost of the checks: {cost:.3f} [{lo:.3f}, {hi:.3f}] (paired bootstrap, 95%). "
        f"Substitute pools: " + ", ".join(f"{label} {len(names)}" for label, names in pool.items()) + ".",
    ]
    print("\n".join(rows))
    if not args.diagnose:
        record(
            f"Answerability on fresh questions (RealTime QA 2025–2026 passages, {args.half} half)",
            "\n".join(rows),
            f"python -m benchmarks.eval_answerability_passages --half {args.half}",
        )


if __name__ == "__main__":
    main()
