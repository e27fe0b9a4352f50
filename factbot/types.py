"""Plain data passed between the pipeline stages: articles, documents, chunks, hits and reports.

Data flow: `Article` (raw text + metadata from a source) → `Document` (clean text) → `Chunk`s
(sentences with character offsets into `Document.text`) → stores → `SearchHit`s.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class Article:
    """Raw article text and metadata as read from a source, before cleaning.

    Attributes:
        text: Extracted text (already the main text for HTML/PDF); not yet cleaned.
        source: Where it came from: absolute path, URL, `path#line` for JSONL rows, or a caller's label.
        title: Title if known.
        url: Canonical URL if known.
        published: Publication date as ISO `YYYY-MM-DD` if known.
        author: Author(s) if known.
        id_key: The string the document id derives from (source, or content hash for pasted text).
    """

    text: str
    source: str
    title: str = ""
    url: str = ""
    published: str = ""
    author: str = ""
    id_key: str = ""


@dataclass(frozen=True)
class Document:
    """A cleaned article: `text` is the reference every offset points into."""

    doc_id: str
    text: str
    source: str
    title: str = ""
    url: str = ""
    published: str = ""
    author: str = ""
    content_hash: str = ""


@dataclass(frozen=True)
class Sentence:
    """One sentence: `document.text[start:end] == text`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Chunk:
    """A few consecutive sentences of one document, the unit that is embedded and searched.

    `text` equals `document.text[start:end]`; every sentence lies inside `[start, end]`.
    """

    chunk_id: str
    doc_id: str
    index: int
    start: int
    end: int
    text: str
    sentences: tuple[Sentence, ...]
    title: str = ""
    source: str = ""
    published: str = ""

    def embedding_text(self) -> str:
        """Text given to the embedding model: the title first, so chunks that only say
        "the Secretary General" still match a query that names the person from the headline."""
        return f"{self.title}\n{self.text}" if self.title else self.text

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class SearchHit:
    """A chunk returned by a search, with its fused score (higher is better)."""

    chunk: Chunk
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "score": round(self.score, 6),
            "dense_rank": self.dense_rank,
            "lexical_rank": self.lexical_rank,
            **self.chunk.to_dict(),
        }


@dataclass(frozen=True)
class DocumentRecord:
    """One row of the document registry."""

    doc_id: str
    source: str
    title: str
    url: str
    published: str
    author: str
    content_hash: str
    ingested_at: str
    updated_at: str
    chunk_count: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class IngestFailure:
    """An input that could not be ingested, and why (one line)."""

    source: str
    reason: str
    error: str = ""


@dataclass
class IngestReport:
    """What an ingest call did: doc ids per outcome, and the failures with their reasons."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[IngestFailure] = field(default_factory=list)
    chunks: int = 0

    def merge(self, other: IngestReport) -> None:
        """Add another report's outcomes to this one."""
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.failed += other.failed
        self.chunks += other.chunks

    def summary(self) -> str:
        """One line: counts per outcome."""
        return (
            f"added {len(self.added)}, updated {len(self.updated)}, "
            f"unchanged {len(self.unchanged)}, failed {len(self.failed)} ({self.chunks} chunks written)"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class SearchFilters:
    """Metadata filters for search: documents, source (exact path/URL) and a published-date range."""

    doc_ids: tuple[str, ...] = ()
    source: str = ""
    published_from: str = ""
    published_to: str = ""

    def __bool__(self) -> bool:
        return bool(self.doc_ids or self.source or self.published_from or self.published_to)


@dataclass(frozen=True)
class Evidence:
    """One scored sentence of a document, with the sentences around it for context.

    `quote == document.text[start:end]`; `context` is the sentence window (up to two previous
    sentences, this one, the next one) as it stands in the document, at `[context_start:context_end]`.
    """

    doc_id: str
    title: str
    source: str
    published: str
    quote: str
    start: int
    end: int
    context: str
    context_start: int
    context_end: int
    score: float
    chunk_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {**asdict(self), "score": round(self.score, 4)}


@dataclass(frozen=True)
class Citation:
    """A numbered citation: `quote` is exactly `document.text[start:end]` of document `doc_id`."""

    n: int
    doc_id: str
    title: str
    source: str
    quote: str
    start: int
    end: int
    score: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {**asdict(self), "score": round(self.score, 4)}


@dataclass(frozen=True)
class ShortAnswer:
    """The answering span itself ("Deputy Foreign Minister", "mid-December") inside citation `n`'s quote:
    `text == document.text[start:end]` of document `doc_id`."""

    text: str
    n: int
    doc_id: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass
class Answer:
    """An answer to a question: text with `[n]` markers, the citations they refer to, whether
    the bot abstained, related passages (shown when abstaining, never as citations) and, when the
    question asks for a person, date, place, number or title that the first citation holds, that span
    (`short`)."""

    question: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    abstained: bool = False
    related: list[Evidence] = field(default_factory=list)
    mode: str = "extractive"
    warnings: list[str] = field(default_factory=list)
    short: ShortAnswer | None = None
    id: str = ""  # the stable id of the stored record (`FactBot.record`), set once the answer is final

    def short_in_text(self) -> tuple[int, int] | None:
        """Where `short` stands in `text` (inside its citation's quote there), or None: for showing it in bold.
        Found from the citation's marker back, so a referent shown in brackets at the quote's start does not
        shift it; None unless the text from there to the marker is the quote's own."""
        if self.short is None:
            return None
        quote = next((c for c in self.citations if c.n == self.short.n), None)
        if quote is None:
            return None
        tail = quote.quote[self.short.start - quote.start :]  # from the short answer to the quote's end
        at = self.text.find(f"{tail} [{quote.n}]")
        if at < 0:
            return None
        return at, at + self.short.end - self.short.start

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the same shape as `factbot ask --json`)."""
        return {
            "question": self.question,
            "text": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "abstained": self.abstained,
            "related": [e.to_dict() for e in self.related],
            "mode": self.mode,
            "warnings": list(self.warnings),
            "short": self.short.to_dict() if self.short else None,
            "id": self.id,
        }


class Label(StrEnum):
    """A verdict's label. A `str`: it compares equal to, formats and serialises as its value."""

    SUPPORTED = "SUPPORTED"
    REFUTED = "REFUTED"
    NOT_ENOUGH_INFO = "NOT_ENOUGH_INFO"
    CONFLICTING = "CONFLICTING"


