"""Verdicts on hand-written claims about the bundled sample article, true and false.

The public reporting splits (`eval_verify.py`) hold almost no news claims that turn on a negation, a
demand, a denial or a heading, which is where the shipped judge goes wrong on news. These claims were
written against `factbot/samples/us-response-russia-security-proposals.txt` while building the checks
for those cases, so they are no held-out test: they show what a user of the sample article gets, and
let a change to verify be compared before and after. Nothing is tuned on them.

A true claim is right when SUPPORTED; a false one when not SUPPORTED (REFUTED or NOT_ENOUGH_INFO both
keep a fact-checker from repeating it). A true claim REFUTED is the costliest error and is counted apart.

    python benchmarks/eval_sample_claims.py [--judges shipped,similarity] [--show]
"""

from __future__ import annotations

import argparse
import tempfile

from common import record

from factbot import FactBot

# (true?, claim); each false claim's comment says what the article says instead.
CLAIMS: list[tuple[bool, str]] = [
    (True, "The US delivered a written response to Russia's security proposals."),
    (True, "Stoltenberg demanded that Russia withdraw its troops from Moldova."),
    (True, "Borrell welcomed the US response."),
    (True, "NATO refused to close its door to Ukraine."),
    (True, "Blinken said the document would not be released publicly."),
    (True, "Peskov said Russia would not rush to conclusions."),
    (True, "Moscow denies it plans an invasion."),
    (True, "Russia has sent additional forces to Belarus."),
    (True, "The Kremlin will study the documents."),
    (True, "The US offered talks on arms control."),
    (True, "Blinken said there will be no change to the open door policy."),
    (True, "NATO will not compromise on core principles."),
    (True, "Stoltenberg said NATO would not compromise."),
    (True, "Washington consulted closely with its European allies."),
    (False, "NATO agreed to Russia's demands."),  # the response refused to close NATO's door
    (False, "The US made concessions on core principles."),  # "it made no concessions"
    (False, "Russia withdrew its troops from Moldova."),  # Stoltenberg demanded that it withdraw
    (False, "Moscow withdrew troops from Ukraine, Georgia and Moldova."),  # demanded, not done
    (False, "Stoltenberg said NATO would close its doors."),  # he reaffirmed the open door
    (False, "The alliance will expand further east."),  # Russia asked for promises it would not
    (False, "NATO will never expand further east."),  # the same: asked for, not said
    (False, "NATO will close its doors to Ukraine."),  # refusing to close NATO's door
    (False, "Borrell criticized the US response."),  # he welcomed it
    (False, "Stoltenberg demanded that Russia withdraw its troops from Belarus."),  # Ukraine, Georgia, Moldova
    (False, "Borrell did not welcome the US response."),
    (False, "The document will be released publicly."),  # it would not be
    (False, "NATO changed its open door policy."),  # "there will be no change"
    (False, "Russia will rush to conclusions."),  # it would not rush
    (False, "Moscow plans an invasion of Ukraine."),  # Moscow denies it; nothing says it does
    (False, "The US did not offer talks on arms control."),
    (False, "NATO will compromise on core principles."),  # "We cannot compromise"
    (False, "Washington did not consult its European allies."),
    (False, "The US refused to respond in writing."),  # it handed over a written response
]


def evaluate(spec: str, show: bool) -> str:
    """One table row: how the judge `spec` does on the claims."""
    bot = FactBot(tempfile.mkdtemp(prefix="factbot-sample-"), settings={"verify": {"model": spec}})
    bot.seed()
    true_ok = false_ok = true_refuted = 0
    for truth, claim in CLAIMS:
        v = bot.verify(claim)
        right = (v.label == "SUPPORTED") == truth
        true_ok += truth and right
        false_ok += (not truth) and right
        true_refuted += truth and v.label == "REFUTED"
        if show:
            print(f"{'ok ' if right else 'BAD'} {'T' if truth else 'F'} {v.label:16s} {v.confidence:.2f}  {claim}")
    bot.close()
    n_true = sum(t for t, _ in CLAIMS)
    n_false = len(CLAIMS) - n_true
    return (
        f"| {spec} | {true_ok} of {n_true} | {false_ok} of {n_false} | {true_refuted} | "
        f"{(true_ok + false_ok) / len(CLAIMS):.2f} |"
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
    record("Verdicts on the sample article's claims", table, "python benchmarks/eval_sample_claims.py")


if __name__ == "__main__":
    main()
