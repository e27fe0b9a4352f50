"""Stage 3, records and feedback: every answer and verdict factbot gives, under a stable id, and what users
say about them.

Contracts:
- `Records(index_dir)` keeps both in `<index>/records.sqlite3`.
- `save(kind, payload)` → the record's id: 16 hex digits of the SHA-256 of its kind and JSON, so the same
  answer or verdict (same question or claim, evidence, judge and thresholds) always gets the same id and is
  stored once. `get(id)` → `{"id", "kind", "created", **payload}`; raises `DocumentNotFoundError`.
- `add_feedback(id, rating, label, note)` → the stored feedback (`rating` "correct" or "wrong"; `label` only
  for a verdict: the label the user thinks right). Raises `QueryError` for a bad rating or label, and
  `DocumentNotFoundError` for an unknown id. Nothing already stored changes.
- `feedback()` → every feedback row with its record (the claim or question, the evidence, the judge and
  thresholds that produced it), oldest first: the JSONL rows of `factbot feedback export`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from factbot.errors import DocumentNotFoundError, QueryError
from factbot.store.sqlite_files import transaction

RECORDS_FILE = "records.sqlite3"
RATINGS = ("correct", "wrong")
LABELS = ("SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO", "CONFLICTING")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (id TEXT PRIMARY KEY, kind TEXT NOT NULL, created TEXT NOT NULL,
  payload TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feedback (n INTEGER PRIMARY KEY AUTOINCREMENT, record_id TEXT NOT NULL,
  rating TEXT NOT NULL, label TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', created TEXT NOT NULL);
"""


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Records:
    """Answers, verdicts and feedback of one index (see the module's contract)."""

    def __init__(self, index_dir: Path) -> None:
        self.path = Path(index_dir) / RECORDS_FILE

    def _db(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self.path, _SCHEMA)

    def save(self, kind: str, payload: dict[str, Any]) -> str:
        """Store an answer or verdict (without its `id`) and return its id."""
        body = json.dumps({k: v for k, v in payload.items() if k != "id"}, ensure_ascii=False, sort_keys=True)
        record_id = hashlib.sha256(f"{kind}\n{body}".encode()).hexdigest()[:16]
        with self._db() as db:
            db.execute("INSERT OR IGNORE INTO records VALUES (?, ?, ?, ?)", (record_id, kind, _now(), body))
        return record_id

    def get(self, record_id: str) -> dict[str, Any]:
        """One stored answer or verdict."""
        with self._db() as db:
            row = db.execute("SELECT kind, created, payload FROM records WHERE id=?", (record_id,)).fetchone()
        if row is None:
            raise DocumentNotFoundError(f"No answer or verdict has the id {record_id!r}.")
        return {"id": record_id, "kind": row[0], "created": row[1], **json.loads(row[2])}

    def add_feedback(self, record_id: str, rating: str, label: str = "", note: str = "") -> dict[str, Any]:
        """Store what a user says about an answer or verdict."""
        if rating not in RATINGS:
            raise QueryError(f"Feedback is {' or '.join(RATINGS)}, not {rating!r}.")
        record = self.get(record_id)
        label = label.strip().upper().replace(" ", "_")
        if label and (record["kind"] != "verdict" or label not in LABELS):
            raise QueryError(
                f"A label goes with a verdict's feedback and is one of {', '.join(LABELS)}; got {label!r}."
            )
        row = (record_id, rating, label, note.strip()[:2000], _now())
        with self._db() as db:
            db.execute("INSERT INTO feedback (record_id, rating, label, note, created) VALUES (?, ?, ?, ?, ?)", row)
        return {"id": record_id, "rating": rating, "label": label, "note": row[3], "created": row[4]}

    def feedback(self) -> Iterator[dict[str, Any]]:
        """Every feedback row with its record, oldest first."""
        with self._db() as db:
            rows = db.execute(
                "SELECT f.record_id, f.rating, f.label, f.note, f.created, r.kind, r.payload FROM feedback f "
                "JOIN records r ON r.id = f.record_id ORDER BY f.n"
            ).fetchall()
        for record_id, rating, label, note, created, kind, payload in rows:
            yield {
                "id": record_id,
                "rating": rating,
                "label": label,
                "note": note,
                "created": created,
                "kind": kind,
                "record": json.loads(payload),
            }
