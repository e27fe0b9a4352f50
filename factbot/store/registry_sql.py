"""The registry's SQL that is not a single statement: its schema and the translation of `SearchFilters` into a
`WHERE` fragment. Private to `store.registry`: no SQL leaves the store package.
"""

from __future__ import annotations

from typing import Any

from factbot.types import SearchFilters

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT NOT NULL, url TEXT NOT NULL,
    published TEXT NOT NULL, author TEXT NOT NULL, content_hash TEXT NOT NULL,
    ingested_at TEXT NOT NULL, updated_at TEXT NOT NULL, chunk_count INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY, chunk_id TEXT UNIQUE NOT NULL, doc_id TEXT NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, sentences TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE INDEX IF NOT EXISTS documents_published ON documents(published);  -- date filters, `any_document`
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    title, text, tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS pending (doc_id TEXT PRIMARY KEY, started_at TEXT NOT NULL);
"""


def filter_sql(filters: SearchFilters | None) -> tuple[str, tuple[Any, ...]]:
    """The filters as an SQL fragment over `documents d` (the only place filter SQL is written)."""
    sql, args = "", []
    if not filters:
        return sql, ()
    if filters.doc_ids:
        sql += f" AND d.doc_id IN ({','.join('?' * len(filters.doc_ids))})"
        args += list(filters.doc_ids)
    if filters.source:
        sql += " AND (d.url = ? OR (d.url = '' AND d.source = ?))"
        args += [filters.source, filters.source]
    if filters.published_from:
        sql += " AND d.published != '' AND d.published >= ?"
        args.append(filters.published_from)
    if filters.published_to:
        sql += " AND d.published != '' AND d.published <= ?"
        args.append(filters.published_to)
    return sql, tuple(args)
