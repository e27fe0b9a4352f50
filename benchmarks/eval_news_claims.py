"""Verdicts on hand-written claims about news articles: a held-out check of verify on news.

The public reporting splits hold few news claims that turn on a negation, a demand or plan, a denial,
an antonym or a swapped name, which is where the shipped judge goes wrong on news, and the sample-article
claims (`eval_sample_claims`) were written while building the checks for those cases. The news claim sets
(`benchmarks/claims/`: sets A to E about FRANK **test** articles, set F about RealTime QA 2022 articles) were
written about six (set F: twelve) articles each and labelled true or false from the article alone; which set
is held out and which are development sets, and where each came from, is in `benchmarks/claims/manifest.json`
(set E is the held-out one, F the larger development set). Each false claim's `note` says what the article
says instead; the `kind` says what a claim turns on. Each set is one writer's claims (set F two writers'),
not an independent annotation: small, and a first look rather than a benchmark to tune on.

A set's articles are indexed together, and each claim is verified against that index (retrieval
included), as a user with those articles would. A true claim is right when SUPPORTED; a false one when
not SUPPORTED (REFUTED or NOT_ENOUGH_INFO both keep a fact-checker from repeating it). A true claim
REFUTED is the costliest error and is counted apart. Reads `../shared/eval-data/frank/` and
`../shared/eval-data/realtimeqa/`.

    python -m benchmarks.eval_news_claims [--set a|b|c|d|e|f] [--judges shipped,similarity] [--show]
    python -m benchmarks.eval_news_claims --ablate a,b,c,d,f     # development sets only

`--ablate SETS` verifies each claim of the named sets with the shipped judge, then with each check rule
left out in turn (`checks.rules_disabled`), and prints per rule the claims whose verdict changes and the
change in right verdicts. It refuses the held-out set E: reading its failures would end its use.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Collection
from pathlib import Path

if __package__ in (None, ""):  # run as a file: the repo root is the import root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.claims import ClaimSet, load_set, news_sets
from benchmarks.common import record, require_eval_data
from factbot import FactBot


def articles(claims: Collection[str]) -> dict[str, tuple[str, str]]:
    """The (url, text) of the articles keyed in `claims`, by key: a FRANK hash prefix or a RealTime QA doc id."""
    out: dict[str, tuple[str, str]] = {}
    data = require_eval_data()
    with (data / "frank" / "articles.jsonl").open() as f:
        for line in f:
            row = json.loads(line)
            if row["hash"][:12] in claims:
                out[row["hash"][:12]] = (f"frank:{row['hash'][:12]}", row["article"])
    with (data / "realtimeqa" / "gold_articles_2022.jsonl").open() as f:
        for line in f:
            row = json.loads(line)
            if row["doc_id"] in claims and row["doc_id"] not in out:
                out[row["doc_id"]] = (row["url"], row["text"])
    missing = set(claims) - set(out)
    if missing:
        raise SystemExit(f"articles not found in ../shared/eval-data: {sorted(missing)}")
    return out


def evaluate(spec: str, claims: ClaimSet, show: bool) -> tuple[str, Counter[str], Counter[str]]:
    """One table row for the judge `spec` on `claims`, and its right and total counts per kind."""
    bot = FactBot(tempfile.mkdtemp(prefix="factbot-news-"), settings={"verify": {"model": spec}})
    for url, text in articles(claims.articles).values():
        bot.ingest_text(text, url=url)
    items = [(c.truth, str(c.kind), c.claim) for c in claims.claims]  # grouped by article, in the manifest's order
    true_ok = false_ok = true_refuted = false_refuted = 0
    right_by_kind: Counter[str] = Counter()
    total_by_kind: Counter[str] = Counter()
    for truth, kind, claim in items:
        v = bot.verify(claim)
        right = (v.label == "SUPPORTED") == truth
        true_ok += truth and right
        false_ok += (not truth) and right
        true_refuted += truth and v.label == "REFUTED"
        false_refuted += (not truth) and v.label == "REFUTED"
        right_by_kind[kind] += right
        total_by_kind[kind] += 1
        if show:
            mark = ("ok " if right else "BAD") + (" T" if truth else " F")
            print(f"{mark} {kind:9s} {v.label:16s} {v.confidence:.2f}  {claim}")
    bot.close()
    n_true = sum(t for t, _, _ in items)
    n_false = len(items) - n_true
    row = (
        f"| {spec} | {true_ok} of {n_true} | {false_ok} of {n_false} | {false_refuted} | {true_refuted} | "
        f"{(true_ok + false_ok) / len(items):.2f} |"
    )
    return row, right_by_kind, total_by_kind


def ablate(sets: list[str]) -> str:
    """Per check rule: claims whose verdict changes with the rule left out, and the net change in right ones."""
    from factbot.verify.checks import RULES, rules_disabled

    changed: dict[str, list[str]] = {rule: [] for rule in RULES}
    net: Counter[str] = Counter()
    right = lambda label, truth: (label == "SUPPORTED") == truth  # noqa: E731
    total = 0
    for name in sets:
        claims = load_set(name)
        bot = FactBot(tempfile.mkdtemp(prefix="factbot-news-"))
        for url, text in articles(claims.articles).values():
            bot.ingest_text(text, url=url)
        for c in claims.claims:
            total += 1
            full = bot.verify(c.claim).label
            for rule in RULES:
                with rules_disabled([rule]):
                    label = bot.verify(c.claim).label
                if label != full:
                    changed[rule].append(f"{name}: {c.claim} ({full} → {label})")
                    net[rule] += right(label, c.truth) - right(full, c.truth)
        bot.close()
    rows = [f"| rule left out | verdicts changed (of {total}) | right verdicts, change | claims |", "|---|---|---|---|"]
    for rule, claims_changed in changed.items():
        rows.append(f"| {rule} | {len(claims_changed)} | {net[rule]:+d} | {'; '.join(claims_changed)} |")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--judges", default="shipped,similarity")
    ap.add_argument("--set", choices=sorted(news_sets()), default="e", help="which claim set (e: the held-out one)")
    ap.add_argument("--show", action="store_true", help="print each claim's verdict")
    ap.add_argument("--ablate", default="", help="comma-separated development sets: each check rule left out")
    args = ap.parse_args()
    if args.ablate:
        sets = args.ablate.split(",")
        if "e" in sets:
            ap.error("set E is the held-out set: it is not ablated (its failures would be read)")
        command = f"python -m benchmarks.eval_news_claims --ablate {args.ablate}"
        record(f"Rule ablation on the development news claims (sets {args.ablate})", ablate(sets), command)
        return
    specs = args.judges.split(",")
    claims = load_set(args.set)
    results = [evaluate(spec, claims, args.show) for spec in specs]
    kinds = sorted(results[0][2])
    table = "\n".join(
        [
            "| judge | true claims SUPPORTED | false claims not SUPPORTED | false claims REFUTED | "
            "true claims REFUTED | accuracy |",
            "|---|---|---|---|---|---|",
            *(row for row, _, _ in results),
            "",
            "| right, by kind | " + " | ".join(kinds) + " |",
            "|---|" + "---|" * len(kinds),
            *(
                f"| {spec} | " + " | ".join(f"{right[k]} of {total[k]}" for k in kinds) + " |"
                for spec, (_, right, total) in zip(specs, results, strict=True)
            ),
        ]
    )
    record(
        f"Verdicts on hand-written news claims, set {args.set.upper()} ({claims.articles_from})",
        table,
        f"python -m benchmarks.eval_news_claims --set {args.set}",
    )


if __name__ == "__main__":
    main()
