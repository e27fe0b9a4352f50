"""Ingest throughput: factbot's pipeline vs the raw embedding model vs a plain LangChain pipeline.

Indexes ~1,000 real news articles (FRANK and RealTime QA, from ../shared/eval-data) three ways, in
one process on the same machine:
  1. factbot: `FactBot.ingest` of a JSONL file (reading, cleaning, sentence splitting, chunking,
     embedding, Chroma + registry + FTS5 writes);
  2. raw embedding: `SentenceTransformer.encode` on exactly the texts factbot embedded;
  3. LangChain: RecursiveCharacterTextSplitter + `Chroma.from_documents` with the same model.
Prints a table and records it (benchmarks/results/, RESULTS.md).

    python -m benchmarks.ingest [--articles 1000] [--backend torch|onnx-int8]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a file (python benchmarks/ingest.py): the repo root is the import root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import news_articles, one_run_at_a_time, record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--backend", choices=["torch", "onnx-int8"], default=None, help="Default: configured.")
    args = parser.parse_args()
    one_run_at_a_time()

    from factbot import FactBot
    from factbot.config import ModelSettings
    from factbot.store.embeddings import Embedder

    args.backend = args.backend or Embedder(ModelSettings()).backend  # 'auto' resolved as for a new index
    articles = news_articles(args.articles)
    work = Path(tempfile.mkdtemp(prefix="factbot-bench-"))
    source = work / "articles.jsonl"
    with source.open("w") as f:
        for a in articles:
            f.write(json.dumps(a) + "\n")
    chars = sum(len(a["text"]) for a in articles)

    embedder = Embedder(ModelSettings(backend=args.backend))
    embedder.encode(["warm-up sentence"] * 8)  # load the model outside every timed stage

    bot = FactBot(index_dir=work / "factbot", settings={"model": {"backend": args.backend}})
    bot.stats()  # open the stores: a serving process has them open; we time steady-state ingest
    t0 = time.perf_counter()
    report = bot.ingest([source], progress=False)
    t_factbot = time.perf_counter() - t0
    n_chunks = report.chunks
    assert not report.failed, report.failed[:3]

    ids = [f"{r.doc_id}:{i}" for r in bot.documents() for i in range(r.chunk_count)]
    texts = [c.embedding_text() for c in bot._stores.registry.chunks(ids).values()]  # the texts factbot embedded
    t0 = time.perf_counter()
    embedder.model.encode(texts, batch_size=embedder.settings.batch_size, show_progress_bar=False)
    t_raw = time.perf_counter() - t0

    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    t0 = time.perf_counter()
    docs = splitter.split_documents([Document(page_content=a["text"], metadata={"source": a["url"]}) for a in articles])
    Chroma.from_documents(docs, embedder, persist_directory=str(work / "langchain"), collection_name="plain")
    t_lc = time.perf_counter() - t0

    ratio = (n_chunks / t_factbot) / (len(texts) / t_raw)
    rows = [
        "| pipeline | articles | chunks | seconds | chunks/s | articles/s | chars/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| factbot ingest | {len(articles)} | {n_chunks} | {t_factbot:.1f} | {n_chunks / t_factbot:.1f} | "
        f"{len(articles) / t_factbot:.2f} | {chars / t_factbot:,.0f} |",
        f"| raw embedding (same texts) | - | {len(texts)} | {t_raw:.1f} | {len(texts) / t_raw:.1f} | - | - |",
        f"| LangChain splitter + Chroma.from_documents | {len(articles)} | {len(docs)} | {t_lc:.1f} | "
        f"{len(docs) / t_lc:.1f} | {len(articles) / t_lc:.2f} | {chars / t_lc:,.0f} |",
        "",
        f"factbot ingest / raw embedding throughput: **{ratio:.0%}** (goal ≥ 85%: "
        f"{'PASS' if ratio >= 0.85 else 'FAIL'}); "
        f"factbot / LangChain articles/s: {(len(articles) / t_factbot) / (len(articles) / t_lc):.2f}×",
    ]
    record(
        "Ingest throughput",
        "\n".join(rows),
        f"python -m benchmarks.ingest --articles {args.articles} --backend {args.backend}",
    )


if __name__ == "__main__":
    main()
