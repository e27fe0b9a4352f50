"""Stage 4c, registry and lexical index: one SQLite file beside the vectors.

Holds one row per document (source, title, content hash, dates, chunk count and the clean text
that every offset points into), the chunks with their sentence offsets, and an FTS5 table over the
chunks for BM25 keyword search (embedded Chroma has no sparse index). A document's rows change in
one transaction, so the registry never shows half a document.

The `pending` table is the write-ahead journal that keeps Chroma in step: a document is marked
pending before its vectors change and unmarked in the transaction that registers (or removes) it,
so a document still pending after a crash names exactly the vectors that may be half-written.
Each thread gets its own connection: in WAL mode readers never see a writer's open transaction.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from factbot.errors import IndexStoreError
from factbot.store.registry_sql import SCHEMA, filter_sql
from factbot.text.terms import query_terms
from factbot.types import Chunk, Document, DocumentRecord, SearchFilters, Sentence

COMMON_SHARE = 0.05  # a query word in more than this share of the chunks is "common" (see lexical_search)
COMMON_MIN_CHUNKS = 2000  # below this many chunks every word is searched: it is cheap and small indexes need it


def now_iso() -> str:
    """Current UTC time, ISO 8601, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Registry:
    """Document registry, chunk table and FTS5 lexical index in one SQLite database."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as e:
            raise IndexStoreError(f"Registry {str(path)!r} cannot be opened: {e}") from e

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(str(self.path), timeout=30.0, check_same_thread=False, isolation_level=None)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a killed process loses no commit
            except sqlite3.Error as e:
                raise IndexStoreError(f"Registry {str(self.path)!r} cannot be opened: {e}") from e
            with self._guard:
                self._connections.append(conn)
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All statements inside commit together or not at all."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.Error as e:
            raise IndexStoreError(f"Registry {str(self.path)!r} write failed: {e}") from e

    def close(self) -> None:
        """Close every thread's connection."""
        with self._guard:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    # --- meta -------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        """A stored setting of the index (e.g. the embedding model), or None."""
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Store a setting of the index."""
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def meta_once(self, key: str, value: str) -> str:
        """The stored setting, storing `value` first if there is none (the first writer wins)."""
        if (stored := self.get_meta(key)) is not None:
            return stored
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", (key, value))
        return str(self.get_meta(key))

    def delete_meta(self, key: str) -> None:
        """Forget a stored setting of the index."""
        with self.transaction() as db:
            db.execute("DELETE FROM meta WHERE key=?", (key,))

    # --- documents ----------------------------------------------------------------------------
    def content_hash(self, doc_id: str) -> str | None:
        """The stored content hash of a document, or None if it is not registered."""
        row = self.db.execute("SELECT content_hash FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        return None if row is None else str(row[0])

    def put_documents(self, items: Iterable[tuple[Document, list[Chunk]]]) -> None:
        """Replace each document's registry row, chunks and lexical entries, in one transaction."""
        stamp = now_iso()
        with self.transaction() as db:
            for doc, chunks in items:
                row = db.execute("SELECT ingested_at FROM documents WHERE doc_id=?", (doc.doc_id,)).fetchone()
                self._delete_chunks(db, doc.doc_id)
                db.execute(
                    "INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        doc.doc_id,
                        doc.source,
                        doc.title,
                        doc.url,
                        doc.published,
                        doc.author,
                        doc.content_hash,
                        row[0] if row else stamp,
                        stamp,
                        len(chunks),
                        doc.text,
                    ),
                )
                for c in chunks:
                    cur = db.execute(
                        'INSERT INTO chunks(chunk_id, doc_id, idx, start, "end", sentences) VALUES (?,?,?,?,?,?)',
                        (
                            c.chunk_id,
                            c.doc_id,
                            c.index,
                            c.start,
                            c.end,
                            json.dumps([[s.start, s.end] for s in c.sentences]),
                        ),
                    )
                    db.execute(
                        "INSERT INTO chunks_fts(rowid, title, text) VALUES (?,?,?)", (cur.lastrowid, c.title, c.text)
                    )
                db.execute("DELETE FROM pending WHERE doc_id=?", (doc.doc_id,))

    @staticmethod
    def _delete_chunks(db: sqlite3.Connection, doc_id: str) -> None:
        rowids = [r[0] for r in db.execute("SELECT rowid FROM chunks WHERE doc_id=?", (doc_id,))]
        db.executemany("DELETE FROM chunks_fts WHERE rowid=?", [(r,) for r in rowids])
        db.execute("DELETE FROM chunks WHERE doc_id=?", (doc_id,))

    def remove(self, doc_id: str, *, pending: bool = False) -> bool:
        """Delete a document, its chunks and lexical entries; False if it was not there.

        With `pending`, the document is marked pending in the same transaction (its vectors are
        deleted next, and `clear_pending` follows).
        """
        with self.transaction() as db:
            self._delete_chunks(db, doc_id)
            if pending:
                db.execute("INSERT OR REPLACE INTO pending(doc_id, started_at) VALUES (?, ?)", (doc_id, now_iso()))
            return db.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,)).rowcount > 0

    # --- write-ahead journal --------------------------------------------------------------------
    def mark_pending(self, doc_ids: Iterable[str]) -> None:
        """Record that these documents' vectors are about to change (before touching Chroma)."""
        stamp = now_iso()
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO pending(doc_id, started_at) VALUES (?, ?)", [(d, stamp) for d in doc_ids]
            )

    def clear_pending(self, doc_ids: Iterable[str]) -> None:
        """Forget pending marks once Chroma and the registry agree on these documents again."""
        with self.transaction() as db:
            db.executemany("DELETE FROM pending WHERE doc_id=?", [(d,) for d in doc_ids])

    def pending(self) -> list[str]:
        """Documents whose write was interrupted (or is in progress, while a writer holds the lock)."""
        return [str(r[0]) for r in self.db.execute("SELECT doc_id FROM pending ORDER BY doc_id")]

    # --- consistency --------------------------------------------------------------------------
    def chunk_spans(self) -> dict[str, tuple[str, int, int]]:
        """Every chunk as chunk_id → (doc_id, start, end), to compare with the vectors."""
        rows = self.db.execute('SELECT chunk_id, doc_id, start, "end" FROM chunks')
        return {str(cid): (str(doc), int(start), int(end)) for cid, doc, start, end in rows}

    def chunk_ids(self, doc_id: str) -> list[str]:
        """A document's chunk ids in order."""
        rows = self.db.execute("SELECT chunk_id FROM chunks WHERE doc_id=? ORDER BY idx", (doc_id,))
        return [str(r[0]) for r in rows]

    def lexical_problems(self) -> list[str]:
        """Documents whose chunk rows and lexical (FTS5) entries disagree: a chunk without its entry,
        or a chunk whose document row is gone; "(stray entries)" when entries have no chunk."""
        sql = (
            "SELECT DISTINCT c.doc_id FROM chunks c LEFT JOIN documents d USING (doc_id) "
            "WHERE d.doc_id IS NULL OR c.rowid NOT IN (SELECT rowid FROM chunks_fts)"
        )
        bad = {str(r[0]) for r in self.db.execute(sql)}
        stray = "SELECT 1 FROM chunks_fts WHERE rowid NOT IN (SELECT rowid FROM chunks) LIMIT 1"
        if self.db.execute(stray).fetchone():
            bad.add("(stray entries)")
        return sorted(bad)

    def repair_lexical(self) -> None:
        """Drop stray lexical entries and chunks of unregistered documents; re-create missing entries."""
        with self.transaction() as db:
            db.execute("DELETE FROM chunks_fts WHERE rowid NOT IN (SELECT rowid FROM chunks)")
            db.execute("DELETE FROM chunks WHERE doc_id NOT IN (SELECT doc_id FROM documents)")
            rows = db.execute(
                'SELECT c.rowid, d.title, substr(d.text, c.start + 1, c."end" - c.start) FROM chunks c '
                "JOIN documents d USING (doc_id) WHERE c.rowid NOT IN (SELECT rowid FROM chunks_fts)"
            ).fetchall()
            db.executemany("INSERT INTO chunks_fts(rowid, title, text) VALUES (?,?,?)", rows)

    def record(self, doc_id: str) -> DocumentRecord | None:
        """The registry row of one document, or None."""
        rows = self._records("WHERE doc_id=?", (doc_id,))
        return rows[0] if rows else None

    def records(self) -> list[DocumentRecord]:
        """All registry rows, oldest first."""
        return self._records("ORDER BY ingested_at, doc_id", ())

    def _records(self, clause: str, args: tuple[Any, ...]) -> list[DocumentRecord]:
        cols = "doc_id, source, title, url, published, author, content_hash, ingested_at, updated_at, chunk_count"
        return [DocumentRecord(*row) for row in self.db.execute(f"SELECT {cols} FROM documents {clause}", args)]

    def text(self, doc_id: str) -> str | None:
        """The stored clean text of a document (what offsets point into), or None."""
        row = self.db.execute("SELECT text FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        return None if row is None else str(row[0])

    def counts(self) -> tuple[int, int]:
        """(documents, chunks) in the registry."""
        docs = self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        chunks = self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
        return int(docs), int(chunks)

    # --- chunks -------------------------------------------------------------------------------
    def chunks(self, chunk_ids: list[str]) -> dict[str, Chunk]:
        """Chunks by id, rebuilt from their offsets into the stored document text."""
        if not chunk_ids:
            return {}
        marks = ",".join("?" * len(chunk_ids))
        rows = self.db.execute(
            f'SELECT c.chunk_id, c.doc_id, c.idx, c.start, c."end", c.sentences, d.text, d.title, '
            f"d.url, d.source, d.published FROM chunks c JOIN documents d USING (doc_id) "
            f"WHERE c.chunk_id IN ({marks})",
            chunk_ids,
        ).fetchall()
        out: dict[str, Chunk] = {}
        for cid, doc_id, idx, start, end, sents, text, title, url, source, published in rows:
            out[cid] = Chunk(
                chunk_id=cid,
                doc_id=doc_id,
                index=idx,
                start=start,
                end=end,
                text=text[start:end],
                sentences=tuple(Sentence(s, e, text[s:e]) for s, e in json.loads(sents)),
                title=title,
                source=url or source,
                published=published,
            )
        return out

    def any_document(self, filters: SearchFilters) -> bool:
        """Whether any document passes the filters (dates already ISO): a search that none passes is skipped."""
        where_sql, args = filter_sql(filters)
        row = self.db.execute(f"SELECT 1 FROM documents d WHERE 1 = 1 {where_sql} LIMIT 1", args).fetchone()
        return row is not None

    def published(self, chunk_ids: list[str]) -> dict[str, str]:
        """The published date of each chunk's document (cheap: no text is read)."""
        if not chunk_ids:
            return {}
        marks = ",".join("?" * len(chunk_ids))
        rows = self.db.execute(
            f"SELECT c.chunk_id, d.published FROM chunks c JOIN documents d USING (doc_id) "
            f"WHERE c.chunk_id IN ({marks})",
            chunk_ids,
        ).fetchall()
        return dict(rows)

    def lexical_search(self, query: str, k: int, filters: SearchFilters | None = None) -> list[tuple[str, float]]:
        """BM25 keyword search over chunk text and titles: `(chunk_id, score)`, best first, among the
        documents the filters (dates already ISO, see `retrieve.search.normalised_filters`) allow.

        Terms are OR-ed, so a chunk matching more (and rarer) words ranks higher. In a large index a
        word found in more than `COMMON_SHARE` of the chunks is left out when rarer words remain: it
        adds little to BM25 but makes SQLite score a large part of the index (at 100k chunks a few
        such words cost ~50 ms a query). Without filters, ranking runs inside FTS5 before any join.
        """
        terms = self._selective(query_terms(query)[:32])
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in terms)
        where_sql, args = filter_sql(filters)
        if where_sql:
            sql = (
                "SELECT c.chunk_id, bm25(chunks_fts, 0.5, 1.0) AS s FROM chunks_fts "
                "JOIN chunks c ON c.rowid = chunks_fts.rowid JOIN documents d ON d.doc_id = c.doc_id "
                f"WHERE chunks_fts MATCH ? {where_sql} ORDER BY s LIMIT ?"
            )
        else:
            sql = (
                "SELECT c.chunk_id, f.s FROM (SELECT rowid, bm25(chunks_fts, 0.5, 1.0) AS s FROM chunks_fts "
                "WHERE chunks_fts MATCH ? ORDER BY s LIMIT ?) f JOIN chunks c ON c.rowid = f.rowid ORDER BY f.s"
            )
        try:
            rows = self.db.execute(sql, (match, *args, k)).fetchall()
        except sqlite3.Error as e:
            raise IndexStoreError(f"Lexical search failed for {query!r}: {e}") from e
        return [(str(cid), -float(score)) for cid, score in rows]

    def _selective(self, terms: list[str]) -> list[str]:
        """The query terms without the very common ones (all of them if every term is common)."""
        n = self.chunk_total()
        if n < COMMON_MIN_CHUNKS or len(terms) < 2:
            return terms
        rare = [t for t in terms if self.document_frequency(t) <= COMMON_SHARE * n]
        return rare or terms

    def _stats_cache(self) -> dict[str, int]:
        """This thread's cache of counts, emptied whenever the database changed (by anyone)."""
        version = (self.db.execute("PRAGMA data_version").fetchone()[0], self.db.total_changes)
        if getattr(self._local, "stats_version", None) != version:
            self._local.stats_version, self._local.stats = version, {}
        stats: dict[str, int] = self._local.stats
        return stats

    def chunk_total(self) -> int:
        """Number of chunks in the index."""
        stats = self._stats_cache()
        if "" not in stats:
            stats[""] = int(self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0])
        return stats[""]

    def document_frequency(self, term: str) -> int:
        """Number of chunks that contain a word (as FTS5 matches it: stemmed); 0 for none."""
        stats = self._stats_cache()
        key = "t:" + term
        if key not in stats:
            try:
                sql = "SELECT COUNT(*) FROM chunks_fts WHERE chunks_fts MATCH ?"
                stats[key] = int(self.db.execute(sql, (f'"{term}"',)).fetchone()[0])
            except sqlite3.Error:
                stats[key] = 0
        return stats[key]

    def sentences(self, doc_id: str) -> list[Sentence]:
        """All sentences of a document, in order (from its chunks, without overlap repeats)."""
        text = self.text(doc_id) or ""
        spans: set[tuple[int, int]] = set()
        for (sents,) in self.db.execute("SELECT sentences FROM chunks WHERE doc_id=?", (doc_id,)):
            spans.update((int(s), int(e)) for s, e in json.loads(sents))
        return [Sentence(s, e, text[s:e]) for s, e in sorted(spans)]

    def inverse_frequency(self, term: str) -> float:
        """N / df of a word over the chunks (df via the FTS index, so stemmed like it); N+1 if unseen."""
        n = self.chunk_total() or 1
        df = self.document_frequency(term)
        return n / df if df else n + 1.0

    def doc_ids(self) -> set[str]:
        """Ids of all registered documents."""
        return {str(r[0]) for r in self.db.execute("SELECT doc_id FROM documents")}
