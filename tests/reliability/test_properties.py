"""Property-based tests (hypothesis): the cleaner, the sentence splitter, the chunker, the REST
request bodies and the server-side query and filter checks keep their promises on arbitrary input,
news-like text with abbreviations, entities, boilerplate and odd Unicode included. A failure
prints the smallest input hypothesis found."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from factbot.config import ChunkingSettings
from factbot.errors import EmptyDocumentError, QueryError
from factbot.ingest.chunking import split_document
from factbot.ingest.documents import build_document, clean_text, normalise, without_surrogates
from factbot.interfaces.web.api import AskRequest, DocumentRequest, SearchRequest, VerifyRequest
from factbot.retrieve.search import MAX_QUERY_CHARS, check_filters, check_query, normalised_filters
from factbot.text.sentences import split_sentences
from factbot.types import Article, Document, SearchFilters

# Enough examples to find edge cases, few enough that the file runs in well under 30 s on 2 cores.
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# What `documents.normalise` promises to remove: C0/C1 controls (newlines are kept, tabs become
# spaces), zero-width characters and soft hyphens; and what no UTF-8 store accepts: lone surrogates.
REMOVED = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b\u200c\u200d\u2060\ufeff\u00ad\ud800-\udfff\r]")

# Pieces of real-world news text that the cleaner and the segmenter treat specially.
_WORDS = "Dr. Mr. Mrs. Gen. Jan. Sept. U.S. U.K. a.m. p.m. Inc. Corp. etc. No. St. vs. 3.5 $4.2 1,200".split()
_WORDS += "the The council said mayor Stoltenberg Moscow tram vote budget it was not".split()
_PUNCTUATION = '. . . ? ! ; : , … — – " “ ” ‘ ’ ( ) [ ] ."'.split()
_SPACING = [" ", " ", " ", "  ", "\n", "\n", "\n\n", "\n\n\n", "\r\n", "\r", "\t", "\u00a0", "\u2003", "\u3000"]
_ENTITIES = ["&amp;", "&amp;amp;", "& mdash;", "&#8217 ;", "&#x2014;", "&lt;b&gt;", "&nbsp;", "&#0;", "&#1;", "&bogus;"]
_BOILERPLATE = [
    "Share this:",
    "Follow us on Twitter",
    "Advertisement",
    "Leave a Reply",
    "Read more:",
    "© 2024 News Ltd",
]
_INVISIBLE = ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\x0b", "\x0c", "\u200b", "\u200d", "\ufeff", "\u00ad"]
_ODD = ["\u200e", "\u200f", "\u202e", "\u2028", "\u2029", "\u2420", "\u2424", "\ud800", "\udc80", "\u0301", "e\u0301"]
_SCRIPTS = [
    "\ufb01",
    "\u2460",
    "\uff26\uff55\uff4c\uff4c",
    "日本語。",
    "中文，",
    "עברית.",
    "العربية.",
    "😀",
    "👩\u200d👧",
]
PIECES = _WORDS + _PUNCTUATION + _SPACING + _ENTITIES + _BOILERPLATE + _INVISIBLE + _ODD + _SCRIPTS
ANY_CHAR = st.characters(codec=None, exclude_categories=())  # every code point, surrogates included
raw_text = st.one_of(
    st.text(ANY_CHAR, max_size=200),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(ANY_CHAR, max_size=6)), max_size=80).map("".join),
)

# Sentences of news-like prose, some long enough to exceed a chunk's character budget on their own.
WORDS = st.sampled_from([p for p in PIECES if p.strip() and len(p) > 1] + ["a", "vote", "on", "Friday", "x" * 150])
sentence = st.tuples(
    st.sampled_from(["The", "Mr. Smith", "“Why", "On Jan. 26 the", "A", "In the U.S. the", "3"]),
    st.lists(WORDS, min_size=0, max_size=40).map(" ".join),
    st.sampled_from([".", "?", "!", ".”", '?" he asked.', "", ":", "…"]),
).map(lambda t: f"{t[0]} {t[1]}{t[2]}")
prose = st.lists(
    st.tuples(sentence, st.sampled_from([" ", " ", "  ", "\n", "\n\n", " \n "])), min_size=1, max_size=30
).map(lambda parts: "".join(s + sep for s, sep in parts))


def _settings_or_skip(target: int, max_chars: int, overlap: int) -> ChunkingSettings:
    assume(overlap < target)  # ChunkingSettings refuses anything else
    return ChunkingSettings(target_sentences=target, max_chars=max_chars, overlap_sentences=overlap)


def _document(text: str) -> Document:
    try:
        return build_document(Article(text=text, source="property-test"))
    except EmptyDocumentError:
        assume(False)
        raise


# --- the cleaner (documents.build_document / clean_text) ------------------------------------------------
@FAST
@given(raw_text, st.one_of(st.just(""), raw_text))
@example("Cafe\u200b\u0301 opened", "")  # a zero-width character between a letter and its accent
@example("Bad \ud800 text.", "Title \udc80")  # lone surrogates, as JSON's "\ud800" escapes decode
@example("Body.", "Two\n\nlines")
def test_cleaner_never_crashes_and_removes_what_it_promises(raw: str, title: str) -> None:
    try:
        doc = build_document(Article(text=raw, source="property-test", title=title))
    except EmptyDocumentError:
        text, _ = clean_text(raw, title)
        assert not re.search(r"\w", text)  # refused only when no word character is left
        return
    for value in (doc.text, doc.title):
        assert not REMOVED.search(value), ascii(value)
        assert unicodedata.is_normalized("NFKC", value), ascii(value)
        assert "  " not in value and value == value.strip()
    assert all(line == line.strip() for line in doc.text.split("\n"))
    assert "\n\n\n" not in doc.text  # paragraphs are separated by one blank line
    assert "\n" not in doc.title
    assert re.fullmatch(r"[0-9a-f]{16}", doc.doc_id) and re.fullmatch(r"[0-9a-f]{64}", doc.content_hash)
    doc.text.encode("utf-8")  # storable as it is


@FAST
@given(raw_text, st.one_of(st.just(""), raw_text))
def test_cleaning_clean_text_again_only_drops_or_rejoins_lines(raw: str, title: str) -> None:
    # Not idempotent by design: titles and boilerplate are matched line by line before hard-wrapped
    # lines are rejoined, so a second pass may drop a rejoined "Follow us / on Twitter", and it
    # decodes one more level of a doubly escaped entity ("&amp;amp;"). It never alters words.
    assume("&" not in raw and "&" not in title)
    text, clean_title = clean_text(raw, title)
    words = iter(text.split())
    assert all(word in words for word in clean_text(text, clean_title)[0].split())  # a subsequence
    assert normalise(text) == text and normalise(clean_title) == clean_title


@FAST
@given(raw_text)
@example("Cafe\u00ad\u0301")
def test_normalising_is_idempotent(raw: str) -> None:
    once = normalise(raw)
    assert normalise(once) == once


# --- the sentence splitter (chunking.split_sentences) ---------------------------------------------------
def _check_sentences(text: str) -> None:
    sentences = split_sentences(text)
    position = 0
    for s in sentences:
        assert text[s.start : s.end] == s.text and s.text == s.text.strip() and s.text
        assert s.start >= position  # in order, no overlap
        assert not text[position : s.start].strip(), f"text lost between sentences: {text[position : s.start]!r}"
        assert "\n" not in s.text  # a sentence never crosses a line break (a paragraph or heading)
        position = s.end
    assert not text[position:].strip(), f"text lost at the end: {text[position:]!r}"


@FAST
@given(prose)
def test_sentences_index_the_text_in_order_and_lose_nothing(text: str) -> None:
    _check_sentences(text)


@FAST
@given(raw_text)
def test_sentences_of_any_cleaned_text_lose_nothing(raw: str) -> None:
    _check_sentences(clean_text(raw, "A title")[0])


@FAST
@given(raw_text.map(without_surrogates))  # blingfire takes UTF-8; the cleaner replaces lone surrogates
@example("\u2420Mr. Smith left. He said no.\u200e")  # characters blingfire skips at sentence edges
@example("AB.\u2424 C\x1b")
def test_sentences_of_uncleaned_text_lose_nothing(text: str) -> None:
    _check_sentences(text)


# --- the chunker (chunking.split_document) -------------------------------------------------------------
@FAST
@given(prose, st.integers(1, 8), st.integers(100, 1500), st.integers(0, 7))
def test_chunks_cover_every_sentence_and_overlap_as_configured(
    text: str, target: int, max_chars: int, overlap: int
) -> None:
    config = _settings_or_skip(target, max_chars, overlap)
    doc = _document(text)
    sentences = split_sentences(doc.text)
    chunks = split_document(doc, config)
    assert bool(chunks) == bool(sentences)
    seen: list[Any] = []
    for n, chunk in enumerate(chunks):
        assert (chunk.index, chunk.chunk_id, chunk.doc_id) == (n, f"{doc.doc_id}:{n}", doc.doc_id)
        assert doc.text[chunk.start : chunk.end] == chunk.text
        group = list(chunk.sentences)
        assert group and (chunk.start, chunk.end) == (group[0].start, group[-1].end)
        first = sentences.index(group[0])
        assert sentences[first : first + len(group)] == group  # consecutive sentences of the document
        assert len(group) <= config.target_sentences
        assert len(group) == 1 or chunk.end - chunk.start <= config.max_chars  # only a lone sentence may be longer
        if first + len(group) < len(sentences):  # greedy: the next sentence did not fit
            longer = sentences[first + len(group)].end - chunk.start
            assert len(group) == config.target_sentences or longer > config.max_chars
        if n:
            previous = chunks[n - 1].sentences
            shared = [s for s in group if s in previous]
            # Exactly the declared overlap: fewer only when the previous chunk is that short (each chunk
            # moves on by at least one sentence); the shared ones are its last and this one's first.
            expected = min(config.overlap_sentences, len(previous) - 1)
            assert len(shared) == expected, (len(shared), expected)
            assert group[:expected] == list(previous[len(previous) - expected :])
        seen += [s for s in group if s not in seen]
    assert seen == sentences  # every sentence is in a chunk, in document order


# --- the REST request bodies and the server-side checks -------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(ANY_CHAR, max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
FILTER_KEYS = st.sampled_from(["doc_ids", "source", "published_from", "published_to"])
filter_values = st.one_of(
    json_values,
    st.lists(st.text(max_size=16), max_size=3),
    st.sampled_from(["2024-01-26", "26/01/2024", "20240126", "2024-02-30", "yesterday", ""]),
)
filters = st.dictionaries(st.one_of(FILTER_KEYS, st.text(max_size=8)), filter_values, max_size=4)
bodies = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {},
        optional={
            "question": st.one_of(st.text(ANY_CHAR, max_size=60), json_values),
            "claim": st.one_of(st.text(ANY_CHAR, max_size=60), json_values),
            "query": st.one_of(st.text(ANY_CHAR, max_size=60), json_values),
            "k": st.one_of(st.integers(-5, 60), json_values),
            "filters": st.one_of(filters, json_values),
            "text": st.one_of(st.text(ANY_CHAR, max_size=60), json_values),
            "url": json_values,
            "title": json_values,
            "extra": json_values,
        },
    ),
)


def _server_side(query: str, given_filters: dict[str, Any] | None) -> None:
    """What `FactBot.ask`/`verify` check before any search: a clean query and usable filters, else QueryError."""
    visible = "".join(c for c in query if c.isprintable() and c != " ")
    try:
        cleaned = check_query(query)
    except QueryError:
        assert not visible or len(query) > MAX_QUERY_CHARS
    else:
        assert cleaned and cleaned == cleaned.strip() and all(c.isprintable() for c in cleaned)
        assert len(cleaned) <= MAX_QUERY_CHARS and cleaned.replace(" ", "") == visible  # only controls dropped
    if given_filters is None:
        return
    try:
        found = check_filters(given_filters)
    except QueryError:
        return
    assert isinstance(found, SearchFilters)
    assert all(isinstance(d, str) for d in found.doc_ids)
    assert all(isinstance(v, str) for v in (found.source, found.published_from, found.published_to))
    try:  # the dates are checked where they are used
        normalised_filters(found)
    except QueryError:
        assert found.published_from or found.published_to


@FAST
@given(bodies)
def test_request_bodies_are_valid_or_a_validation_error(body: Any) -> None:
    for model in (AskRequest, SearchRequest, VerifyRequest, DocumentRequest):
        try:
            parsed = model.model_validate(body)
        except ValidationError:
            continue
        if isinstance(parsed, AskRequest | SearchRequest | VerifyRequest):
            assert parsed.k is None or 1 <= parsed.k <= 50
            text = {AskRequest: "question", SearchRequest: "query", VerifyRequest: "claim"}[type(parsed)]
            _server_side(getattr(parsed, text), parsed.filters)


@FAST
@given(st.one_of(bodies.map(lambda b: json.dumps(b).encode()), st.binary(max_size=80)))
def test_raw_request_bytes_are_valid_or_a_validation_error(raw: bytes) -> None:
    for model in (AskRequest, SearchRequest, VerifyRequest, DocumentRequest):
        try:
            parsed = model.model_validate_json(raw)
        except ValidationError:
            continue
        for value in parsed.model_dump().values():  # what the JSON parser lets through is valid Unicode
            if isinstance(value, str):
                value.encode("utf-8")


@FAST
@given(st.text(ANY_CHAR, max_size=80) | st.text(ANY_CHAR, min_size=MAX_QUERY_CHARS - 5, max_size=MAX_QUERY_CHARS + 5))
def test_query_check_returns_clean_text_or_query_error(query: str) -> None:
    _server_side(query, None)


@FAST
@given(filters)
def test_filter_check_returns_search_filters_or_query_error(given_filters: dict[str, Any]) -> None:
    _server_side("a question", given_filters)


@pytest.mark.parametrize(
    ("given_filters", "expected"),
    [
        (
            {"doc_ids": ["a1", "b2"], "source": "https://news.example/1"},
            SearchFilters(("a1", "b2"), "https://news.example/1"),
        ),
        ({"doc_ids": "a1", "published_from": None}, SearchFilters(("a1",))),
        ({"doc_ids": [], "published_to": "2024-01-26"}, SearchFilters(published_to="2024-01-26")),
    ],
)
def test_filter_check_examples(given_filters: dict[str, Any], expected: SearchFilters) -> None:
    assert check_filters(given_filters) == expected


@pytest.mark.parametrize(
    "given_filters",
    [{"doc_ids": 5}, {"doc_ids": [1, None]}, {"source": ["a"]}, {"published_from": 20240126}, {"color": "red"}],
)
def test_filter_check_refuses_wrong_types(given_filters: dict[str, Any]) -> None:
    with pytest.raises(QueryError, match="doc_ids|source|published_from|color"):
        check_filters(given_filters)
