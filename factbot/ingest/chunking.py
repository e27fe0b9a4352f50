"""Chunking: split a `Document` into sentences with offsets (`factbot.text.sentences`), then pack them into
`Chunk`s. Chunks are a few consecutive sentences with an overlap, so each sentence has its neighbours for
context. All offsets index `Document.text`.
"""

from __future__ import annotations

from factbot.config import ChunkingSettings
from factbot.text.sentences import split_sentences
from factbot.types import Chunk, Document


def split_document(doc: Document, settings: ChunkingSettings) -> list[Chunk]:
    """Pack a document's sentences into overlapping chunks of whole sentences.

    A chunk takes up to `target_sentences` sentences within `max_chars` (a single longer sentence
    is a chunk of its own); the next chunk starts `overlap_sentences` before the previous end.
    """
    sentences = split_sentences(doc.text)
    chunks: list[Chunk] = []
    i = 0
    while i < len(sentences):
        j = i + 1
        while (
            j < len(sentences)
            and j - i < settings.target_sentences
            and sentences[j].end - sentences[i].start <= settings.max_chars
        ):
            j += 1
        group = sentences[i:j]
        start, end = group[0].start, group[-1].end
        chunks.append(
            Chunk(
                chunk_id=f"{doc.doc_id}:{len(chunks)}",
                doc_id=doc.doc_id,
                index=len(chunks),
                start=start,
                end=end,
                text=doc.text[start:end],
                sentences=tuple(group),
                title=doc.title,
                source=doc.url or doc.source,
                published=doc.published,
            )
        )
        if j >= len(sentences):
            break
        i = max(i + 1, j - settings.overlap_sentences)
    return chunks
