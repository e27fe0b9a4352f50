"""Stage 6, verification (1): reading a claim before any evidence is looked at.

- `split_claim`: a claim (str) → its atomic sub-claims (non-empty list of str; the claim itself when it
  has no parts). Sentences first, then clauses joined by "and"/"but"/";" that open with a new subject.
- `typed_in_lower_case`: whether the claim has no capitalized word at all.
- `negated`: whether the claim says "not", "never", "no", ...

Pure functions of the text; nothing is raised.
"""

from __future__ import annotations

import re

from factbot.text.sentences import split_sentences
from factbot.verify.lexicon import CLAIM_NEGATION, NOT_NEGATING

# A claim with no capitalized word at all is typed in lower case and may start sentences in lower case.
# Stricter than `values.truecase`, which also recases "Stoltenberg said nato met": there a capital
# opening the claim says nothing, here it says that sentence starts are capitalized.
_CAPITALIZED = re.compile(r"\b[A-Z][a-z]")
_CLAUSE_SPLIT = re.compile(
    r"\s*(?:;\s*|,?\s+(?:and|but|while|whereas)\s+)(?=[A-Z][\w.'’-]*\s+(?:[A-Z][\w'’-]*\s+)?[a-z])"
)


def negated(claim: str) -> bool:
    """Whether a claim says "not", "never", "no", ... ("no-loan" and "not only" say nothing of the kind)."""
    return bool(CLAIM_NEGATION.search(NOT_NEGATING.sub(" ", claim)))


def typed_in_lower_case(claim: str) -> bool:
    """No capitalized word at all: sentences may start in lower case, and names have no capitals."""
    return not _CAPITALIZED.search(claim)


def split_claim(claim: str, *, lower_starts: bool | None = None) -> list[str]:
    """Atomic sub-claims: sentences (which may start in lower case: "the us refused. nato expanded."),
    then clauses joined by "and"/"but"/";" whose second part opens with a new subject ("Borrell welcomed
    the response and Stoltenberg rejected ..."). A list of names ("Ukraine, Georgia and Moldova") is not
    split. `lower_starts` says the claim was typed in lower case (default: it has no capitalized word),
    for a claim given the capitals of its evidence (`truecase`) to find its clauses' subjects."""
    parts: list[str] = []
    # Only a claim typed in lower case may start a sentence in lower case: in "Prices rose 5 pct. in
    # 2020." the lower-case word goes on the sentence, as in articles.
    lower_starts = typed_in_lower_case(claim) if lower_starts is None else lower_starts
    for sentence in split_sentences(claim, lower_starts=lower_starts):
        pieces = _CLAUSE_SPLIT.split(sentence.text.strip())
        if len(pieces) > 1 and all(len(p.split()) >= 3 for p in pieces):
            parts += [p.strip().rstrip(".") + "." for p in pieces]
        else:
            parts.append(sentence.text.strip())
    return [p for p in parts if p.strip(" .")] or [claim.strip()]
