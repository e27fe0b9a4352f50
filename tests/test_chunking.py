"""Sentence segmentation and chunk packing: offsets must index the stored text exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factbot.config import ChunkingSettings
from factbot.ingest.chunking import split_document
from factbot.ingest.documents import build_document
from factbot.text.sentences import split_sentences
from factbot.types import Article

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.S. Ambassador John Sullivan delivered it. He left.", 2),
        ("Officials from the U.S., the U.K. and France warned. They agreed.", 2),
        ("WASHINGTON, Jan. 26, 2022 — The United States replied. Moscow said no.", 2),
        ('"It sets out a path forward," Mr. Blinken said. Lavrov disagreed.', 2),
        ('"Is it over?" he asked. "No."', 2),
        ("Dr. Smith agreed at 3 p.m. on Friday. Gen. Milley did not.", 2),
        ("The company earned $3.5 million in the U.S. last year. It grew 4.5 per cent.", 2),
    ],
)
def test_segmenter_respects_abbreviations_and_quotes(text: str, expected: int) -> None:
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [text[s.start : s.end] for s in sentences]
    assert len(sentences) == expected, [s.text for s in sentences]


def test_sentences_never_cross_paragraphs() -> None:
    sentences = split_sentences("A heading without a stop\nThe body starts here. It ends here.")
    assert [s.text for s in sentences] == ["A heading without a stop", "The body starts here.", "It ends here."]


def test_text_typed_in_lower_case_splits_into_sentences_when_asked() -> None:
    text = "the us refused. nato said no more. the u.s. army and dr. smith stayed."
    assert len(split_sentences(text)) == 1  # an article's lower-case word after a stop goes on the sentence
    sentences = split_sentences(text, lower_starts=True)
    assert [s.text for s in sentences] == [
        "the us refused.",
        "nato said no more.",
        "the u.s. army and dr. smith stayed.",
    ]
    assert [s.text for s in sentences] == [text[s.start : s.end] for s in sentences]


def test_sentences_run_together_without_a_space_are_split() -> None:
    # Text whose paragraphs were joined without a break, as BBC articles in FRANK are.
    text = (
        'Mr Swinney called it "a matter for society".But Mrs May said no.'
        'Rees said: "Every parent knows it."School meals help.Prices rose in 2015.The U.S.Army and '
        "Mr.Smith stayed at St.Johnstone.Visit www.bbc.Co.uk for 3-1.Foul by Jones."
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        'Mr Swinney called it "a matter for society".',
        "But Mrs May said no.",
        'Rees said: "Every parent knows it."',
        "School meals help.",
        "Prices rose in 2015.",
        "The U.S.Army and Mr.Smith stayed at St.Johnstone.",
        "Visit www.bbc.Co.uk for 3-1.",
        "Foul by Jones.",
    ]
    assert [s.text for s in sentences] == [text[s.start : s.end] for s in sentences]


def _documents() -> list:
    docs = [build_document(Article(text=(DATA / "article.md").read_text(), source="md", id_key="md"))]
    for i, line in enumerate((DATA / "articles.jsonl").read_text().splitlines()):
        row = json.loads(line)
        docs.append(build_document(Article(text=row["text"], source=str(i), title=row["title"], id_key=str(i))))
    return docs


def test_offsets_round_trip_on_the_seed(seed_path: Path) -> None:
    doc = build_document(Article(text=seed_path.read_text(), source=str(seed_path), id_key=str(seed_path)))
    chunks = split_document(doc, ChunkingSettings())
    assert len(chunks) >= 4
    covered = set()
    for c in chunks:
        assert doc.text[c.start : c.end] == c.text
        assert c.chunk_id == f"{doc.doc_id}:{c.index}" and c.title == doc.title
        for s in c.sentences:
            assert doc.text[s.start : s.end] == s.text
            assert c.start <= s.start < s.end <= c.end
            covered.add((s.start, s.end))
    # Every sentence of the document is in some chunk.
    assert covered == {(s.start, s.end) for s in split_sentences(doc.text)}
    demand = [s for c in chunks for s in c.sentences if "demanded that Moscow withdraw troops" in s.text]
    assert demand and demand[0].text.startswith("The Secretary General also demanded")


@pytest.mark.parametrize("target,overlap", [(1, 0), (3, 1), (5, 2)])
def test_chunks_respect_size_and_overlap(target: int, overlap: int) -> None:
    settings = ChunkingSettings(target_sentences=target, overlap_sentences=overlap, max_chars=400)
    for doc in _documents():
        chunks = split_document(doc, settings)
        assert chunks
        for c in chunks:
            assert len(c.sentences) <= target
            assert len(c.sentences) == 1 or c.end - c.start <= settings.max_chars
        for a, b in zip(chunks, chunks[1:], strict=False):
            shared = set(a.sentences) & set(b.sentences)
            assert len(shared) <= overlap
            assert b.start > a.start


def test_overlap_must_be_smaller_than_target() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="must be smaller"):
        ChunkingSettings(target_sentences=2, overlap_sentences=2)
