"""Scale and speed (issue 7): ingest throughput, ask/verify latency, memory and disk at 1k/10k/100k chunks,
cold start, and Chroma client/server mode, each figure printed with its budget (PASS/FAIL).

How the indexes are built (one index grown in steps, under benchmarks/.cache/scale/, rebuilt every run):
- Documents are real first, from ../shared/eval-data: RealTime QA 2022 articles (gold and retrieved), SciFact
  abstracts and FRANK news articles, given to `FactBot.ingest_articles` as `Article`s. The gold articles of
  the benchmark's questions and the abstracts cited by its claims come first (at 1k chunks not all fit).
- The first --embed-upto chunks (default 10,000) are really embedded. Ingest throughput is measured on
  this embedded part only, next to raw embedding of the same chunk texts and a plain LangChain pipeline
  (RecursiveCharacterTextSplitter + Chroma.from_documents) on the same articles.
- CHUNKS ABOVE --embed-upto CARRY DERIVED VECTORS, so that 100k chunks fit in `make bench`'s time on 2
  cores: the bot that ingests is given this script's embedder (`FactBot(embedder=...)`, never a change to
  factbot/), which above that point returns, per text, a really-embedded vector (the recorded one for a
  text already embedded, else a random one from the embedded pool) plus gaussian noise (sigma 0.02 per
  dimension), renormalised, so the vectors keep realistic clusters. Chunking, Chroma upserts, the registry
  and FTS5 all run for real. When the real documents run out, filler articles of shuffled real sentences
  under synthetic titles follow.
- Queries run in a fresh process per size (the serving process: it opens the index, warms up as the server
  does (`FactBot.warm_up`, then one ask and one verify), then runs `ask`, extractive with default settings,
  on RealTime QA questions and `verify` on SciFact dev claims); its resident memory (VmRSS, peak VmHWM) is
  read from /proc after the queries. Disk is `du` of the index.
- Cold start: `factbot --help` (best and median of 3) and a first `factbot ask` in a new process (10k index).
- Server mode: `chroma run` on loopback; the same documents are ingested again through FACTBOT_CHROMA_URL
  (the first sizes[0] chunks really embedded and timed, the rest re-using the vectors recorded above), then
  the same queries. The registry and FTS5 stay beside the app.

    python -m benchmarks.scale [--sizes 1000,10000,100000] [--backend torch|onnx-int8] [--quick] [--keep]
        [--profile]   (cProfile of the queries at the largest size: top functions printed, not recorded)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, zip_longest
from pathlib import Path
from typing import Any

import numpy as np

if __package__ in (None, ""):  # run as a file (python benchmarks/scale.py): the repo root is the import root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, one_run_at_a_time, record, require_eval_data

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
CACHE = ROOT / "benchmarks" / ".cache" / "scale"
BIN = Path(sys.executable).parent
NOISE = 0.02
MB = 1024 * 1024


# --- corpora -----------------------------------------------------------------------------------
def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open() as f:
        return [json.loads(line) for line in f if line.strip()]


def _spread(items: list[Any], n: int) -> list[Any]:
    """n items evenly spaced over the list (deterministic)."""
    step = max(1, len(items) // max(n, 1))
    return items[::step][:n]


def load_corpora(n_questions: int, n_claims: int) -> tuple[list[str], list[str], list[Any], list[str]]:
    """(questions, claims, real articles in ingest order, real sentences for filler text)."""
    from factbot.types import Article

    data = require_eval_data()
    rt, sf = data / "realtimeqa", data / "scifact"
    gold = _rows(rt / "gold_articles_2022.jsonl")
    gold_qids = {a["question_id"] for a in gold}
    answerable = [q for q in _rows(rt / "questions.jsonl") if q["question_id"] in gold_qids]
    questions = _spread(sorted(answerable, key=lambda q: q["question_id"]), n_questions)
    claims = _spread(_rows(sf / "claims_dev.jsonl"), n_claims)
    wanted_q = {q["question_id"] for q in questions}
    wanted_doc = {str(d) for c in claims for d in c["cited_doc_ids"]}

    first_q: list[Article] = []
    first_c: list[Article] = []
    rtqa: list[Article] = []
    scifact: list[Article] = []
    frank: list[Article] = []
    sentences: list[str] = []
    for row in gold + _rows(rt / "gcs_retrieved_articles_4weeks_2022.jsonl"):
        if row.get("text"):
            day = (row.get("publish_date") or "").replace("/", "-")
            art = Article(row["text"], row["url"], row.get("title") or "", row["url"], day, id_key=row["url"])
            (first_q if row.get("question_id") in wanted_q else rtqa).append(art)
    for row in _rows(sf / "corpus.jsonl"):
        sentences += row["abstract"]
        key = f"scifact:{row['doc_id']}"
        art = Article(" ".join(row["abstract"]), key, row["title"], id_key=key)
        (first_c if str(row["doc_id"]) in wanted_doc else scifact).append(art)
    for row in _rows(data / "frank" / "articles.jsonl"):
        url = row.get("url") or f"frank:{row['hash']}"
        frank.append(Article(text=row["article"], source=url, url=url, id_key=url))
        sentences += row.get("article_sentences") or []
    mixed = [a for group in zip_longest(first_q, first_c) for a in group if a is not None]
    mixed += [a for group in zip_longest(rtqa, scifact, frank) for a in group if a is not None]
    seen: set[str] = set()
    ordered = [a for a in mixed if not (a.id_key in seen or seen.add(a.id_key))]  # type: ignore[func-returns-value]
    sentences = [s.strip() for s in sentences if len(s.split()) >= 5]
    return [q["question"] for q in questions], [c["claim"] for c in claims], ordered, sentences


def filler_articles(sentences: list[str], seed: int = 7) -> Iterator[Any]:
    """Endless synthetic articles: 10-30 shuffled real sentences under a synthetic title and 2022 date."""
    from factbot.types import Article

    rng = random.Random(seed)
    for i in range(10**9):
        body = rng.sample(sentences, rng.randint(10, 30))
        words = re.findall(r"[A-Za-z]+", body[0])[:6]
        title = f"Filler {i}: {' '.join(words)}"
        day = f"2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        yield Article(text=" ".join(body), source=f"filler://{i}", title=title, published=day, id_key=f"filler:{i}")


class Feed:
    """Articles in ingest order, with their chunk counts (factbot's own cleaning and chunking, untimed)."""

    def __init__(self, articles: Iterable[Any], settings: Any) -> None:
        self.articles, self.settings = iter(articles), settings

    def take(self, chunks: int) -> tuple[list[Any], int]:
        from factbot.errors import FactbotError
        from factbot.ingest.chunking import split_document
        from factbot.ingest.documents import build_document

        out, n = [], 0
        for article in self.articles:
            try:
                n += len(split_document(build_document(article), self.settings))
            except FactbotError:
                continue
            out.append(article)
            if n >= chunks:
                break
        return out, n


# --- vectors: real, or derived from the real ones (this script only) ---------------------------
class Vectors:
    """What the ingesting bot's embedder encodes with: real embedding (recorded) or, with `derive`, derived
    vectors."""

    def __init__(self, real: Callable[[list[str]], np.ndarray], seed: int = 11) -> None:
        self.real, self.derive = real, False
        self.memo: dict[str, np.ndarray] = {}
        self.texts: list[str] = []
        self.rng = np.random.default_rng(seed)
        self.pool: np.ndarray | None = None

    def __call__(self, texts: list[str]) -> np.ndarray:
        if not self.derive:
            out = self.real(texts)
            self.texts += texts
            self.memo.update(zip(texts, out, strict=True))
            self.pool = None
            return out
        if self.pool is None:
            self.pool = np.stack(list(self.memo.values()))
        pool = self.pool
        out = pool[self.rng.integers(len(pool), size=len(texts))]
        out = out + self.rng.normal(0.0, NOISE, out.shape).astype(np.float32)
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        for i, t in enumerate(texts):
            if t in self.memo:
                out[i] = self.memo[t]
        return out.astype(np.float32)


def open_bot(index_dir: Path, url: str | None, backend: str, vectors: Vectors | None = None) -> Any:
    """A bot on the index; with `vectors`, its embedder encodes with them (see `Vectors`)."""
    from factbot import FactBot
    from factbot.config import get_settings
    from factbot.store.embeddings import Embedder

    settings = {"model": {"backend": backend}}
    embedder = None
    if vectors is not None:

        class VectorsEmbedder(Embedder):
            """The configured model and backend (as the index records them), encoding with `vectors`."""

            def encode(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
                return vectors(texts)

        embedder = VectorsEmbedder(get_settings(settings).model)
    return FactBot(index_dir=index_dir, chroma_url=url, settings=settings, embedder=embedder)


def close_bot(bot: Any) -> None:
    """Release Chroma (flushes the embedded store) and the registry, so another process can open them."""
    bot.close()


def grow(
    index_dir: Path, url: str | None, backend: str, vectors: Vectors, feed: Feed, target: int, embed_upto: int
) -> list[dict[str, Any]]:
    """Ingest until the index holds `target` chunks: really embedded up to `embed_upto`, derived above."""
    bot = open_bot(index_dir, url, backend, vectors)
    bot.stats()  # open the stores first: a serving process has them open; we time steady-state ingest
    have = bot.counts()[1]
    steps: list[dict[str, Any]] = []
    for limit, derive in ((min(target, embed_upto), False), (target, True)):
        if have >= limit:
            continue
        articles, _ = feed.take(limit - have)
        vectors.derive = derive
        t0 = time.perf_counter()
        report = bot.ingest_articles(articles)
        seconds = time.perf_counter() - t0
        assert not report.failed, report.failed[:3]
        have = bot.counts()[1]
        steps.append(
            {
                "articles": articles,
                "docs": len(report.added) + len(report.updated),
                "chunks": report.chunks,
                "seconds": seconds,
                "derived": derive,
            }
        )
        print(
            f"  {index_dir.name}: +{report.chunks} chunks ({'derived' if derive else 'embedded'}) in "
            f"{seconds:.0f} s -> {have}",
            file=sys.stderr,
            flush=True,
        )
    vectors.derive = False
    close_bot(bot)
    return steps


# --- measurements -------------------------------------------------------------------------------
def proc_status(pid: int | str = "self") -> dict[str, float]:
    """VmRSS and VmHWM in MiB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


def du_mb(path: Path) -> float:
    return sum(p.stat().st_blocks * 512 for p in path.rglob("*") if p.is_file()) / MB


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def probe(spec: dict[str, Any]) -> dict[str, Any]:
    """Run in a fresh process: open the index, warm up, time ask and verify, read the memory."""
    import cProfile

    bot = open_bot(Path(spec["index_dir"]), spec["url"], spec["backend"])
    bot.warm_up()  # as a server does before its first request: the models load, the stores open
    bot.ask("What happened this week?")  # warm-up: the first ask
    bot.verify("The study found a significant effect.")  # ... and the verifier
    prof = cProfile.Profile() if spec.get("profile") else None
    times: dict[str, list[float]] = {"ask": [], "verify": []}
    abstained, verdicts = 0, 0
    for kind, fn, items in (("ask", bot.ask, spec["questions"]), ("verify", bot.verify, spec["claims"])):
        for text in items:
            if prof:
                prof.enable()
            t0 = time.perf_counter()
            result = fn(text)
            times[kind].append((time.perf_counter() - t0) * 1000)
            if prof:
                prof.disable()
            abstained += int(getattr(result, "abstained", False))
            verdicts += int(getattr(result, "label", "") in ("SUPPORTED", "REFUTED"))
    if prof:
        prof.dump_stats(spec["profile"])
    mem = proc_status()
    out = {f"{k}_p{q}": pct(v, q) for k, v in times.items() for q in (50, 95)}
    out.update(
        rss_mb=mem["VmRSS"],
        hwm_mb=mem["VmHWM"],
        chunks=bot.counts()[1],
        vectors=bot.stats()["vectors"],
        abstained=abstained,
        decided=verdicts,
    )
    return out


def run_probe(spec: dict[str, Any]) -> dict[str, Any]:
    """`probe` in a new process: index_dir, url, backend, questions, claims, profile (a path or None)."""
    path = CACHE / "probe.json"
    path.write_text(json.dumps(spec))
    cmd = [sys.executable, "-m", "benchmarks.scale", "--probe", str(path)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        sys.exit(f"probe failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def timed_run(cmd: list[str], env: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - t0
    if done.returncode:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    return seconds


def langchain_ingest(articles: list[Any], backend: str, path: Path) -> tuple[int, float]:
    """The plain pipeline on the same articles and model: (chunks, seconds)."""
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from factbot.config import ModelSettings
    from factbot.store.embeddings import Embedder

    embedder = Embedder(ModelSettings(backend=backend))  # shares the loaded model
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    t0 = time.perf_counter()
    docs = splitter.split_documents([Document(page_content=a.text, metadata={"source": a.source}) for a in articles])
    store = Chroma.from_documents(docs, embedder, persist_directory=str(path), collection_name="plain")
    seconds = time.perf_counter() - t0
    store._client.close()
    return len(docs), seconds


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_chroma(path: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    log = (CACHE / "chroma-server.log").open("wb")
    cmd = [str(BIN / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1).close()
            return proc, url
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.kill()
    sys.exit(f"chroma run did not start; see {CACHE / 'chroma-server.log'}")


# --- report ---------------------------------------------------------------------------------------
def rate(n: float, s: float) -> str:
    return f"{n / s:.1f}" if s > 0 else "-"


def verdict(ok: bool) -> str:
    return "**PASS**" if ok else "**FAIL**"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="Index sizes in chunks, ascending.")
    parser.add_argument("--embed-upto", type=int, default=10_000, help="Chunks really embedded; derived above.")
    parser.add_argument("--backend", choices=["torch", "onnx-int8"], default=None, help="Default: configured.")
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--claims", type=int, default=30)
    parser.add_argument("--server-size", type=int, default=10_000, help="Chunks of the Chroma server index.")
    parser.add_argument("--quick", action="store_true", help="Sizes 300,1000 and few queries, to develop.")
    parser.add_argument("--keep", action="store_true", help="Keep benchmarks/.cache/scale afterwards.")
    parser.add_argument("--profile", action="store_true", help="cProfile the queries at the largest size.")
    parser.add_argument("--probe", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        print(json.dumps(probe(json.loads(Path(args.probe).read_text()))))
        return
    one_run_at_a_time()
    from factbot.config import Settings
    from factbot.store.embeddings import Embedder

    settings = Settings()
    args.backend = args.backend or Embedder(settings.model).backend  # 'auto' resolved as for a new index
    if args.quick:
        args.sizes, args.embed_upto, args.questions, args.claims, args.server_size = "300,1000", 300, 10, 6, 1000
    sizes = sorted(int(s) for s in args.sizes.split(","))
    started, load0 = time.perf_counter(), os.getloadavg()
    shutil.rmtree(CACHE, ignore_errors=True)
    CACHE.mkdir(parents=True)
    questions, claims, real, sentences = load_corpora(args.questions, args.claims)
    print(f"{len(real)} real articles, {len(sentences)} filler sentences; backend {args.backend}", file=sys.stderr)
    embedder = Embedder(settings.model.model_copy(update={"backend": args.backend}))
    embedder.encode(["warm-up sentence"] * 8)  # the model loads outside every timed stage
    vectors = Vectors(embedder.encode)
    local = CACHE / "local"
    feed = Feed(chain(real, filler_articles(sentences)), settings.chunking)
    per_size: dict[int, dict[str, Any]] = {}
    base = {"backend": args.backend, "questions": questions, "claims": claims, "url": None, "profile": None}
    steps: list[dict[str, Any]] = []
    cold: dict[str, Any] = {}
    compare: dict[str, Any] = {}
    for size in sizes:
        new = grow(local, None, args.backend, vectors, feed, size, args.embed_upto)
        steps += new
        if not compare:  # the first really-embedded step: ingest vs raw embedding vs LangChain, same input
            first = new[0]
            t0 = time.perf_counter()
            embedder.encode(vectors.texts)
            compare = {"step": first, "raw_s": time.perf_counter() - t0, "raw_n": len(vectors.texts)}
            compare["lc_chunks"], compare["lc_s"] = langchain_ingest(first["articles"], args.backend, CACHE / "lc")
        profile = str(CACHE / "queries.prof") if args.profile and size == sizes[-1] else None
        print(f"  querying the {size} index", file=sys.stderr, flush=True)
        per_size[size] = {**run_probe({**base, "index_dir": str(local), "profile": profile}), "disk_mb": du_mb(local)}
        if not cold and (size >= 10_000 or size == sizes[-1]):
            factbot = str(BIN / "factbot")
            helps = [timed_run([factbot, "--help"]) for _ in range(3)]
            env = {**os.environ, "FACTBOT_MODEL__BACKEND": args.backend}
            ask = timed_run([factbot, "ask", questions[0], "--index", str(local)], env)
            cold = {"size": size, "help_best": min(helps), "help_median": statistics.median(helps), "ask": ask}

    # Chroma client/server mode: the same documents again, through the server.
    server_dir, app_dir = CACHE / "server-data", CACHE / "server-app"
    proc, url = start_chroma(server_dir)
    try:
        s_feed = Feed(chain(real, filler_articles(sentences)), settings.chunking)
        s_steps = grow(app_dir, url, args.backend, vectors, s_feed, args.server_size, sizes[0])
        print(f"  querying the {args.server_size} server index", file=sys.stderr, flush=True)
        server = run_probe({**base, "index_dir": str(app_dir), "url": url})
        server.update(disk_mb=du_mb(app_dir) + du_mb(server_dir), server_rss_mb=proc_status(proc.pid)["VmRSS"])
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    total = time.perf_counter() - started

    # --- tables -------------------------------------------------------------------------------
    embedded = [s for s in steps if not s["derived"]]
    derived = [s for s in steps if s["derived"]]
    n_emb = sum(s["chunks"] for s in embedded)
    first, s_first = compare["step"], s_steps[0]
    f_cps = first["chunks"] / first["seconds"]
    raw_cps = compare["raw_n"] / compare["raw_s"]
    lc_cps = compare["lc_chunks"] / compare["lc_s"]
    f_aps, lc_aps = first["docs"] / first["seconds"], first["docs"] / compare["lc_s"]

    def ingest_row(label: str, group: list[dict[str, Any]]) -> str:
        d, c, s = (sum(x[k] for x in group) for k in ("docs", "chunks", "seconds"))
        return f"| {label} | {d} | {c} | {s:.1f} | {rate(c, s)} | {rate(d, s)} |"

    lines = [
        f"Backend `{args.backend}`. **Chunks above {args.embed_upto:,} carry derived vectors** (a recorded real "
        f"vector plus gaussian noise, made by this script); **ingest throughput is measured on the embedded part "
        f"only**. Load average at start {load0[0]:.2f}, at end {os.getloadavg()[0]:.2f}; total {total / 60:.1f} min.",
        "",
        "| ingest pipeline | articles | chunks | seconds | chunks/s | articles/s |",
        "|---|---:|---:|---:|---:|---:|",
        ingest_row(f"factbot ingest, first step (embedded, {first['chunks']} chunks)", [first]),
        f"| raw embedding `Embedder.encode`, same chunk texts | - | {compare['raw_n']} | {compare['raw_s']:.1f} | "
        f"{raw_cps:.1f} | - |",
        f"| LangChain splitter (1000/200) + Chroma.from_documents, same articles | {first['docs']} | "
        f"{compare['lc_chunks']} | {compare['lc_s']:.1f} | {lc_cps:.1f} | {lc_aps:.2f} |",
        ingest_row(f"factbot ingest, whole embedded part ({n_emb:,} chunks)", embedded),
        *([ingest_row("factbot ingest, derived-vector part (no embedding)", derived)] if derived else []),
        ingest_row(f"factbot ingest, Chroma server, first step (embedded, {s_first['chunks']} chunks)", [s_first]),
        "",
        "| index | chunks | ask p50 / p95 ms | verify p50 / p95 ms | serving RSS MB (peak) | on disk MB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    rows = [(f"embedded Chroma, {size:,}", r) for size, r in per_size.items()]
    rows.append((f"Chroma server, {args.server_size:,} (server RSS {server['server_rss_mb']:.0f} MB)", server))
    for label, r in rows:
        lines.append(
            f"| {label} | {r['chunks']:,} | {r['ask_p50']:.0f} / {r['ask_p95']:.0f} | {r['verify_p50']:.0f} / "
            f"{r['verify_p95']:.0f} | {r['rss_mb']:.0f} ({r['hwm_mb']:.0f}) | {r['disk_mb']:.0f} |"
        )
    big = sizes[-1]
    top = per_size[big]
    lines += [
        "",
        f"{len(questions)} questions (RealTime QA) and {len(claims)} claims (SciFact dev) per index; at {big:,}: "
        f"{top['abstained']} abstentions, {top['decided']} SUPPORTED/REFUTED verdicts. Cold start: `factbot "
        f"--help` best {cold['help_best']:.2f} s, median {cold['help_median']:.2f} s; first `factbot ask` in a "
        f"new process on the {cold['size']:,} index {cold['ask']:.1f} s.",
        "",
        "| budget | measured | goal | result |",
        "|---|---:|---:|---|",
    ]
    budgets = [
        ("ingest / raw embedding (chunks/s)", f"{f_cps / raw_cps:.0%}", "≥ 90%", f_cps / raw_cps >= 0.9),
        (
            "ingest / LangChain (chunks/s)",
            f"{f_cps / lc_cps:.2f}× (articles/s {f_aps / lc_aps:.2f}×)",
            "≥ 1.5×",
            f_cps / lc_cps >= 1.5,
        ),
        (f"ask p95 at {big:,} chunks", f"{top['ask_p95']:.0f} ms", "≤ 150 ms", top["ask_p95"] <= 150),
        (f"verify p95 at {big:,} chunks", f"{top['verify_p95']:.0f} ms", "≤ 500 ms", top["verify_p95"] <= 500),
        (f"serving RSS at {big:,} chunks", f"{top['rss_mb']:.0f} MB", "≤ 1536 MB", top["rss_mb"] <= 1536),
        ("`factbot --help` (median of 3)", f"{cold['help_median']:.2f} s", "≤ 0.5 s", cold["help_median"] <= 0.5),
    ]
    lines += [f"| {name} | {measured} | {goal} | {verdict(ok)} |" for name, measured, goal, ok in budgets]
    command = "python -m benchmarks.scale " + " ".join(sys.argv[1:])
    record("Scale and speed", "\n".join(lines), command.strip())
    if args.profile:
        import pstats

        print(f"cProfile of the queries at {big:,} chunks (cumulative):")
        pstats.Stats(str(CACHE / "queries.prof")).sort_stats("cumulative").print_stats(40)
    if not args.keep:
        shutil.rmtree(CACHE, ignore_errors=True)


if __name__ == "__main__":
    main()
