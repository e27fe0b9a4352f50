"""Stage 4b, vector index: chunk embeddings in Chroma, embedded on disk or on a Chroma server.

The only module that imports `chromadb` and `langchain_chroma`. The collection records the
embedding model and dimension in its metadata; opening it with another model is refused, so
vectors from two models are never mixed.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from factbot.errors import ConfigError, IndexStoreError
from factbot.types import Chunk

if TYPE_CHECKING:
    import numpy as np
    from langchain_chroma import Chroma

    from factbot.embeddings import Embedder

log = logging.getLogger(__name__)
SCHEMA_VERSION = 1


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
            return {"model": self.inner.model_name}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> FactbotEmbeddingFunction:
            from factbot.config import ModelSettings
            from factbot.embeddings import Embedder

            return FactbotEmbeddingFunction(Embedder(ModelSettings(embedding=config["model"])))

    return FactbotEmbeddingFunction(embedder)


class VectorIndex:
    """Chunk vectors in one Chroma collection.

    Args:
        embedder: the model that made (and will make) every vector of the collection.
        path: directory for embedded Chroma (ignored when `url` is given).
        url: Chroma server URL, e.g. `http://127.0.0.1:8000`.
        collection: collection name.
        headers: extra HTTP headers for the server (authentication).
    """

    def __init__(
        self,
        embedder: Embedder,
        *,
        path: Path,
        url: str | None = None,
        collection: str = "factbot",
        headers: dict[str, str] | None = None,
    ) -> None:
        import chromadb

        self.embedder = embedder
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
            self.collection = self.client.get_or_create_collection(
                collection,
                embedding_function=_embedding_function(embedder),
                metadata={
                    "embedding_model": embedder.model_name,
                    "embedding_dim": embedder.dimension,
                    "factbot_schema": SCHEMA_VERSION,
                },
                configuration={"hnsw": {"space": "cosine"}},
            )
        except ConfigError:
            raise
        except Exception as e:  # chromadb raises many unrelated types; wrap them once, here
            raise IndexStoreError(f"Chroma at {self.location!r} could not be opened: {e}") from e
        self._check_model()

    def _check_model(self) -> None:
        meta = self.collection.metadata or {}
        model, dim = meta.get("embedding_model"), meta.get("embedding_dim")
        if model != self.embedder.model_name or dim != self.embedder.dimension:
            raise ConfigError(
                f"Index at {self.location!r} was built with embedding model {model!r} (dim {dim}), "
                f"not {self.embedder.model_name!r} (dim {self.embedder.dimension}); use that model, "
                "or a new index directory / collection."
            )

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

    def as_langchain(self) -> Chroma:
        """The same collection as a LangChain `Chroma` vector store (for retrievers and chains)."""
        from langchain_chroma import Chroma

        store = Chroma(
            client=self.client,
            collection_name=self.collection.name,
            embedding_function=self.embedder,
            create_collection_if_not_exists=False,
        )
        return store
