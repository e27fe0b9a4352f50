"""Time words in questions: "this week" searches articles published in the week before the as-of date
(the real model and Chroma over two dated articles on the same subject), falling back to all dates
with a warning; an explicit date filter wins; a malformed as-of date is a `QueryError`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from factbot import FactBot, QueryError
from factbot.interfaces.langchain import as_retriever
from factbot.retrieve.timeframe import find_timeframe
from factbot.types import SearchFilters

OLD = (
    "The Internal Revenue Service announced on Tuesday that it will delay tax refund letters until the summer. "
    "Officials blamed a backlog of paper returns."
)
NEW = (
    "The Internal Revenue Service announced on Monday that it will stop sending balance-due notices for weeks. "
    "Officials said taxpayers had been confused by the letters."
)
QUESTION = "What did the Internal Revenue Service announce this week?"


@pytest.fixture
def dated_bot(bot: FactBot) -> FactBot:
    bot.ingest_text(OLD, title="IRS delays refund letters", url="https://news.example/old", published="2021-03-09")
    bot.ingest_text(NEW, title="IRS pauses notices", url="https://news.example/new", published="2022-06-20")
    return bot


def test_phrases_resolve_to_windows_ending_at_the_as_of_date() -> None:
    day = date(2022, 6, 23)
    week = find_timeframe("Who resigned this week?", day)
    assert week is not None and (week.start, week.end) == (date(2022, 6, 16), day)
    assert find_timeframe("What happened YESTERDAY in Kyiv?", "2022-06-23").start == date(2022, 6, 21)
    last_year = find_timeframe("Who won the cup last year?", day)
    assert (last_year.start, last_year.end) == (date(2021, 1, 1), date(2021, 12, 31))
    assert find_timeframe("Who won the cup this year?", day).start == date(2022, 1, 1)
    assert find_timeframe("What did Stoltenberg demand?", day) is None
    assert find_timeframe("What did the weekly report say?", day) is None
    with pytest.raises(QueryError, match="not a date"):
        find_timeframe("Who resigned this week?", "next Tuesday")
    with pytest.raises(QueryError, match="not a date"):
        find_timeframe("Who resigned?", "next Tuesday")  # checked even when the question names no time


def test_this_week_cites_the_article_of_that_week(dated_bot: FactBot) -> None:
    new_id = {d.title: d.doc_id for d in dated_bot.documents()}["IRS pauses notices"]
    old_id = {d.title: d.doc_id for d in dated_bot.documents()}["IRS delays refund letters"]
    answer = dated_bot.ask(QUESTION, as_of="2022-06-23")
    assert not answer.abstained and not answer.warnings
    assert {c.doc_id for c in answer.citations} == {new_id}
    # The same question a week after the old article: the old one is the week's news.
    answer = dated_bot.ask(QUESTION, as_of="2021-03-12")
    assert {c.doc_id for c in answer.citations} == {old_id}
    assert {e.doc_id for e in dated_bot.evidence(QUESTION, as_of="2021-03-12")} == {old_id}


def test_no_article_in_the_window_searches_all_dates_and_says_so(dated_bot: FactBot) -> None:
    answer = dated_bot.ask(QUESTION, as_of="2030-01-15")
    assert answer.warnings and "2030-01-08 to 2030-01-15" in answer.warnings[0]
    assert len({e.doc_id for e in dated_bot.evidence(QUESTION, as_of="2030-01-15")}) == 2
    chat = dated_bot.chat(QUESTION, [], as_of="2030-01-15")
    assert chat.warnings == answer.warnings


@pytest.mark.parametrize(
    ("published_from", "published_to", "source", "any_document"),
    [
        ("2022-06-16", "2022-06-23", "", True),
        ("2030-01-08", "2030-01-15", "", False),  # the window of "this week" in 2030: nothing to search
        ("2022-06-16", "2022-06-23", "https://news.example/old", False),  # the window, but another source
        ("2021-03-01", "2022-12-31", "https://news.example/old", True),
    ],
)
def test_a_window_no_document_falls_in_is_known_without_searching(
    dated_bot: FactBot, published_from: str, published_to: str, source: str, any_document: bool
) -> None:
    filters = SearchFilters(source=source, published_from=published_from, published_to=published_to)
    assert dated_bot._stores.registry.any_document(filters) is any_document


def test_an_explicit_date_filter_wins_over_the_time_words(dated_bot: FactBot) -> None:
    old_only = SearchFilters(published_to="2021-12-31")
    answer = dated_bot.ask(QUESTION, filters=old_only, as_of="2022-06-23")
    assert not answer.warnings and answer.citations
    assert {c.title for c in answer.citations} == {"IRS delays refund letters"}
    with pytest.raises(QueryError, match="not a date"):
        dated_bot.ask(QUESTION, filters=old_only, as_of="soon")
    with pytest.raises(QueryError, match="not a date"):
        dated_bot.ask(QUESTION, as_of="soon")


def test_without_time_words_the_latest_report_ranks_first(dated_bot: FactBot, index_dir: Path) -> None:
    """Both articles answer "What did the IRS announce?"; the one of the week before the as-of date
    wins the top chunk, whichever that date is, and only while `answer.recent_days` is on."""
    question = "What did the Internal Revenue Service announce?"
    titles = {d.doc_id: d.title for d in dated_bot.documents()}
    top = lambda b, day: titles[b.evidence(question, k=1, as_of=day)[0].doc_id]  # noqa: E731
    assert top(dated_bot, "2022-06-23") == "IRS pauses notices"
    assert top(dated_bot, "2021-03-12") == "IRS delays refund letters"
    assert {e.doc_id for e in dated_bot.evidence(question, as_of="2022-06-23")} == set(titles)  # ranked, not filtered
    dated_bot.close()
    with FactBot(index_dir=index_dir, settings={"answer": {"recent_days": 0}}) as plain:
        assert top(plain, "2022-06-23") == top(plain, "2021-03-12")


def test_verify_reads_time_words_as_of_a_date(dated_bot: FactBot) -> None:
    """A claim about "this week" is checked against that week's articles: supported as of the week of
    the new article, not supported as of the old one's week, and a window with no article says so."""
    claim = "The Internal Revenue Service announced this week that it will stop sending balance-due notices."
    titles = {d.doc_id: d.title for d in dated_bot.documents()}
    now = dated_bot.verify(claim, as_of="2022-06-23")
    assert now.label == "SUPPORTED" and {titles[e.doc_id] for e in now.evidence} == {"IRS pauses notices"}
    assert not any("No indexed article published" in n for n in now.notes)
    then = dated_bot.verify(claim, as_of="2021-03-12")
    assert then.label != "SUPPORTED" and {titles[e.doc_id] for e in then.evidence} <= {"IRS delays refund letters"}
    later = dated_bot.verify(claim, as_of="2030-01-15")
    assert "2030-01-08 to 2030-01-15" in later.notes[0]
    with pytest.raises(QueryError, match="not a date"):
        dated_bot.verify(claim, as_of="soon")


def test_search_and_the_langchain_retriever_read_time_words_as_ask_does(dated_bot: FactBot) -> None:
    titles = {d.doc_id: d.title for d in dated_bot.documents()}
    for day, title in (("2022-06-23", "IRS pauses notices"), ("2021-03-12", "IRS delays refund letters")):
        assert {titles[h.chunk.doc_id] for h in dated_bot.search(QUESTION, as_of=day)} == {title}
        docs = as_retriever(dated_bot, k=3, as_of=day).invoke(QUESTION)
        assert docs and {d.metadata["title"] for d in docs} == {title}
    assert len({h.chunk.doc_id for h in dated_bot.search(QUESTION, as_of="2030-01-15")}) == 2  # no match: all dates
    with pytest.raises(QueryError, match="not a date"):
        dated_bot.search(QUESTION, as_of="soon")
