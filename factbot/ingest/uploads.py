"""Uploaded files: kept under `<index>/uploads/` as the documents' sources, checked for type and size
before anything is indexed. `FactBot.ingest_upload` saves with `save_upload`, then ingests the saved file.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from factbot.errors import SourceError, TooLargeError, UnsupportedSourceError, setting_name
from factbot.ingest.sources import SUPPORTED_SUFFIXES
from factbot.types import IngestFailure, IngestReport

UPLOAD_DIR = "uploads"  # inside the index directory: uploaded files stay there as the documents' sources


def safe_filename(name: str) -> str:
    """A file name without directories or unusual characters (the suffix is kept)."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" .")
    return base or "upload.txt"


def save_upload(folder: Path, name: str, data: IO[bytes], limit: int) -> Path:
    """Copy an uploaded file into `folder` (`<index>/uploads/`), refusing unsupported types and oversized files.

    The same file name replaces the earlier upload, so re-uploading a revised article updates it.

    Raises:
        UnsupportedSourceError: the suffix is not one factbot reads.
        TooLargeError: the file is over `limit` bytes (`sources.max_bytes`).
    """
    filename = safe_filename(name)
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedSourceError(
            f"File {name!r} has unsupported type {suffix or '(none)'!r}; "
            f"use one of {', '.join(sorted(SUPPORTED_SUFFIXES))}."
        )
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{filename}.part"
    size = 0
    with partial.open("wb") as out:
        while block := data.read(1 << 20):
            size += len(block)
            if size > limit:
                out.close()
                partial.unlink()
                raise TooLargeError(
                    f"File {name!r} is over the {limit:,}-byte limit; split it or raise "
                    f"{setting_name('sources.max_bytes')}."
                )
            out.write(block)
    target = folder / filename
    partial.replace(target)
    return target


def ingest_upload(
    folder: Path, name: str, data: IO[bytes], limit: int, ingest: Callable[..., IngestReport]
) -> IngestReport:
    """Save an upload with `save_upload`, then `ingest([path], progress=False)` it. A refused file (type,
    size) is a failure in the report, not an exception; a file none of which was indexed is not kept."""
    try:
        path = save_upload(folder, name, data, limit)
    except SourceError as e:
        return IngestReport(failed=[IngestFailure(name, str(e), type(e).__name__)])
    report: IngestReport = ingest([path], progress=False)
    if report.failed and not (report.added or report.updated or report.unchanged):
        path.unlink(missing_ok=True)  # nothing of it was indexed: don't keep the file
    return report


def _upload_of(folder: Path, source: str) -> Path | None:
    """The file under `folder` that a document's source names (a JSONL row's `path#line` too), if any."""
    path = Path(source.split("#", 1)[0])
    try:
        return path if path.is_absolute() and path.resolve().parent == folder.resolve() else None
    except OSError:
        return None


def orphaned_uploads(folder: Path, sources: Iterable[str], min_age_s: float = 300.0) -> list[Path]:
    """Files in `folder` that no document's source names (left by a removal made before uploads were
    deleted with their documents, or by a crash between saving and indexing). Files younger than
    `min_age_s` are left out: an upload is saved before it is indexed."""
    if not folder.is_dir():
        return []
    used = {p.resolve() for p in (_upload_of(folder, s) for s in sources) if p is not None}
    now = time.time()
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.resolve() not in used and now - p.stat().st_mtime >= min_age_s
    )


def discard_upload(folder: Path, source: str, remaining: Iterable[str]) -> bool:
    """Delete the uploaded file a removed document came from, unless another document (another row of the same
    JSONL file) still comes from it. Returns whether a file was deleted."""
    path = _upload_of(folder, source)
    if path is None or any(_upload_of(folder, s) == path for s in remaining):
        return False
    path.unlink(missing_ok=True)
    return True
