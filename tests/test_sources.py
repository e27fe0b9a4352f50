"""Reading each source type into articles, and refusing bad inputs with a clear, typed error."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA, LocalSite, make_pdf
from factbot.config import SourceSettings
from factbot.errors import (
    DecodeError,
    EmptyDocumentError,
    FetchError,
    SourceError,
    TooLargeError,
    UnsupportedSourceError,
)
from factbot.ingest.fetching import fetch_url
from factbot.ingest.sources import SourceItem, expand, read_item

SETTINGS = SourceSettings()
LOCAL = SourceSettings(allow_private_urls=True, fetch_timeout_s=1.0)


def read(path: Path, settings: SourceSettings = SETTINGS) -> list:
    return read_item(SourceItem(str(path)), settings)


def test_html_gives_main_text_and_metadata() -> None:
    [art] = read(DATA / "article.html")
    assert art.title == "Harbour city opens flood barrier after decade of delays"
    assert art.author == "Maria Lindqvist"
    assert art.published.startswith("2023-03-14")
    assert art.url == "https://coastal-herald.example/news/flood-barrier-opens"
    assert "1.2-kilometre flood barrier" in art.text
    assert "Ten things to do" not in art.text and "Home" not in art.text


def test_markdown_is_reduced_to_text() -> None:
    [art] = read(DATA / "article.md")
    assert "**" not in art.text and "](" not in art.text and "#" not in art.text
    assert 'The operator said the offer was "fair and final".' in art.text.replace("\n", " ")


def test_jsonl_gives_one_article_per_line() -> None:
    arts = read(DATA / "articles.jsonl")
    assert [a.title for a in arts] == ["Red warning issued for heavy snow", "Museum returns bronze statue"]
    assert arts[0].url == arts[0].id_key == "https://news.example/snow-warning"
    assert arts[1].id_key.endswith("articles.jsonl#L2") and arts[1].published == "2024-02-03"


def test_bad_jsonl_line_is_a_source_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"title": "no text"}\n')
    with pytest.raises(SourceError, match="L2"):
        read(bad)


def test_pdf_text_and_title(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(
        make_pdf(
            ["The council approved the budget on Monday.", "It passed by 31 votes to 20."], title="Budget approved"
        )
    )
    [art] = read(pdf)
    assert art.title == "Budget approved"
    assert "approved the budget on Monday" in art.text and "31 votes" in art.text


def test_truncated_and_encrypted_pdfs_are_refused(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    data = make_pdf(["Some text in a PDF file."])
    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes(data[: len(data) // 3])
    with pytest.raises(SourceError):
        read(truncated)
    writer = PdfWriter()
    writer.append(PdfReader(str(_write(tmp_path / "plain.pdf", data))))
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as f:
        writer.write(f)
    with pytest.raises(SourceError, match="encrypted"):
        read(locked)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_directory_is_walked_recursively_by_extension(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("One.")
    (tmp_path / "a" / "b" / "two.md").write_text("Two.")
    (tmp_path / "a" / "b" / "skip.exe").write_bytes(b"MZ")
    (tmp_path / "a" / ".hidden.txt").write_text("Hidden.")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")  # a symlink loop must not hang the walk
    found = [Path(i.location).name for i in expand(str(tmp_path / "a"))]
    assert found == ["one.txt", "two.md"]


def test_bad_inputs_get_typed_errors(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not exist"):
        expand(str(tmp_path / "missing.txt"))
    with pytest.raises(UnsupportedSourceError):
        expand(str(_write(tmp_path / "x.docx", b"PK")))
    with pytest.raises(EmptyDocumentError):
        read(_write(tmp_path / "empty.txt", b"  \n\t "))
    with pytest.raises(DecodeError, match="binary"):
        read(_write(tmp_path / "bin.txt", bytes(range(256)) * 8))
    with pytest.raises(TooLargeError, match="limit"):
        read(_write(tmp_path / "big.txt", b"word " * 400), SourceSettings(max_bytes=1000))


def test_non_utf8_text_is_detected(tmp_path: Path) -> None:
    text = "Le ministre a annoncé une réforme fiscale. Les électeurs décideront en été. " * 3
    [art] = read(_write(tmp_path / "latin1.txt", text.encode("latin-1")))
    assert "annoncé une réforme" in art.text


def test_url_html_text_and_pdf(site: LocalSite) -> None:
    url = site.route("/story.html", (DATA / "article.html").read_bytes())
    art = fetch_url(url, LOCAL)
    assert art.id_key == url and "flood barrier" in art.text and art.title.startswith("Harbour city")
    plain = fetch_url(site.route("/note.txt", b"Plain text news. Second sentence.", "text/plain"), LOCAL)
    assert plain.text.startswith("Plain text news")
    pdf = fetch_url(site.route("/doc.pdf", make_pdf(["A PDF over HTTP."]), "application/pdf"), LOCAL)
    assert "PDF over HTTP" in pdf.text
    moved = site.route("/old", b"", status=301, headers={"Location": "/story.html"})
    assert "flood barrier" in fetch_url(moved, LOCAL).text


def test_url_failures(site: LocalSite) -> None:
    with pytest.raises(FetchError, match="private or loopback") as refused:
        fetch_url(site.route("/story.html", b"<html><p>x</p></html>"), SETTINGS)
    # the message says how to allow it: the setting and its environment variable
    assert "sources.allow_private_urls (FACTBOT_SOURCES__ALLOW_PRIVATE_URLS=true)" in str(refused.value)
    with pytest.raises(FetchError, match="scheme"):
        fetch_url("file:///etc/passwd", LOCAL)
    with pytest.raises(FetchError, match="404"):
        fetch_url(site.url + "/missing", LOCAL)
    with pytest.raises(FetchError, match="timed out"):
        fetch_url(site.route("/slow", b"late"), LOCAL)
    with pytest.raises(FetchError, match="redirects"):
        fetch_url(site.route("/loop", b"", status=302, headers={"Location": "/loop"}), LOCAL)
    with pytest.raises(FetchError, match="not HTML"):
        fetch_url(site.route("/img", b"\x89PNG\r\n\x1a\n" + b"x" * 100, "image/png"), LOCAL)
    with pytest.raises(TooLargeError):
        fetch_url(
            site.route("/big", b"x" * 5000, "text/plain"), SourceSettings(allow_private_urls=True, max_bytes=1000)
        )
