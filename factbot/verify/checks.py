"""Stage 6a, consistency checks: cheap, strong signals for news claims that a model may miss.

`check(claim, evidence, sentence, before)` compares a claim with one piece of evidence (the sentence,
the sentence(s) before it, and the sentence with its title and context) and returns a `CheckResult`:
the `Finding`s of every rule in `RULES`, in that order; nothing raised. A finding is typed: the id of
the rule that made it, its kind, a human-readable message, and where it stands in the claim and in the
evidence (character spans; None where the value is absent from that side, or stands only in the title or
the sentence before). The kinds (`KINDS`; values from `factbot.verify.values`, `factbot.verify.modality`):

- a *conflict*: a value of the claim (number, date, name, stance) that the evidence states
  differently ("in March" vs "in mid-December"). It turns relevant evidence into contradiction.
- a *gap*: a value of the claim the evidence does not mention at all. The evidence cannot support the
  claim on its own.
- a *reversal*: a change the claim states one way and the sentence the other ("rose" vs "fell"), a
  comparison turned round, a word replaced by its antonym (rule `antonym`), a negative quantifier
  against a positive one, or the claim's word negated on one side only. Not decisive on its own.
- *unasserted*: the sentence (or only its context) reports the claim's deed as demanded, planned,
  promised or refused, not as done, or as done the other way round (rule `roles`: "Ukraine accused
  Russia" for "Russia accused Ukraine"), of another name in the claim's name's place (rule
  `substitute`), or of some where the claim says all (rule `quantifier`; `factbot.verify.substitutions`):
  it gives no support.
- *moot*: the claim's word negated inside a demand, plan or denial: neither support nor contradiction.
- *agreed*: the claim's negated word negated in the sentence too: its contradiction is not one
  (*agreed-only*: and never stated un-negated, the claim's other words all there).
- *verbatim*: the claim is the sentence word for word (rule `verbatim`, applied in `judged`).

Each rule is a `Rule` object (id, description, the function that finds); `rules_disabled` leaves rules
out, which is how `benchmarks.ablate`, `benchmarks.eval_behaviour --ablate` and `benchmarks.eval_news_claims
--ablate` measure each one. A rule that changed no verdict on any of them was removed (`duration`:
docs/decisions/verify-checks.md). The
rule `verbatim` (the claim is the sentence word for word) is applied in `judged.judge_evidence`.
A claim typed in lower case should be given the capitals of its evidence first (`values.truecase`).
Why each check is there: docs/decisions/verify-checks.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from factbot.text.terms import stem
from factbot.types import Finding, Span
from factbot.verify.lexicon import AGE, DIRECTION, FRAMED, NEGATION, OPPOSITES, STANCE, WORD, YEAR
from factbot.verify.modality import frames, negation, unasserted
from factbot.verify.roles import reversed_roles
from factbot.verify.substitutions import antonyms, quantifier_shifts, substituted_names
from factbot.verify.values import (
    compared,
    days_of_month,
    direction,
    entities,
    mentions,
    months,
    number_spans,
    slot_conflict,
    stance,
    weekdays,
)

KINDS = ("conflict", "gap", "reversal", "unasserted", "moot", "agreed", "agreed-only", "verbatim")


@dataclass(frozen=True)
class Pair:
    """One comparison: the claim, the evidence sentence, the sentence(s) before it, and the sentence with
    its title and context (`evidence`)."""

    claim: str
    evidence: str
    sentence: str
    before: str


@dataclass(frozen=True)
class Rule:
    """A check rule: its id, what it finds, and the function that finds it (given the pair and the findings
    of the rules before it); `find` None: the rule is applied elsewhere (`verbatim`, in `judged`)."""

    id: str
    description: str
    find: Callable[[Pair, list[Finding]], list[Finding]] | None


def _at(text: str, value: str) -> Span | None:
    """Where `value` first stands in `text` as a whole word or phrase, case aside."""
    m = re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.I)
    return m.span() if m else None


def _word_at(pattern: re.Pattern[str], text: str) -> tuple[str, Span | None]:
    """The whole word where `pattern` first matches in `text`, and its span."""
    m = pattern.search(text)
    if not m:
        return "", None
    word = re.match(r"\w+", text[m.start() :])
    end = m.start() + (len(word.group(0)) if word else len(m.group(0)))
    return text[m.start() : end], (m.start(), end)


def _month(p: Pair, found: list[Finding]) -> list[Finding]:
    # Only the sentence's own months conflict: a month in the context alone may date something else.
    c_months, s_months = months(p.claim), months(p.sentence)
    shown = ", ".join(sorted(x.title() for x in s_months))
    out = []
    for m in sorted(c_months - s_months - months(p.evidence)):
        at = _at(p.claim, m)
        if s_months:
            other = _at(p.sentence, sorted(s_months)[0])
            message = f"the claim says {m.title()}, the evidence says {shown}"
            out.append(Finding("month", "conflict", message, at, other))
        else:
            out.append(Finding("month", "gap", f"the evidence does not mention {m.title()}", at))
    return out


def _day(p: Pair, found: list[Finding]) -> list[Finding]:
    # "arrested on March 22" against "since his arrest on March 25", though the sentence before names March 22.
    s_dates = days_of_month(p.sentence)
    out = []
    for month, day in sorted(days_of_month(p.claim) - s_dates):
        other = sorted(d for m, d in s_dates if m == month)
        if other:
            said = ", ".join(f"{month.title()} {d}" for d in other)
            claim_at = _at(p.claim, f"{month} {day}") or _at(p.claim, f"{day} {month}")
            evidence_at = _at(p.sentence, f"{month} {other[0]}") or _at(p.sentence, f"{other[0]} {month}")
            message = f"the claim says {month.title()} {day}, the evidence says {said}"
            out.append(Finding("day", "conflict", message, claim_at, evidence_at))
    return out


def _weekday(p: Pair, found: list[Finding]) -> list[Finding]:
    c_days, e_days = weekdays(p.claim), weekdays(p.sentence)
    if not (c_days and e_days) or c_days & e_days:
        return []
    message = f"the claim says {', '.join(sorted(c_days))}, the evidence {', '.join(sorted(e_days))}"
    return [Finding("weekday", "conflict", message, _at(p.claim, min(c_days)), _at(p.sentence, min(e_days)))]


def _year(p: Pair, found: list[Finding]) -> list[Finding]:
    kind = "conflict" if YEAR.search(p.sentence) else "gap"
    said = YEAR.search(p.sentence)
    missing = sorted(set(YEAR.findall(p.claim)) - set(YEAR.findall(p.evidence)))
    shown = said.span() if said else None
    return [Finding("year", kind, f"the claim says {y}", _at(p.claim, y), shown) for y in missing]


def _number(p: Pair, found: list[Finding]) -> list[Finding]:
    # A person's age set off by commas ("Keith Allen, 27, of Columbus") matches a claim's number but
    # conflicts with none: "pleaded not guilty to 19 counts" is not contradicted by the age.
    in_sentence = number_spans(p.sentence)
    anywhere = [v for v, _ in in_sentence] + [v for v, _ in number_spans(p.evidence)]
    ages = [float(a) for a in AGE.findall(p.sentence)]
    stated = [(v, at) for v, at in in_sentence if v not in ages]
    out = []
    for n, at in number_spans(p.claim):
        if any(abs(n - x) <= 0.02 * max(abs(n), abs(x), 1) for x in anywhere):
            continue
        if stated:
            message = f"the claim says {n:g}, the evidence {', '.join(f'{x:g}' for x, _ in stated)}"
            out.append(Finding("number", "conflict", message, at, stated[0][1]))
        else:
            out.append(Finding("number", "gap", f"the evidence does not mention {n:g}", at))
    return out


def _name(p: Pair, found: list[Finding]) -> list[Finding]:
    out = []
    for name in dict.fromkeys(entities(p.claim)):
        if mentions(name, p.evidence):
            continue
        if conflict := slot_conflict(name, p.claim, p.sentence):
            other = re.search(r"says \w+ (['\"])(.*)\1$", conflict)
            at = _at(p.sentence, other.group(2)) if other else None
            out.append(Finding("name", "conflict", conflict, _at(p.claim, name), at))
        else:
            out.append(Finding("name", "gap", f"the evidence does not mention {name}", _at(p.claim, name)))
    return out


def _stance(p: Pair, found: list[Finding]) -> list[Finding]:
    # Only when the sentence itself names everyone the claim names: "Russia rejected the response" is not
    # contradicted by "Borrell welcomed the response" under a title about Russia.
    c_stance, e_stance = stance(p.claim), stance(p.sentence)
    if not (c_stance and e_stance) or c_stance == e_stance or any(f.kind == "gap" for f in found):
        return []
    if not all(mentions(name, p.sentence) for name in entities(p.claim)):
        return []
    (c_word, c_at), (e_word, e_at) = _word_at(STANCE[c_stance], p.claim), _word_at(STANCE[e_stance], p.sentence)
    return [Finding("stance", "conflict", f"the claim says {c_word!r}, the evidence says {e_word!r}", c_at, e_at)]


def _direction(p: Pair, found: list[Finding]) -> list[Finding]:
    # Not a conflict by itself (the sentence may speak of something else that fell); `judged` weighs it.
    c_dir, s_dir = direction(p.claim), direction(p.sentence)
    if not (c_dir and s_dir) or c_dir == s_dir:
        return []
    (c_word, c_at), (e_word, e_at) = _word_at(DIRECTION[c_dir], p.claim), _word_at(DIRECTION[s_dir], p.sentence)
    return [Finding("direction", "reversal", f"the claim says {c_word!r}, the evidence says {e_word!r}", c_at, e_at)]


def _comparison(p: Pair, found: list[Finding]) -> list[Finding]:
    reason = compared(p.claim, p.sentence)
    return [Finding("comparison", "reversal", reason)] if reason else []


def _opposite(p: Pair, found: list[Finding]) -> list[Finding]:
    if NEGATION.search(p.claim) or NEGATION.search(p.sentence):
        return []
    out = []
    for pair in OPPOSITES:
        for said, other in (pair, pair[::-1]):
            one_way = not (other.search(p.claim) or said.search(p.sentence))
            if said.search(p.claim) and other.search(p.sentence) and one_way:
                (c_word, c_at), (e_word, e_at) = _word_at(said, p.claim), _word_at(other, p.sentence)
                message = f"the claim says {c_word!r}, the evidence says {e_word!r}"
                out.append(Finding("opposite", "reversal", message, c_at, e_at))
    return out


def _unasserted(p: Pair, found: list[Finding]) -> list[Finding]:
    reason = unasserted(p.claim, p.sentence, p.before)
    return [Finding("unasserted", "unasserted", reason)] if reason else []


_FIRST_WORD = re.compile(r"\s*(\w+|\S)")  # the negator's word, where `negation` says it stands


def _negation(p: Pair, found: list[Finding]) -> list[Finding]:
    if any(f.rule == "unasserted" for f in found):  # the deed is not asserted: its negation decides nothing
        return []
    hit = negation(p.claim, p.sentence, p.before)
    if hit is None:
        return []
    # The sentence says the opposite of the claim, unless the negation stands in a demand or plan
    # ("asking for promises that the alliance would not expand") or is a denial ("Moscow denies it
    # plans an invasion"): then, negated on one side or both, it neither supports nor refutes. A
    # negation only in the context takes away the support the judge read into the sentence; one on
    # both sides ("cannot compromise" for "will not compromise") is no contradiction.
    text = p.before if hit.context else p.sentence
    word = None if hit.context else _FIRST_WORD.match(p.sentence, hit.at)
    at = word.span(1) if word else None
    framed = [m for m in FRAMED.finditer(text) if frames(m, text, hit.at)]
    denied = re.match(r"den(?:y|ies|ied|ying)\b", text[hit.at :], re.I)
    if hit.agrees:  # moot only where the claim does not itself speak of that demand or plan
        claim_stems = {stem(w) for w in WORD.findall(p.claim)}
        framed = [m for m in framed if stem(m.group().split()[0]) not in claim_stems]
        denied = None
    if framed or denied:
        said = f"only after {framed[-1].group().split()[0]!r}" if framed else "only as denied"
        return [Finding("negation", "moot", f"{hit.reason}, {said}: neither support nor contradiction", None, at)]
    if hit.agrees:
        if hit.context:
            return []
        return [Finding("negation", "agreed" if hit.partial else "agreed-only", hit.reason, None, at)]
    return [Finding("negation", "unasserted" if hit.context else "reversal", hit.reason, None, at)]


def _roles(p: Pair, found: list[Finding]) -> list[Finding]:
    return reversed_roles(p.claim, p.sentence)


def _antonym(p: Pair, found: list[Finding]) -> list[Finding]:
    # A word `direction` or `opposite` already read the other way ("rose" / "fell") is not found twice.
    taken = [f.claim_span for f in found if f.kind == "reversal" and f.claim_span]
    return [f for f in antonyms(p.claim, p.sentence) if not any(_overlap(f.claim_span, t) for t in taken)]


def _overlap(a: Span | None, b: Span) -> bool:
    return a is not None and a[0] < b[1] and b[0] < a[1]


def _substitute(p: Pair, found: list[Finding]) -> list[Finding]:
    return substituted_names(p.claim, p.sentence)


def _quantifier(p: Pair, found: list[Finding]) -> list[Finding]:
    return quantifier_shifts(p.claim, p.sentence)


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule("month", "a month of the claim that the sentence dates otherwise (conflict) or never names (gap)", _month),
        Rule("day", "a day of a month that the sentence gives otherwise for that month", _day),
        Rule("weekday", "a weekday other than the sentence's", _weekday),
        Rule("year", "a year the evidence does not give", _year),
        Rule("number", "a number the evidence gives otherwise (conflict) or not at all (gap)", _number),
        Rule("name", "a name the evidence does not mention, or puts another name in its place", _name),
        Rule("stance", "a reversed stance (welcomed / rejected) with every name of the claim in the sentence", _stance),
        Rule("direction", "a reversed direction of change (rose / fell)", _direction),
        Rule("comparison", "a comparison turned round", _comparison),
        Rule("opposite", "a word of the claim whose opposite the sentence uses", _opposite),
        Rule("unasserted", "the deed only demanded, planned or refused in the sentence or its context", _unasserted),
        Rule("negation", "the claim's word negated on one side (reversal, moot or agreed)", _negation),
        Rule("roles", "the claim's verb with doer and undergoer the other way round in the sentence", _roles),
        Rule("antonym", "a word of the claim whose WordNet antonym the sentence uses instead", _antonym),
        Rule("substitute", "a name of the claim that the sentence, word-aligned, replaces with another", _substitute),
        Rule(
            "quantifier", "the claim's quantifier on a noun stronger than the sentence's, or negating it", _quantifier
        ),
        Rule("verbatim", "the claim is the sentence itself, word for word: entailed whatever the judge says", None),
    )
}
"""The check rules by id, in the order `check` applies them (`verbatim` is applied by `judged`)."""

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
    """What the checks found for one (claim, evidence) pair: the findings, and their messages by kind."""

    findings: list[Finding] = field(default_factory=list)

    def _of(self, *kinds: str) -> list[str]:
        return [f.message for f in self.findings if f.kind in kinds]

    @property
    def conflicts(self) -> list[str]:
        return self._of("conflict")

    @property
    def gaps(self) -> list[str]:
        return self._of("gap")

    @property
    def reversals(self) -> list[str]:
        """A change the other way ("rose" vs "fell"), or the claim's word negated in the sentence only."""
        return self._of("reversal")

    @property
    def unasserted(self) -> list[str]:
        """Only demanded or planned in the evidence, negated only in the context sentence, or roles reversed."""
        return self._of("unasserted")

    @property
    def moot(self) -> list[str]:
        """Negated only in a demand, plan or denial: decides nothing."""
        return self._of("moot")

    @property
    def agreed(self) -> list[str]:
        """The claim's negated word negated here too: no contradiction."""
        return self._of("agreed", "agreed-only")

    @property
    def agreed_only(self) -> bool:
        """... and never stated un-negated, the claim's other words all there."""
        return any(f.kind == "agreed-only" for f in self.findings)

    @property
    def fired(self) -> list[str]:
        """Ids (`RULES`) of the rules that found something, in rule order."""
        return list(dict.fromkeys(f.rule for f in self.findings))


def check(claim: str, evidence: str, sentence: str | None = None, before: str = "") -> CheckResult:
    """Compare a claim with evidence text (`sentence` is the evidence sentence itself, `before` the
    sentence(s) before it, `evidence` the sentence with its title and context; values are looked for in
    the sentence first)."""
    pair = Pair(claim, evidence, sentence or evidence, before)
    found: list[Finding] = []
    for rule in RULES.values():
        if rule.find is not None and _on(rule.id):
            found += rule.find(pair, found)
    return CheckResult(found)
