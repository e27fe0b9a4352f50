"""Stage 5, retrieval: hybrid search over the stores, dense (Chroma) and lexical (FTS5 BM25),
fused with reciprocal rank fusion into ranked `SearchHit`s; `search_as_of` reads a query's time words
("this week") and ranks the latest articles a little higher, relative to an as-of date.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from factbot.errors import QueryError
from factbot.ingest.documents import normalise_date
from factbot.retrieve.timeframe import recent_window, timeframe_for
from factbot.store.embeddings import Embedder
from factbot.store.registry import Registry
from factbot.store.vectors import VectorIndex
from factbot.types import SearchFilters, SearchHit

RRF_K = 60  # the constant of Cormack et al. (2009); larger flattens the rank curve
# Chunks each of the dense and keyword searches contributes to the fusion. Chosen by benchmarks/eval_qa.py
# on RealTime QA June-August 2022: recall@5 / MC 0.913 / 0.854 with 30, 0.932-0.942 / 0.874-0.883 for 45 to 120.
CANDIDATES = 60
MAX_QUERY_CHARS = 2000


def check_query(text: str) -> str:
    """Return the query stripped of control characters, or raise `QueryError` if unusable."""
    cleaned = "".join(c if c.isprintable() else " " for c in text).strip()
    if not cleaned:
        raise QueryError("The query is empty; type a question or some keywords.")
    if len(cleaned) > MAX_QUERY_CHARS:
        raise QueryError(f"The query is {len(cleaned):,} characters; keep it under {MAX_QUERY_CHARS:,}.")
    return cleaned


FILTER_KEYS = ("doc_ids", "source", "published_from", "published_to")


def check_filters(filters: dict[str, Any]) -> SearchFilters:
    """Turn filters given as a plain dict (JSON from the API) into `SearchFilters`.

    `doc_ids` is a list of document ids (or a single id); `source`, `published_from` and
    `published_to` are strings; `null` leaves a filter unset. Dates are checked where they are used.

    Raises:
        QueryError: for an unknown key or a value of the wrong type.
    """
    unknown = set(filters) - set(FILTER_KEYS)
    if unknown:
        raise QueryError(f"Unknown filter(s) {sorted(unknown, key=str)}; use {', '.join(FILTER_KEYS)}.")
    doc_ids = filters.get("doc_ids") or ()
    if isinstance(doc_ids, str):
        doc_ids = (doc_ids,)
    if not isinstance(doc_ids, list | tuple) or not all(isinstance(d, str) for d in doc_ids):
        raise QueryError(f'Filter doc_ids={doc_ids!r:.80} is not a list of document ids; give e.g. ["3f2a9c..."].')
    values: dict[str, str] = {}
    for key in FILTER_KEYS[1:]:
        value = filters.get(key)
        if value is not None and not isinstance(value, str):
            raise QueryError(f"Filter {key}={value!r:.80} is not a string; give a URL, path or YYYY-MM-DD date.")
        values[key] = value or ""
    return SearchFilters(doc_ids=tuple(doc_ids), **values)


def normalised_filters(filters: SearchFilters | None) -> SearchFilters:
    """The filters with their dates as ISO `YYYY-MM-DD`, ready for any store to translate.

    Raises:
        QueryError: for a date filter that is not a date.
    """
    filters = filters or SearchFilters()
    if not (filters.published_from or filters.published_to):
        return filters
    return replace(
        filters,
        published_from=_date(filters.published_from) if filters.published_from else "",
        published_to=_date(filters.published_to) if filters.published_to else "",
    )


def _date(value: str) -> str:
    iso = normalise_date(value)
    if not iso:
        raise QueryError(f"Date filter {value!r} is not a date; use YYYY-MM-DD.")
    return iso


def hybrid_search(
    query: str,
    *,
    embedder: Embedder,
    vectors: VectorIndex,
    registry: Registry,
    k: int = 5,
    filters: SearchFilters | None = None,
    candidates: int = CANDIDATES,
    query_vector: list[float] | None = None,
    recent: tuple[str, str] | None = None,
    recent_weight: float = 0.5,
) -> list[SearchHit]:
    """Top-k chunks for a query: dense and lexical rankings fused by reciprocal rank.

    `recent` (ISO dates, both ends inclusive) adds a third, lighter ranking to the fusion: the candidates
    published in that window, in their fused order, weighted `recent_weight`. Nothing is filtered out:
    among comparably good matches the latest reports come first.

    Raises:
        QueryError: for an empty or oversized query or a bad filter.
    """
    query = check_query(query)
    if k < 1:
        raise QueryError(f"k must be at least 1, not {k}.")
    filters = normalised_filters(filters)
    n = max(candidates, k)
    vector = query_vector if query_vector is not None else embedder.embed_query(query)
    dense = vectors.query(list(vector), n, filters)
    lexical = registry.lexical_search(query, n, filters)
    scores: dict[str, float] = {}
    dense_rank = {cid: r for r, (cid, _) in enumerate(dense, start=1)}
    lexical_rank = {cid: r for r, (cid, _) in enumerate(lexical, start=1)}
    for ranks in (dense_rank, lexical_rank):
        for cid, r in ranks.items():
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (RRF_K + r)
    best = sorted(scores, key=lambda c: (-scores[c], c))
    if recent and recent_weight > 0:
        published = registry.published(best)
        fresh = [c for c in best if recent[0] <= published.get(c, "")[:10] <= recent[1]]
        for r, cid in enumerate(fresh, start=1):
            scores[cid] += recent_weight / (RRF_K + r)
        best.sort(key=lambda c: (-scores[c], c))
    chunks = registry.chunks(best[: k * 2])  # a few spare: a chunk may be mid-write or orphaned
    hits = [SearchHit(chunks[c], scores[c], dense_rank.get(c), lexical_rank.get(c)) for c in best if c in chunks]
    return hits[:k]


def search_as_of(
    query: str,
    *,
    embedder: Embedder,
    vectors: VectorIndex,
    registry: Registry,
    k: int,
    filters: SearchFilters,
    query_vector: list[float],
    as_of: str | date | None,
    recent_days: int,
    recent_weight: float,
) -> tuple[list[SearchHit], list[str]]:
    """Hybrid search read as of a date (default today), with warnings.

    A query naming a time ("this week") searches the articles published in that window before `as_of`
    first, and all dates (with a warning saying so) if none matches; a query without one searches all
    dates with the articles of the `recent_days` up to `as_of` ranked a little higher.
    """
    stores = {"embedder": embedder, "vectors": vectors, "registry": registry, "k": k, "query_vector": query_vector}
    frame = timeframe_for(query, filters, as_of)
    narrow = normalised_filters(frame.narrow(filters)) if frame else None
    # An empty window (often: "this week" over an archive) is known from the registry without searching it.
    hits = hybrid_search(query, filters=narrow, **stores) if narrow and registry.any_document(narrow) else []
    warnings = [frame.fallback_warning()] if frame and not hits else []
    recent = recent_window(as_of, recent_days)
    return hits or hybrid_search(query, filters=filters, recent=recent, recent_weight=recent_weight, **stores), warnings
