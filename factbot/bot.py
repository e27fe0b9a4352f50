"""The facade: `FactBot` owns the pipeline (sources → documents → chunks → stores → retrieval)
and is what every interface (CLI, server, Slack) talks to."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from factbot.answer import extractive as answers
from factbot.config import Settings, get_settings
from factbot.errors import ConfigError, DocumentNotFoundError, FactbotError, QueryError
from factbot.ingest.chunking import split_document
from factbot.ingest.documents import build_document
from factbot.ingest.sources import expand, progress_bar, read_item
from factbot.retrieve.evidence import score_evidence
from factbot.retrieve.search import check_filters, check_query, search_as_of
from factbot.store import maintenance
from factbot.store.locking import IndexLock
from factbot.store.registry import Registry
from factbot.store.vectors import SharedVectors, VectorIndex
from factbot.types import (
    Answer,
    Article,
    Chunk,
    Document,
    DocumentRecord,
    Evidence,
    IngestFailure,
    IngestReport,
    SearchFilters,
    SearchHit,
    Verdict,
)

log = logging.getLogger(__name__)
Filters = SearchFilters | dict[str, Any] | None  # a filter object, or its fields as a dict
AsOf = str | date | None  # what "this week" counts back from: YYYY-MM-DD, a date, or None for today
REGISTRY_FILE = "registry.sqlite3"
CHROMA_DIR = "chroma"


def sample_paths() -> list[Path]:
    """The articles bundled with factbot (`factbot/samples/*.txt`)."""
    root = resources.files("factbot") / "samples"
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".txt"))


class FactBot:
    """Index news articles and search them; one object per index.

    Args:
        index_dir: where the registry, lexical index and (embedded) Chroma live; default `index/`.
        chroma_url: a Chroma server to keep vectors on instead of the embedded store.
        settings: full settings; the two arguments above override its fields.
        llm: a LangChain chat model for answers (overrides the `llm` setting); extractive if neither.
        check_model: refuse an index built with another embedding model or backend. False opens it
            anyway so that `reindex()` can rebuild it; until then, searches and writes raise ConfigError.

    Writes (ingest, remove, check) take the index's write lock, so one process or thread writes at
    a time and others wait up to `lock_timeout_s`; reads take no lock and may run alongside a write
    from other threads. The first read after another process wrote reopens embedded Chroma, whose
    nearest-neighbour index is held in memory (see `index.SharedVectors`).

    Raises:
        ConfigError: on invalid settings or an index built with another embedding model or backend
            (the message says to run `factbot reindex`).
        IndexStoreError: if a store cannot be opened.
    """

    def __init__(
        self,
        index_dir: str | Path | None = None,
        *,
        chroma_url: str | None = None,
        settings: Settings | dict[str, Any] | None = None,
        llm: Any = None,
        check_model: bool = True,
    ) -> None:
        self.settings = get_settings(settings, index_dir=index_dir, chroma_url=chroma_url)
        self._llm = llm
        self.index_dir = Path(self.settings.index_dir)
        self.registry = Registry(self.index_dir / REGISTRY_FILE)
        self.embedder = maintenance.index_embedder(self.settings.model, self.registry)
        self._mismatch = maintenance.embedding_mismatch(self.registry, self.embedder, str(self.index_dir))
        if self._mismatch and check_model:
            self.registry.close()
            raise ConfigError(self._mismatch)
        self._vectors = SharedVectors(self._open_vectors, self.registry, embedded=not self.settings.chroma_url)
        self._lock = IndexLock(self.index_dir, self.settings.lock_timeout_s)
        self._judge: Any = None

    @property
    def vectors(self) -> VectorIndex:
        """The Chroma side of the index, opened (and the model loaded) on first use; logs `vector_gap()`
        if there is one. Raises ConfigError if another model or backend made the index."""
        if self._mismatch:
            raise ConfigError(self._mismatch)
        return self._vectors.get()

    def _open_vectors(self, check_model: bool) -> VectorIndex:
        store = VectorIndex(
            self.embedder,
            path=self.index_dir / CHROMA_DIR,
            url=self.settings.chroma_url,
            collection=self.settings.collection,
            headers=self.settings.chroma_headers(),
            check_model=check_model,
            owner=maintenance.index_identity(self.registry),
        )
        if check_model and (gap := maintenance.vector_gap(self.registry, store)):
            log.warning(gap)
        return store

    def vector_gap(self) -> str | None:
        """A warning when Chroma holds fewer vectors than the registry has chunks (a wiped or
        different Chroma server, a deleted chroma directory), saying to run `factbot reindex`; None
        when it holds them all. Compares two counts, so it is cheap enough for every start-up."""
        return maintenance.vector_gap(self.registry, self.vectors)

    # --- ingestion ----------------------------------------------------------------------------
    @contextmanager
    def _writing(self, action: str) -> Iterator[None]:
        """Hold the write lock, first finishing any write an earlier process left interrupted."""
        with self._lock.hold(action), self._vectors.writing():
            self._recover()
            yield

    def ingest(self, items: Iterable[str | Path], *, progress: bool | None = None) -> IngestReport:
        """Index files, directories (recursively) and http(s) URLs.

        Unchanged documents are skipped, changed ones replaced; a bad item is reported in
        `failed` with its reason and never stops the rest. Each document is written atomically
        across the stores: after a crash it is either fully there or absent, and running the
        same ingest again completes the rest. Files are read and URLs fetched without the write
        lock, which is held only to write what has been read (about 400k characters at a time): a
        slow download or a long ingest never keeps other writers waiting for all of it.

        Args:
            items: paths or URLs.
            progress: show a progress bar; default when stderr is a terminal.

        Raises:
            IndexLockedError: another writer kept the index locked for over `lock_timeout_s`
                (the documents written so far stay indexed).
            IndexStoreError: a store failed (the documents written so far stay indexed).
        """
        report = IngestReport()
        found: list[Any] = []
        for item in items:
            try:
                found += expand(str(item))
            except FactbotError as e:
                report.failed.append(IngestFailure(str(item), str(e), type(e).__name__))
        show = sys.stderr.isatty() if progress is None else progress
        bar = progress_bar(len(found), show)
        articles: list[Article] = []
        pending_chars = 0
        for source_item in found:
            try:
                read = read_item(source_item, self.settings.sources)
                articles += read
                pending_chars += sum(len(a.text) for a in read)
            except FactbotError as e:
                report.failed.append(IngestFailure(source_item.location, str(e), type(e).__name__))
            if pending_chars > 400_000:  # bound memory: index what has been read so far
                report.merge(self.ingest_articles(articles))
                articles, pending_chars = [], 0
            bar.update(1)
        if articles:  # nothing read: no need to wait for the lock
            report.merge(self.ingest_articles(articles))
        bar.close()
        return report

    def ingest_text(
        self, text: str, *, title: str = "", source: str = "", url: str = "", published: str = "", author: str = ""
    ) -> IngestReport:
        """Index pasted text. Its id derives from `url` or `source` if given, else from the content."""
        key = url or source
        article = Article(
            text=text,
            source=source or url or "pasted text",
            title=title,
            url=url,
            published=published,
            author=author,
            id_key=key,
        )
        return self.ingest_articles([article])

    def ingest_articles(self, articles: Iterable[Article]) -> IngestReport:
        """Clean, chunk, embed and store articles, batching the embedding across documents."""
        with self._writing("ingest"):
            return self._ingest_articles(articles)

    def _ingest_articles(self, articles: Iterable[Article]) -> IngestReport:
        report = IngestReport()
        batch: list[tuple[Document, list[Chunk], bool]] = []
        pending = 0
        for article in articles:
            try:
                doc = build_document(article)
            except FactbotError as e:
                report.failed.append(IngestFailure(article.source, str(e), type(e).__name__))
                continue
            stored = self.registry.content_hash(doc.doc_id)
            if stored == doc.content_hash or any(d.doc_id == doc.doc_id for d, _, _ in batch):
                report.unchanged.append(doc.doc_id)
                continue
            chunks = split_document(doc, self.settings.chunking)
            batch.append((doc, chunks, stored is not None))
            pending += len(chunks)
            if pending >= self.settings.ingest_batch_chunks:
                self._write(batch, report)
                batch, pending = [], 0
        self._write(batch, report)
        return report

    def _write(self, batch: list[tuple[Document, list[Chunk], bool]], report: IngestReport) -> None:
        """Embed a batch, mark its documents pending, write Chroma, then register them (and unmark
        them) in one registry transaction. A document counts as indexed only once its registry row
        exists; a crash before that leaves it pending, and the next writer (`_recover`) restores
        its vectors to match the registry: the earlier version, or none."""
        if not batch:
            return
        store, chunks = self.vectors, [c for _, cs, _ in batch for c in cs]  # opened first: a refusal changes nothing
        vectors = self.embedder.encode([c.embedding_text() for c in chunks])
        doc_ids = [d.doc_id for d, _, _ in batch]
        self.registry.mark_pending(doc_ids)
        store.delete_documents(doc_ids)
        store.upsert(chunks, vectors)
        self.registry.put_documents((d, cs) for d, cs, _ in batch)
        for doc, cs, existed in batch:
            (report.updated if existed else report.added).append(doc.doc_id)
            report.chunks += len(cs)

    def seed(self) -> IngestReport | None:
        """Index the bundled sample articles if the index is empty; None if it was not empty."""
        with self._writing("seed"):
            if self.registry.counts()[0] > 0:
                return None
            return self.ingest(sample_paths(), progress=False)

    def _recover(self) -> list[str]:
        """Make the vectors of documents left pending by an interrupted write match the registry
        again: deleted, then re-embedded from the registry if it holds the document. Call with
        the write lock held; returns the documents it fixed."""
        pending = self.registry.pending()
        if not pending:
            return []
        log.warning("Completing %d document write(s) interrupted earlier: %s", len(pending), ", ".join(pending[:5]))
        self.vectors.delete_documents(pending)
        registered = [d for d in pending if self.registry.content_hash(d) is not None]
        chunk_ids = maintenance.doc_chunk_ids(self.registry, registered)
        maintenance.reembed(self.registry, self.vectors, self.embedder, chunk_ids, self.settings.ingest_batch_chunks)
        self.registry.clear_pending(pending)
        return pending

    def reindex(self) -> dict[str, Any]:
        """Rebuild the vectors of every registered document from the registry's stored chunks with
        the configured embedding model and backend, recorded in the index; vectors of unregistered
        chunks are deleted. For a new backend or model (open with `check_model=False`), a wiped Chroma,
        or to take over a collection that another index's vectors are in.

        Returns:
            Counts: `documents`, `chunks` (re-embedded), `deleted_vectors`, `vectors` (now in
            Chroma), plus `embedding_model`, `embedding_backend` and `seconds`.

        Raises:
            IndexLockedError: another write kept the index locked for over `lock_timeout_s`.
            IndexStoreError: a store failed; run `reindex` again (the index refuses other use until it completes).
        """
        with self._lock.hold("reindex"), self._vectors.writing():
            vectors = self._vectors.get(check_model=False)
            counts = maintenance.rebuild_vectors(
                self.registry, vectors, self.embedder, self.settings.ingest_batch_chunks
            )
            self._mismatch = None
            return counts

    # --- documents ----------------------------------------------------------------------------
    def documents(self) -> list[DocumentRecord]:
        """Registry rows of all indexed documents."""
        return self.registry.records()

    def document(self, doc_id: str) -> DocumentRecord:
        """One document's registry row.

        Raises:
            DocumentNotFoundError: if the id is unknown.
        """
        record = self.registry.record(doc_id)
        if record is None:
            raise DocumentNotFoundError(f"Document {doc_id!r} is not in the index; `factbot list` shows the ids.")
        return record

    def document_text(self, doc_id: str) -> str:
        """The stored clean text of a document: every offset points into it."""
        text = self.registry.text(doc_id)
        if text is None:
            raise DocumentNotFoundError(f"Document {doc_id!r} is not in the index; `factbot list` shows the ids.")
        return text

    def remove(self, doc_id: str) -> DocumentRecord:
        """Delete a document from Chroma, the registry and the lexical index.

        Raises:
            DocumentNotFoundError: if the id is unknown.
        """
        with self._writing("remove"):
            record = self.document(doc_id)
            self.registry.remove(doc_id, pending=True)  # gone for readers at once; its vectors follow
            self.vectors.delete_documents([doc_id])
            self.registry.clear_pending([doc_id])
            return record

    # --- search -------------------------------------------------------------------------------
    def search(self, query: str, k: int = 5, filters: Filters = None, as_of: AsOf = None) -> list[SearchHit]:
        """Hybrid (dense + keyword) search: the k best chunks with their metadata and offsets. Time words
        ("this week") and the latest week's articles count as in `ask`, relative to `as_of` (default today)."""
        query = check_query(query)
        return self._search(query, self.embedder.encode([query])[0], k, filters, as_of)[0]

    def _search(
        self, query: str, vector: Any, k: int, filters: Filters, as_of: AsOf
    ) -> tuple[list[SearchHit], list[str]]:
        """Hits and warnings of `retrieval.search_as_of` with this bot's stores (reopened if need be) and settings."""
        with self._vectors.reading():
            return search_as_of(
                query,
                embedder=self.embedder,
                vectors=self.vectors,
                registry=self.registry,
                k=k,
                filters=_filters(filters) or SearchFilters(),
                query_vector=vector.tolist(),
                as_of=as_of,
                recent_days=self.settings.answer.recent_days,
                recent_weight=self.settings.answer.recent_weight,
            )

    # --- answers ------------------------------------------------------------------------------
    def evidence(
        self, question: str, k: int | None = None, filters: Filters = None, as_of: AsOf = None
    ) -> list[Evidence]:
        """Sentences of the top-k chunks scored against the question, best first."""
        return self._evidence(question, k, filters, as_of)[0]

    def _evidence(
        self, question: str, k: int | None, filters: Filters, as_of: AsOf
    ) -> tuple[list[Evidence], list[str]]:
        """Evidence and warnings: the sentences of the chunks `_search` finds, scored against the question."""
        question = check_query(question)
        vector = self.embedder.encode([question])[0]
        hits, warnings = self._search(question, vector, k or self.settings.answer.top_chunks, filters, as_of)
        found = score_evidence(question, hits, embedder=self.embedder, registry=self.registry, query_vector=vector)
        return found, warnings

    @property
    def llm(self) -> Any:
        """The chat model for answers, or None in extractive mode (built from the `llm` setting)."""
        if self._llm is None and self.settings.llm:
            from factbot.answer.llm import chat_model

            self._llm = chat_model(self.settings.llm)
        return self._llm

    def ask(
        self,
        question: str,
        *,
        k: int | None = None,
        filters: Filters = None,
        llm: Any = None,
        as_of: AsOf = None,
    ) -> Answer:
        """Answer a question from the index with cited sentences (or abstain).

        Args:
            question: the question.
            k: chunks to draw evidence from (default `answer.top_chunks`).
            filters: document / source / date filters.
            llm: a chat model for this call; default the configured one, else extractive.
            as_of: the date "this week", "yesterday", ... count back from (default today); articles
                of the week before it rank a little higher (`answer.recent_days`).
        """
        result: Answer | None = None
        for event in self.stream_ask(question, k=k, filters=filters, llm=llm, as_of=as_of):
            if isinstance(event, Answer):
                result = event
        assert result is not None
        return result

    def stream_ask(
        self,
        question: str,
        *,
        k: int | None = None,
        filters: Filters = None,
        llm: Any = None,
        as_of: AsOf = None,
    ) -> Iterable[str | Answer]:
        """Yield the answer's text in pieces as it is produced, then the final `Answer`.

        In LLM mode the pieces are the model's tokens; the final `Answer` holds the checked text
        (markers renumbered, unverifiable citations removed), which replaces the streamed one.
        """
        evidence, warnings = self._evidence(question, k, filters, as_of)
        question = check_query(question)
        model = llm if llm is not None else self.llm
        for event in answers.answer_events(question, evidence, model, self.settings.answer, self.document_text):
            if isinstance(event, Answer):
                event.warnings[:0] = warnings
            yield event

    # --- verification ---------------------------------------------------------------------------
    @property
    def judge(self) -> Any:
        """The judge of (evidence, claim) pairs named by `verify.model` (loaded on first use)."""
        if self._judge is None:
            from factbot.verify.judges import load_judge

            self._judge = load_judge(self.settings.verify.model, embedder=self.embedder, llm=self.llm)
        return self._judge

    def thresholds(self) -> Any:
        """Verdict thresholds: calibrated for the configured judge, overridden by settings if given."""
        from factbot.verify.verdicts import configured_thresholds

        return configured_thresholds(self.settings.verify)

    def verify(
        self,
        claim: str,
        *,
        against: Iterable[str | Article] | None = None,
        k: int | None = None,
        filters: Filters = None,
        as_of: AsOf = None,
    ) -> Verdict:
        """Check a claim against the index (or against given texts) and return a `Verdict`.

        Args:
            claim: the statement to check; compound claims are split and each part verified.
            against: texts (or `Article`s) to check against instead of the index; nothing is indexed.
            k: chunks retrieved per part (default `verify.top_chunks`).
            filters: document / source / date filters for the index search.
            as_of: the date "this week", "yesterday", ... in the claim count back from (default today),
                as for `ask`; the verdict's notes say when no article of that window matched.

        Raises:
            QueryError: empty or over-long claim, or an `as_of` that is not a date.
        """
        from factbot.verify import verdicts as v

        claim = check_query(claim)
        settings = self.settings.verify
        if len(claim) > settings.max_claim_chars:
            raise QueryError(f"The claim is {len(claim):,} characters; keep it under {settings.max_claim_chars:,}.")
        judge, thresholds = self.judge, self.thresholds()
        warnings: list[str] = []
        parts = [
            v.aggregate(part, judged, thresholds, judge.name, settings.evidence)
            for part, judged in self.judge_claim(
                claim, against=against, k=k, filters=filters, as_of=as_of, warnings=warnings
            )
        ]
        result = parts[0] if len(parts) == 1 else v.conjunction(claim, parts, judge.name)
        result.claim = claim
        result.notes[:0] = list(dict.fromkeys(warnings))
        if getattr(judge, "failed", None):
            result.notes.insert(0, judge.failed)
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
    ) -> list[tuple[str, list[Any]]]:
        """The judged evidence of each atomic part of a claim, before thresholds (used by `verify`
        and by the calibration and evaluation scripts). Time-window fallbacks are appended to `warnings`."""
        from factbot.verify import verdicts as v

        settings = self.settings.verify
        given = v.given_evidence(list(against)) if against is not None else None
        vectors = self.embedder.encode([e.quote for e in given]) if given else None

        def retrieve(text: str) -> list[Any]:
            if given is not None:
                return v.rank_given(text, given, self.embedder, vectors)
            found, found_warnings = self._evidence(text, k or settings.top_chunks, filters, as_of)
            if warnings is not None:
                warnings.extend(found_warnings)
            return found

        parts = v.split_claim(claim)
        retrieved: dict[str, list[Any]] = {}  # evidence found, by lower-cased text
        if v.typed_in_lower_case(claim):
            # No capitals mark its names, so "borrell welcomed the response and stoltenberg rejected ..."
            # shows no second subject: give it the capitals of the whole claim's evidence, then split.
            # Retrieval ignores case, so a claim that stays whole keeps the evidence found for it.
            retrieved[claim.lower()] = first = retrieve(claim)
            cased = v.truecase(claim, [e.context for e in first[: settings.candidates]])
            parts = v.split_claim(cased, lower_starts=True)
        out = []
        for part in parts:
            candidates = retrieved[part.lower()] if part.lower() in retrieved else retrieve(part)
            candidates = [c for c in candidates if v.states_something(c)][: settings.candidates]
            out.append((part, v.judge_evidence(part, candidates, self.judge)))
        return out

    def chat(self, message: str, history: Iterable[Any] = (), *, filters: Filters = None, as_of: AsOf = None) -> Answer:
        """Answer a message in a conversation: follow-ups ("And what did Blinken say?") are made
        standalone from the previous user turn first. `history` holds (user, bot) pairs or
        {"role", "content"} messages; the answer's `question` is the standalone question."""
        from factbot.answer.conversation import previous_question, standalone_question

        prev = previous_question(history)
        question = standalone_question(message, prev, self.llm)
        return self.ask(question, filters=filters, as_of=as_of)

    def as_retriever(self, k: int = 4, filters: Filters = None, as_of: AsOf = None) -> Any:
        """This index as a LangChain `BaseRetriever` (a Runnable) for any LangChain chain; it searches
        as `search` does (time words and recency relative to `as_of`, default today)."""
        from factbot.interfaces.langchain import FactbotRetriever

        return FactbotRetriever(bot=self, k=k, filters=_filters(filters), as_of=as_of)

    # --- health -------------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        """Counts and settings of this index."""
        docs, chunks = self.registry.counts()
        with self._vectors.reading():
            vectors, location = self.vectors.count(), self.vectors.location
        return {
            "documents": docs,
            "chunks": chunks,
            "vectors": vectors,
            "index_dir": str(self.index_dir.resolve()),
            "chroma": location,
            "embedding_model": self.embedder.model_name,
            "embedding_backend": self.embedder.backend,
            "embedding_dim": self.embedder.dimension,
        }

    def check(self, repair: bool = False) -> dict[str, list[str]]:
        """Check that Chroma, the registry and the lexical index agree, chunk by chunk.

        Returns the document ids of each kind of disagreement (all lists empty when they agree):
        `interrupted` (a write was cut short, e.g. by a crash), `orphaned_vectors` (vectors of an
        unregistered document), `missing_vectors` (a registered document without vectors, e.g. a
        wiped Chroma server), `stale_vectors` (vectors that differ from the registered chunks) and
        `lexical` (chunks and keyword-index entries disagree). With `repair`, each is fixed, the
        registry being the reference: orphans are deleted, missing and stale vectors re-embedded
        from the registry, the keyword index rebuilt; the return value still lists what was found.

        Raises:
            IndexLockedError: a write kept the index locked for over `lock_timeout_s`.
        """
        with (
            self._lock.hold("repair" if repair else "check"),
            self._vectors.writing() if repair else self._vectors.reading(),
        ):
            interrupted = self._recover() if repair else self.registry.pending()
            found = maintenance.find_disagreements(self.registry, self.vectors, interrupted)
            if repair:
                maintenance.repair(self.registry, self.vectors, self.embedder, found, self.settings.ingest_batch_chunks)
            return found

    def close(self) -> None:
        """Release the registry connection and the Chroma client."""
        self._vectors.close()
        self.registry.close()

    def __enter__(self) -> FactBot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _filters(filters: Filters) -> SearchFilters | None:
    """Accept filters as `SearchFilters` or a plain dict (JSON from the API)."""
    if isinstance(filters, dict):
        return check_filters(filters)
    return filters
