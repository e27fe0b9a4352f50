"""Bad input through every entry point that takes it (Python API, CLI, REST): one batch holding
every kind of bad file and URL next to good ones. Each bad item is a typed failure with a one-line
reason, the good ones are indexed, and nothing of a failed item reaches any store. Questions and
claims that are empty, 100 KB long or made of control characters are refused the same way."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from conftest import DATA, SEED_DEMAND, LocalSite, make_pdf
from factbot import FactBot, QueryError
from factbot.interfaces.cli import main

GOOD_TEXT = "The harbour of Calder reopened on Monday after storm repairs. Ferries returned to the quay by noon."
LATIN1 = "Le ministre a annoncé une réforme fiscale à Lyon. Les électeurs décideront en été. " * 3


def bad_folder(root: Path) -> tuple[Path, dict[str, str], int]:
    """A directory of good and bad files: (folder, bad file name → expected error, good count)."""
    from pypdf import PdfReader, PdfWriter

    folder = root / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD_TEXT)
    (folder / "sub" / "latin1.txt").write_bytes(LATIN1.encode("latin-1"))  # detected, not refused
    (folder / "article.html").write_bytes((DATA / "article.html").read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("  \n\t\n ")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (folder / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav><footer>(c)</footer></body></html>")
    pdf = make_pdf(["A PDF that was cut short in transfer."])
    (folder / "cut.pdf").write_bytes(pdf[: len(pdf) // 3])
    writer = PdfWriter()
    (folder / "plain.tmp").write_bytes(pdf)
    writer.append(PdfReader(str(folder / "plain.tmp")))
    (folder / "plain.tmp").unlink()
    writer.encrypt("secret")
    with (folder / "locked.pdf").open("wb") as f:
        writer.write(f)
    with (folder / "huge.txt").open("wb") as f:  # 200 MB, sparse: refused from its size alone
        f.truncate(200_000_000)
    (folder / "one-line.txt").write_bytes(b"word " * 2_000_000)  # 10 MB without a newline
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "sub" / "cycle").symlink_to(folder)  # a directory loop: not followed
    os.mkfifo(folder / "pipe.txt")  # reading it would block forever
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")  # unsupported: skipped inside a folder
    bad = {
        "empty.txt": "EmptyDocumentError",
        "blank.md": "EmptyDocumentError",
        "photo.txt": "DecodeError",
        "nav.html": "EmptyDocumentError",
        "cut.pdf": "SourceError",
        "locked.pdf": "SourceError",
        "huge.txt": "TooLargeError",
        "one-line.txt": "TooLargeError",
        "loop.txt": "SourceError",
        "pipe.txt": "UnsupportedSourceError",
    }
    return folder, bad, 3


def assert_only_good_indexed(bot: FactBot, good: int) -> None:
    stats = bot.stats()
    assert stats["documents"] == good and stats["chunks"] == stats["vectors"] > 0
    assert not any(bot.check().values())
    assert not any(n in r.source for r in bot.documents() for n in ("empty", "photo", "nav", "cut", "huge", "line"))


def test_python_api_batch_with_every_bad_input(bot: FactBot, tmp_path: Path, site: LocalSite) -> None:
    folder, bad, good = bad_folder(tmp_path)
    urls = {
        site.route("/story.html", (DATA / "article.html").read_bytes()): "FetchError",  # loopback: refused
        "file:///etc/passwd": "FetchError",
        "ftp://example.org/news.txt": "FetchError",
        "gopher://127.0.0.1:70/": "FetchError",
    }
    missing = str(tmp_path / "missing.txt")
    report = bot.ingest([folder, missing, tmp_path / "loop-named.txt", *urls])
    failed = {Path(f.source).name if "://" not in f.source else f.source: f for f in report.failed}
    assert {k: failed[k].error for k in bad} == bad
    assert {u: failed[u].error for u in urls} == urls
    assert failed["missing.txt"].error == "SourceError" and "does not exist" in failed["missing.txt"].reason
    for f in report.failed:  # one line each, naming the item
        assert "\n" not in f.reason and f.reason.strip() and len(f.reason) < 400
    assert "private or loopback" in failed[next(iter(urls))].reason
    assert len(report.added) == good and len(report.failed) == len(bad) + len(urls) + 2
    assert_only_good_indexed(bot, good)
    # A broken link named directly, and pasted text that is empty after cleaning.
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    named = bot.ingest([tmp_path / "dangling.txt"]).failed[0]
    assert named.error == "SourceError" and "symlink" in named.reason
    for text in ("", "   \n\t ", "\x00\x01\x02\u200b"):
        assert bot.ingest_text(text, title="Empty").failed[0].error == "EmptyDocumentError"
    assert_only_good_indexed(bot, good)


def test_urls_that_time_out_loop_or_are_not_html_fail_alone(index_dir: Path, site: LocalSite) -> None:
    settings = {"sources": {"allow_private_urls": True, "fetch_timeout_s": 1.0}}
    with FactBot(index_dir=index_dir, settings=settings) as local:
        urls = {
            site.route("/slow", b"late"): "timed out",
            site.route("/loop", b"", status=302, headers={"Location": "/loop"}): "redirects too many times",
            site.route("/img", b"\x89PNG\r\n\x1a\n" + b"x" * 100, "image/png"): "not HTML",
            site.route("/gone", b"", status=410): "HTTP 410",
            site.route("/empty.html", b"<html><body><nav>Home</nav></body></html>"): "no main text",
        }
        good = site.route("/story.html", (DATA / "article.html").read_bytes())
        report = local.ingest([*urls, good])
        assert len(report.added) == 1
        reasons = {f.source: f.reason for f in report.failed}
        assert all(want in reasons[url] for url, want in urls.items()), reasons
        assert local.stats()["documents"] == 1 and not any(local.check().values())


def test_jsonl_with_lone_surrogate_escapes_is_indexed(bot: FactBot, tmp_path: Path) -> None:
    # json.loads turns "\ud800" into a lone surrogate, which no UTF-8 hash or store accepts.
    rows = [
        {"text": GOOD_TEXT, "url": "https://news.example/ok"},
        {"text": "The tram vote \ud800 passed on Friday. Work starts in May.", "title": "Tram \udc80"},
        {"text": "Ferries run again.", "url": "https://news.example/\udc80", "author": "A. Writer \ud83d"},
    ]
    path = tmp_path / "escaped.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    report = bot.ingest([path], progress=False)
    assert len(report.added) == len(rows) and not report.failed, report
    for record in bot.documents():
        for value in (record.title, record.url, record.source, bot.document_text(record.doc_id)):
            value.encode("utf-8")
    assert not any(bot.check().values())


def test_cli_reports_each_failure_on_one_line(index_dir: Path, tmp_path: Path) -> None:
    folder, bad, good = bad_folder(tmp_path)
    idx = ["--index", str(index_dir)]
    result = CliRunner().invoke(main, ["ingest", str(folder), "file:///etc/hosts", *idx, "--json"])
    assert result.exit_code == 2, result.output  # some items failed, the rest were indexed
    data = json.loads(result.stdout)
    assert len(data["added"]) == good and len(data["failed"]) == len(bad) + 1
    text = CliRunner().invoke(main, ["ingest", str(folder / "huge.txt"), str(folder / "pipe.txt"), *idx])
    assert text.exit_code == 1  # nothing indexed: a failure
    lines = [line for line in text.stdout.splitlines() if line.startswith("failed: ")]
    assert len(lines) == 2 and "limit" in lines[0] and "regular file" in lines[1]
    for args in (["ask", ""], ["ask", "x" * 100_000], ["ask", "\x00\x07\x1b"], ["verify", " \t "], ["search", "\x7f"]):
        r = CliRunner().invoke(main, [*args, *idx])
        assert r.exit_code == 1 and "Traceback" not in r.output, (args, r.output)
        assert len(r.output.strip().splitlines()) == 1 and r.output.startswith("Error: "), (args, r.output)
    with FactBot(index_dir=index_dir) as bot:
        assert_only_good_indexed(bot, good)


def test_questions_and_claims_empty_huge_or_control_characters(seeded_bot: FactBot) -> None:
    for text in ("", "   ", "\x00\x01\x1b\x7f", "\u200b\u200b", "x" * 100_000, "Why? " * 20_000):
        with pytest.raises(QueryError) as raised:
            seeded_bot.ask(text)
        assert "\n" not in str(raised.value)
        with pytest.raises(QueryError):
            seeded_bot.verify(text)
    noisy = "What did\x00 Stoltenberg\x1b demand?\x07\r\n"
    answer = seeded_bot.ask(noisy)
    assert not answer.abstained and SEED_DEMAND in answer.citations[0].quote
    assert all(c.isprintable() for c in answer.question)


def test_rest_refuses_bad_requests_and_keeps_the_index(seeded_bot: FactBot, tmp_path: Path) -> None:
    from factbot.interfaces.web.app import create_app

    folder, bad, _ = bad_folder(tmp_path)
    before = seeded_bot.stats()
    client = TestClient(create_app(seeded_bot, ui=False, warm=False))
    for question in ("", "\x00\x01", "q" * 100_000):
        r = client.post("/api/ask", json={"question": question})
        assert r.status_code == 422 and r.json()["error"] == "QueryError", r.text
        r = client.post("/api/verify", json={"claim": question})
        assert r.status_code == 422 and r.json()["error"] == "QueryError", r.text
    r = client.post("/api/ask", json={"question": "What did\x00 Stoltenberg demand?\x1b"})
    assert r.status_code == 200 and SEED_DEMAND in r.json()["citations"][0]["quote"]
    for filters in ({"doc_ids": 5}, {"doc_ids": [1]}, {"source": ["a"]}, {"published_from": 2022}, {"x": 1}):
        r = client.post("/api/ask", json={"question": "What did Stoltenberg demand?", "filters": filters})
        assert r.status_code == 422 and r.json()["error"] == "QueryError", (filters, r.text)
    files = [
        ("files", (name, (folder / name).read_bytes(), "application/octet-stream"))
        for name in ("empty.txt", "photo.txt", "nav.html", "cut.pdf", "locked.pdf", "one-line.txt")
    ]
    r = client.post("/api/documents", files=files)
    assert r.status_code == 422 and r.json()["error"] in set(bad.values()), r.text
    r = client.post("/api/documents", files=[*files, ("files", ("good.txt", GOOD_TEXT.encode(), "text/plain"))])
    assert r.status_code == 200 and len(r.json()["added"]) == 1 and len(r.json()["failed"]) == len(files)
    r = client.post("/api/documents", json={"url": "http://127.0.0.1:9/admin"})
    assert r.status_code == 422 and "private or loopback" in r.json()["detail"]
    r = client.post("/api/documents", json={"url": "file:///etc/passwd"})
    assert r.status_code == 422
    kept = sorted(p.name for p in (seeded_bot._stores.index_dir / "uploads").iterdir())
    assert kept == ["good.txt"]  # failed uploads are not kept
    after = seeded_bot.stats()
    assert after["documents"] == before["documents"] + 1 and after["chunks"] == after["vectors"]
    assert not any(seeded_bot.check().values())


def test_slack_gets_a_short_notice_for_bad_questions_and_claims(seeded_bot: FactBot) -> None:
    from factbot.interfaces.slack.app import reply_for

    for kind in ("ask", "verify"):
        for text in ("", "  \t", "\x00\x01\x1b", "q" * 100_000):
            blocks, fallback = reply_for(seeded_bot, text, kind=kind)
            assert blocks[0].get("block_id") == "notice" and len(blocks) == 1, (kind, text[:10], blocks)
            assert "Traceback" not in fallback and len(fallback) < 500
