"""The facade: `FactBot` runs the pipeline (sources → documents → chunks → stores → retrieval → answer or verdict)
and is the only object the interfaces talk to. Its stores are private: what an interface needs is a method here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any, TypeVar

from factbot.answer import extractive
from factbot.answer.conversation import previous_question, standalone_question
from factbot.answer.llm import chat_model
from factbot.check.report import TextReport
from factbot.check.texts import TextChecker
from factbot.config import Settings, get_settings
from factbot.errors import DocumentNotFoundError, FactbotError
from factbot.ingest.fetching import sitemap_articles
from factbot.ingest.reader import read_batches, sample_paths
from factbot.ingest.uploads import UPLOAD_DIR, discard_upload, ingest_upload, orphaned_uploads
from factbot.retrieve.retriever import AsOf, Filters, Retriever
from factbot.retrieve.search import check_query
from factbot.store.embeddings import Embedder
from factbot.store.feeds import Feeds
from factbot.store.records import Records
from factbot.store.stores import Stores
from factbot.store.writer import IndexWriter
from factbot.text.nlp import nlp
from factbot.text.sentences import split_sentences
from factbot.types import Answer, Article, DocumentRecord, Evidence, IngestFailure, IngestReport, SearchHit, Verdict
from factbot.verify.claims import ClaimVerifier, Judged
from factbot.verify.judges import Judge
from factbot.verify.verdicts import Thresholds

__all__ = ["AsOf", "FactBot", "Filters"]
_T = TypeVar("_T")


class FactBot:
    """Index news articles, search them, answer questions with citations and check claims; one per index.

    Args:
        index_dir: where the registry, lexical index and (embedded) Chroma live; default `index/`.
        chroma_url: a Chroma server to keep vectors on instead of the embedded store.
        settings: full settings (frozen once the bot is built); the two arguments above override its fields.
        llm: a LangChain chat model for answers (overrides the `llm` setting); extractive if neither.
        check_model: refuse an index built with another embedding model or backend. False opens it
            anyway so that `reindex()` can rebuild it; until then, searches and writes raise ConfigError.
        embedder: an `Embedder` to use instead of loading `settings.model` (benchmarks, tests).
        judge: a claim judge to use instead of loading `verify.model`.

    Raises:
        ConfigError: invalid settings, or an index built with another embedding model (run `factbot reindex`).
        IndexStoreError: a store cannot be opened.
    """

    def __init__(
        self,
        index_dir: str | Path | None = None,
        *,
        chroma_url: str | None = None,
        settings: Settings | dict[str, Any] | None = None,
        llm: Any = None,
        check_model: bool = True,
        embedder: Embedder | None = None,
        judge: Judge | None = None,
    ) -> None:
        self.settings = get_settings(settings, index_dir=index_dir, chroma_url=chroma_url)
        self._llm = llm
        self._stores = Stores(self.settings, embedder=embedder, check_model=check_model)
        self._writer = IndexWriter(self._stores)
        self._retriever = Retriever(self._stores, self.settings.answer, extractive.answer_words)
        self._verifier = ClaimVerifier(
            self.settings.verify,
            embedder=self._stores.embedder,
            retrieve=self._retriever.evidence,
            judge=judge,
            llm=lambda: self.llm,
        )
        self._checker = TextChecker(self.verify, self.settings.check, self.settings.sources)

    @property
    def embedder(self) -> Embedder:
        """The embedding model of this index."""
        return self._stores.embedder

    @property
    def judge(self) -> Judge:
        """The judge of (evidence, claim) pairs named by `verify.model`, loaded on first use."""
        return self._verifier.judge

    @property
    def llm(self) -> Any:
        """The chat model for answers, or None in extractive mode (built from the `llm` setting)."""
        if self._llm is None and self.settings.llm:
            self._llm = chat_model(self.settings.llm)
        return self._llm

    def ingest(self, items: Iterable[str | Path], *, progress: bool | None = None) -> IngestReport:
        """Index files, folders and URLs (unchanged skipped, changed replaced, bad items reported), each document
        atomically. Raises IndexLockedError or IndexStoreError (what was written stays indexed)."""
        report = IngestReport()
        for articles in read_batches(items, self.settings.sources, report, progress):
            report.merge(self.ingest_articles(articles))
        return report

    def ingest_sitemap(self, url: str, limit: int = 1000) -> IngestReport:
        """Index the pages a sitemap or sitemap index lists (up to `limit`), with the sitemap's dates."""
        failed: list[tuple[str, str]] = []
        report = self.ingest_articles(sitemap_articles(url, self.settings.sources, limit, failed))
        report.failed += [IngestFailure(u, r, "FetchError") for u, r in failed]
        return report

    def ingest_text(
        self, text: str, *, title: str = "", source: str = "", url: str = "", published: str = "", author: str = ""
    ) -> IngestReport:
        """Index pasted text. Its id derives from `url` or `source` if given, else from the content."""
        article = Article(
            text=text, source=source or url or "pasted text", title=title, url=url,
            published=published, author=author, id_key=url or source,
        )  # fmt: skip
        return self.ingest_articles([article])

    def ingest_articles(self, articles: Iterable[Article]) -> IngestReport:
        """Clean, chunk, embed and store articles, batching the embedding across documents."""
        return self._writer.ingest_articles(articles)

    def ingest_upload(self, filename: str, data: IO[bytes]) -> IngestReport:
        """Save an uploaded file under `<index>/uploads/` and index it (see `ingest.uploads.ingest_upload`)."""
        folder = self._stores.index_dir / UPLOAD_DIR
        return ingest_upload(folder, filename, data, self.settings.sources.max_bytes, self.ingest)

    def seed(self) -> IngestReport | None:
        """Index the bundled sample articles if the index is empty; None if it was not empty."""
        return self._writer.seed(sample_paths(), lambda paths: self.ingest(paths, progress=False))

    def reindex(self) -> dict[str, Any]:
        """Re-embed every registered chunk with the configured model, deleting unregistered vectors (after
        `check_model=False` or a wiped Chroma). Returns counts: `documents`, `chunks`, `vectors`, `seconds`, ..."""
        return self._writer.reindex()

    def remove(self, doc_id: str) -> DocumentRecord:
        """Delete a document from all stores, and its uploaded file unless another document comes from it too.
        Raises DocumentNotFoundError if the id is unknown."""
        record = self._writer.remove(doc_id)
        discard_upload(self._stores.index_dir / UPLOAD_DIR, record.source, (r.source for r in self.documents()))
        return record

    def documents(self) -> list[DocumentRecord]:
        """Registry rows of all indexed documents."""
        return self._stores.registry.records()

    def document(self, doc_id: str) -> DocumentRecord:
        """One document's registry row. Raises DocumentNotFoundError if the id is unknown."""
        return _found(self._stores.registry.record(doc_id), doc_id)

    def document_text(self, doc_id: str) -> str:
        """A document's stored clean text, which every offset points into. Raises DocumentNotFoundError."""
        return _found(self._stores.registry.text(doc_id), doc_id)

    def search(self, query: str, k: int = 5, filters: Filters = None, as_of: AsOf = None) -> list[SearchHit]:
        """Hybrid (dense + keyword) search: the k best chunks with their metadata and offsets. Time words
        ("this week") and the latest week's articles count as in `ask`, relative to `as_of` (default today)."""
        return self._retriever.search(query, k, filters, as_of)[0]

    def evidence(
        self, question: str, k: int | None = None, filters: Filters = None, as_of: AsOf = None
    ) -> list[Evidence]:
        """Sentences of the top-k chunks scored against the question (its asking sentence), best first."""
        question = check_query(question)
        return self._retriever.evidence(question, k, filters, as_of, extractive.asking(question))[0]

    def ask(
        self, question: str, *, k: int | None = None, filters: Filters = None, llm: Any = None, as_of: AsOf = None
    ) -> Answer:
        """Answer from the index with cited sentences, or abstain; `llm` for this call, time words count back
        from `as_of` (default today). Raises QueryError for a bad question or filter."""
        *_, result = self.stream_ask(question, k=k, filters=filters, llm=llm, as_of=as_of)
        assert isinstance(result, Answer)
        return result

    def stream_ask(
        self, question: str, *, k: int | None = None, filters: Filters = None, llm: Any = None, as_of: AsOf = None
    ) -> Iterator[str | Answer]:
        """Yield the answer's text in pieces (an LLM's tokens), then the final, checked `Answer`."""
        question = check_query(question)
        evidence, warnings = self._retriever.evidence(question, k, filters, as_of, extractive.asking(question))
        model = llm if llm is not None else self.llm
        for event in extractive.answer_events(question, evidence, model, self.settings.answer, self.document_text):
            if isinstance(event, Answer):
                event.warnings[:0] = warnings
                event.id = self.records.save("answer", event.to_dict())
            yield event

    def chat(self, message: str, history: Iterable[Any] = (), *, filters: Filters = None, as_of: AsOf = None) -> Answer:
        """Answer a message, a follow-up made standalone from `history` ((user, bot) pairs or role messages)."""
        *_, result = self.stream_chat(message, history, filters=filters, as_of=as_of)
        assert isinstance(result, Answer)
        return result

    def stream_chat(
        self, message: str, history: Iterable[Any] = (), *, filters: Filters = None, as_of: AsOf = None
    ) -> Iterator[str | Answer]:
        """`chat`, streamed as `stream_ask` is."""
        question = standalone_question(message, previous_question(history), self.llm)
        yield from self.stream_ask(question, filters=filters, as_of=as_of)

    def verify(
        self, claim: str, *, against: Iterable[str | Article] | None = None, k: int | None = None,
        filters: Filters = None, as_of: AsOf = None, judge: str | Judge | None = None,
    ) -> Verdict:  # fmt: skip
        """Check a claim against the index or the texts `against` (not indexed), part by part, with `k` chunks a
        part; `judge` (a judge or a spec: "similarity") is for this call only. Raises QueryError for a bad claim
        or `as_of`."""
        verdict = self._verifier.verify(claim, against=against, k=k, filters=filters, as_of=as_of, judge=judge)
        made_by = {"thresholds": asdict(self._verifier.thresholds(judge)), "against": against is not None}
        verdict.id = self.records.save("verdict", verdict.to_dict() | made_by)
        return verdict

    @property
    def records(self) -> Records:
        """Every answer and verdict given, by id, and users' feedback on them (see `factbot.store.records`)."""
        return Records(self._stores.index_dir)

    @property
    def feeds(self) -> Feeds:
        """The feeds this index follows: add, remove, list, poll, watch (see `factbot.store.feeds`)."""
        return Feeds(self._stores.index_dir, self._writer, self.settings.sources)

    def check_text(self, text_or_url: str, **options: Any) -> TextReport:
        """Check a whole text or the article at a URL: its check-worthy sentences made stand-alone and verified
        (`as_of=`, `against=`, `progress=(done, total)`). Raises QueryError or FetchError for bad input."""
        return self._checker.check(text_or_url, **options)

    def stream_check_text(self, text_or_url: str, **options: Any) -> Iterator[TextReport]:
        """`check_text`, yielding the report as it grows: sentences scored first, then once per checked claim."""
        return self._checker.stream(text_or_url, **options)

    def judge_claim(self, claim: str, **options: Any) -> list[tuple[str, list[Judged]]]:
        """Each atomic part's judged evidence before thresholds (calibration); `verify`'s options and `warnings=`."""
        return self._verifier.judge_claim(claim, **options)

    def thresholds(self, judge: str | Judge | None = None) -> Thresholds:
        """Verdict thresholds: calibrated for the judge (default the configured one), overridden by settings."""
        return self._verifier.thresholds(judge)

    def counts(self) -> tuple[int, int]:
        """(documents, chunks) in the index: cheap enough for every request (no Chroma access)."""
        return self._stores.counts()

    def health(self) -> dict[str, Any]:
        """Liveness and index counts, as `/health` reports them."""
        documents, chunks = self.counts()
        return {"status": "ok", "documents": documents, "chunks": chunks}

    def warm_up(self) -> str | None:
        """Load the models (embedder, spaCy, sentence splitter, judge), open the stores; None or why the judge fails."""
        self.embedder.encode(["warm"])
        nlp()("Warm up.")
        split_sentences("Warm up. Done.")
        self._stores.vectors.count()
        try:
            self._verifier.judge  # noqa: B018 - loads the model
        except FactbotError as e:
            return str(e)
        return None

    def vector_gap(self) -> str | None:
        """A warning (run `factbot reindex`) when Chroma holds fewer vectors than the registry has chunks, else None."""
        return self._stores.vector_gap()

    def stats(self) -> dict[str, Any]:
        """Counts (`documents`, `chunks`, `vectors`), the embedding model and where the index lives."""
        return self._stores.stats()

    def check(self, repair: bool = False) -> dict[str, list[str]]:
        """Document ids of each disagreement of the stores (`interrupted`, `orphaned_vectors`, `missing_vectors`,
        `stale_vectors`, `lexical`), and uploaded files no document comes from (`orphaned_uploads`); all empty if
        none. `repair` fixes them from the registry and deletes the orphaned uploads."""
        found = self._writer.check(repair)
        orphans = orphaned_uploads(self._stores.index_dir / UPLOAD_DIR, (r.source for r in self.documents()))
        for path in orphans if repair else ():
            path.unlink(missing_ok=True)
        return found | {"orphaned_uploads": [p.name for p in orphans]}

    def close(self) -> None:
        """Release the registry connection and the Chroma client."""
        self._stores.close()

    def __enter__(self) -> FactBot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _found(value: _T | None, doc_id: str) -> _T:
    if value is None:
        raise DocumentNotFoundError(f"Document {doc_id!r} is not in the index; `factbot list` shows the ids.")
    return value
