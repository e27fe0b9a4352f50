"""Stage 3, small SQLite files beside the registry (feed subscriptions, records and feedback).

Contract: `transaction(path, schema)` yields a connection to `path` for one transaction, committed when the
block ends without an exception and closed after; the parent folder and `schema` (idempotent DDL) are
created once per file and process.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_READY: set[Path] = set()
_LOCK = threading.Lock()


@contextmanager
def transaction(path: Path, schema: str) -> Iterator[sqlite3.Connection]:
    """One committed transaction on the SQLite file at `path` (see the module's contract)."""
    ready = path in _READY and path.exists()  # a file deleted since (a wiped index) gets its schema again
    db = sqlite3.connect(path, timeout=30) if ready else _first_connect(path, schema)
    try:
        with db:
            yield db
    finally:
        db.close()


def _first_connect(path: Path, schema: str) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=30)
    db.executescript(schema)
    with _LOCK:
        _READY.add(path)
    return db
