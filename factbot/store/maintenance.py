"""Index upkeep, the registry being the reference: which model and backend made the vectors, whether
Chroma and the registry agree (check / repair), and rebuilding every vector from the registry's stored
chunks (reindex). `FactBot` calls these under its write lock; nothing here takes a lock.

The registry's meta table records `embedding_model` and `embedding_backend` (an index from before
backends existed records no backend: it counts as `torch`), `index_id` (the index's identity, which
its Chroma collection records too), and `reindexing` while a rebuild runs, so an interrupted rebuild
is finished before the half-rebuilt vectors are used.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from factbot.config import ModelSettings
from factbot.store.embeddings import Embedder, resolve_backend
from factbot.store.registry import Registry
from factbot.store.vectors import DEFAULT_BACKEND, VectorIndex

log = logging.getLogger(__name__)
REINDEXING = "reindexing"


def _identity(embedder: Embedder) -> str:
    return f"{embedder.model_name!r} ({embedder.backend} backend)"


def embedding_mismatch(registry: Registry, embedder: Embedder, where: str) -> str | None:
    """Why the index at `where` does not fit the embedder (a message naming the fix), or None.

    A new index records the embedder's model and backend.
    """
    if registry.get_meta(REINDEXING) is not None:
        return (
            f"A `factbot reindex` of index {where!r} was interrupted, so its vectors are part old, part new; "
            "run `factbot reindex` again to finish it."
        )
    model = registry.get_meta("embedding_model")
    if model is None:
        record_embedding(registry, embedder)
        return None
    backend = registry.get_meta("embedding_backend") or DEFAULT_BACKEND
    if (model, backend) == (embedder.model_name, embedder.backend):
        return None
    return (
        f"Index {where!r} was built with embedding model {model!r} ({backend} backend), not {_identity(embedder)}; "
        "run `factbot reindex` to rebuild its vectors with the configured model and backend, or set "
        "FACTBOT_MODEL__EMBEDDING / FACTBOT_MODEL__BACKEND to the ones it was built with."
    )


def index_identity(registry: Registry) -> str:
    """The index's own id, made once: its Chroma collection records it, so that another index (another
    deployment's registry pointed at the same collection of a shared server) is refused instead of
    mixing its vectors in or, on `check --repair`, deleting this one's."""
    return registry.meta_once("index_id", uuid.uuid4().hex)


def index_embedder(settings: ModelSettings, registry: Registry) -> Embedder:
    """The embedder for an index: a backend of 'auto' becomes the one the index recorded (an index
    from before backends existed counts as `torch`) when it was built with the configured model."""
    recorded = None
    if registry.get_meta("embedding_model") == settings.embedding:
        recorded = registry.get_meta("embedding_backend") or DEFAULT_BACKEND
    return Embedder(settings.model_copy(update={"backend": resolve_backend(settings, recorded)}))


def record_embedding(registry: Registry, embedder: Embedder) -> None:
    """Record the embedder's model and backend as the ones that made the index's vectors."""
    registry.set_meta("embedding_model", embedder.model_name)
    registry.set_meta("embedding_backend", embedder.backend)


def vector_gap(registry: Registry, vectors: VectorIndex) -> str | None:
    """A warning when Chroma holds fewer vectors than the registry has chunks (e.g. a wiped or
    different Chroma server), else None. Two counts, no scan: cheap enough for every start-up.

    Writes put vectors in Chroma before registering a chunk and unregister before deleting them, so
    outside a crash Chroma never holds fewer; a crash is finished by the next writer.
    """
    docs, chunks = registry.counts()
    if not chunks:
        return None
    held = vectors.count()
    if held >= chunks:
        return None
    what = "no vectors" if held == 0 else f"only {held:,} vectors"
    return (
        f"Chroma at {vectors.location!r} holds {what} for the registry's {docs:,} documents ({chunks:,} chunks): "
        "the Chroma server or directory was wiped, or is another one. Searches miss what is not there; run "
        "`factbot reindex` to rebuild the vectors from the registry (`factbot check` lists the documents)."
    )


def reembed(registry: Registry, vectors: VectorIndex, embedder: Embedder, chunk_ids: list[str], batch: int) -> int:
    """Write fresh vectors for registered chunks, `batch` at a time; returns how many were written."""
    written = 0
    for i in range(0, len(chunk_ids), batch):
        chunks = list(registry.chunks(chunk_ids[i : i + batch]).values())
        vectors.upsert(chunks, embedder.encode([c.embedding_text() for c in chunks]))
        written += len(chunks)
    return written


def doc_chunk_ids(registry: Registry, doc_ids: list[str]) -> list[str]:
    """The chunk ids of the given documents, in document order."""
    return [cid for d in doc_ids for cid in registry.chunk_ids(d)]


def find_disagreements(registry: Registry, vectors: VectorIndex, interrupted: list[str]) -> dict[str, list[str]]:
    """Compare Chroma and the registry chunk by chunk (see `FactBot.check` for the kinds)."""
    in_registry = registry.chunk_spans()
    in_vectors = vectors.chunk_spans()
    registered = registry.doc_ids()
    in_chroma = {doc for doc, _, _ in in_vectors.values()}
    stale = {
        doc
        for cid, (doc, _, _) in [*in_registry.items(), *in_vectors.items()]
        if doc in registered and doc in in_chroma and in_registry.get(cid) != in_vectors.get(cid)
    }
    return {
        "interrupted": interrupted,
        "orphaned_vectors": sorted(in_chroma - registered),
        "missing_vectors": sorted(registered - in_chroma),
        "stale_vectors": sorted(stale - set(interrupted)),
        "lexical": registry.lexical_problems(),
    }


def repair(
    registry: Registry, vectors: VectorIndex, embedder: Embedder, found: dict[str, list[str]], batch: int
) -> None:
    """Fix what `find_disagreements` found: delete orphans, re-embed missing and stale documents,
    rebuild the keyword index."""
    vectors.delete_documents(found["orphaned_vectors"] + found["stale_vectors"])
    redo = found["missing_vectors"] + found["stale_vectors"]
    reembed(registry, vectors, embedder, doc_chunk_ids(registry, redo), batch)
    if found["lexical"]:
        registry.repair_lexical()


def rebuild_vectors(registry: Registry, vectors: VectorIndex, embedder: Embedder, batch: int) -> dict[str, Any]:
    """Rewrite every registered chunk's vector with `embedder`, delete vectors of anything else, and
    record the embedder's model and backend in both stores.

    A collection of another dimension is replaced; otherwise vectors are overwritten in place, so
    other processes reading the collection keep working. Returns the counts.
    """
    started = time.perf_counter()
    registry.set_meta(REINDEXING, f"{embedder.model_name}|{embedder.backend}")
    pending = registry.pending()
    vectors.adopt_embedder()
    spans = registry.chunk_spans()
    chunk_ids = sorted(spans, key=lambda cid: (spans[cid][0], spans[cid][1]))
    log.info("Re-embedding %d chunks with %s", len(chunk_ids), _identity(embedder))
    written = reembed(registry, vectors, embedder, chunk_ids, batch)
    extra = sorted(set(vectors.chunk_spans()) - set(spans))
    vectors.delete_chunks(extra)
    vectors.record_embedder()
    record_embedding(registry, embedder)
    registry.clear_pending(pending)
    registry.delete_meta(REINDEXING)
    return {
        "documents": registry.counts()[0],
        "chunks": written,
        "deleted_vectors": len(extra),
        "vectors": vectors.count(),
        "embedding_model": embedder.model_name,
        "embedding_backend": embedder.backend,
        "seconds": round(time.perf_counter() - started, 2),
    }
