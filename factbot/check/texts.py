"""Stage 7d, checking a text: read it (pasted, or fetched from a URL), score its sentences, make each
check-worthy one stand alone, verify it, and return the `TextReport`.

Contract: `TextChecker.check(text_or_url, as_of=None, against=None, progress=None)` → `TextReport`;
`TextChecker.stream(...)` takes the same input and yields the report as it grows: first with every
sentence scored and no claim checked (`planned` says how many will be), then once per checked claim; the
last one yielded is what `check` returns. Input errors are raised before the first yield.
Raises `QueryError` for an empty text, a text over `check.max_chars` (the message names the setting) or
one without a single sentence; `FetchError` for a URL that cannot be fetched (the same rules as ingest:
no private addresses, size and time limits). Over `check.max_claims` check-worthy sentences, the first
ones are checked and a warning says how many were left out. `progress(done, total)` is called after each
claim. Pasted text is normalised as ingest normalises it (HTML entities decoded, whitespace unified);
`TextReport.text` is that text, and every offset points into it. Nothing is indexed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from factbot.answer.referents import Resolver
from factbot.check.report import CheckedClaim, TextReport
from factbot.check.worthiness import parse, worthiness
from factbot.config import CheckSettings, SourceSettings
from factbot.errors import QueryError, setting_name
from factbot.ingest.documents import clean_text, normalise, repair_entities
from factbot.ingest.fetching import fetch_url
from factbot.ingest.sources import is_url
from factbot.types import Article, Verdict

Verify = Callable[..., Verdict]  # bot.verify: (claim, *, against=, as_of=) → Verdict


class TextChecker:
    """Checks whole texts with one index's `verify`, under the check and source settings."""

    def __init__(self, verify: Verify, settings: CheckSettings, sources: SourceSettings) -> None:
        self.verify = verify
        self.settings = settings
        self.sources = sources

    def _read(self, text_or_url: str) -> tuple[str, str, str, str]:
        """(text, url, title, published) of the input."""
        if not isinstance(text_or_url, str) or not text_or_url.strip():
            raise QueryError("The text to check is empty; paste a text or give a URL.")
        stripped = text_or_url.strip()
        if is_url(stripped) and "\n" not in stripped:
            article = fetch_url(stripped, self.sources)
            text, title = clean_text(article.text, article.title)
            return text, article.url or stripped, title, article.published
        # Entities decoded and whitespace normalised as at ingest, so that "&#8217;" is not read as a number.
        return normalise(repair_entities(text_or_url)), "", "", ""

    def check(
        self,
        text_or_url: str,
        *,
        as_of: Any = None,
        against: Iterable[str | Article] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> TextReport:
        """The fact-check report on a text (see the module's contract)."""
        report = None
        for report in self.stream(text_or_url, as_of=as_of, against=against):
            if progress is not None and report.claims:
                progress(len(report.claims), report.planned)
        assert report is not None  # stream yields at least once
        return report

    def stream(
        self, text_or_url: str, *, as_of: Any = None, against: Iterable[str | Article] | None = None
    ) -> Iterator[TextReport]:
        """The report as it grows (see the module's contract); each yield is the same `TextReport` object."""
        text, url, title, published = self._read(text_or_url)
        if len(text) > self.settings.max_chars:
            raise QueryError(
                f"The text is {len(text):,} characters; at most {self.settings.max_chars:,} are checked "
                f"(setting {setting_name('check.max_chars')})."
            )
        parsed = parse(text)
        if not parsed:
            raise QueryError("The text has no sentences to check.")
        against = list(against) if against is not None else None
        resolver = Resolver()
        sentences, todo = [], []
        for sentence, doc in parsed:
            scored = worthiness(sentence, doc)
            claim, resolved = resolver.claim(doc)
            sentences.append(scored)
            if scored.worthy:
                todo.append((scored, claim, resolved))
        warnings = []
        if len(todo) > self.settings.max_claims:
            warnings.append(
                f"{len(todo) - self.settings.max_claims} check-worthy sentences after the first "
                f"{self.settings.max_claims} were not checked (setting {setting_name('check.max_claims')})."
            )
            todo = todo[: self.settings.max_claims]
        report = TextReport(
            text=text,
            sentences=sentences,
            claims=[],
            checked_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            url=url,
            title=title,
            published=published,
            as_of=str(as_of or ""),
            warnings=warnings,
            planned=len(todo),
        )
        yield report
        for i, (scored, claim, resolved) in enumerate(todo, start=1):
            verdict = self.verify(claim, against=against, as_of=as_of)
            report.claims.append(
                CheckedClaim(i, scored.text, scored.start, scored.end, claim, verdict, scored.reasons, resolved)
            )
            yield report
