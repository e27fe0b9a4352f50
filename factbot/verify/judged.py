"""Stage 6, verification (3): each candidate judged against a claim, then checked.

`judge_evidence(claim, candidates, judge)` → one `Judged` per candidate, in the candidates' order (the
first is the best-matching one). Each pair is scored by the judge (`factbot.verify.judges`) with the
article title and the previous sentence(s) as context; the consistency checks
(`factbot.verify.checks`) then say what in the evidence conflicts with the claim, is missing from it,
or is stated the other way. Raises whatever the judge raises.

`Judged.adjusted(thresholds)` applies the checks to the judge's probabilities (what decides a
verdict); `Judged.reported(thresholds)` is what a verdict shows. `Thresholds` says when a pair counts
as support or contradiction. Why the rules are as they are: docs/decisions/verify-checks.md.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from factbot.text.sentences import split_sentences
from factbot.text.terms import query_terms, stems
from factbot.types import Evidence, Finding
from factbot.verify.checks import check, verbatim
from factbot.verify.judges import Judge, premise_text
from factbot.verify.splitting import negated
from factbot.verify.values import truecase

# A conflicting number, date or name decides contradiction only in evidence about the same thing: evidence
# (with its title and context) that shares at least this share of the claim's other words. Elsewhere it
# only weakens, like a gap: a conflict in an unrelated sentence is noise.
CONFLICT_OVERLAP = 0.6
# Below this share of the claim's words in the sentence itself, a sentence before it that holds more is
# cited with it (`Judged.cited`); verdicts do not change.
CONTEXT_LED = 0.5
_REFERS_BACK = re.compile(r"^[\"“']?(?:He|She|They|It|His|Her|Their|Its|The\s+[A-Z]|The\s+\w+\s+[A-Z])")


@dataclass(frozen=True)
class Thresholds:
    """When a judged pair counts as support or contradiction, and how much a gap weakens evidence.
    `negated_refutes` says whether the judge's own contradiction of a claim that says "not" counts (see
    `Judged.negation_led`); the shipped model's calibration turns it off."""

    support: float = 0.5
    refute: float = 0.6
    gap_factor: float = 0.5
    negated_refutes: bool = True
    # Per verdict label, an increasing map (x: the deciding score, y: how often such verdicts were right on
    # the tune split), fitted by `python -m benchmarks.calibrate_confidence`; empty: the raw score is shown.
    confidence: tuple[tuple[str, tuple[float, ...], tuple[float, ...]], ...] = ()
    # SUPPORTED / REFUTED only where the label's map gives at least this (0: no gate; a label without a map
    # is never gated, since its raw score is not a probability).
    gate: float = 0.0
    gated_labels: tuple[str, ...] = ("SUPPORTED", "REFUTED")  # which verdicts the gate applies to

    def calibrated(self, label: str, raw: float) -> float:
        """The confidence to show for a verdict of ``label`` whose deciding score is ``raw``."""
        for name, xs, ys in self.confidence:
            if name == label:
                return float(np.interp(raw, xs, ys))
        return raw

    def gated(self, label: str, raw: float) -> bool:
        """Whether a ``label`` verdict with deciding score ``raw`` falls below the precision gate."""
        mapped = any(name == label for name, _, _ in self.confidence)
        return self.gate > 0 and label in self.gated_labels and mapped and self.calibrated(label, raw) < self.gate


def _before(e: Evidence) -> tuple[str, int]:
    """The previous sentence, or two when the evidence sentence refers back ("The Secretary General..."),
    and where it starts in the document."""
    prefix = e.context[: e.start - e.context_start]
    previous = split_sentences(prefix)
    if not prefix.strip() or not previous:
        return "", e.start
    used = previous[-2:] if _REFERS_BACK.match(e.quote) else previous[-1:]
    return " ".join(s.text for s in used), e.context_start + used[0].start


