"""Interface: the REST API under `/api` (ask, search, verify, check-text, documents), thin handlers over `FactBot`.

Errors are translated here and only here: factbot errors become JSON `{"detail", "error"}` with
404 (unknown document), 409 (another ingest holds the index), 413 (too large), 422 (bad input) or
503 (a store or model failed); an unexpected exception is a JSON 500 without a stack trace (it is
logged on the server).

Reads (ask, search, verify, listing) take no lock and run alongside an ingest: the registry shows only
committed documents. Writes hold `lock`, and `FactBot` serialises them across processes too.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from fastapi import APIRouter, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from factbot import errors
from factbot.check import exports
from factbot.errors import (
    ConfigError,
    DocumentNotFoundError,
    FactbotError,
    IndexLockedError,
    QueryError,
    SourceError,
    TooLargeError,
    setting_name,
)
from factbot.types import Answer, DocumentRecord, IngestReport, Verdict

if TYPE_CHECKING:
    from factbot.bot import FactBot

log = logging.getLogger(__name__)
UPLOAD_FILES_OF_MAX_SIZE = 5  # one multipart request carries at most this many times `sources.max_bytes`


def _as_of_field(of: str) -> Any:
    return Field(
        default=None,
        description=f'The date "this week", "yesterday"... in the {of} count back from (default today).',
        examples=["2022-03-01"],
    )


class ErrorBody(BaseModel):
    """Every error's JSON: a readable `detail` and the error class (`errors`: the fields, for 422 only)."""

    detail: str
    error: str
    errors: list[dict[str, Any]] | None = None


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (401, "No or wrong API token (when FACTBOT_API_TOKEN is set)"),
        (404, "Unknown document"),
        (405, "Wrong method for this path"),
        (409, "Another ingest holds the index"),
        (413, "Body over the size limit"),
        (422, "Invalid request"),
        (503, "A store or model failed"),
    )
}


@dataclass(frozen=True)
class DocumentWithText(DocumentRecord):
    """A document's registry row and its clean text (every offset points into it)."""

    text: str = ""


class FeedbackRequest(BaseModel):
    """Feedback on an answer or verdict: its `id`, "correct" or "wrong", for a verdict the label the user
    thinks right, and a note."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1, max_length=64)
    rating: Literal["correct", "wrong"]
    label: Literal["", "SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO", "CONFLICTING"] = ""
    note: str = Field(default="", max_length=2000)


class AskRequest(BaseModel):
    """Body of `POST /api/ask`."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(description="The question.", examples=["What did Stoltenberg demand?"])
    k: int | None = Field(default=None, ge=1, le=50, description="Chunks to draw evidence from.")
    filters: dict[str, Any] | None = Field(
        default=None, description="doc_ids, source, published_from, published_to (ISO dates)."
    )
    as_of: str | None = _as_of_field("question")


class SearchRequest(BaseModel):
    """Body of `POST /api/search`."""

    model_config = ConfigDict(extra="forbid")

    query: str = Field(description="Words or a question.", examples=["Stoltenberg demand"])
    k: int = Field(default=5, ge=1, le=50, description="Passages to return.")
    filters: dict[str, Any] | None = Field(default=None, description="Same filters as for ask.")
    as_of: str | None = _as_of_field("query")


class VerifyRequest(BaseModel):
    """Body of `POST /api/verify`."""

    model_config = ConfigDict(extra="forbid")

    claim: str = Field(description="The statement to check.", examples=["Borrell criticized the US response."])
    k: int | None = Field(default=None, ge=1, le=50, description="Chunks retrieved per part of the claim.")
    filters: dict[str, Any] | None = Field(default=None, description="Same filters as for ask.")
    as_of: str | None = _as_of_field("claim")


class CheckTextRequest(BaseModel):
    """Body of `POST /api/check-text`: a pasted `text` or a `url` to fetch (not both)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="The text to check (a speech, post, press release…).")
    url: str | None = Field(default=None, description="Or the http(s) URL of an article to fetch and check.")
    as_of: str | None = _as_of_field("text")
    format: Literal["json", "claimreview"] = Field(
        default="json", description="json: the report; claimreview: schema.org ClaimReview JSON-LD, one per claim."
    )


class DocumentRequest(BaseModel):
    """JSON body of `POST /api/documents`: pasted `text` (with metadata) or an http(s) `url` to fetch."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="Article text to index.")
    title: str = Field(default="", description="Title of the pasted text.")
    url: str = Field(default="", description="URL to fetch (without text), or the pasted text's canonical URL.")
    source: str = Field(default="", description="A label for where pasted text came from; its id derives from it.")
    published: str = Field(default="", description="Publication date, ISO YYYY-MM-DD.")
    author: str = Field(default="", description="Author(s).")


