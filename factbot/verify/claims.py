"""Stage 6, verification: the claim pipeline, a claim in and a `Verdict` out (`ClaimVerifier`).

split → retrieve → skip headings → judge → check → aggregate. Retrieval is injected (a `Retrieve`
callable: the facade's hybrid search) so that this stage depends on no store; texts given with
`against=` are searched here instead, and nothing is indexed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from factbot.config import VerifySettings
from factbot.errors import QueryError
from factbot.retrieve.search import check_query
from factbot.text.polar import polar_statement
from factbot.types import Article, Evidence, SearchFilters, Verdict
from factbot.verify.candidates import given_evidence, rank_given, states_something
from factbot.verify.judged import Judged, Thresholds, judge_evidence
from factbot.verify.judges import Judge, load_judge
from factbot.verify.splitting import split_claim, typed_in_lower_case
from factbot.verify.values import truecase
from factbot.verify.verdicts import aggregate, configured_thresholds, conjunction

if TYPE_CHECKING:
    from factbot.store.embeddings import Embedder

Filters = SearchFilters | dict[str, Any] | None  # a filter object, or its fields as a dict
AsOf = str | date | None  # what "this week" counts back from: YYYY-MM-DD, a date, or None for today
# (text, k, filters, as_of) -> (evidence sentences best first, warnings such as time-window fallbacks)
Retrieve = Callable[[str, int, Filters, AsOf], tuple[list[Evidence], list[str]]]
JudgeSpec = str | Judge | None  # a per-call judge: a `verify.model` spec ("similarity"), a judge, or the default


class ClaimVerifier:
    """Verify claims with one set of settings, one embedder and one way to retrieve evidence.

    Args:
        settings: the `verify` settings (judge spec, evidence counts, threshold overrides, claim length).
        embedder: ranks given texts (`against=`) and serves the similarity judge.
        retrieve: evidence for a text from the index (see `Retrieve`); called once per atomic part.
        judge: the default judge; loaded from `settings.model` on first use when not given.
        llm: returns the chat model for the `llm` judge (called only when a judge is loaded).
    """

    def __init__(
        self,
        settings: VerifySettings,
        *,
        embedder: Embedder,
        retrieve: Retrieve,
        judge: Judge | None = None,
        llm: Callable[[], Any] = lambda: None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self._retrieve = retrieve
        self._judge = judge
        self._llm = llm
        self._judges: dict[str, Judge] = {}  # per-call judges, by spec

    @property
    def judge(self) -> Judge:
        """The default judge: the injected one, else the one `settings.model` names (loaded on first use).

        Raises:
            ConfigError: unknown spec, or `llm` without a chat model.
            ModelLoadError: the model files are missing or unusable.
        """
        if self._judge is None:
            self._judge = load_judge(self.settings.model, embedder=self.embedder, llm=self._llm())
        return self._judge

    def _judge_for(self, judge: JudgeSpec) -> Judge:
        """The judge for one call: the default, the given one, or the one a spec names (loaded once)."""
        if judge is None or judge == self.settings.model:
            return self.judge
        if not isinstance(judge, str):
            return judge
        if judge not in self._judges:
            self._judges[judge] = load_judge(judge, embedder=self.embedder, llm=self._llm())
        return self._judges[judge]

    def thresholds(self, judge: JudgeSpec = None) -> Thresholds:
        """Verdict thresholds: calibrated for the judge (a spec given here, else `settings.model`),
        overridden by the settings' own thresholds if given."""
        if isinstance(judge, str):
            return configured_thresholds(self.settings.model_copy(update={"model": judge}))
        return configured_thresholds(self.settings)

    def verify(
        self,
        claim: str,
        *,
        against: Iterable[str | Article] | None = None,
        k: int | None = None,
        filters: Filters = None,
        as_of: AsOf = None,
        judge: JudgeSpec = None,
    ) -> Verdict:
        """Check a claim against the index (or against given texts) and return a `Verdict`.

        Args:
            claim: the statement to check; compound claims are split and each part verified. A yes/no
                question is checked as the statement it asks about (`Verdict.asked` keeps the question).
            against: texts (or `Article`s) to check against instead of the index; nothing is indexed.
            k: chunks retrieved per part (default `settings.top_chunks`).
            filters: document / source / date filters for the index search.
            as_of: the date time words in the claim count back from (default today); the verdict's
                notes say when no article of that window matched.
            judge: the judge for this call (a spec such as "similarity", or a `Judge`); its calibrated
                thresholds apply. Default: `judge`.

        Raises:
            QueryError: empty or over-long claim, or an `as_of` that is not a date.
            ConfigError, ModelLoadError: the judge cannot be loaded.
        """
        claim = check_query(claim)
        settings = self.settings
        if len(claim) > settings.max_claim_chars:
            raise QueryError(f"The claim is {len(claim):,} characters; keep it under {settings.max_claim_chars:,}.")
        asked, statement = "", polar_statement(claim) if claim.endswith("?") else None
        if statement:  # "Did Borrell welcome …?" is checked as "Borrell did welcome …."
            asked, claim = claim, statement
        used = self._judge_for(judge)
        thresholds = self.thresholds(judge)
        warnings: list[str] = []
        parts = [
            aggregate(part, judged, thresholds, used.name, settings.evidence)
            for part, judged in self.judge_claim(
                claim, against=against, k=k, filters=filters, as_of=as_of, warnings=warnings, judge=used
            )
        ]
        result = parts[0] if len(parts) == 1 else conjunction(claim, parts, used.name)
        result.claim, result.asked = claim, asked
        result.notes[:0] = list(dict.fromkeys(warnings))
        if asked:
            result.notes.insert(0, f"The question was checked as the statement: {claim}")
        if getattr(used, "failed", None):
            result.notes.insert(0, used.failed)
        return result

    def judge_claim(
        self,
        claim: str,
        *,
        against: Iterable[str | Article] | None = None,
        k: int | None = None,
        filters: Filters = None,
        as_of: AsOf = None,
        warnings: list[str] | None = None,
        judge: JudgeSpec = None,
    ) -> list[tuple[str, list[Judged]]]:
        """The judged evidence of each atomic part of a claim, before thresholds (used by `verify` and by
        the calibration and evaluation scripts). Time-window fallbacks are appended to `warnings`. The
        claim is used as given (`verify` cleans it and checks its length).

        Raises:
            QueryError: from retrieval (an empty part, an `as_of` that is not a date).
            ConfigError, ModelLoadError: the judge cannot be loaded.
        """
        settings = self.settings
        given = given_evidence(list(against)) if against is not None else None
        vectors = self.embedder.encode([e.quote for e in given]) if given else None

        def retrieve(text: str) -> list[Evidence]:
            if given is not None:
                return rank_given(text, given, self.embedder, vectors)
            found, found_warnings = self._retrieve(text, k or settings.top_chunks, filters, as_of)
            if warnings is not None:
                warnings.extend(found_warnings)
            return found

        # 1. Split into atomic parts.
        parts = split_claim(claim)
        retrieved: dict[str, list[Evidence]] = {}  # evidence found, by lower-cased text
        if typed_in_lower_case(claim):
            # No capitals mark its names, so "borrell welcomed the response and stoltenberg rejected ..."
            # shows no second subject: give it the capitals of the whole claim's evidence, then split.
            # Retrieval ignores case, so a claim that stays whole keeps the evidence found for it.
            retrieved[claim.lower()] = first = retrieve(claim)
            cased = truecase(claim, [e.context for e in first[: settings.candidates]])
            parts = split_claim(cased, lower_starts=True)
        out = []
        for part in parts:
            # 2. Retrieve candidates (once per distinct text).
            candidates = retrieved[part.lower()] if part.lower() in retrieved else retrieve(part)
            # 3. Skip headings, keep the best few.
            candidates = [c for c in candidates if states_something(c)][: settings.candidates]
            # 4-5. Judge each candidate, then run the consistency checks on it.
            out.append((part, judge_evidence(part, candidates, self._judge_for(judge))))
        # 6. Aggregation into verdicts is `verify`'s (`aggregate`, `conjunction`).
        return out
