"""Crash consistency and the write lock, with real processes: `factbot ingest` is SIGKILLed at
random moments (some inside the window where Chroma is being written), and after every kill the
stores may disagree only about the documents the journal names as interrupted; `check --repair`
or the next ingest completes them, and a final re-run leaves every document indexed once. Two
processes ingesting into one index: the second waits for the first, or is refused with one line."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from functools import partial
from pathlib import Path

import pytest

from factbot import FactBot, IndexLockedError
from factbot.store.locking import LOCK_FILE
from factbot.store.registry import now_iso

# `make test` kills 5 times, `make bench` 50 times. Read at import: the fixtures clear FACTBOT_*.
KILLS = int(os.environ.get("FACTBOT_TEST_KILLS", "5"))
TOWNS = ["Arlen", "Brisk", "Calder", "Dunmore", "Elvaston", "Fenwick", "Garrow", "Hollin", "Ingleby", "Jarrow"]
TOPICS = ["the harbour budget", "a new tram line", "school meals", "the flood barrier", "bus fares", "street lights"]


def write_story(path: Path, n: int, version: int) -> None:
    """A short generated news story (about four chunks); `version` changes its text."""
    town, topic = TOWNS[n % len(TOWNS)], TOPICS[n % len(TOPICS)]
    lines = [f"{town} council story {n} (version {version})", ""]
    lines += [
        f"On day {d} the council of {town} debated {topic} for the {n + 1}th time, revision {version}. "
        f"Councillor number {d + n} said the vote would be {d * 3 + n} to {d + version}."
        for d in range(1, 8)
    ]
    path.write_text("\n\n".join(lines), encoding="utf-8")


def make_corpus(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True)
    paths = [folder / f"story-{n:02d}.txt" for n in range(count)]
    for n, path in enumerate(paths):
        write_story(path, n, 0)
    return paths


def cli(index: Path, *args: str, timeout_s: float | None = None, batch: int = 8) -> subprocess.Popen[str]:
    """`factbot` as a real process on `index`, writing in small batches so kills land between them."""
    env = {**os.environ, "FACTBOT_INGEST_BATCH_CHUNKS": str(batch), "HF_HUB_OFFLINE": "1"}
    env.pop("FACTBOT_INDEX_DIR", None)
    if timeout_s is not None:
        env["FACTBOT_LOCK_TIMEOUT_S"] = str(timeout_s)
    cmd = [sys.executable, "-m", "factbot.interfaces.cli", *args, "--index", str(index)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, proc: subprocess.Popen[str], timeout_s: float = 120.0, poll_s: float = 0.002) -> bool:  # noqa: ANN001
    """Poll until `condition()` is true (True) or the process ends first (False)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(poll_s)
    proc.kill()
    pytest.fail("the ingest made no progress in time")


def written_since(bot: FactBot, since: str, count: int, in_write: bool = False) -> bool:
    """At least `count` documents were (re)written since `since`, and with `in_write` a write is under way."""
    sql = "SELECT COUNT(*) FROM documents WHERE updated_at >= ?"
    done = bot._stores.registry.db.execute(sql, (since,)).fetchone()[0] >= count
    return done and (not in_write or bool(bot._stores.registry.pending()))


def assert_consistent_but_for_interrupted(bot: FactBot) -> list[str]:
    """What a reader can see after a crash: the stores disagree only about journaled documents."""
    found = bot.check()
    interrupted = set(found["interrupted"])
    assert not found["lexical"], found
    for kind in ("orphaned_vectors", "missing_vectors", "stale_vectors"):
        assert set(found[kind]) <= interrupted, found
    for record in bot.documents():  # every registered document is whole
        assert len(bot._stores.registry.chunk_ids(record.doc_id)) == record.chunk_count > 0
        assert record.content_hash and bot.document_text(record.doc_id)
    return sorted(interrupted)