@dataclass(frozen=True)
class Judged:
    """One candidate as judged: the judge's raw probabilities and what the consistency checks found."""

    evidence: Evidence
    probs: np.ndarray
    conflicts: tuple[str, ...]
    gaps: tuple[str, ...]
    best: bool = False  # the best-matching candidate (first in retrieval order)
    overlap: float = 1.0  # share of the claim's words (numbers aside) the evidence and its context contain
    reversals: tuple[str, ...] = ()  # the evidence states a change the other way ("rose" vs "fell")
    unasserted: tuple[str, ...] = ()  # the evidence only reports the claim's deed as demanded or planned
    shares_words: bool = True  # the sentence itself (not only its context) has one of the claim's words
    moot: tuple[str, ...] = ()  # the claim's word negated in a demand, plan or denial: neither side
    agreed: tuple[str, ...] = ()  # the claim's negated word negated here too: its contradiction is not that
    agreed_only: bool = False  # ... never stated un-negated, and the claim's other words all there
    read_from: int | None = None  # where the sentence before starts, when it holds the claim more than this one
    claim_negated: bool = False  # the claim says "not", "never", "no", ... (`negated`)
    rules: tuple[str, ...] = ()  # ids of the check rules that found something here (`checks.RULES`)
    verbatim: bool = False  # the claim is this sentence word for word (rule `verbatim`)
    findings: tuple[Finding, ...] = ()  # what each rule found, with spans in the claim and the sentence

    def located_findings(self) -> tuple[Finding, ...]:
        """`findings` with their evidence spans as offsets in the document (the sentence's own + its start)."""
        at = self.evidence.start
        return tuple(
            dataclasses.replace(f, evidence_span=(at + f.evidence_span[0], at + f.evidence_span[1]))
            if f.evidence_span
            else f
            for f in self.findings
        )

    @property
    def negation_led(self) -> bool:
        """The claim says "not" and nothing but the judge would read contradiction here: no number, date or
        name conflicts, no change or negation is stated the other way, and the sentence does not negate
        the claim's word as the claim does. Such a contradiction may come from the claim's own wording
        (see docs/decisions/verify-checks.md); whether it counts is the calibration's `negated_refutes`."""
        return self.claim_negated and not (self.conflicts or self.reversals or self.agreed_only)

    def set_aside(self, thresholds: Thresholds) -> bool:
        """Whether the judge's contradiction here is set aside: `negation_led`, and the calibration says
        such contradictions do not count."""
        return self.negation_led and not thresholds.negated_refutes

    def cited(self) -> tuple[str, int, int]:
        """The quote a reader needs to check the judgement, with its offsets: the sentence, and the one
        before it when that holds more of the claim's words (`context_led`): the judge read the two
        together, and the support may lie in the sentence before."""
        e = self.evidence
        if self.read_from is None:
            return e.quote, e.start, e.end
        return e.context[self.read_from - e.context_start : e.end - e.context_start], self.read_from, e.end

    @property
    def deciding_conflict(self) -> bool:
        """A conflict in evidence about the same thing as the claim (see `CONFLICT_OVERLAP`) that states
        it as done: "demanded that Moscow withdraw troops from Moldova" refutes no claim about Belarus."""
        return bool(self.conflicts) and self.overlap >= CONFLICT_OVERLAP and not (self.unasserted or self.moot)

    def adjusted(self, thresholds: Thresholds) -> np.ndarray:
        """[entails, neutral, contradicts] after the checks: a conflict turns relevance into
        contradiction (a conflict with the best-matching sentence decides) when the evidence is about the
        same thing; a gap (evidence that never names what the claim is about), or a conflict in evidence
        about something else, weakens both support and contradiction; evidence that only reports the
        claim's deed as demanded or planned gives it no support, one that negates the claim's word only
        in a demand or a denial (`moot`) neither support nor contradiction, and a sentence without any
        of the claim's words, or negating what the claim negates (`agreed`), no contradiction; nor does
        the judge alone contradict a claim that says "not", unless `thresholds.negated_refutes`. A claim that is
        the sentence word for word (`verbatim`) is entailed, whatever the judge read."""
        if self.verbatim:  # the sentence says exactly what the claim says
            return np.array([1.0, 0.0, 0.0])
        p = self.probs.astype(np.float64)
        if self.moot:  # "asking for promises that the alliance would not expand" settles nothing about it
            return np.array([0.0, 1.0, 0.0])
        if self.unasserted:  # "demanded that Moscow withdraw" does not say that it withdrew
            p = np.array([0.0, p[1] + p[0], p[2]])
        if self.agreed_only:
            # Negating what the claim negates, with all its words and never un-negated, agrees with it:
            # the judge leans to contradiction whenever both say "not", so that is read as support.
            p = np.array([p[0] + p[2], p[1], 0.0])
        elif not self.shares_words or self.agreed or self.set_aside(thresholds):
            # No contradiction from a sentence without the claim's words (whatever its context made of
            # it), from one negating what the claim negates (maybe about something else), nor from the
            # judge alone for a claim that says "not" when the calibration says so (`negation_led`).
            p = np.array([p[0], p[1] + p[2], 0.0])
        if self.deciding_conflict:
            contra = 1.0 if self.best else max(float(p[2]), 1.0 - float(p[1]))
            return np.array([0.0, 1.0 - contra, contra])
        if self.gaps or self.conflicts:
            entail, contra = float(p[0]) * thresholds.gap_factor, float(p[2]) * thresholds.gap_factor
            return np.array([entail, 1.0 - entail - contra, contra])
        if self.reversals and p[0] > p[2]:
            # The judge's "entails" on a sentence that says the change went the other way is the shared
            # words speaking: read it as contradiction.
            return np.array([p[2], p[1], p[0]])
        return p

    def reported(self, thresholds: Thresholds) -> np.ndarray:
        """`adjusted`, except for a conflict with the best-matching sentence: it decides contradiction
        outright, but its reported strength is the judge's own contradiction or relevance (at least the
        refute threshold), not certainty: the checks find real mismatches yet are not always right."""
        if self.deciding_conflict and self.best:
            p = self.probs.astype(np.float64)
            contra = max(thresholds.refute, float(p[2]), 1.0 - float(p[1]))
            return np.array([0.0, 1.0 - contra, contra])
        return self.adjusted(thresholds)


