"""Stage 6, verification (4): judged evidence → a `Verdict`.

- `aggregate(claim, judged, thresholds, judge_name, shown)`: one claim's `Judged` candidates → a
  `Verdict`: SUPPORTED / REFUTED on the thresholds, CONFLICTING when strong support and strong
  contradiction come from different documents, otherwise NOT_ENOUGH_INFO with the closest evidence (and
  "No evidence found" when there is none). When one document both supports and contradicts, the
  stronger side decides and both sides' sentences are shown. A SUPPORTED or REFUTED whose calibrated
  confidence is below `Thresholds.gate` (such verdicts were right less often than that on the tune split)
  becomes NOT_ENOUGH_INFO, with a note saying which way the evidence leans and how often it is right.
- `conjunction(claim, parts, judge_name)`: the verdicts of a compound claim's parts → one `Verdict`:
  refuted if any part is, supported only if all are.
- `configured_thresholds(settings)`: the thresholds calibrated for `settings.model`, overridden by the
  settings' own (logs a warning, once per judge, when the judge was never calibrated).

Nothing here raises. The labels are `factbot.types.Label`; `SUPPORTED`, `REFUTED`, `NEI` and
`CONFLICTING` are its members under their historical names.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from factbot.config import VerifySettings
from factbot.types import JudgedEvidence, Label, Verdict
from factbot.verify.judged import Judged, Thresholds
from factbot.verify.judges import calibration

log = logging.getLogger(__name__)
_UNCALIBRATED_WARNED: set[str] = set()

SUPPORTED = Label.SUPPORTED
REFUTED = Label.REFUTED
NEI = Label.NOT_ENOUGH_INFO
CONFLICTING = Label.CONFLICTING


def configured_thresholds(settings: VerifySettings) -> Thresholds:
    """Verdict thresholds: calibrated for the configured judge, overridden by settings if given."""
    cal = calibration(settings.model)
    overridden = settings.support_threshold is not None and settings.refute_threshold is not None
    if not cal and not overridden and settings.model not in _UNCALIBRATED_WARNED:
        _UNCALIBRATED_WARNED.add(settings.model)  # once per judge, not on every claim
        log.warning(
            "verify.model %r has no calibrated thresholds (run benchmarks/eval_verify.py --calibrate "
            "--judges %s); using the defaults, which were not fitted for it",
            settings.model,
            settings.model,
        )
    return Thresholds(
        support=settings.support_threshold if settings.support_threshold is not None else cal.get("support", 0.5),
        refute=settings.refute_threshold if settings.refute_threshold is not None else cal.get("refute", 0.6),
        gap_factor=cal.get("gap_factor", 0.5),
        negated_refutes=(
            settings.negated_refutes if settings.negated_refutes is not None else bool(cal.get("negated_refutes", True))
        ),
        confidence=tuple(
            (label, tuple(m["x"]), tuple(m["y"])) for label, m in sorted(cal.get("confidence", {}).items())
        ),
        gate=settings.min_precision if settings.min_precision is not None else float(cal.get("gate", 0.0)),
        gated_labels=tuple(cal.get("gate_labels", ("SUPPORTED", "REFUTED"))),
    )


def aggregate(claim: str, judged: Sequence[Judged], thresholds: Thresholds, judge_name: str, shown: int = 3) -> Verdict:
    """One verdict from judged evidence (see the module docstring)."""
    if not judged:
        return Verdict(claim, NEI, 1.0, judge=judge_name, notes=["No evidence found for this claim."])
    scored = [(j, j.adjusted(thresholds)) for j in judged]
    support = max(scored, key=lambda x: x[1][0])
    refute = max(scored, key=lambda x: x[1][2])
    strong_sup, strong_ref = support[1][0] >= thresholds.support, refute[1][2] >= thresholds.refute
    # One source that both supports and contradicts: the stronger decides; if that is two of its
    # sentences (`mixed`), both sides are shown.
    one_source = strong_sup and strong_ref and support[0].evidence.doc_id == refute[0].evidence.doc_id
    mixed = one_source and support[0] is not refute[0]
    if one_source:
        strong_sup, strong_ref = support[1][0] >= refute[1][2], support[1][0] < refute[1][2]
    # Decisions use `adjusted`; confidences and evidence scores what the judge itself reports.
    scored = [(j, j.reported(thresholds)) for j, _ in scored]
    sup = max(float(a[0]) for _, a in scored)
    ref = max(float(a[2]) for _, a in scored)
    notes: list[str] = []
    if strong_sup and strong_ref:
        label, confidence = CONFLICTING, min(sup, ref)
        notes.append("Sources disagree: one supports the claim, another contradicts it.")
    elif strong_sup:
        label, confidence = SUPPORTED, sup
    elif strong_ref:
        label, confidence = REFUTED, ref
    else:
        label, confidence = NEI, 1.0 - max(sup, ref)
    if label in (SUPPORTED, REFUTED) and thresholds.gated(label, confidence):
        notes.append(
            f"The evidence leans {label}, but verdicts like this were right only "
            f"{thresholds.calibrated(label, confidence):.0%} of the time in testing (factbot needs "
            f"{thresholds.gate:.0%}): read the evidence."
        )
        label, confidence, mixed = NEI, 1.0 - max(sup, ref), False
    picked: list[tuple[str, float, Judged]] = []
    if label in (SUPPORTED, CONFLICTING) or mixed:
        picked += [("supports", float(a[0]), j) for j, a in scored if a[0] >= thresholds.support]
    if label in (REFUTED, CONFLICTING) or mixed:
        picked += [("contradicts", float(a[2]), j) for j, a in scored if a[2] >= thresholds.refute]
    if label == NEI:
        # Closest first; a sentence that only demands or plans the claim's deed, or negates it only in a
        # demand or denial, is as close as the judge found it (its support was taken away, not its relevance).
        # Likewise a sentence whose contradiction was set aside (`Judged.set_aside`).
        picked = [
            ("neutral", float(1.0 - (j.probs[1] if j.unasserted or j.moot or j.set_aside(thresholds) else a[1])), j)
            for j, a in scored
        ]
        notes.append("The sources do not settle this claim; the closest evidence is listed.")
        if any(j.set_aside(thresholds) and j.probs[2] >= thresholds.refute for j, _ in scored):
            notes.append(
                "The verifier model reads a sentence as contradicting this claim, but the claim says 'not' and "
                "no stated fact conflicts with it: such readings were wrong more often than right in testing, "
                "so the claim is not called REFUTED. Read the evidence."
            )
    picked.sort(key=lambda x: -x[1])
    if mixed:  # the losing side's best sentence is shown too, so the reader can weigh both
        once: dict[int, tuple[str, float, Judged]] = {}
        for x in picked:  # a sentence past both thresholds is listed once, under its stronger side
            once.setdefault(id(x[2]), x)
        picked = list(once.values())
        other = "contradicts" if label == SUPPORTED else "supports"
        best_other = next((x for x in picked if x[0] == other), None)
        if best_other and best_other not in picked[:shown]:
            picked = [*picked[: shown - 1], best_other]
        notes.append(
            f"The same source also has a sentence that {other} the claim, less strongly: both are listed; read them."
        )
    evidence = []
    for n, (stance, score, j) in enumerate(picked[:shown], start=1):
        e = j.evidence
        raw = (float(j.probs[0]), float(j.probs[1]), float(j.probs[2]))
        quote, start, end = j.cited()
        evidence.append(
            JudgedEvidence(
                n,
                e.doc_id,
                e.title,
                e.source,
                quote,
                start,
                end,
                stance,
                score,
                raw,
                j.conflicts + j.gaps + j.reversals + j.unasserted + j.moot,
                j.rules,
                j.located_findings(),
            )
        )
        if stance == "contradicts":
            notes += [c for c in j.conflicts + j.reversals if c not in notes]
    return Verdict(
        claim, label, round(thresholds.calibrated(label, confidence), 4), evidence, judge=judge_name, notes=notes
    )


def conjunction(claim: str, parts: list[Verdict], judge_name: str) -> Verdict:
    """The verdict on a compound claim: refuted if any part is, supported only if all are."""
    labels = [p.label for p in parts]
    if REFUTED in labels:
        label = REFUTED
        confidence = max(p.confidence for p in parts if p.label == REFUTED)
    elif CONFLICTING in labels:
        label, confidence = CONFLICTING, min(p.confidence for p in parts if p.label == CONFLICTING)
    elif NEI in labels:
        label, confidence = NEI, min(p.confidence for p in parts if p.label == NEI)
    else:
        label, confidence = SUPPORTED, min(p.confidence for p in parts)
    evidence: list[JudgedEvidence] = []
    for part in parts:
        for e in part.evidence:
            if not any(x.doc_id == e.doc_id and x.start == e.start for x in evidence):
                evidence.append(
                    JudgedEvidence(
                        len(evidence) + 1,
                        *[
                            getattr(e, f)
                            for f in (
                                "doc_id",
                                "title",
                                "source",
                                "quote",
                                "start",
                                "end",
                                "stance",
                                "score",
                                "probs",
                                "checks",
                                "rules",
                                "findings",
                            )
                        ],
                    )
                )
    notes = [f"Compound claim: {len(parts)} parts verified separately; the verdict holds only if all parts hold."]
    return Verdict(claim, label, confidence, evidence, subclaims=parts, judge=judge_name, notes=notes)
