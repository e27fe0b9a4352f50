"""Concurrency: the real server (uvicorn on loopback) keeps answering ask, verify and listing
requests from several clients while an ingest of many articles runs through the same server; no
request fails, no document is lost, every citation still points at its exact text, and the
latencies are printed. The load is bounded: a few clients, on 127.0.0.1 only, for seconds. And a
running server finds by meaning what `factbot ingest` added from another process."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import free_port
from factbot import FactBot

# Short by default; `make bench` runs 8 clients for 30 s. Read at import: the fixtures clear FACTBOT_*.
CLIENTS = int(os.environ.get("FACTBOT_TEST_CLIENTS", "6"))
MIN_LOAD_S = float(os.environ.get("FACTBOT_TEST_LOAD_S", "12"))  # at least this long, ingest or not
MAX_LOAD_S = max(45.0, MIN_LOAD_S + 30)
ARTICLES = 36
TOWNS = ["Arlen", "Brisk", "Calder", "Dunmore", "Elvaston", "Fenwick"]
LABELS = {"SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO", "CONFLICTING"}


def articles_jsonl() -> bytes:
    rows = []
    for n in range(ARTICLES):
        town = TOWNS[n % len(TOWNS)]
        text = " ".join(
            f"On day {d} the {town} council discussed proposal {n}-{d} about tram line {n}. "
            f"The mayor said {d + n} residents had written in support of it."
            for d in range(1, 6)
        )
        rows.append({"text": text, "title": f"{town} council, proposal {n}", "url": f"https://news.example/{n}"})
    return "\n".join(json.dumps(r) for r in rows).encode()


class Server:
    """uvicorn serving the factbot app in a thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.url = f"http://127.0.0.1:{free_port()}"
        port = int(self.url.rsplit(":", 1)[1])
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "the server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


@pytest.fixture
def server(index_dir: Path) -> Iterator[tuple[str, FactBot]]:
    from factbot.interfaces.web.app import create_app

    # The similarity judge: this test is about concurrency, not about the verifier's model.
    bot = FactBot(index_dir=index_dir, settings={"verify": {"model": "similarity"}, "ingest_batch_chunks": 16})
    assert bot.seed() is not None
    with Server(create_app(bot, ui=False)) as srv:
        yield srv.url, bot
    bot.close()


