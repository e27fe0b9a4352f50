"""The write protocol: how documents get into (and out of) the stores so that a crash loses nothing.

A batch is embedded, its documents marked pending in the registry, their old vectors deleted and the new
ones upserted in Chroma, then the documents registered (and unmarked) in one registry transaction. A
document counts as indexed only once its registry row exists; one still pending after a crash names
exactly the vectors that may be half-written, and the next writer (`recover`) makes them match the
registry again: the earlier version, or none. Every write holds the index's write lock.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from factbot.errors import DocumentNotFoundError, FactbotError
from factbot.ingest.chunking import split_document
from factbot.ingest.documents import build_document
from factbot.store import maintenance
from factbot.store.stores import Stores
from factbot.types import Article, Chunk, Document, DocumentRecord, IngestFailure, IngestReport

log = logging.getLogger(__name__)
_Batch = list[tuple[Document, list[Chunk], bool]]  # (document, its chunks, whether an earlier version exists)


class IndexWriter:
    """Writes to one index's `Stores`: ingest, remove, recover, reindex, check and repair.

    Raises (every method that writes):
        IndexLockedError: another writer kept the index locked for over `lock_timeout_s`.
        IndexStoreError: a store failed (what was written before stays indexed).
    """

    def __init__(self, stores: Stores) -> None:
        self.stores = stores
        self.settings = stores.settings

    @contextmanager
    def writing(self, action: str) -> Iterator[None]:
        """Hold the write lock, first finishing any write an earlier process left interrupted."""
        with self.stores.lock.hold(action), self.stores.shared.writing():
            self.recover()
            yield

    def ingest_articles(self, articles: Iterable[Article]) -> IngestReport:
        """Clean, chunk, embed and store articles, batching the embedding across documents (up to
        `ingest_batch_chunks` chunks a batch). Unchanged documents are skipped, changed ones replaced, and
        an article with no text is a failure in the report."""
        with self.writing("ingest"):
            return self._ingest(articles)

    def _ingest(self, articles: Iterable[Article]) -> IngestReport:
        report = IngestReport()
        batch: _Batch = []
        pending = 0
        for article in articles:
            try:
                doc = build_document(article)
            except FactbotError as e:
                report.failed.append(IngestFailure(article.source, str(e), type(e).__name__))
                continue
            stored = self.stores.registry.content_hash(doc.doc_id)
            if stored == doc.content_hash or any(d.doc_id == doc.doc_id for d, _, _ in batch):
                report.unchanged.append(doc.doc_id)
                continue
            chunks = split_document(doc, self.settings.chunking)
            batch.append((doc, chunks, stored is not None))
            pending += len(chunks)
            if pending >= self.settings.ingest_batch_chunks:
                self._write(batch, report)
                batch, pending = [], 0
        self._write(batch, report)
        return report

    def _write(self, batch: _Batch, report: IngestReport) -> None:
        """Embed a batch, mark it pending, write Chroma, then register (and unmark) it in one transaction."""
        if not batch:
            return
        registry = self.stores.registry
        store, chunks = (
            self.stores.vectors,
            [c for _, cs, _ in batch for c in cs],
        )  # opened first: a refusal changes nothing
        vectors = self.stores.embedder.encode([c.embedding_text() for c in chunks])
        doc_ids = [d.doc_id for d, _, _ in batch]
        registry.mark_pending(doc_ids)
        store.delete_documents(doc_ids)
        store.upsert(chunks, vectors)
        registry.put_documents((d, cs) for d, cs, _ in batch)
        for doc, cs, existed in batch:
            (report.updated if existed else report.added).append(doc.doc_id)
            report.chunks += len(cs)

    def recover(self) -> list[str]:
        """Make the vectors of documents left pending by an interrupted write match the registry again:
        deleted, then re-embedded from the registry if it holds the document. Call with the write lock
        held; returns the documents it fixed."""
        registry, stores = self.stores.registry, self.stores
        pending = registry.pending()
        if not pending:
            return []
        log.warning("Completing %d document write(s) interrupted earlier: %s", len(pending), ", ".join(pending[:5]))
        stores.vectors.delete_documents(pending)
        registered = [d for d in pending if registry.content_hash(d) is not None]
        chunk_ids = maintenance.doc_chunk_ids(registry, registered)
        maintenance.reembed(registry, stores.vectors, stores.embedder, chunk_ids, self.settings.ingest_batch_chunks)
        registry.clear_pending(pending)
        return pending

    def seed(self, paths: list[Path], ingest: Any) -> IngestReport | None:
        """Run `ingest(paths)` under the lock if the index is empty; None if it was not empty."""
        with self.writing("seed"):
            if self.stores.registry.counts()[0] > 0:
                return None
            result: IngestReport = ingest(paths)
            return result

    def remove(self, doc_id: str) -> DocumentRecord:
        """Delete a document from Chroma, the registry and the lexical index.

        Raises:
            DocumentNotFoundError: if the id is unknown.
        """
        with self.writing("remove"):
            record = self.stores.registry.record(doc_id)
            if record is None:
                raise DocumentNotFoundError(f"Document {doc_id!r} is not in the index; `factbot list` shows the ids.")
            self.stores.registry.remove(doc_id, pending=True)  # gone for readers at once; its vectors follow
            self.stores.vectors.delete_documents([doc_id])
            self.stores.registry.clear_pending([doc_id])
            return record

    def reindex(self) -> dict[str, Any]:
        """Rebuild every registered document's vectors from the registry's chunks (see `FactBot.reindex`)."""
        stores = self.stores
        with stores.lock.hold("reindex"), stores.shared.writing():
            vectors = stores.shared.get(check_model=False)
            counts = maintenance.rebuild_vectors(
                stores.registry, vectors, stores.embedder, self.settings.ingest_batch_chunks
            )
            stores.mismatch = None
            return counts

    def check(self, repair: bool = False) -> dict[str, list[str]]:
        """Disagreements between Chroma, the registry and the keyword index, fixed with `repair` (`FactBot.check`)."""
        stores = self.stores
        with (
            stores.lock.hold("repair" if repair else "check"),
            stores.shared.writing() if repair else stores.shared.reading(),
        ):
            interrupted = self.recover() if repair else stores.registry.pending()
            found = maintenance.find_disagreements(stores.registry, stores.vectors, interrupted)
            if repair:
                maintenance.repair(
                    stores.registry, stores.vectors, stores.embedder, found, self.settings.ingest_batch_chunks
                )
            return found