@pytest.mark.soak
def test_sigkill_during_ingest_loses_nothing_and_rerun_completes(bot: FactBot, tmp_path: Path) -> None:
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    paths = make_corpus(tmp_path / "corpus", 30)
    index = bot._stores.index_dir
    kills: list[str] = []
    for round_no in range(KILLS):
        if round_no:  # change some indexed stories, so kills also hit updates of existing documents
            for n in rng.sample(range(len(paths)), 3):
                write_story(paths[n], n, round_no)
        time.sleep(1.01 - time.time() % 1)  # `updated_at` has whole seconds: start this round in a new one
        since = now_iso()
        proc = cli(index, "ingest", str(tmp_path / "corpus"), "--no-progress")
        target = rng.randint(1, 6)
        if round_no % 2 == 0:  # inside a write: documents marked pending, Chroma being changed
            hit = wait_for(partial(written_since, bot, since, target, in_write=True), proc)
            where = f"in a write after {target} docs"
        else:  # anywhere: after a random number of documents plus a random delay
            hit = wait_for(partial(written_since, bot, since, target), proc)
            time.sleep(rng.uniform(0, 0.5))
            where = f"{target} docs + random delay"
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        if proc.returncode == 0 and hit and round_no % 2:  # the ingest finished within the random delay
            where += " (finished before the kill)"
        else:
            assert proc.returncode == -signal.SIGKILL or not hit, f"seed {seed}: {proc.returncode}"
        interrupted = assert_consistent_but_for_interrupted(bot)
        kills.append(f"{where}: {len(interrupted)} interrupted")
        if round_no == 1:  # the operator's way; the other rounds rely on the next ingest's own recovery
            assert bot.check(repair=True)["interrupted"] == interrupted
            assert not any(bot.check().values())
    killed = [k for k in kills if "finished before the kill" not in k]
    assert len(killed) >= KILLS // 2, (seed, kills)  # a fast machine must not turn this into a no-kill test
    done = cli(index, "ingest", str(tmp_path / "corpus"), "--no-progress", "--json")
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    assert not json.loads(out)["failed"]
    found = bot.check()
    assert not any(found.values()), (seed, kills, found)
    again = bot.ingest(paths, progress=False)  # every story is indexed, in its latest version, once
    assert len(again.unchanged) == len(paths) and not (again.added or again.updated or again.failed), (seed, kills)
    stats = bot.stats()
    assert stats["documents"] == len(paths) and stats["vectors"] == stats["chunks"], (seed, kills, stats)
    print(f"SIGKILL rounds (seed {seed}): {kills}")


def test_interrupted_update_and_remove_are_completed_by_the_next_writer(bot: FactBot, tmp_path: Path) -> None:
    """The crash windows one by one, deterministically: the state a kill leaves, then recovery."""
    story = tmp_path / "story.txt"
    write_story(story, 1, 0)
    doc_id = bot.ingest([story]).added[0]
    old_chunks = bot._stores.registry.chunk_ids(doc_id)
    # Killed after Chroma took a new version but before the registry did: vectors are stale.
    write_story(story, 1, 1)
    bot._stores.registry.mark_pending([doc_id])
    bot._stores.vectors.delete_documents([doc_id])
    assert bot.check()["interrupted"] == [doc_id] and bot.check()["missing_vectors"] == [doc_id]
    assert bot.ingest_text("An unrelated short story about the weather.", title="Weather").added
    assert not any(bot.check().values())  # the next writer restored the registered version first
    assert bot._stores.registry.chunk_ids(doc_id) == old_chunks and bot.stats()["vectors"] == bot.stats()["chunks"]
    assert bot.ingest([story]).updated == [doc_id]
    # Killed during a removal, after the registry forgot the document: its vectors are orphans.
    bot._stores.registry.remove(doc_id, pending=True)
    found = bot.check()
    assert found["interrupted"] == found["orphaned_vectors"] == [doc_id]
    assert bot.check(repair=True)["interrupted"] == [doc_id]
    assert not any(bot.check().values()) and bot.stats()["vectors"] == bot.stats()["chunks"]


