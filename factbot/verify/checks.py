"""Stage 6a, consistency checks: cheap, strong signals for news claims that a model may miss.

`check(claim, evidence, sentence, before)` compares a claim with one piece of evidence (the sentence,
the sentence(s) before it, and the sentence with its title and context) and returns a `CheckResult`:
lists of human-readable reasons, nothing raised. The findings (`factbot.verify.values`,
`factbot.verify.modality`) are:

- a *conflict*: a value of the claim (number, date, duration, name, stance) that the evidence states
  differently ("in March" vs "in mid-December"). It turns relevant evidence into contradiction.
- a *gap*: a value of the claim the evidence does not mention at all. The evidence cannot support the
  claim on its own.
- a *reversal*: a change the claim states one way and the sentence the other ("rose" vs "fell"), a
  comparison turned round, or the claim's word negated on one side only. Not decisive on its own.
- *unasserted*: the sentence (or only its context) reports the claim's deed as demanded, planned,
  promised or refused, not as done: it gives no support.
- *moot*: the claim's word negated inside a demand, plan or denial: neither support nor contradiction.
- *agreed*: the claim's negated word negated in the sentence too: its contradiction is not one.

A claim typed in lower case should be given the capitals of its evidence first (`values.truecase`).
Why each check is there: docs/decisions/verify-checks.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from factbot.text.terms import stem
from factbot.verify.lexicon import AGE, DIRECTION, FRAMED, NEGATION, OPPOSITES, STANCE, WORD, YEAR
from factbot.verify.modality import frames, negation, unasserted
from factbot.verify.values import (
    compared,
    days_of_month,
    direction,
    durations,
    entities,
    mentions,
    months,
    numbers,
    slot_conflict,
    stance,
    weekdays,
    word_of,
)

RULES: dict[str, str] = {
    "month": "a month of the claim that the sentence dates otherwise (conflict) or never names (gap)",
    "day": "a day of a month that the sentence gives otherwise for that month",
    "weekday": "a weekday other than the sentence's",
    "year": "a year the evidence does not give",
    "duration": "a duration the sentence gives otherwise",
    "number": "a number the evidence gives otherwise (conflict) or not at all (gap)",
    "name": "a name the evidence does not mention, or puts another name in its place",
    "stance": "a reversed stance (welcomed / rejected) with every name of the claim in the sentence",
    "direction": "a reversed direction of change (rose / fell)",
    "comparison": "a comparison turned round",
    "opposite": "a word of the claim whose opposite the sentence uses",
    "unasserted": "the deed only demanded, planned or refused in the sentence or its context",
    "negation": "the claim's word negated on one side (reversal, moot or agreed)",
    "verbatim": "the claim is the sentence itself, word for word: it is entailed whatever the judge says",
}
"""The checks' rule ids (``CheckResult.fired``), each one block of `check`; ``benchmarks.eval_behaviour --ablate``
measures each by leaving it out."""

_DISABLED: ContextVar[frozenset[str]] = ContextVar("factbot_disabled_rules", default=frozenset())


@contextmanager
def rules_disabled(ids: Iterable[str]) -> Iterator[None]:
    """Within the block, `check` skips the given rules (for ablation: what each rule contributes)."""
    wanted = frozenset(ids)
    if unknown := wanted - RULES.keys():
        raise ValueError(f"unknown rule ids {sorted(unknown)}; known: {sorted(RULES)}")
    token = _DISABLED.set(wanted)
    try:
        yield
    finally:
        _DISABLED.reset(token)


def _on(rule: str) -> bool:
    return rule not in _DISABLED.get()


def verbatim(claim: str, sentence: str) -> bool:
    """Rule `verbatim`: the claim's words are the sentence's, in order (case and punctuation aside)."""
    words = lambda text: re.findall(r"\w+", text.casefold())  # noqa: E731
    return _on("verbatim") and bool(words(claim)) and words(claim) == words(sentence)


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
    fired: list[str] = field(default_factory=list)  # ids (`RULES`) of the rules that found something
    # (the claim's word negated on one side only is a reversal; only in the context sentence, unasserted)


def check(claim: str, evidence: str, sentence: str | None = None, before: str = "") -> CheckResult:
    """Compare a claim with evidence text (`sentence` is the evidence sentence itself, `before` the
    sentence(s) before it, `evidence` the sentence with its title and context; values are looked for in
    the sentence first)."""
    result = CheckResult()
    sentence = sentence or evidence
    # A month conflicts only with the sentence's own months: a month in the context alone (the sentence
    # before) may date something else, and the cited sentence must show the conflicting value.
    c_months, s_months = months(claim), months(sentence)
    for m in sorted(c_months - s_months - months(evidence)) if _on("month") else ():
        result.fired.append("month")
        (result.conflicts if s_months else result.gaps).append(
            f"the claim says {m.title()}, the evidence says {', '.join(sorted(x.title() for x in s_months))}"
            if s_months
            else f"the evidence does not mention {m.title()}"
        )
    # A day of a month the sentence dates otherwise: "arrested on March 22" against "since his arrest on
    # March 25", though the sentence before names March 22 for something else.
    s_dates = days_of_month(sentence)
    for month, day in sorted(days_of_month(claim) - s_dates) if _on("day") else ():
        other = sorted(d for m, d in s_dates if m == month)
        if other:
            result.fired.append("day")
            said = ", ".join(f"{month.title()} {d}" for d in other)
            result.conflicts.append(f"the claim says {month.title()} {day}, the evidence says {said}")
    c_days, e_days = weekdays(claim), weekdays(sentence)
    if c_days and e_days and not c_days & e_days and _on("weekday"):
        result.fired.append("weekday")
        result.conflicts.append(f"the claim says {', '.join(sorted(c_days))}, the evidence {', '.join(sorted(e_days))}")
    c_years, e_years = set(YEAR.findall(claim)), set(YEAR.findall(evidence))
    for y in sorted(c_years - e_years) if _on("year") else ():
        result.fired.append("year")
        (result.conflicts if set(YEAR.findall(sentence)) else result.gaps).append(f"the claim says {y}")
    c_dur, e_dur = durations(claim), durations(sentence)
    for d in c_dur if _on("duration") else ():
        if e_dur and not any(abs(d - x) <= 0.1 * max(d, x) for x in e_dur):
            result.fired.append("duration")
            result.conflicts.append(
                f"the claim says {d:g} days, the evidence {', '.join(f'{x:g}' for x in e_dur)} days"
            )
    c_num, e_num = numbers(claim), numbers(sentence)
    all_num = e_num + numbers(evidence)
    # A person's age set off by commas ("Keith Allen, 27, of Columbus") matches a claim's number but
    # conflicts with none: "pleaded not guilty to 19 counts" is not contradicted by the age.
    ages = [float(a) for a in AGE.findall(sentence)]
    e_num = [x for x in e_num if x not in ages]
    for n in c_num if _on("number") else ():
        if any(abs(n - x) <= 0.02 * max(abs(n), abs(x), 1) for x in all_num):
            continue
        result.fired.append("number")
        if e_num:
            result.conflicts.append(f"the claim says {n:g}, the evidence {', '.join(f'{x:g}' for x in e_num)}")
        else:
            result.gaps.append(f"the evidence does not mention {n:g}")
    for name in dict.fromkeys(entities(claim)) if _on("name") else ():
        if mentions(name, evidence):
            continue
        result.fired.append("name")
        conflict = slot_conflict(name, claim, sentence)
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
        and _on("stance")
    ):
        result.fired.append("stance")
        said = [word_of(STANCE[c_stance], claim), word_of(STANCE[e_stance], sentence)]
        result.conflicts.append(f"the claim says {said[0]!r}, the evidence says {said[1]!r}")
    # A reversed direction of change is not a conflict by itself (the sentence may speak of something
    # else that fell); the verifier weighs it (`judged.Judged.adjusted`).
    c_dir, s_dir = direction(claim), direction(sentence)
    if c_dir and s_dir and c_dir != s_dir and _on("direction"):
        result.fired.append("direction")
        said = [word_of(DIRECTION[c_dir], claim), word_of(DIRECTION[s_dir], sentence)]
        result.reversals.append(f"the claim says {said[0]!r}, the evidence says {said[1]!r}")
    if _on("comparison") and (reason := compared(claim, sentence)):
        result.fired.append("comparison")
        result.reversals.append(reason)
    if _on("opposite") and not (NEGATION.search(claim) or NEGATION.search(sentence)):
        for pair in OPPOSITES:
            for said, other in (pair, pair[::-1]):
                if said.search(claim) and other.search(sentence) and not (other.search(claim) or said.search(sentence)):
                    result.fired.append("opposite")
                    words = [word_of(said, claim), word_of(other, sentence)]
                    result.reversals.append(f"the claim says {words[0]!r}, the evidence says {words[1]!r}")
    if _on("unasserted") and (reason := unasserted(claim, sentence, before)):
        result.fired.append("unasserted")
        result.unasserted.append(reason)
    elif _on("negation") and (found := negation(claim, sentence, before)):
        result.fired.append("negation")
        # The sentence says the opposite of the claim, unless the negation stands in a demand or plan
        # ("asking for promises that the alliance would not expand") or is a denial ("Moscow denies it
        # plans an invasion"): then, negated on one side or both, it neither supports nor refutes. A
        # negation only in the context takes away the support the judge read into the sentence; one on
        # both sides ("cannot compromise" for "will not compromise") is no contradiction.
        text = before if found.context else sentence
        framed = [m for m in FRAMED.finditer(text) if frames(m, text, found.at)]
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
    result.fired = list(dict.fromkeys(result.fired))
    return result