VERDICTS = tuple(Label)  # every label, in this order


Span = tuple[int, int]


@dataclass(frozen=True)
class Finding:
    """What one check rule (`factbot.verify.checks.RULES`) found in a (claim, evidence) pair: the rule's id,
    the kind (`checks.KINDS`: conflict, gap, reversal, unasserted, moot, agreed, agreed-only, verbatim), a
    message, and where the value stands: `claim_span` in the claim checked (a compound claim's part),
    `evidence_span` in the evidence sentence (in a verdict's `JudgedEvidence`: offsets in the document, like
    its `start` / `end`). A span is None where that side does not show the value (a gap), or shows it only in
    the title or the sentence before."""

    rule: str
    kind: str
    message: str
    claim_span: Span | None = None
    evidence_span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (spans as [start, end] or null)."""
        return {
            "rule": self.rule,
            "kind": self.kind,
            "message": self.message,
            "claim_span": list(self.claim_span) if self.claim_span else None,
            "evidence_span": list(self.evidence_span) if self.evidence_span else None,
        }


@dataclass(frozen=True)
class JudgedEvidence:
    """An evidence sentence as judged against a claim, citable: `quote == document.text[start:end]`.

    `stance` is "supports", "contradicts" or "neutral" (closest evidence when nothing decides);
    `probs` are the judge's [entails, neutral, contradicts] before the consistency checks;
    `checks` are what the number/date/entity checks found (conflicts first), `rules` the ids of the check
    rules that found something in this sentence (`factbot.verify.checks.RULES`), whether or not they decided,
    and `findings` what each found, typed, with its spans (evidence spans in document offsets).
    """

    n: int
    doc_id: str
    title: str
    source: str
    quote: str
    start: int
    end: int
    stance: str
    score: float
    probs: tuple[float, float, float] = (0.0, 1.0, 0.0)
    checks: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        d = asdict(self)
        d["rules"] = list(self.rules)
        d["findings"] = [f.to_dict() for f in self.findings]
        d["score"] = round(self.score, 4)
        d["probs"] = [round(p, 4) for p in self.probs]
        d["checks"] = list(self.checks)
        return d


@dataclass
class Verdict:
    """The verdict on a claim: a `Label`, a confidence in [0, 1], the deciding evidence
    (numbered citations), and for compound claims the verdicts of the parts. `asked` is the yes/no
    question the user gave when `claim` is the statement it was read as ("" otherwise); `reply()` is then
    its answer word."""

    claim: str
    label: Label
    confidence: float
    evidence: list[JudgedEvidence] = field(default_factory=list)
    subclaims: list[Verdict] = field(default_factory=list)
    judge: str = ""
    notes: list[str] = field(default_factory=list)
    asked: str = ""
    id: str = ""  # the stable id of the stored record (`FactBot.record`); "" for a compound claim's parts

    def reply(self) -> str:
        """For a yes/no question: "Yes" (SUPPORTED), "No" (REFUTED), else "" (the sources don't settle it)."""
        if not self.asked:
            return ""
        return {Label.SUPPORTED: "Yes", Label.REFUTED: "No"}.get(self.label, "")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the same shape as `factbot verify --json`)."""
        return {
            "claim": self.claim,
            "label": str(self.label),
            "confidence": round(self.confidence, 4),
            "evidence": [e.to_dict() for e in self.evidence],
            "subclaims": [s.to_dict() for s in self.subclaims],
            "judge": self.judge,
            "notes": list(self.notes),
            "asked": self.asked,
            "id": self.id,
        }
