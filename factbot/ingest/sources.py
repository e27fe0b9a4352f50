"""Stage 1, sources: read files, directories, JSONL and URLs into raw `Article`s.

The file readers; URLs are fetched by `fetching.py`. Each reader returns raw text
(HTML and PDF already reduced to their main text) with whatever metadata the source carries;
cleaning happens in `documents.py`.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factbot.config import SourceSettings
from factbot.errors import (
    DecodeError,
    EmptyDocumentError,
    SourceError,
    TooLargeError,
    UnsupportedSourceError,
    setting_name,
)
from factbot.types import Article

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | JSONL_SUFFIXES


@dataclass(frozen=True)
class SourceItem:
    """One readable input found while expanding what the user named: a file or a URL."""

    location: str
    is_url: bool = False


def is_url(item: str) -> bool:
    """True for strings that look like a URL with a scheme (http, https, file, ftp, ...)."""
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", item))


def expand(item: str) -> list[SourceItem]:
    """Turn one user-named input into readable items: a URL, a file, or a directory's files.

    Directories are walked recursively (symlinked directories are not followed, so loops cannot
    occur); only files with a supported extension are kept, hidden files and folders are skipped.

    Raises:
        SourceError: if the path does not exist or a named file has an unsupported type.
    """
    if is_url(item):
        return [SourceItem(item, is_url=True)]
    path = Path(item).expanduser()
    if not path.exists():
        if path.is_symlink():
            raise SourceError(f"Path {item!r} is a broken symlink or a symlink loop; point it at a file.")
        raise SourceError(f"Path {item!r} does not exist; check the spelling or give a URL.")
    if path.is_dir():
        found: list[SourceItem] = []
        for root, dirs, files in os.walk(path, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                file = Path(root) / name
                if not name.startswith(".") and file.suffix.lower() in SUPPORTED_SUFFIXES:
                    found.append(SourceItem(_resolved(file)))
        return found
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UnsupportedSourceError(
            f"File {item!r} has unsupported type {path.suffix or '(none)'!r}; "
            f"use one of {', '.join(sorted(SUPPORTED_SUFFIXES))}."
        )
    return [SourceItem(_resolved(path))]


def _resolved(path: Path) -> str:
    """The canonical path (document ids derive from it); a symlink loop keeps its own name, and
    reading it then fails with a clear reason instead of stopping the walk."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # RuntimeError: pathlib's "Symlink loop" on Python 3.11
        return str(path.absolute())


def read_item(item: SourceItem, settings: SourceSettings) -> list[Article]:
    """Read one expanded item into articles (a JSONL file gives one per line).

    Raises:
        SourceError: or a subclass, with a one-line reason.
    """
    if item.is_url:
        from factbot.ingest.fetching import fetch_url  # fetching reads responses with this module's readers

        return [fetch_url(item.location, settings)]
    path = Path(item.location)
    suffix = path.suffix.lower()
    line_cap = None if suffix in PDF_SUFFIXES else settings.max_line_bytes
    data = _read_capped(path, settings.max_bytes, line_cap)
    source = str(path)
    if suffix in PDF_SUFFIXES:
        return [_pdf_article(data, source)]
    text = decode_bytes(data, source)
    if suffix in HTML_SUFFIXES:
        return [html_article(text, source)]
    if suffix in JSONL_SUFFIXES:
        return list(_jsonl_articles(text, source))
    if suffix in MARKDOWN_SUFFIXES:
        return [Article(text=strip_markdown(text), source=source, id_key=source)]
    return [Article(text=text, source=source, id_key=source)]


