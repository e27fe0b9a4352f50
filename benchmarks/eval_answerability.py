"""Answerability on RealTime QA (issue 37): does factbot answer only what the indexed articles answer?

The index is benchmarks.eval_qa's (the 2022 gold and retrieved articles; built there and reused from its
cache, or built here). Questions: those with a gold article, split as eval_qa splits them; figures are for
the report period (September–November 2022); the June–August questions only fit the LangChain baseline's
cut.
  (a) Unanswerable twins: each question naming a person, organisation, place, nationality or year (by
      factbot's own question parser) gets a twin in which the first such name is replaced by another of the
      same kind that no indexed article contains (checked over every article's words, aliases included):
      people, organisations and places named in the 2023–2024 questions, whose articles are not indexed,
      and years 1950–1989. Reported: how often factbot abstains on the twins, and how often it answers
      the originals, with the question checks on (shipped) and off (`answer.check_questions=False`, the
      ranking and threshold alone), and for the LangChain baseline, which "answers" when its best chunk's
      relevance reaches a cut fitted on June–August originals against their twins.
  (b) SQuAD 2.0-style: answered among the answerable questions (HasAns), abstained among the unanswerable
      (NoAns: the twins and the 2024 questions, not indexed), and both together.
  (c) Typed answers: for who / when / where / how many questions whose gold choice occurs in a gold
      article, the share whose short answer (`Answer.short`) contains the gold choice.

    python -m benchmarks.eval_answerability [--limit N]
    python -m benchmarks.eval_answerability --diagnose   # the June–August refusals, to tune on

`--diagnose` prints, for June–August questions only (the tune period: never the report period), each
original that the question checks refuse but the ranking alone answers: the parsed focus and constraints,
factbot's reason, and the sentence it would have given, marked "gold" when it is from a gold article.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: the repo root is the import root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import one_run_at_a_time, record, require_eval_data
from benchmarks.eval_qa import CACHE, build_indexes, is_tune, load

SWAPPABLE = ("PERSON", "ORG", "GPE", "NORP", "DATE")
TYPED = ("who", "when", "where", "quantity")


def corpus_words(articles: list[dict[str, str]]) -> str:
    """Every article's words as comparison keys, one padded string: " w1 w2 … | … "."""
    from factbot.answer.questions import words_of

    return " " + " | ".join(" ".join(words_of(f"{a['title']} {a['text']}")) for a in articles) + " "


def absent(name: str, corpus: str) -> bool:
    """Whether no indexed article contains `name` or any of its place aliases."""
    from factbot.answer.questions import words_of
    from factbot.text.places import place_aliases

    return all(f" {' '.join(words_of(alias))} " not in corpus for alias in place_aliases(name))


def pools(questions: list[dict[str, Any]], corpus: str) -> dict[str, list[str]]:
    """Substitutes per entity label: names from questions whose articles are not indexed, absent from the index."""
    from factbot.answer.questions import nlp

    found: dict[str, set[str]] = {label: set() for label in SWAPPABLE}
    for doc in nlp().pipe(q["question"] for q in questions):
        for ent in doc.ents:
            name = ent.text.removeprefix("the ").strip()
            if ent.label_ in found and ent.label_ != "DATE" and len(name) > 2 and absent(name, corpus):
                found[ent.label_].add(name)
    found["DATE"] = {str(y) for y in range(1950, 1990) if absent(str(y), corpus)}
    return {label: sorted(names) for label, names in found.items()}


def twin(q: dict[str, Any], pool: dict[str, list[str]]) -> str | None:
    """The question with its first swappable constraint replaced by an absent name of the same kind."""
    from factbot.answer.questions import parse_question

    parsed = parse_question(q["question"])
    named = sorted((*parsed.constraints, *parsed.background), key=lambda c: q["question"].find(c.text))
    for c in named:  # the first name in the question, in its asking sentence or its preamble
        if c.label not in SWAPPABLE or c.text not in q["question"] or not pool.get(c.label):
            continue
        if c.label == "DATE" and not re.fullmatch(r"(?:19|20)\d\d", c.text):
            continue
        names = pool[c.label]
        pick = names[int(hashlib.sha256(q["question_id"].encode()).hexdigest(), 16) % len(names)]
        old = c.text.removeprefix("the ") if c.label != "DATE" else c.text
        return q["question"].replace(old, pick, 1)
    return None


