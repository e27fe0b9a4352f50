"""Stage 4b, vector index: chunk embeddings in Chroma, embedded on disk or on a Chroma server.

The only module that imports `chromadb` (LangChain reaches the index through
`factbot.interfaces.langchain.as_retriever`,
which searches it hybrid as factbot does; the benchmarks' baselines use `langchain_chroma`). The
collection records the embedding model, backend and dimension in its metadata; opening it with another
model or backend is refused, so vectors from two models (or two runtimes of one model) are never
mixed. Collections made before backends existed count as the default `torch` backend. It also
records the id of the index (registry) it belongs to, and another index opening it is refused: two
deployments pointed at one collection of a shared server would otherwise mix their vectors, and one's
repair would delete the other's.

`SharedVectors` is the one `VectorIndex` a bot's threads share. Embedded Chroma keeps its
nearest-neighbour index in memory, so vectors another process writes (`factbot ingest` beside a
running `factbot serve`) reach the files and `count()` but not this process's queries until its
client is reopened; every write therefore stamps the registry, and a search or write reopens the
store when the stamp shows that another process wrote since.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from factbot.errors import ConfigError, IndexStoreError
from factbot.types import Chunk, SearchFilters

if TYPE_CHECKING:
    import numpy as np

    from factbot.store.embeddings import Embedder

log = logging.getLogger(__name__)
SCHEMA_VERSION = 1
DEFAULT_BACKEND = "torch"  # what an index that records no backend was built with
OWNER = "factbot_index"  # metadata key: the id of the index (registry) whose vectors the collection holds
STAMP = "vectors_stamp"  # registry meta key: changed by every write, so other processes know to reopen
REOPEN_WAIT_S = 5.0  # how long a reopen waits for searches in flight before leaving it to the next search


def date_number(iso: str) -> int:
    """`YYYY-MM-DD` as the integer YYYYMMDD (0 when unknown), for range filters in Chroma."""
    return int(iso.replace("-", "")) if iso else 0


def _where(filters: SearchFilters | None) -> dict[str, Any] | None:
    """The Chroma `where` clause for the filters, or None (the only place Chroma filter syntax is written)."""
    if not filters:
        return None
    clauses: list[dict[str, Any]] = []
    if filters.doc_ids:
        clauses.append({"doc_id": {"$in": list(filters.doc_ids)}})
    if filters.source:
        clauses.append({"source": filters.source})
    if filters.published_from:
        clauses.append({"published_day": {"$gte": date_number(filters.published_from)}})
    if filters.published_to:
        clauses.append({"published_day": {"$lte": date_number(filters.published_to)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _embedding_function(embedder: Embedder) -> Any:
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

    class FactbotEmbeddingFunction(EmbeddingFunction[Documents]):
        """Our model, given to Chroma so it never falls back to downloading its default one."""

        def __init__(self, inner: Embedder) -> None:
            self.inner = inner

        def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 - Chroma's signature
            return list(self.inner.encode(list(input)))

        @staticmethod
        def name() -> str:
            return "factbot"

        def get_config(self) -> dict[str, Any]:
            return {"model": self.inner.model_name, "backend": self.inner.backend}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> FactbotEmbeddingFunction:
            from factbot.config import ModelSettings
            from factbot.store.embeddings import Embedder

            settings = ModelSettings(embedding=config["model"], backend=config.get("backend", DEFAULT_BACKEND))
            return FactbotEmbeddingFunction(Embedder(settings))

    return FactbotEmbeddingFunction(embedder)


class VectorIndex:
    """Chunk vectors in one Chroma collection.

    Args:
        embedder: the model that made (and will make) every vector of the collection.
        path: directory for embedded Chroma (ignored when `url` is given).
        url: Chroma server URL, e.g. `http://127.0.0.1:8000`.
        collection: collection name.
        headers: extra HTTP headers for the server (authentication).
        check_model: refuse a collection built with another model or backend (`reindex` opens it
            without the check, to rebuild it).

    Raises:
        ConfigError: the collection was built with another model or backend (and `check_model`).
        IndexStoreError: Chroma cannot be opened.
    """

    def __init__(
        self,
        embedder: Embedder,
        *,
        path: Path,
        url: str | None = None,
        collection: str = "factbot",
        headers: dict[str, str] | None = None,
        check_model: bool = True,
        owner: str | None = None,
    ) -> None:
        import chromadb

        self.embedder, self.owner = embedder, owner
        self.location = url or str(path)
        settings = chromadb.Settings(anonymized_telemetry=False)
        try:
            if url:
                parts = urlsplit(url)
                if parts.scheme not in ("http", "https") or not parts.hostname:
                    raise ConfigError(f"Chroma URL {url!r} must look like http://host:port.")
                self.client = chromadb.HttpClient(
                    host=parts.hostname,
                    port=parts.port or (443 if parts.scheme == "https" else 8000),
                    ssl=parts.scheme == "https",
                    headers=headers or {},
                    settings=settings,
                )
            else:
                path.mkdir(parents=True, exist_ok=True)
                self.client = chromadb.PersistentClient(path=str(path), settings=settings)
            self.collection = self._open_collection(collection)
        except ConfigError:
            raise
        except Exception as e:  # chromadb raises many unrelated types; wrap them once, here
            raise IndexStoreError(f"Chroma at {self.location!r} could not be opened: {e}") from e
        problem = self.model_mismatch() or self.owner_mismatch()
        if check_model and problem:
            raise ConfigError(problem)

    def _metadata(self) -> dict[str, Any]:
        return {
            "embedding_model": self.embedder.model_name,
            "embedding_backend": self.embedder.backend,
            "embedding_dim": self.embedder.dimension,
            "factbot_schema": SCHEMA_VERSION,
            **({OWNER: self.owner} if self.owner else {}),
        }

    def _open_collection(self, name: str) -> Any:
        return self.client.get_or_create_collection(
            name,
            embedding_function=_embedding_function(self.embedder),
            metadata=self._metadata(),
            configuration={"hnsw": {"space": "cosine"}},
        )

    def model_mismatch(self) -> str | None:
        """Why this collection's vectors don't fit the embedder (with the fix), or None if they do."""
        meta = self.collection.metadata or {}
        model, dim = meta.get("embedding_model"), meta.get("embedding_dim")
        backend = meta.get("embedding_backend", DEFAULT_BACKEND)
        e = self.embedder
        if (model, backend, dim) == (e.model_name, e.backend, e.dimension):
            return None
        return (
            f"Chroma at {self.location!r} holds vectors of embedding model {model!r} ({backend} backend, dim {dim}), "
            f"not {e.model_name!r} ({e.backend} backend, dim {e.dimension}); run `factbot reindex` to rebuild them "
            "from the registry with the configured model, or configure the model and backend the index was built with."
        )

    def owner_mismatch(self) -> str | None:
        """Why this collection belongs to another factbot index (with the fix), or None. A collection
        that records no index (made before indexes had ids) is claimed by the first one to open it."""
        meta = dict(self.collection.metadata or {})
        other = meta.get(OWNER)
        if not self.owner or other == self.owner:
            return None
        if other is None:
            self._modify({**meta, OWNER: self.owner})
            return None
        return (
            f"Chroma collection {self.collection.name!r} at {self.location!r} holds another factbot index's "
            f"vectors (index {other}, this is {self.owner}): give each deployment its own collection "
            "(FACTBOT_COLLECTION). If this index replaces that one, `factbot reindex` takes the collection over "
            "(it deletes the other index's vectors)."
        )

    def _modify(self, metadata: dict[str, Any]) -> None:
        try:
            self.collection.modify(metadata=metadata)
        except Exception as e:
            raise IndexStoreError(f"Chroma at {self.location!r} could not update its metadata: {e}") from e

    def adopt_embedder(self) -> None:
        """Make the collection fit the embedder before a rebuild: a collection of another dimension is
        replaced by an empty one (every vector is rewritten next); otherwise it is kept and written over."""
        meta = self.collection.metadata or {}
        if meta.get("embedding_dim") in (None, self.embedder.dimension):
            return
        name = self.collection.name
        try:
            self.client.delete_collection(name)
            self.collection = self._open_collection(name)
        except Exception as e:
            raise IndexStoreError(f"Chroma at {self.location!r} could not recreate collection {name!r}: {e}") from e

    def record_embedder(self) -> None:
        """Record the embedder's model and backend in the collection (after every vector was rewritten)."""
        try:
            self.collection.modify(
                metadata=self._metadata(),
                configuration={"embedding_function": _embedding_function(self.embedder)},
            )
        except Exception as e:
            raise IndexStoreError(f"Chroma at {self.location!r} could not update its metadata: {e}") from e

    def upsert(self, chunks: list[Chunk], vectors: np.ndarray) -> None:
        """Write chunks with their vectors (same ids overwrite, so re-runs add no duplicates)."""
        if not chunks:
            return
        metadatas: list[Any] = [
            {
                "doc_id": c.doc_id,
                "chunk_index": c.index,
                "title": c.title,
                "source": c.source,
                "published": c.published,
                "published_day": date_number(c.published),
                "start": c.start,
                "end": c.end,
            }
            for c in chunks
        ]
        try:
            self.collection.upsert(
                ids=[c.chunk_id for c in chunks],
                embeddings=vectors,
                documents=[c.text for c in chunks],
                metadatas=metadatas,
            )
        except Exception as e:
            raise IndexStoreError(f"Chroma at {self.location!r} refused {len(chunks)} chunks: {e}") from e

    def delete_chunks(self, chunk_ids: list[str]) -> None:
        """Delete chunks by id (ids not in the collection are ignored)."""
        try:
            for i in range(0, len(chunk_ids), 5000):
                self.collection.delete(ids=chunk_ids[i : i + 5000])
        except Exception as e:
            raise IndexStoreError(f"Chroma at {self.location!r} could not delete chunks: {e}") from e

    def delete_documents(self, doc_ids: list[str]) -> None:
        """Delete every chunk of the given documents."""
        if not doc_ids:
            return
        try:
            self.collection.delete(where={"doc_id": {"$in": list(doc_ids)}})
        except Exception as e:
            raise IndexStoreError(f"Chroma at {self.location!r} could not delete chunks: {e}") from e

    def query(self, vector: list[float], k: int, filters: SearchFilters | None = None) -> list[tuple[str, float]]:
        """Nearest chunks as `(chunk_id, cosine similarity)`, best first, among the chunks the filters
        (dates already ISO, see `retrieve.search.normalised_filters`) allow."""
        try:
            res = self.collection.query(
                query_embeddings=[vector], n_results=k, where=_where(filters), include=["distances"]
            )
        except Exception as e:
            raise IndexStoreError(f"Chroma at {self.location!r} query failed: {e}") from e
        ids = res["ids"][0]
        dists = (res.get("distances") or [[1.0] * len(ids)])[0]
        return [(cid, 1.0 - float(d)) for cid, d in zip(ids, dists, strict=True)]

    def count(self) -> int:
        """Number of chunks in the collection."""
        try:
            return int(self.collection.count())
        except Exception as e:
            raise IndexStoreError(f"Chroma at {self.location!r} cannot be counted: {e}") from e

    def doc_ids(self) -> set[str]:
        """Ids of the documents that have chunks in the collection."""
        out: set[str] = set()
        offset, page = 0, 5000
        while True:
            res = self.collection.get(include=["metadatas"], limit=page, offset=offset)
            out.update(str(m["doc_id"]) for m in res["metadatas"] or [] if m)
            if len(res["ids"]) < page:
                return out
            offset += page

    def chunk_spans(self) -> dict[str, tuple[str, int, int]]:
        """Every stored chunk as chunk_id → (doc_id, start, end), to compare with the registry."""
        out: dict[str, tuple[str, int, int]] = {}
        offset, page = 0, 5000
        try:
            while True:
                res = self.collection.get(include=["metadatas"], limit=page, offset=offset)
                for cid, m in zip(res["ids"], res["metadatas"] or [], strict=True):
                    meta = m or {}
                    out[cid] = (str(meta.get("doc_id", "")), int(meta.get("start", -1)), int(meta.get("end", -1)))
                if len(res["ids"]) < page:
                    return out
                offset += page
        except Exception as e:
            raise IndexStoreError(f"Chroma at {self.location!r} cannot be listed: {e}") from e

    def close(self) -> None:
        """Release the Chroma client (embedded Chroma's in-memory index goes with the process's last client)."""
        try:
            self.client.close()
        except Exception as e:  # closing is best effort: the store is being let go either way
            log.debug("Closing Chroma at %s: %s", self.location, e)
