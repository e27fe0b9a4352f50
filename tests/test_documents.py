"""Cleaning: entities, Unicode, whitespace, repeated titles and site boilerplate."""

from __future__ import annotations

from pathlib import Path

import pytest

from factbot.errors import EmptyDocumentError
from factbot.ingest.documents import build_document, clean_text, normalise_date, repair_entities, title_from_url
from factbot.types import Article


def test_seed_article_defects_are_cleaned(seed_path: Path) -> None:
    raw = seed_path.read_text(encoding="utf-8")
    # The raw file really has the defects this test is about.
    assert "& mdash;" in raw and "&#8217;" in raw and "Leave a Reply" in raw and "  " in raw
    text, title = clean_text(raw)
    assert title == "US delivers written response to Russia's security proposals as NATO sets out its own"
    assert title not in text  # both repeated title lines are gone from the body
    assert "2022 — The United States" in text
    assert "&" not in text and "mdash" not in text
    for furniture in ("Follow World Desk", "Share this", "Leave a Reply", "email address", "Required fields"):
        assert furniture not in text
    assert "  " not in text
    assert "NATO sends its own proposals" in text  # a real sub-heading is kept
    assert text.endswith("severe economic sanctions.")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a & mdash; b", "a — b"),
        ("it&#8217;s", "it’s"),
        ("it& #8217 ;s", "it’s"),
        ("AT&amp;T", "AT&T"),
        ("double &amp;mdash; escaped", "double — escaped"),
        ("R&D and Q&A stay", "R&D and Q&A stay"),
        ("& notanentity; stays", "& notanentity; stays"),
    ],
)
def test_entities_are_repaired(raw: str, expected: str) -> None:
    assert repair_entities(raw) == expected


def test_unicode_and_whitespace_are_normalised() -> None:
    text, _ = clean_text("Title here\n\nThe\u00a0minister\u200b said  it\tagain.\r\nﬁnal line.", title="Title here")
    assert text == "The minister said it again.\nfinal line."


def test_hard_wrapped_lines_are_rejoined_but_headings_kept() -> None:
    raw = (
        "Rail strike halts trains\n\n"
        "Trains across the northern region stopped on Monday as drivers began a strike\n"
        "over pay, leaving thousands of commuters stranded.\n\nWhat happens next\nTalks resume on Friday."
    )
    text, title = clean_text(raw)
    assert title == "Rail strike halts trains"
    assert "a strike over pay" in text
    assert "What happens next\nTalks resume" in text


def test_boilerplate_is_only_dropped_as_whole_short_lines() -> None:
    raw = "Story\n\nShe said she would follow the story on Twitter for weeks, as many readers do.\n\nShare this:"
    text, _ = clean_text(raw)
    assert "follow the story on Twitter" in text
    assert "Share this" not in text


def test_empty_after_cleaning_is_an_error() -> None:
    with pytest.raises(EmptyDocumentError):
        build_document(Article(text="Share this:\nLeave a Reply\n\n", source="x", id_key="x"))


def test_document_ids_are_stable_and_hash_tracks_content() -> None:
    a = build_document(Article(text="One sentence here. Two.", source="/a.txt", id_key="/a.txt"))
    b = build_document(Article(text="One sentence here. Three.", source="/a.txt", id_key="/a.txt"))
    assert a.doc_id == b.doc_id and a.content_hash != b.content_hash
    pasted = build_document(Article(text="Pasted text.", source="pasted"))
    assert pasted.doc_id == build_document(Article(text="Pasted text.", source="other")).doc_id


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2022/06/12", "2022-06-12"),
        ("2023-03-14T09:30:00Z", "2023-03-14"),
        ("14-03-2023", "2023-03-14"),
        ("yesterday", ""),
        ("", ""),
    ],
)
def test_dates_are_normalised(raw: str, iso: str) -> None:
    assert normalise_date(raw) == iso


def test_a_dateline_is_not_taken_for_a_title() -> None:
    text, title = clean_text("New York CNN Business —\n\nMarkets fell on Monday. Oil rose.")
    assert title == "" and text.startswith("New York CNN Business —")


@pytest.mark.parametrize(
    ("url", "title"),
    [
        (
            "https://www.cnn.com/2022/06/15/weather/yellowstone-national-park-flooding/index.html",
            "Yellowstone national park flooding",
        ),
        ("https://news.example/2022/07/02/4th-of-july-fireworks-utah.html", "4th of july fireworks utah"),
        ("https://news.example/story/covid-19-cases-rise-again/6653729001/", "Covid 19 cases rise again"),
        ("https://www.bbc.co.uk/news/world-europe-60506682", ""),  # a section and an id: no slug
        ("https://news.example/articles/grocery-prices", ""),  # too short to say what it is about
        ("https://news.example/click?id=3", ""),
        ("", ""),
    ],
)
def test_a_title_is_read_from_the_url_slug(url: str, title: str) -> None:
    assert title_from_url(url) == title


def test_the_slug_title_is_only_a_fallback() -> None:
    url = "https://news.example/2022/06/15/harbour-barrier-opens-after-delays/index.html"
    body = "New York CNN —\n\nThe barrier opened on Monday. Ships returned."
    untitled = build_document(Article(text=body, source=url, url=url, id_key=url))
    assert untitled.title == "Harbour barrier opens after delays" and untitled.text.startswith("New York CNN")
    given = build_document(Article(text=body, source=url, url=url, id_key=url, title="Barrier opens"))
    headline = build_document(Article(text="Barrier finally opens\n\n" + body, source=url, url=url, id_key=url))
    assert (given.title, headline.title) == ("Barrier opens", "Barrier finally opens")