def best_cut(pos: list[float], neg: list[float]) -> float:
    """The cut that best separates answerable (>= cut) from unanswerable scores (balanced accuracy)."""
    cuts = sorted(set(pos + neg))
    score = lambda c: (sum(p >= c for p in pos) / len(pos) + sum(n < c for n in neg) / len(neg)) / 2  # noqa: E731
    return max(cuts, key=score) if pos and neg else 0.0


def mean(xs: list[Any]) -> float:
    return sum(xs) / len(xs) if xs else float("nan")


def diagnose(
    bot: Any, unchecked: Any, questions: list[dict[str, Any]], gold: dict[str, set[str]], pool: dict[str, list[str]]
) -> None:
    """Print the tune-period originals refused by the question checks alone (see the module docstring)."""
    from factbot.answer.questions import parse_question

    refused = on_gold = 0
    for q in questions:
        a = bot.ask(q["question"], as_of=q["question_date"])
        if not a.abstained:
            continue
        b = unchecked.ask(q["question"], as_of=q["question_date"])
        if b.abstained:
            continue
        refused += 1
        parsed = parse_question(q["question"])
        first = b.citations[0]
        url = bot.document(first.doc_id).url
        is_gold = url in gold.get(q["question_id"], set())
        on_gold += is_gold
        print(f"\nQ {q['question']}\n  focus {parsed.focus}; constraints {[c.text for c in parsed.constraints]}")
        print(f"  factbot: {a.text}\n  unchecked ({'gold' if is_gold else 'not gold'}): {first.quote[:300]}")
    print(f"\n{refused} of {len(questions)} June–August originals refused by the checks alone; {on_gold} of them")
    print("would have been answered from a gold article.")
    twins = [(t, q["question_date"]) for q in questions if (t := twin(q, pool))]
    answered = [t for t, when in twins if not bot.ask(t, as_of=when).abstained]
    print(f"{len(answered)} of {len(twins)} June–August twins answered:", *answered, sep="\n  ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="Questions per split (0 = all).")
    parser.add_argument("--diagnose", action="store_true", help="List the June–August refusals and stop.")
    args = parser.parse_args()
    one_run_at_a_time()
    from factbot import FactBot
    from factbot.answer.questions import parse_question

    data = load(require_eval_data())
    bot, baseline = build_indexes(data["articles"])
    unchecked = FactBot(index_dir=CACHE / "factbot", settings={"answer": {"check_questions": False}})
    corpus = corpus_words(data["articles"])
    later = [q for q in data["questions"] if q["question_date"][:4] in ("2023", "2024")]
    pool = pools(later, corpus)
    answerable = [q for q in data["questions"] if q["question_id"] in data["gold"]]
    splits = {s: [q for q in answerable if is_tune(q) == (s == "tune")] for s in ("tune", "report")}
    if args.limit:
        splits = {s: qs[: args.limit] for s, qs in splits.items()}
    gold_text = {a["url"]: a["text"].casefold() for a in data["articles"]}
    if args.diagnose:
        diagnose(bot, unchecked, splits["tune"], data["gold"], pool)
        return

    def relevance(question: str) -> float:
        hits = baseline.similarity_search_with_relevance_scores(question, k=1)
        return hits[0][1] if hits else 0.0

    res: dict[str, list[Any]] = {}

    def add(key: str, value: Any) -> None:
        res.setdefault(key, []).append(value)

    for split, qs in splits.items():
        for q in qs:
            when = q["question_date"]
            t = twin(q, pool)
            if split == "tune":
                add("tune_pos", relevance(q["question"]))
                if t:
                    add("tune_neg", relevance(t))
                continue
            a = bot.ask(q["question"], as_of=when)
            add("orig_answered", not a.abstained)
            add("orig_answered_unchecked", not unchecked.ask(q["question"], as_of=when).abstained)
            add("orig_rel", relevance(q["question"]))
            if t:
                add("twin_abstained", bot.ask(t, as_of=when).abstained)
                add("twin_abstained_unchecked", unchecked.ask(t, as_of=when).abstained)
                add("twin_rel", relevance(t))
            gold = q["choices"][q["answer_index"][0]].strip("“”\"' ")
            urls = data["gold"][q["question_id"]]
            if parse_question(q["question"]).focus in TYPED and any(
                gold.casefold() in gold_text.get(u, "") for u in urls
            ):
                add("typed", bool(a.short) and gold.casefold() in a.short.text.casefold())
                add("typed_short", a.short is not None)
    for q in [q for q in later if q["question_date"].startswith("2024")][:150]:
        add("later_abstained", bot.ask(q["question"], as_of=q["question_date"]).abstained)

    cut = best_cut(res.get("tune_pos", []), res.get("tune_neg", []))
    base_answered = [r >= cut for r in res["orig_rel"]]
    base_twin = [r < cut for r in res.get("twin_rel", [])]
    n_orig, n_twin = len(res["orig_answered"]), len(res.get("twin_abstained", []))
    no_ans = res.get("twin_abstained", []) + res.get("later_abstained", [])
    rows = [
        "| figure (report period: Sep–Nov 2022 questions) | factbot | factbot, checks off | LangChain baseline |",
        "|---|---:|---:|---:|",
        f"| (a) abstains on unanswerable twins (n={n_twin}) | {mean(res.get('twin_abstained', [])):.3f} | "
        f"{mean(res.get('twin_abstained_unchecked', [])):.3f} | {mean(base_twin):.3f} |",
        f"| (a) answers the original questions (n={n_orig}) | {mean(res['orig_answered']):.3f} | "
        f"{mean(res['orig_answered_unchecked']):.3f} | {mean(base_answered):.3f} |",
        f"| (b) HasAns: answered (n={n_orig}) | {mean(res['orig_answered']):.3f} | - | - |",
        f"| (b) NoAns: abstained (twins + {len(res.get('later_abstained', []))} questions of 2024, n={len(no_ans)}) | "
        f"{mean(no_ans):.3f} | - | - |",
        f"| (b) overall (n={n_orig + len(no_ans)}) | {mean([*res['orig_answered'], *no_ans]):.3f} | - | - |",
        f"| (c) typed questions: short answer contains the gold choice (n={len(res.get('typed', []))}) | "
        f"{mean(res.get('typed', [])):.3f} | - | - |",
        f"| (c) typed questions with a short answer | {mean(res.get('typed_short', [])):.3f} | - | - |",
        "",
        f"Twins: {n_twin} of {n_orig} report questions name something swappable. Substitute pools: "
        + ", ".join(f"{label} {len(names)}" for label, names in pool.items())
        + f". Baseline relevance cut {cut:.3f}, fitted on {len(res.get('tune_pos', []))} June–August originals "
        f"and {len(res.get('tune_neg', []))} of their twins.",
    ]
    drop = mean(res["orig_answered_unchecked"]) - mean(res["orig_answered"])
    goal = mean(res.get("twin_abstained", [])) >= 0.90 and drop <= 0.03
    rows.append(f"Goal (twins abstained ≥ 0.90, answer rate on originals down ≤ 0.03): {'PASS' if goal else 'FAIL'}")
    record(
        "Answerability on RealTime QA 2022",
        "\n".join(rows),
        "python -m benchmarks.eval_answerability" + (f" --limit {args.limit}" if args.limit else ""),
    )


if __name__ == "__main__":
    main()
