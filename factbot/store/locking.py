"""Stage 4d, the index write lock: one writer (ingest, removal, repair) per index, across threads and processes.

An exclusive `flock` on `<index>/write.lock`, plus a re-entrant thread lock so nested writes of one
thread (`seed` → `ingest`) take it once. The kernel drops the `flock` when its holder dies, even by
SIGKILL, so a crashed ingest never leaves the index locked. The holder writes its pid, action and
start time into the file, so whoever waits or is refused is told what it waits for. Readers never
take the lock: the registry is SQLite in WAL mode and shows only committed documents.

`flock` is advisory and local: it does not protect an index on a network file system shared by
several machines.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from factbot.errors import IndexLockedError, IndexStoreError

log = logging.getLogger(__name__)
LOCK_FILE = "write.lock"
_POLL_S = 0.1


class IndexLock:
    """The write lock of one index directory.

    Args:
        directory: the index directory; the lock file is created inside it.
        timeout_s: how long `hold` waits for another writer; 0 refuses at once.
    """

    def __init__(self, directory: Path, timeout_s: float) -> None:
        self.path = directory / LOCK_FILE
        self.timeout_s = timeout_s
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    def holder(self) -> str:
        """Who holds (or last held) the lock, e.g. "ingest (pid 1234, since 12:00:01 UTC)"."""
        try:
            info = json.loads(self.path.read_text(encoding="utf-8") or "{}")
            return f"{info['action']} (pid {info['pid']}, since {info['since']})"
        except (OSError, ValueError, KeyError, TypeError):
            return "another writer"

    def _refuse(self, waited_s: float) -> IndexLockedError:
        return IndexLockedError(
            f"Index {str(self.path.parent)!r} is being written by {self.holder()}; gave up after {waited_s:g} s. "
            "Try again when it has finished, or raise lock_timeout_s (FACTBOT_LOCK_TIMEOUT_S)."
        )

    @contextmanager
    def hold(self, action: str) -> Iterator[None]:
        """Hold the lock for `action` ("ingest", "remove", ...); re-entrant within a thread.

        Raises:
            IndexLockedError: another writer kept it for longer than `timeout_s`.
            IndexStoreError: the lock file cannot be created.
        """
        start = time.monotonic()
        if not self._thread_lock.acquire(blocking=False):
            log.warning("Waiting for the index write lock: another thread is writing (%s).", self.holder())
            if not self._thread_lock.acquire(timeout=self.timeout_s):
                raise self._refuse(round(time.monotonic() - start, 1))
        try:
            if self._depth == 0:
                self._acquire_file(action, start)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._release_file()
        finally:
            self._thread_lock.release()

    def _acquire_file(self, action: str, start: float) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise IndexStoreError(f"Lock file {str(self.path)!r} cannot be opened: {e.strerror or e}.") from e
        warned = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - start
                if waited >= self.timeout_s:
                    os.close(fd)
                    raise self._refuse(round(waited, 1)) from None
                if not warned:
                    log.warning(
                        "Waiting up to %g s for the index write lock held by %s.", self.timeout_s, self.holder()
                    )
                    warned = True
                time.sleep(_POLL_S)
        since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "action": action, "since": since}).encode(), 0)
        self._fd = fd

    def _release_file(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
