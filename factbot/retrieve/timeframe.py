"""Stage 5a, time frame: relative time words in a question, resolved against an "as of" date.

News questions are asked at a date: "What did the IRS announce this week?" is about articles published
in the days before it was asked, not about a 2021 article that also mentions the IRS. `find_timeframe`
turns "this week", "yesterday", "this month", "recently", "this year" and "last year" into a
published-date window ending at the as-of date (today unless the caller says otherwise);
`FactBot.evidence` searches that window first and, when no dated article in it matches, searches all
dates and says so in the answer's warnings. A question with no time words still prefers, a little, the
articles of the days before the as-of date (`recent_window`): the latest report of a story first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from factbot.errors import QueryError
from factbot.ingest.documents import normalise_date
from factbot.types import SearchFilters

# Days back from the as-of date that each phrase covers (a news week, with a day of slack for
# articles dated the day before the week began).
_DAYS = {"week": 7, "weekend": 7, "last week": 14, "today": 2, "yesterday": 2, "month": 31, "recently": 31}
_PHRASE = re.compile(
    r"\b(?:(this|last|past) (week|weekend|month|year)|(today|yesterday|recently))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Timeframe:
    """A published-date window named by a phrase of the question, both ends inclusive."""

    phrase: str
    start: date
    end: date

    def narrow(self, filters: SearchFilters) -> SearchFilters:
        """The filters restricted to this window."""
        return replace(filters, published_from=self.start.isoformat(), published_to=self.end.isoformat())

    def fallback_warning(self) -> str:
        """What an answer or verdict says when no article published in the window matched."""
        return (
            f'No indexed article published {self.start.isoformat()} to {self.end.isoformat()} ("{self.phrase}") '
            "matches; the evidence below comes from articles of any date."
        )


def as_of_date(value: str | date | None) -> date:
    """The as-of date: today for None, else the given date (a `date` or a `YYYY-MM-DD` string).

    Raises:
        QueryError: for a string that is not a date.
    """
    if value is None:
        return date.today()
    if isinstance(value, date):
        return value
    iso = normalise_date(value)
    if not iso:
        raise QueryError(f"as_of={value!r:.40} is not a date; use YYYY-MM-DD.")
    return date.fromisoformat(iso)


def find_timeframe(question: str, as_of: str | date | None = None) -> Timeframe | None:
    """The window named by the first relative time phrase of the question, or None if it names none.

    Raises:
        QueryError: for an `as_of` that is not a date (whether or not the question names a time).
    """
    end = as_of_date(as_of)
    match = _PHRASE.search(question)
    if not match:
        return None
    which, unit, word = (g.lower() if g else "" for g in match.groups())
    if unit == "year":
        if which == "last":
            return Timeframe(match.group(0), date(end.year - 1, 1, 1), date(end.year - 1, 12, 31))
        if which == "past":
            return Timeframe(match.group(0), end - timedelta(days=366), end)
        return Timeframe(match.group(0), date(end.year, 1, 1), end)
    key = word or ("last week" if (which, unit) == ("last", "week") else unit)
    return Timeframe(match.group(0), end - timedelta(days=_DAYS[key]), end)


def timeframe_for(question: str, filters: SearchFilters, as_of: str | date | None) -> Timeframe | None:
    """The question's time frame, unless the caller already set a date filter (theirs wins)."""
    frame = find_timeframe(question, as_of)
    return None if filters.published_from or filters.published_to else frame


def recent_window(as_of: str | date | None, days: int) -> tuple[str, str] | None:
    """The ``(from, to)`` ISO dates of the `days` days up to the as-of date that retrieval favours
    (None when `days` is 0).

    Raises:
        QueryError: for an `as_of` that is not a date.
    """
    end = as_of_date(as_of)
    return ((end - timedelta(days=days)).isoformat(), end.isoformat()) if days > 0 else None
