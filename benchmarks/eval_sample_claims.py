"""Verdicts on hand-written claims about the bundled sample article, true and false.

The public reporting splits (`eval_verify`) hold almost no news claims that turn on a negation, a
demand, a denial or a heading, which is where the shipped judge goes wrong on news. These claims were
written against `factbot/samples/us-response-russia-security-proposals.txt` while building the checks
for those cases, so they are no held-out test: they show what a user of the sample article gets, and
let a change to verify be compared before and after. Nothing is tuned on them. The claims are the set
"sample" of `benchmarks/claims/` (`sample.jsonl`; each false claim's `note` says what the article says instead).

A true claim is right when SUPPORTED; a false one when not SUPPORTED (REFUTED or NOT_ENOUGH_INFO both
keep a fact-checker from repeating it). A true claim REFUTED is the costliest error and is counted apart.

    python -m benchmarks.eval_sample_claims [--judges shipped,similarity] [--show]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a file: the repo root is the import root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.claims import load_set
from benchmarks.common import record
from factbot import FactBot


def evaluate(spec: str, show: bool) -> str:
    """One table row: how the judge `spec` does on the claims."""
    claims = [(c.truth, c.claim) for c in load_set("sample").claims]
    bot = FactBot(tempfile.mkdtemp(prefix="factbot-sample-"), settings={"verify": {"model": spec}})
    bot.seed()
    true_ok = false_ok = true_refuted = 0
    for truth, claim in claims:
        v = bot.verify(claim)
        right = (v.label == "SUPPORTED") == truth
        true_ok += truth and right
        false_ok += (not truth) and right
        true_refuted += truth and v.label == "REFUTED"
        if show:
            print(f"{'ok ' if right else 'BAD'} {'T' if truth else 'F'} {v.label:16s} {v.confidence:.2f}  {claim}")
    bot.close()
    n_true = sum(t for t, _ in claims)
    n_false = len(claims) - n_true
    return (
        f"| {spec} | {true_ok} of {n_true} | {false_ok} of {n_false} | {true_refuted} | "
        f"{(true_ok + false_ok) / len(claims):.2f} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--judges", default="shipped,similarity")
    ap.add_argument("--show", action="store_true", help="print each claim's verdict")
    args = ap.parse_args()
    rows = [evaluate(spec, args.show) for spec in args.judges.split(",")]
    table = "\n".join(
        [
            "| judge | true claims SUPPORTED | false claims not SUPPORTED | true claims REFUTED | accuracy |",
            "|---|---|---|---|---|",
            *rows,
        ]
    )
    record("Verdicts on the sample article's claims", table, "python -m benchmarks.eval_sample_claims")


if __name__ == "__main__":
    main()