_UPLOAD_DOC = {
    "requestBody": {
        "content": {
            "application/json": {"schema": DocumentRequest.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}},
                }
            },
        },
        "required": True,
    }
}


def status_for(error: FactbotError) -> int:
    """The HTTP status of a factbot error."""
    if isinstance(error, DocumentNotFoundError):
        return 404
    if isinstance(error, IndexLockedError):
        return 409
    if isinstance(error, TooLargeError):
        return 413
    if isinstance(error, QueryError | SourceError | ConfigError):
        return 422
    return 503


def validation_detail(errors: Sequence[Any]) -> str:
    """Pydantic's error list as one sentence: "body.question: Field required; body.k: …"."""
    parts = []
    for e in errors:
        where = ".".join(str(x) for x in e.get("loc", ()) if x != "body") or "body"
        parts.append(f"{where}: {e.get('msg', 'invalid')}")
    return "Invalid request: " + "; ".join(parts) if parts else "Invalid request."


def add_error_handlers(app: FastAPI) -> None:
    """JSON errors `{"detail": str, "error": str}` for factbot errors, invalid requests (422, the field list
    under `"errors"` too), a wrong method on an API route (405 with `Allow`, also where the UI is mounted at
    `/` and would answer 404) and anything unexpected (never a stack trace)."""
    from fastapi.exceptions import RequestValidationError
    from starlette.routing import compile_path

    async def invalid_request(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
        body = {"detail": validation_detail(errors), "error": "ValidationError", "errors": errors}
        return JSONResponse(jsonable_encoder(body), status_code=422)

    table: list[tuple[Any, set[str]]] = []  # (path regex, methods) of the API, from its OpenAPI schema

    @app.middleware("http")
    async def method_not_allowed(request: Request, call_next: Any) -> Any:
        path = request.url.path
        if path.startswith("/api/"):
            if not table:
                for template, operations in app.openapi().get("paths", {}).items():
                    table.append((compile_path(template)[0], {m.upper() for m in operations}))
            allowed = next((methods for regex, methods in table if regex.match(path)), set())
            if allowed and request.method not in allowed | ({"HEAD"} if "GET" in allowed else set()):
                listed = ", ".join(sorted(allowed))
                detail = f"{request.method} is not allowed on {path}; use {listed}."
                return JSONResponse(
                    {"detail": detail, "error": "MethodNotAllowed"},
                    status_code=405,
                    headers={"Allow": listed},
                )
        return await call_next(request)

    async def factbot_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, FactbotError)
        return JSONResponse({"detail": str(exc), "error": type(exc).__name__}, status_code=status_for(exc))

    async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("Unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse({"detail": "Internal server error; see the server log.", "error": "InternalError"}, 500)

    app.add_exception_handler(FactbotError, factbot_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(Exception, unexpected_error)


def ingest_request(bot: FactBot, body: DocumentRequest) -> IngestReport:
    """Index pasted text, or fetch and index a URL.

    Raises:
        QueryError: neither text nor an http(s) URL was given.
        TooLargeError: the text is over `sources.max_bytes`.
    """
    if body.text is not None:
        limit = bot.settings.sources.max_bytes
        if len(body.text.encode("utf-8")) > limit:
            raise TooLargeError(
                f"The text is over the {limit:,}-byte limit; split it or raise {setting_name('sources.max_bytes')}."
            )
        return bot.ingest_text(
            body.text,
            title=body.title,
            source=body.source,
            url=body.url,
            published=body.published,
            author=body.author,
        )
    url = body.url.strip()
    if not url.lower().startswith(("http://", "https://")):
        raise QueryError("Give 'text' to index, or an http(s) 'url' to fetch.")
    return bot.ingest([url], progress=False)


async def read_upload_form(request: Request, limit: int) -> Any:
    """The multipart form of `request`, refused with `TooLargeError` once its body passes `limit`
    bytes: from the declared `Content-Length` before anything is read, else as the body streams in,
    so an oversized upload is not spooled to disk first.

    Raises:
        TooLargeError: the body is over `limit`.
    """
    too_large = TooLargeError(
        f"The upload is over the {limit:,}-byte limit for one request ({UPLOAD_FILES_OF_MAX_SIZE} times"
        f" {setting_name('sources.max_bytes')}); send the files in several requests."
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    received = 0

    async def counted() -> Any:
        nonlocal received
        message = await request.receive()
        received += len(message.get("body", b""))
        if received > limit:
            raise too_large
        return message

    return await Request(request.scope, counted).form()


def check_report(report: IngestReport) -> IngestReport:
    """Raise the first failure's error when nothing at all was indexed, so the status tells why."""
    if report.failed and not (report.added or report.updated or report.unchanged):
        first = report.failed[0]
        error = getattr(errors, first.error, None)
        raise (error if isinstance(error, type) and issubclass(error, FactbotError) else SourceError)(first.reason)
    return report


def api_router(bot: FactBot, lock: threading.RLock) -> APIRouter:
    """The `/api` routes over one bot; `lock` serialises this app's writes (reads need none)."""
    router = APIRouter(prefix="/api", tags=["api"], responses=ERROR_RESPONSES)

    @router.post("/ask", summary="Answer a question with cited sentences", response_model=Answer)
    def ask(body: AskRequest) -> dict[str, Any]:
        return bot.ask(body.question, k=body.k, filters=body.filters, as_of=body.as_of).to_dict()

    @router.post("/search", summary="Hybrid keyword + semantic search: the best passages with their offsets")
    def search(body: SearchRequest) -> list[dict[str, Any]]:
        return [h.to_dict() for h in bot.search(body.query, k=body.k, filters=body.filters, as_of=body.as_of)]

    @router.post(
        "/verify", summary="Check a claim: SUPPORTED, REFUTED, NOT_ENOUGH_INFO or CONFLICTING", response_model=Verdict
    )
    def verify(body: VerifyRequest) -> dict[str, Any]:
        return bot.verify(body.claim, k=body.k, filters=body.filters, as_of=body.as_of).to_dict()

    @router.post(
        "/check-text",
        summary="Check a whole text: its check-worthy claims, each verified (Accept: text/html for the HTML report)",
        response_model=None,
    )
    def check_text(body: CheckTextRequest, request: Request) -> dict[str, Any] | list[Any] | HTMLResponse:
        if (body.text is None) == (body.url is None):
            raise QueryError('Give either "text" or "url".')
        report = bot.check_text(body.text if body.text is not None else str(body.url), as_of=body.as_of)
        if "text/html" in request.headers.get("accept", ""):
            return HTMLResponse(exports.to_html(report))
        if body.format == "claimreview":
            return exports.claim_reviews(report, bot.settings.check.author, bot.settings.check.author_url)
        return report.to_dict()

    @router.get("/verdicts/{record_id}", summary="An answer or verdict given before, by its id")
    def get_record(record_id: str) -> dict[str, Any]:
        return bot.records.get(record_id)

    @router.post("/feedback", summary="Say whether an answer or verdict was right (and, for a verdict, what is)")
    def feedback(body: FeedbackRequest) -> dict[str, Any]:
        return bot.records.add_feedback(body.id, body.rating, body.label, body.note)

    @router.get("/documents", summary="List the indexed documents", response_model=list[DocumentRecord])
    def list_documents() -> list[dict[str, Any]]:
        return [r.to_dict() for r in bot.documents()]

    @router.get(
        "/documents/{doc_id}",
        summary="One document with its clean text (every offset points into it)",
        response_model=DocumentWithText,
    )
    def get_document(doc_id: str) -> dict[str, Any]:
        return {**bot.document(doc_id).to_dict(), "text": bot.document_text(doc_id)}

    @router.post(
        "/documents",
        summary="Add articles: JSON text or URL, or multipart file upload (field 'files')",
        openapi_extra=_UPLOAD_DOC,
        response_model=IngestReport,
    )
    async def add_documents(request: Request) -> dict[str, Any]:
        from starlette.concurrency import run_in_threadpool

        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            form = await read_upload_form(request, bot.settings.sources.max_bytes * UPLOAD_FILES_OF_MAX_SIZE)
            uploads = [f for key in ("files", "file") for f in form.getlist(key) if hasattr(f, "filename")]
            if not uploads:
                raise QueryError("The upload has no files; send them in the multipart field 'files'.")

            def ingest_files() -> IngestReport:
                report = IngestReport()
                with lock:
                    for upload in uploads:
                        report.merge(bot.ingest_upload(upload.filename or "upload.txt", upload.file))
                return report

            return check_report(await run_in_threadpool(ingest_files)).to_dict()
        try:
            body = DocumentRequest.model_validate_json(await request.body())
        except ValidationError as e:
            from fastapi.exceptions import RequestValidationError

            raise RequestValidationError(e.errors(include_url=False, include_context=False)) from e

        def ingest_json() -> IngestReport:
            if body.text is None:  # a URL: fetched without the app's lock (`FactBot.ingest` locks to write)
                return ingest_request(bot, body)
            with lock:
                return ingest_request(bot, body)

        return check_report(await run_in_threadpool(ingest_json)).to_dict()

    @router.delete("/documents/{doc_id}", summary="Remove a document", response_model=DocumentRecord)
    def remove_document(doc_id: str) -> dict[str, Any]:
        with lock:
            return bot.remove(doc_id).to_dict()

    return router
