"""Stage 6a, consistency checks (2): whether the evidence *asserts* what the claim states.

Input: a claim, an evidence sentence and the sentence(s) before it (the judge's context), as plain
strings. Output: a reason (a human-readable string) or a `Negation`, or None when nothing was found.
Nothing is raised. `factbot.verify.checks.check` turns the findings into a `CheckResult`:

- `unasserted`: the sentence only reports the claim's deed as demanded, urged, planned, promised,
  refused or asked about ("demanded that Moscow withdraw troops") while the claim states it as done.
- `negation`: the claim's head word negated on one side only ("made no concessions" vs "made
  concessions"), or on both sides (`Negation.agrees`).
- `frames`: whether a demand or plan governs a negation (then it decides nothing: *moot*).
"""

from __future__ import annotations

import re
from itertools import product
from typing import NamedTuple

from factbot.text.terms import base_form, query_terms, stem
from factbot.verify.lexicon import (
    CLAIM_MODALITY,
    FILLER,
    FRAMED,
    MODAL,
    NEGATION,
    NEGATOR,
    NOT_NEGATING,
    QUESTIONED,
    SCOPE_END,
    WORD,
)


def negated_before(text: str, at: int) -> bool:
    """Whether a negation stands a few words before `at`, in the same clause ("did not *rise*")."""
    negations = list(NEGATION.finditer(text, 0, at))
    if not negations:
        return False
    return within(text[negations[-1].end() : at], 4)


def within(between: str, words: int) -> bool:
    """Whether the text between two places is at most `words` words, all in one clause."""
    return len(between.split()) <= words and not SCOPE_END.search(between)


def unasserted(claim: str, sentence: str, before: str = "") -> str | None:
    """Why the sentence does not state the claim's deed as done ("the evidence says 'demanded that
    Moscow withdraw'"), or None: the sentence reports it as demanded, urged, planned, promised or
    refused (half or more of the claim's words it holds come after that), and the claim itself speaks
    of no demand, plan or future and is not negated. The sentence `before` it (the judge's context)
    counts too when the sentence itself never names the deed: the judge reads the two together."""
    if CLAIM_MODALITY.search(claim) or NEGATION.search(claim):  # "didn't cover" is what "failed to cover" says
        return None
    claim_words = [base_form(w) for w in WORD.findall(claim)]
    wanted = {stem(w) for w in query_terms(claim)}
    if (q := QUESTIONED.search(sentence)) and _mostly_after(sentence, q.start(), wanted):
        return f"the evidence asks {q.group()!r}: it does not report this as done"
    places = (("the evidence", sentence, False), ("the sentence before it", before, True))
    for (where, text, context), pattern in product(places, (FRAMED, MODAL)):
        m = pattern.search(text)
        if not m:
            continue
        # "withd": the claim must state that deed ("withdrew", "withdrawn"; "protested" for "a protest")
        deeds = [base_form(w)[:5] for w in m.groupdict().values() if w]
        deed = next((d for d in deeds if len(d) >= 4 and any(w.startswith(d) for w in claim_words)), None)
        if deed is None:
            continue
        if context and any(base_form(w).startswith(deed) for w in WORD.findall(sentence)):
            continue  # the sentence itself speaks of the deed: it decides
        if _mostly_after(text, m.start(), wanted):
            return f"{where} says {m.group()!r}: it does not report this as done"
    return None


def _mostly_after(text: str, at: int, wanted: set[str]) -> bool:
    """Whether the text holds two or more of the `wanted` stems, half or more of them first after `at`."""
    first: dict[str, int] = {}  # where each of the wanted words first occurs in the text
    for w in re.finditer(r"\w+", text.lower()):
        if (s := stem(w.group())) in wanted:
            first.setdefault(s, w.start())
    return len(first) >= 2 and sum(pos > at for pos in first.values()) >= 0.5 * len(first)


NEGATED_REACH = 3  # words a negation governs, its head first: "without this scale of cuts" negates "cuts"


def _negated_heads(text: str) -> list[tuple[int, str]]:
    """Where each negator of the text stands and the head word it negates ("made no *concessions*",
    "would not be *released*", "refusing to *close*"); idioms like "not only" are skipped."""
    return [(at, scope[0][1]) for at, scope in _negations(text)]


