"""Stage 3, feed subscriptions: which feeds an index follows, what it has taken from each, and polling them.

Contracts:
- `Feeds(index_dir, writer, settings)` keeps subscriptions in `<index>/feeds.sqlite3` (beside the registry).
  `add(url, name, every_s)` → `Feed` (raises `QueryError` for a URL that is not http(s), a name or URL
  already followed, or an interval under a minute); `remove(url_or_name)` → the removed `Feed` (the
  documents stay indexed; raises `QueryError` if unknown); `list()` → every `Feed`.
- `poll(force=False, now=None)` → one `PollReport` per feed that is due (every feed with `force`): the feed
  is fetched with a conditional GET (its last ETag / Last-Modified: a 304 writes nothing); each entry not
  seen before, or whose version changed, has its article fetched under the source rules and indexed with
  the entry's date as the article date; an article that is a near-duplicate of one already taken from any
  feed (`factbot.ingest.feeds.NEAR_DUPLICATE`) is recorded as a duplicate of it and not indexed. A feed
  that fails (unreachable, timed out, not a feed) is retried after `every_s × 2^errors` (at most a day);
  one failing entry is reported and retried on the next poll. Nothing raises but the index's own errors.
- `watch(stop, on_report)` polls due feeds until `stop` is set, sleeping until the next one is due.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factbot.config import SourceSettings
from factbot.errors import FactbotError, QueryError, SourceError
from factbot.ingest.feeds import NEAR_DUPLICATE, PERMUTATIONS, SCHEME, fingerprint, parse_feed, similarity
from factbot.ingest.fetching import article_of, fetch
from factbot.store.sqlite_files import transaction

if TYPE_CHECKING:
    from factbot.store.writer import IndexWriter

FEEDS_FILE = "feeds.sqlite3"
MIN_EVERY_S = 60
MAX_BACKOFF_S = 86_400
_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (url TEXT PRIMARY KEY, name TEXT UNIQUE NOT NULL, every_s INTEGER NOT NULL,
  etag TEXT NOT NULL DEFAULT '', modified TEXT NOT NULL DEFAULT '', last_poll TEXT NOT NULL DEFAULT '',
  next_poll REAL NOT NULL DEFAULT 0, errors INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',
  new_items INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS entries (feed_url TEXT NOT NULL, key TEXT NOT NULL, link TEXT NOT NULL,
  version TEXT NOT NULL, doc_id TEXT NOT NULL DEFAULT '', duplicate_of TEXT NOT NULL DEFAULT '',
  minhash BLOB, PRIMARY KEY (feed_url, key));
"""


