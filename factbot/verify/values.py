"""Stage 6a, consistency checks (1): the values a claim states, found in a text.

Each function takes plain text and returns what it states, or compares a claim with an evidence
sentence and returns a human-readable reason (None when they agree). Nothing is raised.

- values: plain numbers (`numbers`, with their places `number_spans`; a duration is no plain number),
  months, days of a month, weekdays, capitalized names (`entities`, `mentions`, `slot_conflict`);
- stance of reporting verbs (`stance`: "welcomed" vs "criticized"), direction of a change
  (`direction`: "rose" vs "fell"), comparisons stated the other way round (`compared`);
- `truecase`: a claim typed in lower case, given the capitals its evidence uses, so that its names
  are found.
"""

from __future__ import annotations

import re
from collections import Counter

from factbot.text.terms import query_terms, stem
from factbot.verify.lexicon import (
    CAPITALIZED_STOP,
    COMPARATIVE,
    DIRECTION,
    DURATION,
    ENTITY,
    MONTHS,
    NEGATION,
    NUMBER,
    OPENS_SENTENCE,
    SCALES,
    SCOPE_END,
    SLOT_WORDS,
    STANCE,
    TITLE_CASE,
    WEEKDAYS,
    WORD,
    YEAR,
)
from factbot.verify.modality import negated_before