def _negations(text: str) -> list[tuple[int, list[tuple[int, str]]]]:
    """Where each negator of the text stands and the first few words it governs, with where they stand:
    its head, then up to `NEGATED_REACH` - 1 more in the same clause ("without this *scale* of *cuts*")."""
    idioms = [m.span() for m in NOT_NEGATING.finditer(text)]
    out = []
    for m in NEGATOR.finditer(text):
        if any(s <= m.start() < e for s, e in idioms):
            continue
        rest = text[m.end() :]
        end = SCOPE_END.search(rest)
        words = [
            (m.end() + w.start(), w.group())
            for w in WORD.finditer(rest[: end.start() if end else len(rest)])
            if w.group().lower() not in FILLER
        ]
        if words:
            out.append((m.start(), words[:NEGATED_REACH]))
    return out


class Negation(NamedTuple):
    """What `negation` found: why, whether in the sentence before rather than the sentence, where in
    that text the negation (or the un-negated word) stands, whether both sides negate the word, and
    whether the text also states it un-negated ("no association with 8 of the 10 cancers; use was
    associated with prostate cancer") or lacks some other word of the claim."""

    reason: str
    context: bool
    at: int
    agrees: bool = False
    partial: bool = False


def negation(claim: str, sentence: str, before: str = "") -> Negation | None:
    """The claim's head word negated on one side only: the sentence "made no concessions" where the
    claim says "made concessions", or the claim "did not welcome" where the sentence says "welcomed";
    or negated on both sides (`agrees`). Only for a text about the claim (half or more of its content
    words), as the judge reads such a text by its shared words; the sentence `before` (the judge's
    context) counts too when the sentence itself never names the head word."""
    wanted = {stem(w) for w in query_terms(claim)} - {"not", "no", "never", "nor", "without"}
    # "error-free" says "no errors" already: neither side negates "error" against the other.
    wanted -= {stem(m.group(1)) for m in re.finditer(r"\b(\w+)-(?:free|less)\b", claim, re.I)}
    claim_heads = _negated_heads(claim)
    sentence_stems = {stem(w) for w in WORD.findall(sentence)}
    for where, text, context in (("the evidence", sentence, False), ("the sentence before it", before, True)):
        if len(wanted) < 2 or len(wanted & {stem(w) for w in WORD.findall(text)}) < 0.5 * len(wanted):
            continue
        # A head that is a content word of the claim; in the context, one the sentence itself never names.
        usable = wanted - sentence_stems if context else wanted
        if not claim_heads:
            for at, head in _negated_heads(text):
                if head[0].islower() and _in_family(head, usable):
                    return Negation(f"{where} negates {head!r}: {_phrase(text, at, head)!r}", context, at)
        else:
            negated = {stem(head) for _, head in claim_heads} & usable
            scopes = _negations(text)
            governed = {pos for _, scope in scopes for pos, _ in scope}  # where the text's own negations bite
            for at, head in ((at, w) for at, scope in scopes for _, w in scope):
                if _in_family(head, negated):
                    family = re.finditer(rf"\b{re.escape(stem(head)[:5])}\w*", text, re.I)
                    also_stated = any(m.start() not in governed for m in family)
                    # All the claim's other words must be there too, for the agreement to be about the same
                    # thing ("not associated with bladder cancer" for "... with prostate cancer").
                    have = {stem(w) for w in WORD.findall(f"{before} {text}")}
                    missing = not all(w in have or _in_family(w, have) for w in wanted)
                    reason = f"{where} negates {head!r} too: {_phrase(text, at, head)!r}"
                    return Negation(reason, context, at, True, also_stated or missing)
            for _, head in claim_heads:
                if not (head[0].islower() and stem(head) in usable):
                    continue
                # The same word, or one of its family ("respond" / "response"), stated and not negated.
                for m in re.finditer(rf"\b{re.escape(stem(head)[:5])}\w*", text, re.I):
                    if m.start() not in governed:
                        return Negation(f"the claim negates {head!r}, {where} says {m.group()!r}", context, m.start())
    return None


def _in_family(word: str, stems: set[str]) -> bool:
    """Whether `word` has one of `stems`, or shares the first six letters of a long one: "apologies" and
    "apologised", "response" and "responded" (a light stemmer keeps such families apart)."""
    s = stem(word)
    return s in stems or (len(s) >= 6 and any(len(t) >= 6 and t[:6] == s[:6] for t in stems))


def frames(m: re.Match[str], text: str, at: int) -> bool:
    """Whether the demand or plan `m` governs the negation at `at`: it is no refusal, and the negation
    is within it or a few words after it, in the same clause ("promises that the alliance would not")."""
    between = text[m.end() : at]
    return m.start() < at and within(between, 5) and not NEGATOR.match(m.group())


def _phrase(text: str, start: int, head: str) -> str:
    """The words of `text` from `start` to the end of `head`: "no concessions"."""
    end = text.find(head, start)
    return text[start : end + len(head)] if end >= 0 else head
