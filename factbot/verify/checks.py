"""Stage 6a, consistency checks: cheap, strong signals for news claims that a model may miss.

Compares a claim with one piece of evidence (the sentence plus its context) on what news claims get
wrong most often: numbers, dates (months, weekdays, years), durations, named entities, stance
(who welcomed or criticized what) and the direction of a change (rose or fell).

- a *conflict* is a value of the claim that the evidence states differently: "in March" vs
  "in mid-December", "two weeks" vs "a month and a half", "from Belarus" vs "from Ukraine, Georgia and
  Moldova". A conflict turns relevant evidence into contradicting evidence.
- a *gap* is a value of the claim the evidence does not mention at all ("Belgium" where the evidence
  names no country). A gap means the evidence cannot support the claim on its own.
- a claim typed in lower case ("stoltenberg said nato ...", as in chat, or machine summaries) has no
  capitals to find names by: it is read with the capitals its evidence uses (`truecase`), so its names
  are checked like any other's.
- a *reversal* is a change the claim states in one direction and the evidence sentence in the other
  ("prices rose" vs "prices fell", "reduces" vs "increases"). Not decisive on its own: the verifier reads
  the judge's entailment of such a sentence as contradiction.
- an *unasserted* deed is one the evidence sentence only reports as demanded, urged, planned,
  promised or refused ("Stoltenberg demanded that Moscow withdraw troops …") while the claim states it as done
  ("Moscow withdrew its troops …"): the sentence does not support it, whatever the judge's shared
  words say.
- a *negation* on one side only ("it made no concessions" vs "the US made concessions", "did not
  welcome" vs "welcomed"): the judge, which reads shared words, takes such a sentence for support. It
  is read as a reversal, as unasserted when only the context sentence has it, and as *moot* (neither
  side) when it stands in a demand or a denial ("asking for promises that the alliance would not
  expand"). Negated on both sides, the sentence is *agreed*: the judge's contradiction is not one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import product
from typing import NamedTuple

from factbot.text.terms import base_form, query_terms, stem
from factbot.verify.lexicon import (
    AGE,
    CAPITALIZED_STOP,
    CLAIM_MODALITY,
    COMPARATIVE,
    DIRECTION,
    DURATION,
    ENTITY,
    FILLER,
    FRAMED,
    MODAL,
    MONTHS,
    NEGATION,
    NEGATOR,
    NOT_NEGATING,
    NUMBER,
    NUMBER_WORDS,
    OPENS_SENTENCE,
    OPPOSITES,
    QUESTIONED,
    SCALES,
    SCOPE_END,
    SLOT_WORDS,
    STANCE,
    TITLE_CASE,
    UNIT_DAYS,
    WEEKDAYS,
    WORD,
    YEAR,
)


@dataclass
class CheckResult:
    """What the checks found for one (claim, evidence) pair; each entry is human-readable."""

    conflicts: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    reversals: list[str] = field(default_factory=list)  # a change the other way ("rose" vs "fell")
    unasserted: list[str] = field(default_factory=list)  # only demanded or planned in the evidence
    moot: list[str] = field(default_factory=list)  # negated only in a demand, plan or denial: decides nothing
    agreed: list[str] = field(default_factory=list)  # the claim's negated word negated here too: no contradiction
    agreed_only: bool = False  # ... and never stated un-negated, the claim's other words all there
    # (the claim's word negated on one side only is a reversal; only in the context sentence, unasserted)


def _value(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def numbers(text: str) -> list[float]:
    """Plain numbers (not years, not durations), scaled: "100,000" → 1e5, "2.5 million" → 2.5e6."""
    spans = [m.span() for m in DURATION.finditer(text)] + [m.span() for m in YEAR.finditer(text)]
    out = []
    for m in NUMBER.finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        v = _value(m.group(1))
        if v is not None:
            out.append(v * SCALES.get((m.group(2) or "").lower(), 1))
    return out


def durations(text: str) -> list[float]:
    """Durations in days: "two weeks" → 14, "a month and a half" → 45."""
    out = []
    for m in DURATION.finditer(text):
        word = m.group(1).lower()
        count = NUMBER_WORDS.get(word) if word in NUMBER_WORDS else _value(word)
        if not count:
            continue
        days = count * UNIT_DAYS[m.group(2).lower()]
        out.append(days * 1.5 if m.group(3) else days)
    return out


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


def _slot_conflict(name: str, claim: str, evidence: str) -> str | None:
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


def _word(pattern: re.Pattern[str], text: str) -> str:
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
            if _negated_before(text, m.start()):
                return None
            found.add(name)
    return found.pop() if len(found) == 1 else None


def _negated_before(text: str, at: int) -> bool:
    """Whether a negation stands a few words before `at`, in the same clause ("did not *rise*")."""
    negations = list(NEGATION.finditer(text, 0, at))
    if not negations:
        return False
    return _within(text[negations[-1].end() : at], 4)


def _within(between: str, words: int) -> bool:
    """Whether the text between two places is at most `words` words, all in one clause."""
    return len(between.split()) <= words and not SCOPE_END.search(between)


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


def _frames(m: re.Match[str], text: str, at: int) -> bool:
    """Whether the demand or plan `m` governs the negation at `at`: it is no refusal, and the negation
    is within it or a few words after it, in the same clause ("promises that the alliance would not")."""
    between = text[m.end() : at]
    return m.start() < at and _within(between, 5) and not NEGATOR.match(m.group())


def _phrase(text: str, start: int, head: str) -> str:
    """The words of `text` from `start` to the end of `head`: "no concessions"."""
    end = text.find(head, start)
    return text[start : end + len(head)] if end >= 0 else head


def check(claim: str, evidence: str, sentence: str | None = None, before: str = "") -> CheckResult:
    """Compare a claim with evidence text (`sentence` is the evidence sentence itself, `before` the
    sentence(s) before it, `evidence` the sentence with its title and context; values are looked for in
    the sentence first)."""
    result = CheckResult()
    sentence = sentence or evidence
    # A month conflicts only with the sentence's own months: a month in the context alone (the sentence
    # before) may date something else, and the cited sentence must show the conflicting value.
    c_months, s_months = months(claim), months(sentence)
    for m in sorted(c_months - s_months - months(evidence)):
        (result.conflicts if s_months else result.gaps).append(
            f"the claim says {m.title()}, the evidence says {', '.join(sorted(x.title() for x in s_months))}"
            if s_months
            else f"the evidence does not mention {m.title()}"
        )
    # A day of a month the sentence dates otherwise: "arrested on March 22" against "since his arrest on
    # March 25", though the sentence before names March 22 for something else.
    s_dates = days_of_month(sentence)
    for month, day in sorted(days_of_month(claim) - s_dates):
        other = sorted(d for m, d in s_dates if m == month)
        if other:
            said = ", ".join(f"{month.title()} {d}" for d in other)
            result.conflicts.append(f"the claim says {month.title()} {day}, the evidence says {said}")
    c_days, e_days = weekdays(claim), weekdays(sentence)
    if c_days and e_days and not c_days & e_days:
        result.conflicts.append(f"the claim says {', '.join(sorted(c_days))}, the evidence {', '.join(sorted(e_days))}")
    c_years, e_years = set(YEAR.findall(claim)), set(YEAR.findall(evidence))
    for y in sorted(c_years - e_years):
        (result.conflicts if set(YEAR.findall(sentence)) else result.gaps).append(f"the claim says {y}")
    c_dur, e_dur = durations(claim), durations(sentence)
    for d in c_dur:
        if e_dur and not any(abs(d - x) <= 0.1 * max(d, x) for x in e_dur):
            result.conflicts.append(
                f"the claim says {d:g} days, the evidence {', '.join(f'{x:g}' for x in e_dur)} days"
            )
    c_num, e_num = numbers(claim), numbers(sentence)
    all_num = e_num + numbers(evidence)
    # A person's age set off by commas ("Keith Allen, 27, of Columbus") matches a claim's number but
    # conflicts with none: "pleaded not guilty to 19 counts" is not contradicted by the age.
    ages = [float(a) for a in AGE.findall(sentence)]
    e_num = [x for x in e_num if x not in ages]
    for n in c_num:
        if any(abs(n - x) <= 0.02 * max(abs(n), abs(x), 1) for x in all_num):
            continue
        if e_num:
            result.conflicts.append(f"the claim says {n:g}, the evidence {', '.join(f'{x:g}' for x in e_num)}")
        else:
            result.gaps.append(f"the evidence does not mention {n:g}")
    for name in dict.fromkeys(entities(claim)):
        if mentions(name, evidence):
            continue
        conflict = _slot_conflict(name, claim, sentence)
        (result.conflicts if conflict else result.gaps).append(conflict or f"the evidence does not mention {name}")
    # A reversed stance counts only when the sentence itself names everyone the claim names: "Russia
    # rejected the response" is not contradicted by "Borrell welcomed the response" under a title about Russia.
    c_stance, e_stance = stance(claim), stance(sentence)
    if (
        c_stance
        and e_stance
        and c_stance != e_stance
        and not result.gaps
        and all(mentions(name, sentence) for name in entities(claim))
    ):
        said = [_word(STANCE[c_stance], claim), _word(STANCE[e_stance], sentence)]
        result.conflicts.append(f"the claim says {said[0]!r}, the evidence says {said[1]!r}")
    # A reversed direction of change is not a conflict by itself (the sentence may speak of something
    # else that fell); the verifier weighs it (`verify.Judged.adjusted`).
    c_dir, s_dir = direction(claim), direction(sentence)
    if c_dir and s_dir and c_dir != s_dir:
        said = [_word(DIRECTION[c_dir], claim), _word(DIRECTION[s_dir], sentence)]
        result.reversals.append(f"the claim says {said[0]!r}, the evidence says {said[1]!r}")
    if reason := compared(claim, sentence):
        result.reversals.append(reason)
    if not (NEGATION.search(claim) or NEGATION.search(sentence)):
        for pair in OPPOSITES:
            for said, other in (pair, pair[::-1]):
                if said.search(claim) and other.search(sentence) and not (other.search(claim) or said.search(sentence)):
                    words = [_word(said, claim), _word(other, sentence)]
                    result.reversals.append(f"the claim says {words[0]!r}, the evidence says {words[1]!r}")
    if reason := unasserted(claim, sentence, before):
        result.unasserted.append(reason)
    elif found := negation(claim, sentence, before):
        # The sentence says the opposite of the claim, unless the negation stands in a demand or plan
        # ("asking for promises that the alliance would not expand") or is a denial ("Moscow denies it
        # plans an invasion"): then, negated on one side or both, it neither supports nor refutes. A
        # negation only in the context takes away the support the judge read into the sentence; one on
        # both sides ("cannot compromise" for "will not compromise") is no contradiction.
        text = before if found.context else sentence
        framed = [m for m in FRAMED.finditer(text) if _frames(m, text, found.at)]
        denied = re.match(r"den(?:y|ies|ied|ying)\b", text[found.at :], re.I)
        if found.agrees:  # moot only where the claim does not itself speak of that demand or plan
            claim_stems = {stem(w) for w in WORD.findall(claim)}
            framed = [m for m in framed if stem(m.group().split()[0]) not in claim_stems]
            denied = None
        if framed or denied:
            said = f"only after {framed[-1].group().split()[0]!r}" if framed else "only as denied"
            result.moot.append(f"{found.reason}, {said}: neither support nor contradiction")
        elif found.agrees:
            if not found.context:
                result.agreed.append(found.reason)
                result.agreed_only = not found.partial
        elif found.context:
            result.unasserted.append(found.reason)
        else:
            result.reversals.append(found.reason)
    return result