def judge_evidence(claim: str, candidates: Sequence[Evidence], judge: Judge) -> list[Judged]:
    """Judge each candidate with its title and previous sentence(s), then run the checks on it. A claim
    typed in lower case is checked with the capitals its candidates use, so that its names are found."""
    spans = [_before(e) for e in candidates]
    befores = [b for b, _ in spans]
    probs = judge.judge([(premise_text(e.quote, b, e.title), claim) for e, b in zip(candidates, befores, strict=True)])
    cased = truecase(claim, [e.context for e in candidates])  # not titles: "Russia Demands NATO Guarantees"
    claim_negated = negated(cased)
    out = []
    for i, (e, (b, b_start), p) in enumerate(zip(candidates, spans, probs, strict=True)):
        found = check(cased, f"{e.title}. {b} {e.quote}", e.quote, b)
        own = claim_overlap(cased, e.quote)
        same = verbatim(cased, e.quote)
        findings = tuple(found.findings)
        if same:
            whole = "the claim is the sentence word for word"
            findings += (Finding("verbatim", "verbatim", whole, (0, len(cased)), (0, len(e.quote))),)
        out.append(
            Judged(
                e,
                np.asarray(p),
                tuple(found.conflicts),
                tuple(found.gaps),
                best=i == 0,
                overlap=claim_overlap(cased, f"{e.title} {e.context}"),
                reversals=tuple(found.reversals),
                unasserted=tuple(found.unasserted),
                shares_words=own > 0,
                moot=tuple(found.moot),
                agreed=tuple(found.agreed),
                agreed_only=found.agreed_only,
                read_from=b_start if context_led(cased, e.quote, b, own) else None,
                claim_negated=claim_negated,
                rules=(*found.fired, "verbatim") if same else tuple(found.fired),
                verbatim=same,
                findings=findings,
            )
        )
    return out


def context_led(claim: str, sentence: str, before: str, own: float | None = None) -> bool:
    """Whether the sentence holds under half of the claim's words (`own`, if known) and the sentence
    before it adds some: the judge, which reads both, may have found its support there."""
    own = claim_overlap(claim, sentence) if own is None else own
    return bool(before) and own < CONTEXT_LED and claim_overlap(claim, f"{before} {sentence}") > own


def claim_overlap(claim: str, text: str) -> float:
    """Share of the claim's content words, numbers aside, that the text contains (by stem)."""
    words = [w for w in query_terms(claim) if not re.fullmatch(r"[\d.,]+", w)]
    if not words:
        return 1.0
    have = stems(text)
    return sum(bool(stems(w) & have) for w in words) / len(words)
