"""Embedding backends side by side: throughput of `torch` and `onnx-int8` on the same news text
(FRANK and RealTime QA articles from ../shared/eval-data), as sentences and as factbot's chunks (title
and four sentences, what ingest embeds), at several batch sizes; the latency of one query vector; and
the cosine between the two backends' vectors. Records the table (benchmarks/results/, RESULTS.md).

    python -m benchmarks.embedding_backends [--texts 400] [--batch-sizes 8,16,64]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a file: the repo root is the import root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import news_articles, one_run_at_a_time, record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=400, help="Sentences, and chunks, to embed.")
    parser.add_argument("--batch-sizes", default="8,16,64")
    args = parser.parse_args()
    one_run_at_a_time()

    import blingfire
    import numpy as np

    from factbot.config import ChunkingSettings, ModelSettings
    from factbot.ingest.chunking import split_document
    from factbot.ingest.documents import build_document
    from factbot.store.embeddings import Embedder
    from factbot.types import Article

    sentences: list[str] = []
    chunks: list[str] = []
    for article in news_articles(10 * args.texts):
        lines = blingfire.text_to_sentences(article["text"]).splitlines()
        sentences += [s for s in lines if len(s.split()) >= 5]
        doc = build_document(Article(article["text"], article["url"], title=article.get("title") or ""))
        chunks += [c.embedding_text() for c in split_document(doc, ChunkingSettings())]
        if len(sentences) >= args.texts and len(chunks) >= args.texts:
            break
    sets = {"sentences": sentences[: args.texts], "chunks": chunks[: args.texts]}
    query = "What did the Secretary General demand from Moscow?"
    rows = ["| backend | batch | sentences/s | chunks/s |", "|---|---:|---:|---:|"]
    vectors: dict[str, np.ndarray] = {}
    latency: dict[str, float] = {}
    for backend in ("torch", "onnx-int8"):
        for batch in (int(b) for b in args.batch_sizes.split(",")):
            embedder = Embedder(ModelSettings(backend=backend, batch_size=batch))
            embedder.encode(["warm-up sentence"] * 8)  # load outside the timing
            rates = []
            for name, texts in sets.items():
                t0 = time.perf_counter()
                vecs = embedder.encode(texts)
                rates.append(len(texts) / (time.perf_counter() - t0))
                vectors[f"{backend}/{name}"] = vecs
            rows.append(f"| {backend} | {batch} | {rates[0]:.1f} | {rates[1]:.1f} |")
            print(rows[-1], flush=True)
        times = []
        for _ in range(30):
            t0 = time.perf_counter()
            embedder.encode([query])
            times.append(time.perf_counter() - t0)
        latency[backend] = 1000 * statistics.median(times)
    cosine = np.concatenate([(vectors[f"torch/{n}"] * vectors[f"onnx-int8/{n}"]).sum(axis=1) for n in sets])
    mean_chars = {n: round(float(np.mean([len(t) for t in ts]))) for n, ts in sets.items()}
    rows.append("")
    rows.append(
        f"{len(sets['sentences'])} sentences ({mean_chars['sentences']} chars on average) and "
        f"{len(sets['chunks'])} chunks ({mean_chars['chunks']} chars). One query vector, median of 30: torch "
        f"{latency['torch']:.1f} ms, onnx-int8 {latency['onnx-int8']:.1f} ms. Cosine(onnx-int8, torch): min "
        f"{cosine.min():.4f}, mean {cosine.mean():.4f}."
    )
    record(
        "Embedding backends",
        "\n".join(rows),
        f"python -m benchmarks.embedding_backends --texts {args.texts} --batch-sizes {args.batch_sizes}",
    )


if __name__ == "__main__":
    main()
