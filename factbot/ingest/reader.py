"""Reading sources in batches: paths and URLs → `Article`s, a bounded amount of text at a time.

Contract: `read_batches(items, settings, report, progress)` yields lists of articles of at most about
`MAX_BATCH_CHARS` characters each (a batch ends once it passes that), in the order the items expand to;
items that cannot be expanded or read are appended to `report.failed` with their reason and never stop
the rest. Nothing is written: the caller indexes each batch, so files are read and URLs fetched without
holding the index's write lock.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from factbot.config import SourceSettings
from factbot.errors import FactbotError
from factbot.ingest.sources import expand, progress_bar, read_item
from factbot.types import Article, IngestFailure, IngestReport

MAX_BATCH_CHARS = 400_000  # text read before it is indexed: bounds memory and how long one write holds the lock


def read_batches(
    items: Iterable[str | Path], settings: SourceSettings, report: IngestReport, progress: bool | None = None
) -> Iterator[list[Article]]:
    """Expand and read `items` (files, directories, http(s) URLs), yielding articles in batches.

    Args:
        items: paths or URLs.
        settings: size, time and address limits for reading.
        report: where failures are recorded.
        progress: show a progress bar on stderr; default when stderr is a terminal.
    """
    found: list[Any] = []
    for item in items:
        try:
            found += expand(str(item))
        except FactbotError as e:
            report.failed.append(IngestFailure(str(item), str(e), type(e).__name__))
    show = sys.stderr.isatty() if progress is None else progress
    bar = progress_bar(len(found), show)
    articles: list[Article] = []
    pending_chars = 0
    for source_item in found:
        try:
            read = read_item(source_item, settings)
            articles += read
            pending_chars += sum(len(a.text) for a in read)
        except FactbotError as e:
            report.failed.append(IngestFailure(source_item.location, str(e), type(e).__name__))
        if pending_chars > MAX_BATCH_CHARS:
            yield articles
            articles, pending_chars = [], 0
        bar.update(1)
    if articles:  # nothing read: no need to wait for the lock
        yield articles
    bar.close()


def sample_paths() -> list[Path]:
    """The articles bundled with factbot (`factbot/samples/*.txt`), indexed by `factbot seed`."""
    root = resources.files("factbot") / "samples"
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".txt"))
