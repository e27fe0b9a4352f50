"""Embedding backends (torch, onnx-int8), the backend recorded in the index, `reindex`, and detection
of a Chroma that lost its vectors. Real models, real Chroma (embedded and `chroma run`)."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
from click.testing import CliRunner

from conftest import SEED_DEMAND
from factbot import ConfigError, FactBot
from factbot.config import ModelSettings
from factbot.interfaces.cli import main
from factbot.store.embeddings import Embedder

ONNX = {"model": {"backend": "onnx-int8"}}
TORCH = {"model": {"backend": "torch"}}  # new indexes are onnx-int8 (backend "auto"): torch is "the other"
QUESTION = "What did Stoltenberg demand?"


def _sentences(path: Path) -> list[str]:
    import blingfire

    return [s for s in blingfire.text_to_sentences(path.read_text(encoding="utf-8")).splitlines() if s.strip()]


def _assert_cites_exact_text(bot: FactBot) -> None:
    answer = bot.ask(QUESTION)
    assert not answer.abstained and answer.citations
    assert any(SEED_DEMAND in c.quote for c in answer.citations)
    for c in answer.citations:
        assert c.quote == bot.document_text(c.doc_id)[c.start : c.end]


def test_onnx_int8_vectors_are_close_to_the_default_backend(seed_path: Path) -> None:
    texts = _sentences(seed_path) + [seed_path.read_text(encoding="utf-8")]  # sentences, and a text over 256 pieces
    assert Embedder().backend == "onnx-int8"  # the default for the default model
    torch_vecs = Embedder(ModelSettings(backend="torch")).encode(texts)
    onnx = Embedder(ModelSettings(backend="onnx-int8"))
    onnx_vecs = onnx.encode(texts)
    assert onnx_vecs.shape == torch_vecs.shape and onnx_vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(onnx_vecs, axis=1), 1.0, atol=1e-5)
    cosine = (onnx_vecs * torch_vecs).sum(axis=1)
    assert cosine.min() >= 0.99, cosine.min()
    # Batch neighbours and order do not change a text's vector.
    alone = np.vstack([onnx.encode([t]) for t in texts[:5]])
    assert np.allclose(alone, onnx_vecs[:5], atol=1e-3)
    assert onnx.encode([]).shape == (0, 384)


def test_onnx_backend_runs_only_the_default_model() -> None:
    with pytest.raises(ConfigError, match="onnx-int8"):
        FactBot(settings={"model": {"backend": "onnx-int8", "embedding": "some-other-model"}})


def test_another_backend_is_refused_until_reindex(seeded_bot: FactBot, index_dir: Path) -> None:
    seeded_bot.close()
    with pytest.raises(ConfigError, match="factbot reindex") as refused:
        FactBot(index_dir=index_dir, settings=TORCH)
    assert "torch backend" in str(refused.value) and "onnx-int8 backend" in str(refused.value)

    bot = FactBot(index_dir=index_dir, settings=TORCH, check_model=False)
    with pytest.raises(ConfigError, match="factbot reindex"):
        bot.search(QUESTION)  # never query torch vectors with an onnx query vector
    counts = bot.reindex()
    assert counts["documents"] == 1 and counts["chunks"] == counts["vectors"] > 0
    assert counts["embedding_backend"] == "torch" and counts["deleted_vectors"] == 0
    _assert_cites_exact_text(bot)
    assert not any(bot.check().values())
    assert bot.stats()["embedding_backend"] == "torch"
    bot.close()

    with FactBot(index_dir=index_dir, settings=TORCH) as reopened:  # recorded in both stores
        assert reopened._stores.vectors.collection.metadata["embedding_backend"] == "torch"
        _assert_cites_exact_text(reopened)
    with FactBot(index_dir=index_dir) as default:  # backend "auto" keeps what the index was built with
        assert default.embedder.backend == "torch"
        _assert_cites_exact_text(default)
    with pytest.raises(ConfigError, match="torch backend"):
        FactBot(index_dir=index_dir, settings=ONNX)  # and now an explicit onnx-int8 is the one refused


def test_chroma_collection_of_another_backend_is_refused(seeded_bot: FactBot, index_dir: Path) -> None:
    # The registry agrees, but the collection was filled by the other backend (e.g. a shared server).
    seeded_bot._stores.registry.set_meta("embedding_backend", "torch")
    seeded_bot.close()
    bot = FactBot(index_dir=index_dir, settings=TORCH)
    with pytest.raises(ConfigError, match="factbot reindex"):
        bot.search(QUESTION)
    bot.close()


def test_an_index_from_before_backends_counts_as_torch(tmp_path: Path, seed_path: Path) -> None:
    import chromadb

    from factbot.store.vectors import _embedding_function

    index_dir = tmp_path / "old"
    client = chromadb.PersistentClient(path=str(index_dir / "chroma"))
    client.create_collection(  # the metadata factbot wrote before it recorded a backend
        "factbot",
        embedding_function=_embedding_function(Embedder(ModelSettings(backend="torch"))),
        metadata={"embedding_model": "all-MiniLM-L6-v2", "embedding_dim": 384, "factbot_schema": 1},
        configuration={"hnsw": {"space": "cosine"}},
    )
    with FactBot(index_dir=index_dir, settings=TORCH) as bot:
        bot.ingest([seed_path])
        bot._stores.registry.delete_meta("embedding_backend")
    with FactBot(index_dir=index_dir) as bot:  # "auto" opens it as the torch index it is
        assert bot.embedder.backend == "torch"
        assert SEED_DEMAND in bot.search(QUESTION, k=1)[0].chunk.text
    with pytest.raises(ConfigError, match="torch backend"):
        FactBot(index_dir=index_dir, settings=ONNX)


def test_an_interrupted_reindex_must_be_finished(seeded_bot: FactBot, index_dir: Path) -> None:
    from factbot.store.maintenance import REINDEXING

    seeded_bot._stores.registry.set_meta(REINDEXING, "all-MiniLM-L6-v2|onnx-int8")  # as a crash mid-reindex leaves it
    seeded_bot.close()
    with pytest.raises(ConfigError, match="interrupted"):
        FactBot(index_dir=index_dir)
    with FactBot(index_dir=index_dir, check_model=False) as bot:
        bot.reindex()
    with FactBot(index_dir=index_dir) as bot:
        _assert_cites_exact_text(bot)


def test_wiped_chroma_is_detected_and_rebuilt_by_reindex(
    seeded_bot: FactBot, index_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    doc_id = seeded_bot.documents()[0].doc_id
    n_chunks = seeded_bot.stats()["chunks"]
    collection = seeded_bot._stores.vectors.collection  # wipe its vectors with Chroma's own client
    collection.delete(ids=collection.get(include=[])["ids"])
    seeded_bot.close()

    bot = FactBot(index_dir=index_dir)
    with caplog.at_level(logging.WARNING, logger="factbot"):
        bot.search(QUESTION)  # opening Chroma compares two counts
    assert any("factbot reindex" in r.getMessage() and "no vectors" in r.getMessage() for r in caplog.records)
    assert "factbot reindex" in (bot.vector_gap() or "")
    assert bot.check()["missing_vectors"] == [doc_id]

    counts = bot.reindex()
    assert counts["vectors"] == counts["chunks"] == n_chunks
    assert bot.vector_gap() is None and not any(bot.check().values())
    _assert_cites_exact_text(bot)
    bot.close()


def test_reindex_deletes_stray_vectors_and_keeps_partial_gaps_visible(seeded_bot: FactBot) -> None:
    ids = seeded_bot._stores.vectors.collection.get(include=[])["ids"]
    seeded_bot._stores.vectors.delete_chunks(ids[:2])
    assert "only" in (seeded_bot.vector_gap() or "")
    seeded_bot._stores.registry.remove(seeded_bot.documents()[0].doc_id)  # now every vector is a stray
    counts = seeded_bot.reindex()
    assert counts == {**counts, "documents": 0, "chunks": 0, "vectors": 0, "deleted_vectors": len(ids) - 2}


def test_reindex_command_switches_the_backend(
    seeded_bot: FactBot, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded_bot.close()
    runner = CliRunner()
    monkeypatch.setenv("FACTBOT_MODEL__BACKEND", "torch")
    refused = runner.invoke(main, ["search", QUESTION, "--index", str(index_dir)])
    assert refused.exit_code == 1 and "factbot reindex" in refused.output
    done = runner.invoke(main, ["reindex", "--index", str(index_dir)])
    assert done.exit_code == 0, done.output
    assert "torch backend" in done.output and "reindexed 1 documents" in done.output
    found = runner.invoke(main, ["ask", QUESTION, "--index", str(index_dir), "--json"])
    assert found.exit_code == 0 and SEED_DEMAND in found.output


def test_wiped_chroma_server_is_detected_and_rebuilt(chroma_server: str, tmp_path: Path, seed_path: Path) -> None:
    import chromadb

    settings = {"collection": "wiped-server-test"}  # the server is shared by the session's tests
    with FactBot(index_dir=tmp_path / "app", chroma_url=chroma_server, settings=settings) as bot:
        n_chunks = bot.ingest([seed_path]).chunks
    parts = urlsplit(chroma_server)
    chromadb.HttpClient(host=parts.hostname, port=parts.port).delete_collection("wiped-server-test")

    with FactBot(index_dir=tmp_path / "app", chroma_url=chroma_server, settings=settings) as bot:
        assert "no vectors" in (bot.vector_gap() or "")
        assert len(bot.check()["missing_vectors"]) == 1
        assert bot.reindex()["vectors"] == n_chunks
        assert bot.vector_gap() is None
        _assert_cites_exact_text(bot)


def test_another_index_is_refused_a_collection_that_holds_an_index(
    chroma_server: str, tmp_path: Path, seed_path: Path
) -> None:
    """Two deployments pointed at one collection of a shared server: the second is refused (its ingest
    changes nothing, its repair deletes nothing) until `reindex` takes the collection over."""
    settings = {"collection": "two-deployments-test"}
    with FactBot(index_dir=tmp_path / "first", chroma_url=chroma_server, settings=settings) as first:
        held = first.ingest([seed_path]).chunks
        assert held and first._stores.vectors.count() == held
    with FactBot(index_dir=tmp_path / "second", chroma_url=chroma_server, settings=settings) as second:
        with pytest.raises(ConfigError, match="FACTBOT_COLLECTION"):
            second.ingest_text("The Brisk council approved the tram budget on Monday.", title="Tram")
        with pytest.raises(ConfigError, match="another factbot index"):
            second.check(repair=True)
        assert second.documents() == [] and not second._stores.registry.pending()
    with FactBot(index_dir=tmp_path / "first", chroma_url=chroma_server, settings=settings) as first:
        assert first._stores.vectors.count() == held  # nothing of the first index was touched
        _assert_cites_exact_text(first)
    with FactBot(index_dir=tmp_path / "second", chroma_url=chroma_server, settings=settings) as second:
        assert second.reindex()["deleted_vectors"] == held  # taken over: the first index's vectors go
        assert second.ingest_text("The Brisk council approved the tram budget on Monday.", title="Tram").added
    with FactBot(index_dir=tmp_path / "first", chroma_url=chroma_server, settings=settings) as first:
        with pytest.raises(ConfigError, match="another factbot index"):
            first.ask(QUESTION)