def _read_capped(path: Path, max_bytes: int, max_line_bytes: int | None = None) -> bytes:
    """Read a file of at most `max_bytes`, in blocks, refusing it as soon as a line is over
    `max_line_bytes`, so neither an oversized file nor a giant line is read into memory whole."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise UnsupportedSourceError(
                f"Path {str(path)!r} is not a regular file (a pipe, socket or device); give a file."
            )
        size = info.st_size
        if size > max_bytes:
            raise TooLargeError(
                f"File {str(path)!r} is {size:,} bytes, over the {max_bytes:,}-byte limit; "
                f"split it or raise {setting_name('sources.max_bytes')}."
            )
        parts: list[bytes] = []
        total = line = lines = 0
        with path.open("rb") as f:
            while block := f.read(min(1 << 20, max_bytes + 1 - total)):
                total += len(block)
                if total > max_bytes:  # it grew since stat()
                    raise TooLargeError(f"File {str(path)!r} is over the {max_bytes:,}-byte limit.")
                if max_line_bytes is not None:
                    *ended, tail = block.split(b"\n")
                    for length in [*(len(segment) for segment in ended), None]:
                        line += len(tail) if length is None else length
                        if line > max_line_bytes:
                            raise TooLargeError(
                                f"File {str(path)!r} has a line over {max_line_bytes:,} bytes (line {lines + 1}); "
                                "it does not look like article text. Split it, or raise "
                                f"{setting_name('sources.max_line_bytes')}."
                            )
                        if length is not None:
                            line, lines = 0, lines + 1
                parts.append(block)
        return b"".join(parts)
    except OSError as e:
        raise SourceError(f"File {str(path)!r} cannot be read: {e.strerror or e}.") from e


def decode_bytes(data: bytes, source: str) -> str:
    """Decode text bytes: UTF-8 (with or without BOM), else a detected encoding; refuse binary.

    Raises:
        DecodeError: for binary data or an encoding that cannot be detected.
    """
    if not data.strip():
        raise EmptyDocumentError(f"Source {source!r} is empty; nothing to index.")
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise DecodeError(f"Source {source!r} looks binary (NUL bytes), not text; give a text, HTML or PDF file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError(f"Source {source!r} is not UTF-8 and its encoding cannot be detected; convert it to UTF-8.")
    text = str(best)
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise DecodeError(f"Source {source!r} looks binary, not text; give a text, HTML or PDF file.")
    return text


_SENTENCE = re.compile(r"\w+(?:\W+\w+){3,}\W*[.!?…:;\"”’)]")  # four or more words, then a full stop or the like


def html_article(html: str, source: str, url: str = "") -> Article:
    """Extract main text, title, author, date and URL from an HTML page with trafilatura.

    Raises:
        EmptyDocumentError: if the page has no main text.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_comments=False, include_tables=False
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise EmptyDocumentError(f"HTML {source!r} has no main text that could be extracted.")
    if not _SENTENCE.search(text):  # trafilatura's fallback returns menus ("Home News Sport") as text
        raise EmptyDocumentError(
            f"HTML {source!r} has no main text, only fragments such as {text.strip()[:40]!r} (menus, links)."
        )
    page_url = url or (getattr(doc, "url", None) or "")
    # trafilatura separates paragraphs with one newline; make them blank-line paragraphs.
    return Article(
        text=text.replace("\n", "\n\n"),
        source=source,
        title=getattr(doc, "title", None) or "",
        url=page_url if page_url.startswith(("http://", "https://")) else "",
        published=getattr(doc, "date", None) or "",
        author=getattr(doc, "author", None) or "",
        id_key=source,
    )


def _pdf_article(data: bytes, source: str) -> Article:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise SourceError(f"PDF {source!r} is encrypted; decrypt it first.")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = str((reader.metadata or {}).get("/Title") or "")
    except SourceError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as e:
        raise SourceError(f"PDF {source!r} cannot be read ({type(e).__name__}: {e}); is it truncated?") from e
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise EmptyDocumentError(f"PDF {source!r} has no extractable text (scanned images need OCR first).")
    return Article(text=text, source=source, title=title.strip(), id_key=source)


def _jsonl_articles(text: str, source: str) -> Iterator[Article]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}#L{lineno}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise SourceError(f"JSONL {where!r} is not valid JSON ({e.msg}); fix or remove that line.") from e
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise SourceError(f"JSONL {where!r} needs an object with a string 'text' field.")
        url = str(row.get("url") or "")
        yield Article(
            text=row["text"],
            source=url or where,
            title=str(row.get("title") or ""),
            url=url,
            published=str(row.get("published") or ""),
            author=str(row.get("author") or ""),
            id_key=url or where,
        )


_MD_RULES = [
    (re.compile(r"^```.*?$", re.M), ""),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.M), ""),  # heading markers
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),  # block quotes
    (re.compile(r"^\s*[-*+]\s+", re.M), ""),  # bullets
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"\1"),  # italics
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"^\s*([-*_]\s*){3,}$", re.M), ""),  # rules
]


def strip_markdown(text: str) -> str:
    """Reduce Markdown to plain text, keeping link texts and headings as lines."""
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    return text


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(total: int, show: bool) -> Any:
    """A tqdm bar over `total` files on stderr, or one that shows nothing."""
    if not show or total < 2:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="file", desc="ingest", file=sys.stderr)