def _value(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def number_spans(text: str) -> list[tuple[float, tuple[int, int]]]:
    """Plain numbers (not years, not durations), scaled, each with where it stands: "2.5 million" → 2.5e6."""
    spans = [m.span() for m in DURATION.finditer(text)] + [m.span() for m in YEAR.finditer(text)]
    out = []
    for m in NUMBER.finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        v = _value(m.group(1))
        if v is not None:
            out.append((v * SCALES.get((m.group(2) or "").lower(), 1), m.span()))
    return out


def numbers(text: str) -> list[float]:
    """Plain numbers (not years, not durations), scaled: "100,000" → 1e5, "2.5 million" → 2.5e6."""
    return [v for v, _ in number_spans(text)]


def months(text: str) -> set[str]:
    low = text.lower()
    return {m for m in MONTHS if re.search(rf"\b{m}\b", low) and not (m == "may" and not re.search(r"\bMay\b", text))}


def days_of_month(text: str) -> set[tuple[str, int]]:
    """Dates written with a day: "March 25" and "25 March" → ("march", 25)."""
    names = "|".join(MONTHS)
    found = re.findall(rf"\b({names})\.?\s+(\d{{1,2}})(?!\d)|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({names})\b", text, re.I)
    return {((m1 or m2).lower(), int(d1 or d2)) for m1, d1, d2, m2 in found if 1 <= int(d1 or d2) <= 31}


def weekdays(text: str) -> set[str]:
    low = text.lower()
    return {d for d in WEEKDAYS if re.search(rf"\b{d}\b", low)}


def entities(text: str) -> list[str]:
    """Capitalized names (not sentence-openers like "The", not months or weekdays)."""
    out = []
    for m in ENTITY.finditer(text):
        words = [w for w in m.group(1).split() if w not in CAPITALIZED_STOP]
        name = " ".join(words)
        if name and name.lower() not in MONTHS and name.lower() not in WEEKDAYS:
            out.append(name)
    return out


def truecase(claim: str, texts: list[str]) -> str:
    """A claim typed in lower case, with each word written as the texts mostly write it when it is not
    opening a sentence ("nato" -> "NATO", "stoltenberg" -> "Stoltenberg"); a word of three letters or
    fewer only as an acronym ("us" -> "US", "may" stays). A claim that capitalizes a name after its first
    word is returned as it is, and so is a word the texts never use."""
    if TITLE_CASE.search(claim):
        return claim
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        for m in WORD.finditer(text):
            word = m.group(0)
            if word[0].isupper() and not (len(word) > 1 and word.isupper()):
                if OPENS_SENTENCE.search(text[max(0, m.start() - 3) : m.start()]):
                    continue  # a capital that may only be opening a sentence (an acronym still counts)
            forms.setdefault(word.lower(), Counter())[word] += 1

    def written(m: re.Match[str]) -> str:
        seen = forms.get(m.group(0))
        if not seen:
            return m.group(0)
        best, n = seen.most_common(1)[0]
        return best if n > seen[m.group(0)] and (len(best) > 3 or best.isupper()) else m.group(0)

    return WORD.sub(written, claim)


def _norm(text: str) -> str:
    return re.sub(r"[.’']", "", text).lower()


def mentions(name: str, text: str) -> bool:
    """Whether `text` names `name`: any significant word of it, allowing "Russia"/"Russian", "U.S."/"US"."""
    low = _norm(text)
    words = [w for w in _norm(name).split() if len(w) > 2 or name.isupper()]
    for w in words or [_norm(name)]:
        stem = w[: max(4, len(w) - 2)] if len(w) > 5 else w
        if re.search(rf"\b{re.escape(stem)}", low):
            return True
    initials = "".join(w[0] for w in name.split() if w[:1].isupper())
    return len(name) <= 4 and name.isupper() and bool(initials) and _initials_in(name.replace(".", ""), text)


def _initials_in(abbrev: str, text: str) -> bool:
    for m in re.finditer(r"\b((?:[A-Z][a-z]+\s+(?:of\s+)?){1,4})", text + " "):
        if "".join(w[0] for w in m.group(1).split() if w != "of") == abbrev:
            return True
    return False


def slot_conflict(name: str, claim: str, evidence: str) -> str | None:
    """A claim entity missing from the evidence, where the evidence puts another name in the same slot:
    claim "... troops from Belarus" vs evidence "... troops from Ukraine". Not a name the claim itself
    uses elsewhere: "a trip to the Ukrainian city of Uzhhorod" against "a trip to Uzhhorod, Ukraine"."""
    m = re.search(rf"(\w+)\s+(?:the\s+)?{re.escape(name)}", claim)
    if not m or m.group(1).lower() not in SLOT_WORDS:
        return None
    word = m.group(1).lower()
    before = re.findall(r"\w+", claim[: m.start()].lower())[-3:]
    for e in re.finditer(rf"\b{word}\s+(?:the\s+)?([A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)", evidence):
        context = set(re.findall(r"\w+", evidence[max(0, e.start() - 60) : e.start()].lower()))
        if e.group(1) in CAPITALIZED_STOP or mentions(e.group(1), claim):
            continue
        if not before or context & set(before):
            return f"the claim says {word} {name!r}, the evidence says {word} {e.group(1)!r}"
    return None


def stance(text: str) -> str | None:
    """The stance ("positive" or "negative") of the text's reporting verbs, if of one stance and not negated."""
    found = {name for name, pattern in STANCE.items() if pattern.search(text)}
    return found.pop() if len(found) == 1 and not NEGATION.search(text) else None


def word_of(pattern: re.Pattern[str], text: str) -> str:
    """The whole word where `pattern` first matches in `text` ("criticized" for "critici")."""
    m = pattern.search(text)
    return re.match(r"\w+", text[m.start() :]).group(0) if m else ""  # type: ignore[union-attr]


def direction(text: str) -> str | None:
    """The direction of change ("up" or "down") the text states, if of one direction and none of its
    words of change is negated ("did not rise", "no increase"). A negation elsewhere in the text does not
    count: "The decision not to grant the holiday ... warned there would be a big jump" states a jump."""
    found = set()
    for name, pattern in DIRECTION.items():
        for m in pattern.finditer(text):
            if negated_before(text, m.start()):
                return None
            found.add(name)
    return found.pop() if len(found) == 1 else None


def _sides(text: str, m: re.Match[str]) -> tuple[set[str], set[str]]:
    """The content words (stems) a comparison `m` sets against each other: those of its clause before it
    (at most eight) and those after "than" (up to the clause's end, at most eight)."""
    start = max([s.end() for s in SCOPE_END.finditer(text, 0, m.start())], default=0)
    rest = text[m.end() :]
    end = SCOPE_END.search(rest)
    left = query_terms(text[start : m.start()])[-8:]
    right = query_terms(rest[: end.start() if end else len(rest)])[:8]
    return {stem(w) for w in left}, {stem(w) for w in right}


def compared(claim: str, sentence: str) -> str | None:
    """Why the sentence states the claim's comparison the other way round ("an EU referendum was more
    popular ... than another independence ballot" for "Another independence referendum was more popular
    than an EU referendum."), or None: the same comparative, and the words only the claim's first side
    has stand after "than" in the sentence, not before it."""
    c, s = COMPARATIVE.search(claim), COMPARATIVE.search(sentence)
    if not (c and s) or c[1].lower() != s[1].lower():
        return None
    c_words, s_words = c[2].split()[:1], s[2].split()[:1]  # "more *popular* ... than"
    if c[1].lower() in ("more", "less", "fewer") and c_words and s_words and c_words[0].lower() != s_words[0].lower():
        return None
    (c_left, c_right), (s_left, s_right) = _sides(claim, c), _sides(sentence, s)
    first, second = c_left - c_right, c_right - c_left
    if first & s_right and not first & s_left and not second & s_right:
        return f"the evidence compares the other way round: {sentence[s.start() : s.end()].strip()!r}"
    return None
