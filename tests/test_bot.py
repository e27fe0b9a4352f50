"""FactBot end to end with the real model and embedded Chroma: ingest, idempotence, updates,
removal, persistence, search and failure isolation."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import DATA, SEED_DEMAND
from factbot import ConfigError, DocumentNotFoundError, FactBot, QueryError, SearchFilters


def test_seed_ingest_is_idempotent(bot: FactBot, seed_path: Path) -> None:
    first = bot.ingest([seed_path])
    assert len(first.added) == 1 and first.chunks >= 4
    chunks = bot.stats()["chunks"]
    second = bot.ingest([seed_path])
    assert second.unchanged == first.added and not second.added and second.chunks == 0
    stats = bot.stats()
    assert stats["chunks"] == stats["vectors"] == chunks == first.chunks


def test_stoltenberg_demand_is_the_top_hit(seeded_bot: FactBot) -> None:
    hits = seeded_bot.search("What did Stoltenberg demand?", k=3)
    assert SEED_DEMAND in hits[0].chunk.text
    text = seeded_bot.document_text(hits[0].chunk.doc_id)
    for h in hits:
        assert text[h.chunk.start : h.chunk.end] == h.chunk.text
        assert all(text[s.start : s.end] == s.text for s in h.chunk.sentences)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_changed_document_replaces_its_chunks(bot: FactBot, tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Council votes on budget\n\n" + " ".join(f"Sentence number {i} is here." for i in range(12)))
    first = bot.ingest([path])
    before = bot.stats()
    path.write_text("Council votes on budget\n\nThe council approved the budget. The vote was close.")
    second = bot.ingest([path])
    assert second.updated == first.added
    after = bot.stats()
    assert after["documents"] == 1 and after["chunks"] == after["vectors"] == 1 < before["chunks"]
    assert "approved the budget" in bot.search("budget vote", k=1)[0].chunk.text
    record = bot.document(first.added[0])
    assert record.updated_at >= record.ingested_at and record.chunk_count == 1


def test_remove_deletes_from_every_store(seeded_bot: FactBot, tmp_path: Path) -> None:
    other = seeded_bot.ingest_text("The river flooded the old town on Sunday. Dozens were evacuated.", title="Flood")
    doc_id = next(r.doc_id for r in seeded_bot.documents() if r.doc_id not in other.added)
    seeded_bot.remove(doc_id)
    stats = seeded_bot.stats()
    assert stats["documents"] == 1 and stats["chunks"] == stats["vectors"] == other.chunks
    assert all(h.chunk.doc_id != doc_id for h in seeded_bot.search("Stoltenberg demanded troops", k=5))
    assert seeded_bot._stores.registry.lexical_search("Stoltenberg", 5) == []
    with pytest.raises(DocumentNotFoundError):
        seeded_bot.remove(doc_id)


def test_ingest_text_ids_come_from_source_or_content(bot: FactBot) -> None:
    a = bot.ingest_text("The harbour reopened on Monday. Ships returned.", title="Harbour")
    again = bot.ingest_text("The harbour reopened on Monday. Ships returned.", title="Harbour")
    assert again.unchanged == a.added
    labelled = bot.ingest_text("Version one of the story.", source="desk://story-1")
    changed = bot.ingest_text("Version two of the story, corrected.", source="desk://story-1")
    assert changed.updated == labelled.added and bot.stats()["documents"] == 2


def test_each_source_type_and_a_bad_file_in_one_batch(bot: FactBot, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in ("article.html", "article.md", "articles.jsonl"):
        (folder / name).write_bytes((DATA / name).read_bytes())
    (folder / "broken.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "empty.md").write_text("   ")
    report = bot.ingest([folder, tmp_path / "missing.txt"])
    assert len(report.added) == 4  # html, md and two jsonl rows
    reasons = {Path(f.source).name: f.error for f in report.failed}
    assert reasons == {"broken.txt": "DecodeError", "empty.md": "EmptyDocumentError", "missing.txt": "SourceError"}
    titles = {r.title for r in bot.documents()}
    assert {"Harbour city opens flood barrier after decade of delays", "Red warning issued for heavy snow"} <= titles
    # Nothing of the failed files reached any store.
    stats = bot.stats()
    assert stats["documents"] == 4 and stats["chunks"] == stats["vectors"]
    assert not any(bot.check().values())


def test_an_untitled_article_is_cited_under_its_url_slug(bot: FactBot, tmp_path: Path) -> None:
    url = "https://news.example/2022/06/15/weather/harbour-flood-barrier-opens/index.html"
    row = {"url": url, "text": "The barrier closed for the first time on Monday. It held back the tide."}
    (tmp_path / "feed.jsonl").write_text(json.dumps(row) + "\n")
    bot.ingest([tmp_path / "feed.jsonl"])
    answer = bot.ask("When did the flood barrier close for the first time?")
    assert not answer.abstained and answer.citations
    assert {c.title for c in answer.citations} == {"Harbour flood barrier opens"}


def test_filters_pass_through(bot: FactBot) -> None:
    bot.ingest([DATA / "articles.jsonl"])
    snow = bot.search("heavy snow warning", k=5, filters=SearchFilters(published_to="2024-01-31"))
    assert snow and all(h.chunk.published <= "2024-01-31" for h in snow)
    statue = bot.search("heavy snow warning", k=5, filters={"published_from": "2024-02-01"})
    assert statue and all("statue" in h.chunk.text for h in statue)
    doc_id = statue[0].chunk.doc_id
    only = bot.search("snow", k=5, filters={"doc_ids": [doc_id]})
    assert only and {h.chunk.doc_id for h in only} == {doc_id}
    by_source = bot.search("snow", k=5, filters={"source": "https://news.example/snow-warning"})
    assert by_source and all(h.chunk.source == "https://news.example/snow-warning" for h in by_source)
    with pytest.raises(QueryError):
        bot.search("snow", filters={"published_from": "last week"})


def test_bad_queries_are_refused(seeded_bot: FactBot) -> None:
    for query in ("", "   \n\t", "\x00\x01"):
        with pytest.raises(QueryError):
            seeded_bot.search(query)
    with pytest.raises(QueryError):
        seeded_bot.search("x" * 5000)


def test_index_persists_across_processes(seeded_bot: FactBot, index_dir: Path) -> None:
    seeded_bot.close()
    code = (
        "import json, sys; from factbot import FactBot; b = FactBot(index_dir=sys.argv[1]); "
        "h = b.search('What did Stoltenberg demand?', k=1)[0]; "
        "print(json.dumps({'n': b.stats()['chunks'], 'text': h.chunk.text}))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(index_dir)], capture_output=True, text=True, check=True)
    data = json.loads(out.stdout.strip().splitlines()[-1])
    assert data["n"] >= 4 and SEED_DEMAND in data["text"]


def test_a_write_after_another_process_wrote_reopens_the_store_first(
    seeded_bot: FactBot, index_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Embedded Chroma's nearest-neighbour index lives in memory: the write reopens it before it
    # starts (searches during a long write would otherwise each wait for it), and after the write
    # the other process's article is found by its vector.
    assert seeded_bot.search("lighthouse museum", k=1)  # the store is open
    code = (
        "import sys; from factbot import FactBot; b = FactBot(index_dir=sys.argv[1]); "
        "b.ingest_text('The harbour authority said the old lighthouse will become a marine biology museum "
        "next spring.', title='Lighthouse museum'); b.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(index_dir)], check=True, capture_output=True)
    with caplog.at_level(logging.INFO, logger="factbot.store.shared"):
        seeded_bot.ingest_text("The city council voted to close the public swimming pool for repairs.", title="Pool")
    assert "reopening Chroma" in caplog.text
    hit = seeded_bot.search("What will the lighthouse become?", k=1)[0]
    assert hit.chunk.title == "Lighthouse museum" and hit.dense_rank == 1
    assert seeded_bot.stats()["vectors"] == seeded_bot.stats()["chunks"]


def test_changing_the_model_of_an_index_is_refused(seeded_bot: FactBot, index_dir: Path) -> None:
    seeded_bot.close()
    with pytest.raises(ConfigError, match="all-MiniLM-L6-v2"):
        FactBot(index_dir=index_dir, settings={"model": {"embedding": "some-other-model"}})


def test_orphaned_vectors_are_found_and_repaired(seeded_bot: FactBot) -> None:
    # Simulate a crash between the Chroma write and the registry write: vectors without a row.
    doc_id = seeded_bot.documents()[0].doc_id
    seeded_bot._stores.registry.remove(doc_id)
    found = seeded_bot.check()
    assert found["orphaned_vectors"] == [doc_id] and sum(map(len, found.values())) == 1
    seeded_bot.check(repair=True)
    assert not any(seeded_bot.check().values())
    assert seeded_bot.stats()["vectors"] == 0


def test_removing_an_uploaded_document_deletes_its_file(bot: FactBot) -> None:
    import io
    import os

    from factbot.ingest.uploads import UPLOAD_DIR

    uploads = bot.settings.index_dir / UPLOAD_DIR
    story = b"The harbour board approved a budget of 12 million euros on Tuesday, officials said."
    rows = b'{"text": "The port opened a second quay on Monday, its director said."}\n' + (
        b'{"text": "Ferry traffic rose by a tenth in the first half of the year, the port said."}\n'
    )
    assert bot.ingest_upload("harbour.txt", io.BytesIO(story)).added
    assert len(bot.ingest_upload("port.jsonl", io.BytesIO(rows)).added) == 2
    by_file = {Path(r.source.split("#")[0]).name: r.doc_id for r in bot.documents()}
    bot.remove(by_file["harbour.txt"])
    assert not (uploads / "harbour.txt").exists()
    first, second = [r.doc_id for r in bot.documents() if "port.jsonl" in r.source]
    bot.remove(first)
    assert (uploads / "port.jsonl").exists()  # the other row still comes from it
    bot.remove(second)
    assert not (uploads / "port.jsonl").exists()
    # A file no document comes from (left by an older version) is reported, and deleted by --repair.
    stray = uploads / "left-behind.txt"
    stray.write_text("An old upload.")
    os.utime(stray, (0, 0))  # older than the grace period for uploads being indexed
    (uploads / "just-saved.txt").write_text("Being indexed now.")
    assert bot.check()["orphaned_uploads"] == ["left-behind.txt"]
    bot.check(repair=True)
    assert not stray.exists() and not any(bot.check().values())


def test_url_ingest(bot: FactBot, site) -> None:  # noqa: ANN001
    url = site.route("/story.html", (DATA / "article.html").read_bytes())
    refused = bot.ingest([url])
    assert refused.failed and "private" in refused.failed[0].reason and bot.stats()["documents"] == 0
    local = FactBot(index_dir=bot._stores.index_dir, settings={"sources": {"allow_private_urls": True}})
    report = local.ingest([url])
    assert len(report.added) == 1
    assert local.document(report.added[0]).source == url
    assert "close within 30 minutes" in local.search("When do the flood gates close?", k=1)[0].chunk.text


def test_a_slow_download_does_not_keep_other_writers_waiting(index_dir: Path, site) -> None:  # noqa: ANN001
    """A URL is fetched without the write lock: another write to the index goes through meanwhile
    (with the lock held while fetching, it waited for the download and was refused after 1 s)."""
    bot = FactBot(index_dir=index_dir, settings={"lock_timeout_s": 1, "sources": {"allow_private_urls": True}})
    url = site.route("/slow", (DATA / "article.html").read_bytes())  # the site answers /slow after 3 s
    bot.embedder.encode(["load the model before the clock starts"])
    reports = []
    download = threading.Thread(target=lambda: reports.append(bot.ingest([url], progress=False)))
    download.start()
    time.sleep(0.5)  # the download is under way
    quick = bot.ingest_text("The Brisk council approved the tram budget on Monday. Work starts in May.", title="Tram")
    assert quick.added and download.is_alive()  # written while the download was still running
    download.join(timeout=60)
    assert len(reports) == 1 and len(reports[0].added) == 1
    assert bot.stats()["documents"] == 2 and not any(bot.check().values())
    bot.close()
