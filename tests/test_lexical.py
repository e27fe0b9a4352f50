"""The lexical index at a size where common words are pruned from the query (real SQLite FTS5)."""

from __future__ import annotations

from pathlib import Path

from factbot.config import ChunkingSettings
from factbot.ingest.chunking import split_document
from factbot.ingest.documents import build_document
from factbot.store.registry import COMMON_MIN_CHUNKS, Registry
from factbot.types import Article, Chunk, Document


def _docs(texts: list[str], prefix: str) -> list[tuple[Document, list[Chunk]]]:
    out = []
    for i, text in enumerate(texts):
        doc = build_document(Article(text, f"{prefix}-{i}"))
        out.append((doc, split_document(doc, ChunkingSettings())))
    return out


def test_common_words_are_left_out_of_a_large_index_query(tmp_path: Path) -> None:
    registry = Registry(tmp_path / "registry.sqlite3")
    common = [f"Officials published report number {i} about harbour traffic." for i in range(COMMON_MIN_CHUNKS + 200)]
    rare = [f"The report on Zanzibar ferries counted {n} crossings." for n in (12, 40, 75)]
    registry.put_documents(_docs(common, "common") + _docs(rare, "rare"))
    assert registry.chunk_total() == len(common) + len(rare)
    assert registry.document_frequency("report") == len(common) + len(rare)

    hits = registry.lexical_search("report Zanzibar", k=10)
    texts = registry.chunks([cid for cid, _ in hits])
    # "report" is in every chunk, so only the rare word is searched: 3 hits, not 10.
    assert len(hits) == 3 and all("Zanzibar" in texts[cid].text for cid, _ in hits)
    # A query of common words only still searches them all.
    assert len(registry.lexical_search("report", k=10)) == 10

    # Counts are cached, but never past a write: by this connection, or by another one.
    registry.put_documents(_docs(["Zanzibar ferries resumed."], "more"))
    assert registry.document_frequency("zanzibar") == 4
    other = Registry(tmp_path / "registry.sqlite3")
    other.put_documents(_docs(["Zanzibar port reopened."], "other"))
    other.close()
    assert registry.document_frequency("zanzibar") == 5
    assert registry.chunk_total() == len(common) + len(rare) + 2
    registry.close()
