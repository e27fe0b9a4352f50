"""The retriever of one index: queries → hybrid-search hits, or → scored sentence evidence.

Contract: `search(query, k, filters, as_of)` → (`SearchHit`s best first, warnings): the fused candidates
reranked by their best sentence's evidence score (`score_evidence`, the score answers use), fusion
order breaking ties; `SearchHit.score` stays the fusion score;
`evidence(question, k, filters, as_of, scored_by)` → (`Evidence` sentences best first, warnings), the
words `answer_words(question)` names left out of keyword coverage (they name the answer's type); the
chunks are found with the whole question, their sentences scored against `scored_by` when given (a
question's asking sentence, without its preamble). Filters are a
`SearchFilters` or its fields as a dict (JSON from the API). Raises `QueryError` for an empty or
over-long query, a bad filter or a bad `as_of`; `ConfigError` while the index needs a reindex.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from factbot.config import AnswerSettings
from factbot.retrieve.evidence import score_evidence
from factbot.retrieve.search import check_filters, check_query, search_as_of
from factbot.store.stores import Stores
from factbot.types import Evidence, SearchFilters, SearchHit

Filters = SearchFilters | dict[str, Any] | None  # a filter object, or its fields as a dict
AsOf = str | date | None  # what "this week" counts back from: YYYY-MM-DD, a date, or None for today


def as_filters(filters: Filters) -> SearchFilters | None:
    """Accept filters as `SearchFilters` or a plain dict (JSON from the API).

    Raises:
        QueryError: a dict with an unknown key or a value of the wrong type.
    """
    if isinstance(filters, dict):
        return check_filters(filters)
    return filters


class Retriever:
    """Hybrid search and sentence evidence over one index's stores, with its answer settings."""

    def __init__(
        self, stores: Stores, settings: AnswerSettings, answer_words: Callable[[str], tuple[str, ...]] | None = None
    ) -> None:
        self.stores = stores
        self.settings = settings
        self.answer_words = answer_words or (lambda _question: ())

    def search(self, query: str, k: int, filters: Filters, as_of: AsOf) -> tuple[list[SearchHit], list[str]]:
        """The k best chunks and warnings (a time window that matched nothing), reopening stores if need be."""
        query = check_query(query)
        vector = self.stores.embedder.encode([query])[0]
        hits, warnings = self._hits(query, vector, max(k, self.settings.top_chunks), filters, as_of)
        scored = score_evidence(
            query, hits, embedder=self.stores.embedder, registry=self.stores.registry, query_vector=vector
        )
        best: dict[str, float] = {}
        for e in scored:  # best first: the first score seen for a chunk is its best sentence's
            best.setdefault(e.chunk_id, e.score)
        order = sorted(range(len(hits)), key=lambda i: (-best.get(hits[i].chunk.chunk_id, float("-inf")), i))
        return [hits[i] for i in order[:k]], warnings

    def _hits(
        self, query: str, vector: Any, k: int, filters: Filters, as_of: AsOf
    ) -> tuple[list[SearchHit], list[str]]:
        """`search` for a query already checked and embedded."""
        with self.stores.shared.reading():
            return search_as_of(
                query,
                embedder=self.stores.embedder,
                vectors=self.stores.vectors,
                registry=self.stores.registry,
                k=k,
                filters=as_filters(filters) or SearchFilters(),
                query_vector=vector.tolist(),
                as_of=as_of,
                recent_days=self.settings.recent_days,
                recent_weight=self.settings.recent_weight,
            )

    def evidence(
        self, question: str, k: int | None, filters: Filters, as_of: AsOf, scored_by: str = ""
    ) -> tuple[list[Evidence], list[str]]:
        """The sentences of the chunks `search` finds, scored against the question (or against `scored_by`,
        the sentence of it that asks, when it has a preamble), best first, and warnings."""
        question = check_query(question)
        scoring = scored_by if scored_by and scored_by != question else question
        vectors = self.stores.embedder.encode([question] if scoring == question else [question, scoring])
        vector, scoring_vector = vectors[0], vectors[-1]
        hits, warnings = self._hits(question, vector, k or self.settings.top_chunks, filters, as_of)
        found = score_evidence(
            scoring,
            hits,
            embedder=self.stores.embedder,
            registry=self.stores.registry,
            query_vector=scoring_vector,
            ignore=self.answer_words(question),
        )
        return found, warnings
