"""Server mode: the same pipeline with vectors on a real `chroma run` server."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED_DEMAND
from factbot import FactBot


def test_ingest_and_search_through_chroma_url(chroma_server: str, tmp_path: Path, seed_path: Path) -> None:
    bot = FactBot(index_dir=tmp_path / "app", chroma_url=chroma_server)
    report = bot.ingest([seed_path])
    assert len(report.added) == 1
    assert bot.stats()["chroma"] == chroma_server
    assert bot.stats()["vectors"] == report.chunks
    assert not (tmp_path / "app" / "chroma").exists()  # vectors live on the server, not beside the app
    assert SEED_DEMAND in bot.search("What did Stoltenberg demand?", k=1)[0].chunk.text
    assert bot.ingest([seed_path]).unchanged == report.added
    bot.remove(report.added[0])
    assert bot.stats()["vectors"] == 0
