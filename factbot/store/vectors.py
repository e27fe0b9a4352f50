"""Stage 4b, vector index: chunk embeddings in Chroma, embedded on disk or on a Chroma server.

The only module that imports `chromadb` (LangChain reaches the index through `FactBot.as_retriever`,
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
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from factbot.errors import ConfigError, IndexStoreError
from factbot.types import Chunk

if TYPE_CHECKING:
    import numpy as np

    from factbot.store.embeddings import Embedder
    from factbot.store.registry import Registry

log = logging.getLogger(__name__)
SCHEMA_VERSION = 1
DEFAULT_BACKEND = "torch"  # what an index that records no backend was built with
OWNER = "factbot_index"  # metadata key: the id of the index (registry) whose vectors the collection holds
STAMP = "vectors_stamp"  # registry meta key: changed by every write, so other processes know to reopen
REOPEN_WAIT_S = 5.0  # how long a reopen waits for searches in flight before leaving it to the next search


def date_number(iso: str) -> int:
    """`YYYY-MM-DD` as the integer YYYYMMDD (0 when unknown), for range filters in Chroma."""
    return int(iso.replace("-", "")) if iso else 0


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

    def query(self, vector: list[float], k: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """Nearest chunks as `(chunk_id, cosine similarity)`, best first."""
        try:
            res = self.collection.query(
                query_embeddings=[vector], n_results=k, where=where or None, include=["distances"]
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


class SharedVectors:
    """The `VectorIndex` of one bot, shared by its threads: opened on first use, reopened when another
    process wrote to an embedded store.

    Every write (`writing()`) leaves a new stamp in the registry; the stamp the open store is known to
    reflect is kept here. A search (`reading()`) or write that finds another stamp in the registry
    reopens the store first. Closing a client under a running search or write would break it, so both
    hold the store while they use it, and a reopen waits for them (up to `REOPEN_WAIT_S`, else it
    leaves the reopen to the next search). A Chroma server is never reopened: every process reads it
    alike.

    Args:
        open_store: opens the store; its argument says whether to refuse another model's collection.
        registry: where the stamp is kept.
        embedded: whether the store is embedded Chroma (in this process's memory).
    """

    def __init__(self, open_store: Callable[[bool], VectorIndex], registry: Registry, *, embedded: bool) -> None:
        self._open, self._registry, self._embedded = open_store, registry, embedded
        self._store: VectorIndex | None = None
        self._stamp: str | None = None
        self._users = 0
        self._cond = threading.Condition()

    def get(self, check_model: bool = True) -> VectorIndex:
        """The store, opened first if it is not open."""
        with self._cond:
            if self._store is None:
                stamp = self._registry.get_meta(STAMP)  # read first: a write while opening shows as a change
                self._store, self._stamp = self._open(check_model), stamp
            return self._store

    @contextmanager
    def _using(self) -> Iterator[None]:
        with self._cond:
            self._users += 1
        try:
            yield
        finally:
            with self._cond:
                self._users -= 1
                self._cond.notify_all()

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Hold the store for a search, reopened first if another process wrote since it was opened."""
        self._refresh()
        with self._using():
            yield

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the store for a write (call with the index's write lock held), then stamp the registry.
        The store is reopened first if another process wrote: searches during a long write would
        otherwise each wait for it to end. The new stamp counts as seen only if the store was current."""
        self._refresh()
        try:
            with self._using():
                yield
        finally:
            with self._cond:
                current, stamp = self._registry.get_meta(STAMP), uuid.uuid4().hex
                self._registry.set_meta(STAMP, stamp)
                if self._store is not None and self._stamp == current:
                    self._stamp = stamp

    def _refresh(self) -> None:
        if self._embedded and self._store is not None:
            with self._cond:
                stale = self._registry.get_meta(STAMP) != self._stamp
            if stale:
                self._reopen()

    def _reopen(self) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: self._users == 0, timeout=REOPEN_WAIT_S):
                return
            if self._store is None or self._registry.get_meta(STAMP) == self._stamp:
                return  # another thread reopened it meanwhile
            log.info("Another process changed the vectors: reopening Chroma at %s", self._store.location)
            old, self._store = self._store, None
            old.close()
            self.get()

    def close(self) -> None:
        """Release the store (it is opened again on next use)."""
        with self._cond:
            if self._store is not None:
                self._store.close()
                self._store = None
