"""Pin the shipped verifier's outputs on a few fixed pairs (``tests/data/verifier_pinned.json``).

Run after exporting a new model (``python -m training.pin``; ``make train-verifier`` does). The test then
checks that the model shipped in the package loads offline and reproduces these probabilities: a broken
export, tokenizer or input order shows up as a test failure, not as quietly worse verdicts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file (python training/pin.py): the repo root is the import root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from factbot.verify.judges import LABELS, OnnxJudge, premise_text

PAIRS = [
    ("A man is playing a guitar on stage.", "A man is playing an instrument."),
    ("A man is playing a guitar on stage.", "Nobody is playing music."),
    ("A man is playing a guitar on stage.", "The man is a famous singer."),
    (
        premise_text(
            "The European Union's foreign policy chief, Josep Borrell, welcomed the U.S. response.",
            title="US delivers written response to Russia's security proposals",
        ),
        "Borrell welcomed the US response.",
    ),
    (
        premise_text(
            "The European Union's foreign policy chief, Josep Borrell, welcomed the U.S. response.",
            title="US delivers written response to Russia's security proposals",
        ),
        "Borrell criticized the US response.",
    ),
    (
        premise_text("Russia published two draft treaties in mid-December."),
        "Apple released a new phone.",
    ),
]

if __name__ == "__main__":
    probs = OnnxJudge().judge(PAIRS)
    rows = [
        {"premise": p, "claim": c, "probs": [round(float(x), 4) for x in row], "label": LABELS[int(row.argmax())]}
        for (p, c), row in zip(PAIRS, probs, strict=True)
    ]
    out = Path(__file__).resolve().parents[1] / "tests" / "data" / "verifier_pinned.json"
    out.write_text(json.dumps(rows, indent=2) + "\n")
    for r in rows:
        print(r["label"], r["probs"], "|", r["claim"])