def test_check_repair_fixes_missing_stale_and_lexical(bot: FactBot, tmp_path: Path) -> None:
    """Disagreements no journal explains (a wiped Chroma, hand edits) are found and repaired too."""
    paths = make_corpus(tmp_path / "corpus", 3)
    ids = bot.ingest(paths).added
    a, b, c = sorted(ids)
    bot._stores.vectors.delete_documents([a])  # e.g. a Chroma server restored from an old backup
    [first_of_b] = bot._stores.registry.chunks(bot._stores.registry.chunk_ids(b)[:1]).values()
    bot._stores.vectors.upsert([replace(first_of_b, end=first_of_b.end - 1)], bot.embedder.encode(["out of date"]))
    with bot._stores.registry.transaction() as db:
        db.execute("DELETE FROM chunks_fts WHERE rowid = (SELECT rowid FROM chunks WHERE doc_id=? LIMIT 1)", (c,))
    found = bot.check()
    assert (found["missing_vectors"], found["stale_vectors"], found["lexical"]) == ([a], [b], [c])
    bot.check(repair=True)
    assert not any(bot.check().values())
    for doc_id in (a, b):  # re-embedded from the registry: each chunk is its own nearest vector again
        [chunk] = bot._stores.registry.chunks(bot._stores.registry.chunk_ids(doc_id)[:1]).values()
        vector = bot.embedder.encode([chunk.embedding_text()])[0].tolist()
        assert bot._stores.vectors.query(vector, 1)[0][0] == chunk.chunk_id
    assert bot._stores.registry.lexical_search("Calder", 10) and bot.stats()["vectors"] == bot.stats()["chunks"]


# --- the write lock -------------------------------------------------------------------------------
def test_second_process_waits_or_is_refused_with_one_line(bot: FactBot, tmp_path: Path) -> None:
    paths = make_corpus(tmp_path / "corpus", 16)
    extra = tmp_path / "extra.txt"
    write_story(extra, 99, 0)
    index = bot._stores.index_dir
    first = cli(index, "ingest", str(tmp_path / "corpus"), "--no-progress", "--json", batch=4)
    lock_file = index / LOCK_FILE

    def first_holds_the_lock() -> bool:
        try:
            return json.loads(lock_file.read_text() or "{}").get("pid") == first.pid
        except (OSError, ValueError):
            return False

    assert wait_for(first_holds_the_lock, first, poll_s=0.05)
    refused = cli(index, "ingest", str(extra), "--no-progress", timeout_s=0)
    out, err = refused.communicate(timeout=120)
    assert refused.returncode == 1 and first.poll() is None, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and f"ingest (pid {first.pid}" in lines[0], err
    waiting = cli(index, "ingest", str(extra), str(tmp_path / "corpus"), "--no-progress", "--json", timeout_s=300)
    out2, err2 = waiting.communicate(timeout=300)
    out1, err1 = first.communicate(timeout=300)
    assert first.returncode == 0 and waiting.returncode == 0, (err1, err2)
    assert "Waiting" in err2 and f"pid {first.pid}" in err2
    assert len(json.loads(out1)["added"]) == len(paths)
    second = json.loads(out2)
    assert len(second["added"]) == 1 and len(second["unchanged"]) == len(paths)
    assert not any(bot.check().values()) and bot.stats()["documents"] == len(paths) + 1


def test_lock_is_refused_in_process_and_released_after_a_crash(bot: FactBot, tmp_path: Path) -> None:
    other = FactBot(index_dir=bot._stores.index_dir, settings={"lock_timeout_s": 0.3})
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(bot._stores.index_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(IndexLockedError, match=r"remove \(pid \d+"):
            other.ingest_text("Refused while another process holds the lock.")
    finally:
        holder.kill()  # SIGKILL: the kernel releases the flock, so the index is not left locked
        holder.communicate()
    assert other.ingest_text("Accepted once the holder is gone.").added
    other.close()


HOLD_LOCK = """
import sys, time
from pathlib import Path
from factbot.store.locking import IndexLock
with IndexLock(Path(sys.argv[1]), 0).hold("remove"):
    print("locked", flush=True)
    time.sleep(600)
"""
