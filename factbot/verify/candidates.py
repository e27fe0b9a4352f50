"""Stage 6, verification (2): evidence candidates that do not come from the index.

- `given_evidence`: caller-given texts (str or `Article`) → every sentence as an `Evidence` candidate,
  with offsets into the cleaned text (raises what `build_document` raises for an unusable text).
- `rank_given`: those candidates ranked for a claim (best first, `score` set): half embedding
  similarity, half keyword coverage.
- `states_something`: whether a candidate can state a fact (a bare heading cannot); the claim
  pipeline judges only those.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from factbot.ingest.documents import build_document, content_hash
from factbot.text.sentences import split_sentences
from factbot.text.terms import ends_sentence, query_terms, stems
from factbot.types import Article, Evidence

if TYPE_CHECKING:
    from factbot.store.embeddings import Embedder

HEADING_WORDS = 8  # a line of at most this many words and no end punctuation is a heading, not evidence


def states_something(e: Evidence) -> bool:
    """Whether a candidate sentence can state a fact: a bare heading ("NATO sends its own proposals",
    "Europe consulted": few words, no end punctuation) cannot, yet the judge reads it with the sentence
    before it and finds support in the shared words."""
    return len(e.quote.split()) > HEADING_WORDS or ends_sentence(e.quote)


def given_evidence(texts: Sequence[str | Article]) -> list[Evidence]:
    """Every sentence of caller-given texts as an `Evidence` candidate (offsets into the cleaned text)."""
    out: list[Evidence] = []
    for i, item in enumerate(texts, start=1):
        article = item if isinstance(item, Article) else Article(text=str(item), source=f"given text {i}")
        if not article.id_key:
            article = Article(**{**article.__dict__, "id_key": content_hash(article.source, article.text)})
        doc = build_document(article)
        sents = split_sentences(doc.text)
        for j, s in enumerate(sents):
            c_start = sents[max(0, j - 2)].start
            c_end = sents[j + 1].end if j + 1 < len(sents) else s.end
            out.append(
                Evidence(
                    doc.doc_id,
                    doc.title,
                    doc.source,
                    doc.published,
                    s.text,
                    s.start,
                    s.end,
                    doc.text[c_start:c_end],
                    c_start,
                    c_end,
                    0.0,
                )
            )
    return out


def rank_given(
    claim: str, candidates: list[Evidence], embedder: Embedder, vectors: np.ndarray | None = None
) -> list[Evidence]:
    """Rank given sentences for a claim: half embedding similarity, half keyword coverage."""
    if not candidates:
        return []
    if vectors is None:
        vectors = embedder.encode([e.quote for e in candidates])
    sims = vectors @ embedder.encode([claim])[0]
    terms = {s for t in query_terms(claim) for s in stems(t)}
    scored = []
    for e, sim in zip(candidates, sims, strict=True):
        have = stems(f"{e.title} {e.context}")
        coverage = len(terms & have) / len(terms) if terms else 0.0
        scored.append(Evidence(**{**e.__dict__, "score": 0.5 * float(sim) + 0.5 * coverage}))
    scored.sort(key=lambda x: -x.score)
    return scored