@pytest.mark.soak
def test_reads_are_answered_while_an_ingest_runs(server: tuple[str, FactBot]) -> None:
    url, bot = server
    before = bot.stats()["documents"]
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    answers: list[dict[str, Any]] = []
    spans: list[tuple[float, float]] = []
    ingest_done = threading.Event()
    ingest: dict[str, Any] = {}
    record = threading.Lock()

    def run_ingest() -> None:
        start = time.monotonic()
        with httpx.Client(base_url=url, timeout=300) as client:
            r = client.post("/api/documents", files=[("files", ("batch.jsonl", articles_jsonl(), "application/json"))])
        end = time.monotonic()
        ingest.update(status=r.status_code, body=r.json(), start=start, end=end, seconds=end - start)
        ingest_done.set()

    requests = [
        ("ask", "POST", "/api/ask", {"question": "What did Stoltenberg demand?"}),
        ("ask", "POST", "/api/ask", {"question": "What did the Calder council discuss about the tram line?"}),
        ("verify", "POST", "/api/verify", {"claim": "The mayor said residents supported the tram line."}),
        ("list", "GET", "/api/documents", None),
        ("health", "GET", "/health", None),
    ]

    def client_loop(seed: int) -> None:
        i = seed
        with httpx.Client(base_url=url, timeout=120) as client:
            while not stop.is_set():
                name, method, path, body = requests[i % len(requests)]
                i += 1
                start = time.monotonic()
                try:
                    r = client.request(method, path, json=body)
                except httpx.HTTPError as e:
                    errors.append(f"{name}: {type(e).__name__}: {e}")
                    continue
                end = time.monotonic()
                with record:
                    latencies[name].append(end - start)
                    spans.append((start, end))
                    if r.status_code != 200:
                        errors.append(f"{name}: HTTP {r.status_code}: {r.text[:200]}")
                    elif name == "ask":
                        answers.append(r.json())
                    elif name == "verify":
                        assert r.json()["label"] in LABELS

    stop = threading.Event()
    clients = [threading.Thread(target=client_loop, args=(n,), daemon=True) for n in range(CLIENTS)]
    load_start = time.monotonic()
    for t in clients:
        t.start()
    time.sleep(1.0)  # the clients are under way before the ingest starts
    writer = threading.Thread(target=run_ingest, daemon=True)
    writer.start()
    ingest_done.wait(timeout=MAX_LOAD_S)
    time.sleep(max(0.0, MIN_LOAD_S - (time.monotonic() - load_start)))
    stop.set()
    for t in [*clients, writer]:
        t.join(timeout=130)
    load_s = time.monotonic() - load_start

    assert ingest_done.is_set(), "the ingest did not finish under load"
    assert ingest["status"] == 200 and len(ingest["body"]["added"]) == ARTICLES, ingest
    assert not errors, errors[:5]
    # Requests that started after the ingest began and were answered before it ended: none could
    # be if reads waited for the writer.
    during = sum(1 for start, end in spans if ingest["start"] < start and end < ingest["end"])
    assert during >= CLIENTS, f"only {during} reads were answered during the {ingest['seconds']:.1f} s ingest"
    stats = bot.stats()
    assert stats["documents"] == before + ARTICLES and stats["chunks"] == stats["vectors"]
    assert not any(bot.check().values())
    for answer in answers:  # every citation given under load points at its exact text
        for c in answer["citations"]:
            assert bot.document_text(c["doc_id"])[c["start"] : c["end"]] == c["quote"]
    lines = [
        f"load: {CLIENTS} clients for {load_s:.1f} s; ingest of {ARTICLES} articles took {ingest['seconds']:.1f} s"
    ]
    lines.append(f"  {during} requests started and answered while the ingest ran, 0 errors")
    for name, values in sorted(latencies.items()):
        q = statistics.quantiles(values, n=20) if len(values) > 1 else values * 19
        lines.append(
            f"  {name:7s} n={len(values):4d}  p50={statistics.median(values) * 1000:7.0f} ms  "
            f"p95={q[18] * 1000:7.0f} ms  max={max(values) * 1000:7.0f} ms"
        )
    print("\n" + "\n".join(lines))


LIGHTHOUSE = (
    "The harbour authority of Port Veltra announced on Tuesday that the old lighthouse will be converted "
    "into a marine biology museum. The museum opens next spring, the mayor said."
)


def test_a_running_server_finds_by_meaning_what_another_process_indexed(
    server: tuple[str, FactBot], tmp_path: Path
) -> None:
    # `factbot serve` in one terminal, `factbot ingest` in another: embedded Chroma keeps its
    # nearest-neighbour index in memory, and the server found the new article by keyword only.
    url, bot = server
    question = "What will the lighthouse become?"
    assert all(h.chunk.title != "Lighthouse museum" for h in bot.search(question, k=3))  # the store is open
    errors: list[str] = []
    stop = threading.Event()

    def client_loop() -> None:  # reads go on while the other process writes and the server reopens
        with httpx.Client(base_url=url, timeout=120) as client:
            while not stop.is_set():
                r = client.post("/api/ask", json={"question": "What did Stoltenberg demand?"})
                if r.status_code != 200 or not r.json()["citations"]:
                    errors.append(f"HTTP {r.status_code}: {r.text[:200]}")

    clients = [threading.Thread(target=client_loop, daemon=True) for _ in range(3)]
    for t in clients:
        t.start()
    article = tmp_path / "lighthouse.jsonl"
    article.write_text(json.dumps({"title": "Lighthouse museum", "text": LIGHTHOUSE}))
    ingest = [sys.executable, "-c", "from factbot.interfaces.cli import main; main()", "ingest", str(article)]
    done = subprocess.run(ingest, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    with httpx.Client(base_url=url, timeout=120) as client:
        answer = client.post("/api/ask", json={"question": question}).json()
    hits = bot.search(question, k=3)
    stop.set()
    for t in clients:
        t.join(timeout=130)
    assert not errors, errors[:5]
    assert hits[0].chunk.title == "Lighthouse museum"
    assert hits[0].dense_rank == 1, hits[0]  # found by its vector, not only by its words
    assert answer["citations"] and answer["citations"][0]["quote"] in LIGHTHOUSE
    assert bot.stats()["vectors"] == bot.stats()["chunks"]