@dataclass(frozen=True)
class Feed:
    """A followed feed: how often it is polled, and how its last poll went."""

    url: str
    name: str
    every_s: int
    last_poll: str = ""
    next_poll: float = 0.0
    errors: int = 0
    last_error: str = ""
    new_items: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class PollReport:
    """What one poll of one feed did. `status`: "ok", "not-modified" or "failed" (see `error`)."""

    feed: str
    status: str = "ok"
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    duplicates: list[str] = field(default_factory=list)  # entry links recorded as another entry's story
    failed: list[tuple[str, str]] = field(default_factory=list)  # (entry link, reason)
    error: str = ""

    def summary(self) -> str:
        """One line per feed."""
        if self.status != "ok":
            return f"{self.feed}: {self.status}" + (f" ({self.error})" if self.error else "")
        return (
            f"{self.feed}: added {len(self.added)}, updated {len(self.updated)}, unchanged {self.unchanged}, "
            f"duplicates {len(self.duplicates)}, failed {len(self.failed)}"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _signature(blob: bytes | None) -> Any:
    import numpy as np
    from datasketch import MinHash

    if not blob:
        return None
    return MinHash(num_perm=PERMUTATIONS, hashvalues=np.frombuffer(blob, dtype=np.uint64), scheme=SCHEME)


class Feeds:
    """The feeds one index follows (see the module's contract). Thread-safe: one poll at a time."""

    def __init__(self, index_dir: Path, writer: IndexWriter, settings: SourceSettings) -> None:
        self.path = Path(index_dir) / FEEDS_FILE
        self.writer, self.settings = writer, settings
        self._lock = threading.Lock()

    def _db(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self.path, _SCHEMA)

    def list(self) -> list[Feed]:
        """Every followed feed, by name."""
        if not self.path.exists():
            return []
        with self._db() as db:
            cols = "url, name, every_s, last_poll, next_poll, errors, last_error, new_items"
            return [Feed(*row) for row in db.execute(f"SELECT {cols} FROM feeds ORDER BY name")]

    def add(self, url: str, name: str = "", every_s: int = 1800) -> Feed:
        """Follow a feed (see the module's contract)."""
        url = url.strip()
        if not url.lower().startswith(("http://", "https://")):
            raise QueryError(f"A feed is an http(s) URL; {url!r} is not.")
        if every_s < MIN_EVERY_S:
            raise QueryError(f"Poll a feed at most once a minute (--every ≥ 1m); {every_s} s was asked.")
        name = name.strip() or url.split("//", 1)[-1].split("/", 1)[0]
        with self._db() as db:
            clash = db.execute("SELECT url, name FROM feeds WHERE url=? OR name=?", (url, name)).fetchone()
            if clash:
                raise QueryError(f"Already following {clash[0]!r} as {clash[1]!r}; remove it first or pick --name.")
            db.execute("INSERT INTO feeds (url, name, every_s) VALUES (?, ?, ?)", (url, name, every_s))
        return Feed(url, name, every_s)

    def remove(self, url_or_name: str) -> Feed:
        """Stop following a feed; its articles stay indexed (see the module's contract)."""
        found = [f for f in self.list() if url_or_name in (f.url, f.name)]
        if not found:
            raise QueryError(f"No feed {url_or_name!r} is followed; `factbot feeds list` shows them.")
        with self._db() as db:
            db.execute("DELETE FROM feeds WHERE url=?", (found[0].url,))
            db.execute("DELETE FROM entries WHERE feed_url=?", (found[0].url,))
        return found[0]

    def poll(self, force: bool = False, now: float | None = None) -> list[PollReport]:
        """Poll the due feeds (every feed with `force`); see the module's contract."""
        with self._lock:
            now = time.time() if now is None else now
            return [self._poll(f, now) for f in self.list() if force or f.next_poll <= now]

    def watch(self, stop: threading.Event, on_report: Callable[[PollReport], None] | None = None) -> None:
        """Poll due feeds until `stop` is set."""
        while not stop.is_set():
            for report in self.poll():
                if on_report is not None:
                    on_report(report)
            feeds = self.list()
            wait = min((f.next_poll for f in feeds), default=time.time() + 60) - time.time()
            stop.wait(min(max(wait, 1.0), 60.0))

    # --- one feed ---------------------------------------------------------------------------------
    def _poll(self, feed: Feed, now: float) -> PollReport:
        report = PollReport(feed.name)
        with self._db() as db:
            etag, modified = db.execute("SELECT etag, modified FROM feeds WHERE url=?", (feed.url,)).fetchone()
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", modified)) if v}
        try:
            got = fetch(feed.url, self.settings, headers)
            if got.status == 304:
                report.status = "not-modified"
            else:
                entries = parse_feed(got.body, got.url).entries
                with self._db() as db:  # every article taken from any feed, read once per poll
                    rows = db.execute("SELECT link, doc_id, minhash FROM entries WHERE doc_id != ''").fetchall()
                taken = [(link, doc_id, _signature(blob)) for link, doc_id, blob in rows]
                for entry in entries:
                    self._take(feed, entry, report, taken)
                etag, modified = got.headers.get("etag", ""), got.headers.get("last-modified", "")
        except SourceError as e:  # FetchError and TooLargeError included: the feed itself failed
            report.status, report.error = "failed", str(e)
        stamp = datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self._db() as db:
            if report.status == "failed":
                errors = feed.errors + 1
                wait = min(feed.every_s * 2**errors, MAX_BACKOFF_S)
                db.execute(
                    "UPDATE feeds SET last_poll=?, next_poll=?, errors=?, last_error=? WHERE url=?",
                    (stamp, now + wait, errors, report.error, feed.url),
                )
            else:
                db.execute(
                    "UPDATE feeds SET last_poll=?, next_poll=?, errors=0, last_error='', etag=?, modified=?, "
                    "new_items=? WHERE url=?",
                    (stamp, now + feed.every_s, etag, modified, len(report.added) + len(report.updated), feed.url),
                )
        return report

    def _take(self, feed: Feed, entry: Any, report: PollReport, taken: list[tuple[str, str, Any]]) -> None:
        """Index one entry's article unless seen at this version or a near-duplicate of one in `taken`
        (link, doc_id, fingerprint), which it joins once indexed."""
        with self._db() as db:
            seen = db.execute(
                "SELECT version FROM entries WHERE feed_url=? AND key=?", (feed.url, entry.key)
            ).fetchone()
        if seen is not None and seen[0] == entry.version:
            report.unchanged += 1
            return
        try:
            article = article_of(fetch(entry.link, self.settings), entry.link)
        except FactbotError as e:
            report.failed.append((entry.link, str(e)))
            return
        article = replace(article, published=entry.published or article.published, title=article.title or entry.title)
        signature = fingerprint(article.text)
        if seen is None:
            for link, doc_id, other in taken:
                if link != entry.link and other is not None and similarity(signature, other) >= NEAR_DUPLICATE:
                    report.duplicates.append(entry.link)
                    self._record(feed, entry, "", signature, duplicate_of=doc_id)
                    return
        ingested = self.writer.ingest_articles([article])
        if ingested.failed:
            report.failed += [(entry.link, f.reason) for f in ingested.failed]
            return
        report.added += ingested.added
        report.updated += ingested.updated
        report.unchanged += len(ingested.unchanged)
        doc_id = (ingested.added + ingested.updated + ingested.unchanged)[0]
        self._record(feed, entry, doc_id, signature)
        taken.append((entry.link, doc_id, signature))

    def _record(self, feed: Feed, entry: Any, doc_id: str, signature: Any, duplicate_of: str = "") -> None:
        blob = signature.hashvalues.astype("uint64").tobytes()
        with self._db() as db:
            db.execute(
                "INSERT OR REPLACE INTO entries (feed_url, key, link, version, doc_id, duplicate_of, minhash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (feed.url, entry.key, entry.link, entry.version, doc_id, duplicate_of, blob),
            )
