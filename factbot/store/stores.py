"""The stores of one index, opened together: the registry (SQLite), the embedding model the index was
built with, the shared Chroma vector index and the write lock.

Contract: `Stores(settings)` opens the registry and resolves the embedder; Chroma is opened on first use
of `vectors`. With `check_model=True` an index built with another embedding model or backend raises
`ConfigError` at once; with `check_model=False` it opens, and `vectors` raises `ConfigError` until a
reindex clears `mismatch`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from factbot.config import Settings
from factbot.errors import ConfigError
from factbot.store import maintenance
from factbot.store.embeddings import Embedder
from factbot.store.locking import IndexLock
from factbot.store.registry import Registry
from factbot.store.shared import SharedVectors
from factbot.store.vectors import VectorIndex

log = logging.getLogger(__name__)
REGISTRY_FILE = "registry.sqlite3"
CHROMA_DIR = "chroma"


class Stores:
    """Registry, embedder, vectors and lock of the index in `settings.index_dir` (or on `settings.chroma_url`).

    Args:
        settings: where the index lives and which model embeds it.
        embedder: use this embedder instead of the one `settings.model` and the index name (a seam for
            benchmarks and tests: it must embed as the index's model does).
        check_model: refuse an index built with another embedding model or backend.

    Raises:
        ConfigError: another model or backend built the index (with `check_model`).
        IndexStoreError: the registry cannot be opened.
    """

    def __init__(self, settings: Settings, *, embedder: Embedder | None = None, check_model: bool = True) -> None:
        self.settings = settings
        self.index_dir = Path(settings.index_dir)
        self.registry = Registry(self.index_dir / REGISTRY_FILE)
        self.embedder = embedder or maintenance.index_embedder(settings.model, self.registry)
        self.mismatch = maintenance.embedding_mismatch(self.registry, self.embedder, str(self.index_dir))
        if self.mismatch and check_model:
            self.registry.close()
            raise ConfigError(self.mismatch)
        self.shared = SharedVectors(self._open_vectors, self.registry, embedded=not settings.chroma_url)
        self.lock = IndexLock(self.index_dir, settings.lock_timeout_s)

    @property
    def vectors(self) -> VectorIndex:
        """The Chroma side of the index, opened (and the model loaded) on first use; logs the vector gap
        if there is one. Raises ConfigError if another model or backend made the index."""
        if self.mismatch:
            raise ConfigError(self.mismatch)
        return self.shared.get()

    def _open_vectors(self, check_model: bool) -> VectorIndex:
        store = VectorIndex(
            self.embedder,
            path=self.index_dir / CHROMA_DIR,
            url=self.settings.chroma_url,
            collection=self.settings.collection,
            headers=self.settings.chroma_headers(),
            check_model=check_model,
            owner=maintenance.index_identity(self.registry),
        )
        if check_model and (gap := maintenance.vector_gap(self.registry, store)):
            log.warning(gap)
        return store

    def counts(self) -> tuple[int, int]:
        """(documents, chunks) registered: cheap, no Chroma access."""
        return self.registry.counts()

    def vector_gap(self) -> str | None:
        """A warning when Chroma holds fewer vectors than the registry has chunks, else None (two counts)."""
        return maintenance.vector_gap(self.registry, self.vectors)

    def stats(self) -> dict[str, Any]:
        """Counts, the embedding model and where the index lives (see `FactBot.stats`)."""
        docs, chunks = self.counts()
        with self.shared.reading():
            vectors, location = self.vectors.count(), self.vectors.location
        return {
            "documents": docs,
            "chunks": chunks,
            "vectors": vectors,
            "index_dir": str(self.index_dir.resolve()),
            "chroma": location,
            "embedding_model": self.embedder.model_name,
            "embedding_backend": self.embedder.backend,
            "embedding_dim": self.embedder.dimension,
        }

    def close(self) -> None:
        """Release the Chroma client and the registry connection."""
        self.shared.close()
        self.registry.close()
