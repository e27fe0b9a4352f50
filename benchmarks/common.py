"""Shared helpers for the benchmarks: the machine description, the public corpora and the result records."""

from __future__ import annotations

import fcntl
import json
import os
import platform
import sys
from pathlib import Path

from benchmarks import results

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ROOT = Path(__file__).resolve().parent.parent
EVAL_DATA = Path(os.environ.get("FACTBOT_EVAL_DATA", ROOT.parent / "shared" / "eval-data"))


def require_eval_data() -> Path:
    """The public datasets folder, or exit with a clear message when it is missing."""
    if not EVAL_DATA.is_dir():
        sys.exit(f"Evaluation data not found at {EVAL_DATA}; set FACTBOT_EVAL_DATA to ../shared/eval-data.")
    return EVAL_DATA


_LOCK: list[int] = []  # the lock file's descriptor, held until the process exits


def one_run_at_a_time() -> None:
    """Exit with a message if another benchmark or evaluation is running: two at once on 2 cores
    double each other's timings (it happened: an eval_qa latency of 124/178 ms instead of 47/64 ms)."""
    path = ROOT / "benchmarks" / ".cache" / "run.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        sys.exit("Another benchmark or evaluation is running (benchmarks/.cache/run.lock); wait for it to finish.")
    _LOCK.append(fd)


def machine() -> str:
    """One line describing this machine: CPU model, cores, memory, Python, torch threads."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}, {platform.system()}"


def news_articles(limit: int) -> list[dict[str, str]]:
    """Up to `limit` real news articles: FRANK first, then RealTime QA gold and retrieved articles."""
    data = require_eval_data()
    out: list[dict[str, str]] = []
    with (data / "frank" / "articles.jsonl").open() as f:
        for line in f:
            row = json.loads(line)
            out.append({"text": row["article"], "url": row.get("url") or f"frank:{row['hash']}", "title": ""})
    for name in ("gold_articles_2022.jsonl", "gcs_retrieved_articles_4weeks_2022.jsonl"):
        with (data / "realtimeqa" / name).open() as f:
            for line in f:
                row = json.loads(line)
                if row.get("text"):
                    out.append(
                        {
                            "text": row["text"],
                            "url": row["url"],
                            "title": row.get("title") or "",
                            "published": row.get("publish_date") or "",
                        }
                    )
    seen: set[str] = set()
    unique = [a for a in out if not (a["url"] in seen or seen.add(a["url"]))]  # type: ignore[func-returns-value]
    return unique[:limit]


def record(title: str, table: str, command: str, note: str | None = None) -> Path:
    """Print a result table, save it with the machine and time as a JSON record in benchmarks/results/ and
    regenerate RESULTS.md from the records (see `benchmarks.results`); returns the record's path."""
    entry = {"title": title, "utc": results.now_utc(), "machine": machine(), "command": command, "table": table}
    if note:
        entry["note"] = note
    print(results.render_record(entry))
    path = results.write_record(entry)
    results.write_results()
    return path
