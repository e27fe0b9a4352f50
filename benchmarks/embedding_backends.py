"""Embedding backends side by side: throughput (embeddings/s) of `torch` and `onnx-int8` on the same
news sentences (FRANK and RealTime QA articles from ../shared/eval-data), and the cosine between
their vectors. Prints the figures; records nothing.

    python benchmarks/embedding_backends.py [--sentences 500] [--batch-size 64]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import news_articles  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    import blingfire
    import numpy as np

    from factbot.config import ModelSettings
    from factbot.embeddings import Embedder

    sentences: list[str] = []
    for article in news_articles(10 * args.sentences):
        lines = blingfire.text_to_sentences(article["text"]).splitlines()
        sentences += [s for s in lines if len(s.split()) >= 5]
        if len(sentences) >= args.sentences:
            break
    sentences = sentences[: args.sentences]
    print(f"{len(sentences)} sentences, {np.mean([len(s) for s in sentences]):.0f} chars on average")
    vectors = {}
    for backend in ("torch", "onnx-int8"):
        embedder = Embedder(ModelSettings(backend=backend, batch_size=args.batch_size))
        embedder.encode(["warm-up sentence"] * 8)  # load outside the timing
        t0 = time.perf_counter()
        vectors[backend] = embedder.encode(sentences)
        seconds = time.perf_counter() - t0
        print(f"{backend:>9}: {len(sentences) / seconds:7.1f} embeddings/s ({seconds:.2f} s)")
    cosine = (vectors["torch"] * vectors["onnx-int8"]).sum(axis=1)
    print(f"cosine(onnx-int8, torch): min {cosine.min():.4f}, mean {cosine.mean():.4f}")


if __name__ == "__main__":
    main()
