"""Stage 5b, evidence: score the sentences inside the top chunks against a question.

A sentence's score mixes (a) cosine similarity of question and sentence under the same embedding
model, (b) IDF-weighted coverage of the question's content words by the sentence, and (c) the same
coverage by its context: the two sentences before it and the title count at a quarter weight, and
names in them count fully when the sentence opens by referring back ("He…", "The Secretary…"). So "The
Secretary General also demanded…" is found for "What did Stoltenberg demand?": the sentence says
"demanded", the context before it names Stoltenberg.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from factbot.store.embeddings import Embedder
from factbot.store.registry import Registry
from factbot.text.terms import query_terms, stem, stems
from factbot.types import Evidence, SearchHit, Sentence

DENSE_WEIGHT = 0.5
KEYWORD_WEIGHT = 0.5
CONTEXT_FACTOR = 0.25  # a term found only in the context counts a quarter...
CONTEXT_SENTENCES = 2  # sentences before a sentence that count as its context ("He ...", "The minister ...")
SCORING_BATCH = 2  # sentences per model call when scoring: sorted by length, little of each batch is padding


# ...except a name from the context in a sentence that opens by referring back ("He said…", "The
# Secretary General also…"): such a sentence is about whoever its context names.
_REFERS_BACK = re.compile(r"^[\"“']?(?:He|She|They|It|His|Her|Their|Its|The\s+(?:[A-Z][\w.-]*\s+){1,4})\b")


@dataclass
class _Candidate:
    doc_id: str
    sentence: Sentence
    before: list[Sentence]
    following: Sentence | None
    title: str
    source: str
    published: str
    chunk_id: str
    rank: int


def _candidates(hits: Sequence[SearchHit], registry: Registry) -> list[_Candidate]:
    """Unique sentences of the hit chunks, each with its neighbours from the whole document."""
    out: list[_Candidate] = []
    seen: set[tuple[str, int]] = set()
    by_doc: dict[str, list[Sentence]] = {}
    for rank, hit in enumerate(hits, start=1):
        c = hit.chunk
        if c.doc_id not in by_doc:
            by_doc[c.doc_id] = registry.sentences(c.doc_id)
        doc_sentences = by_doc[c.doc_id]
        position = {s.start: i for i, s in enumerate(doc_sentences)}
        for s in c.sentences:
            if (c.doc_id, s.start) in seen:
                continue
            seen.add((c.doc_id, s.start))
            i = position.get(s.start)
            before = doc_sentences[max(0, i - CONTEXT_SENTENCES) : i] if i is not None else []
            nxt = doc_sentences[i + 1] if i is not None and i + 1 < len(doc_sentences) else None
            out.append(_Candidate(c.doc_id, s, before, nxt, c.title, c.source, c.published, c.chunk_id, rank))
    return out


def _coverage(cand: _Candidate, weights: dict[str, float]) -> float:
    """IDF-weighted coverage of the question's words by a sentence and, partly, its context."""
    own = stems(cand.sentence.text)
    context = " ".join([cand.title, *(b.text for b in cand.before)])
    ctx = stems(context)
    refers_back = _REFERS_BACK.match(cand.sentence.text)
    names = stems(" ".join(re.findall(r"\b[A-Z][\w-]+", context))) if refers_back else set()
    return sum(w if t in own or t in names else CONTEXT_FACTOR * w if t in ctx else 0.0 for t, w in weights.items())


def score_evidence(
    question: str,
    hits: Sequence[SearchHit],
    *,
    embedder: Embedder,
    registry: Registry,
    query_vector: np.ndarray | None = None,
    dense_candidates: int = 6,
    ignore: Collection[str] = (),
) -> list[Evidence]:
    """Every sentence of the hit chunks as `Evidence`, best first; words in `ignore` (lower-case) do not
    count towards keyword coverage (they name the answer's type: "position" in "What position …")."""
    candidates = _candidates(hits, registry)
    if not candidates:
        return []
    terms = [t for t in query_terms(question) if t not in ignore] or query_terms(question)
    weights = {stem(t): math.log1p(registry.inverse_frequency(t)) for t in terms}
    total = sum(weights.values()) or 1.0
    coverages = [_coverage(cand, weights) / total for cand in candidates]
    # Embedding sentences is the slow part of a question: only the most promising ones (by keyword
    # coverage, then by the rank of their chunk) are embedded; the rest get no dense score.
    order = sorted(range(len(candidates)), key=lambda i: (-coverages[i], candidates[i].rank, i))
    chosen = order[:dense_candidates]
    qv = query_vector if query_vector is not None else embedder.encode([question])[0]
    sims = np.zeros(len(candidates), dtype=np.float32)
    if chosen:
        sims[chosen] = embedder.encode([candidates[i].sentence.text for i in chosen], batch_size=SCORING_BATCH) @ qv
    texts: dict[str, str] = {}
    scored: list[Evidence] = []
    for cand, sim, coverage in zip(candidates, sims, coverages, strict=True):
        score = DENSE_WEIGHT * float(sim) + KEYWORD_WEIGHT * coverage
        if cand.doc_id not in texts:
            texts[cand.doc_id] = registry.text(cand.doc_id) or ""
        c_start = cand.before[0].start if cand.before else cand.sentence.start
        c_end = cand.following.end if cand.following else cand.sentence.end
        scored.append(
            Evidence(
                doc_id=cand.doc_id,
                title=cand.title,
                source=cand.source,
                published=cand.published,
                quote=cand.sentence.text,
                start=cand.sentence.start,
                end=cand.sentence.end,
                context=texts[cand.doc_id][c_start:c_end],
                context_start=c_start,
                context_end=c_end,
                score=score,
                chunk_id=cand.chunk_id,
            )
        )
    scored.sort(key=lambda e: (-e.score, e.doc_id, e.start))
    return scored
