"""Stage 7c, the fact-check report of a whole text: each check-worthy sentence as a stand-alone claim with
its verdict, and a summary.

Contracts: `TextReport.text[c.start:c.end] == c.span` for every `CheckedClaim` c; `claims` are in text
order and numbered from 1; `summary()` counts them by label; `to_dict()` is the JSON shape of
`factbot check-text --format json` and `POST /api/check-text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from factbot.check.worthiness import Worthiness
from factbot.types import Label, Verdict

SUMMARY_WORDS = {
    Label.SUPPORTED: "supported",
    Label.REFUTED: "refuted",
    Label.CONFLICTING: "conflicting",
    Label.NOT_ENOUGH_INFO: "without enough evidence",
}


@dataclass
class CheckedClaim:
    """One checked claim: the sentence as it stands in the text (`span`, at `start:end`), the stand-alone
    claim that was verified (`claim`: pronouns and titles resolved from the text, `resolved` lists them),
    the reasons it was judged check-worthy, and the verdict."""

    n: int
    span: str
    start: int
    end: int
    claim: str
    verdict: Verdict
    reasons: tuple[str, ...] = ()
    resolved: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "n": self.n,
            "span": self.span,
            "start": self.start,
            "end": self.end,
            "claim": self.claim,
            "resolved": [list(r) for r in self.resolved],
            "reasons": list(self.reasons),
            "verdict": self.verdict.to_dict(),
        }


@dataclass
class TextReport:
    """The report on a text: the text, every sentence's check-worthiness, the checked claims, where the text
    came from (`url`, `published`: for ClaimReview's `itemReviewed`), when it was checked, warnings, and how many
    claims are to be checked (`planned`; `claims` holds fewer only while `TextChecker.stream` is running)."""

    text: str
    sentences: list[Worthiness]
    claims: list[CheckedClaim]
    checked_at: str
    url: str = ""
    title: str = ""
    published: str = ""
    as_of: str = ""
    warnings: list[str] = field(default_factory=list)
    planned: int = 0

    @property
    def done(self) -> bool:
        """Every planned claim is checked."""
        return len(self.claims) >= self.planned

    def counts(self) -> dict[Label, int]:
        """Claims per label, every label present."""
        out = dict.fromkeys(Label, 0)
        for c in self.claims:
            out[c.verdict.label] += 1
        return out

    def summary(self) -> str:
        """One line: "12 claims checked: 3 supported, 1 refuted, 8 without enough evidence"."""
        if not self.claims:
            return f"No check-worthy claims found in {len(self.sentences)} sentences."
        counts = self.counts()
        parts = [f"{counts[label]} {word}" for label, word in SUMMARY_WORDS.items() if counts[label]]
        return f"{len(self.claims)} claim{'s' if len(self.claims) != 1 else ''} checked: " + ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "summary": self.summary(),
            "counts": {str(k): v for k, v in self.counts().items()},
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "as_of": self.as_of,
            "checked_at": self.checked_at,
            "claims": [c.to_dict() for c in self.claims],
            "sentences": [s.to_dict() for s in self.sentences],
            "warnings": list(self.warnings),
            "text": self.text,
        }
