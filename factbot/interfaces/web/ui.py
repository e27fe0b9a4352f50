"""Interface: the Gradio UI (Chat, Library, Batch check and Check a text tabs) over one `FactBot`.

Chat answers questions with cited sentences and checks statements (a toggle or a `/verify` or `/ask`
prefix forces either); Library adds and removes articles; Batch check verifies a list of claims into a
downloadable CSV; Check a text (`check_tab`) reports on a whole text. Errors are shown in place (a chat
reply, a result row), never raised. Reads run without a lock, alongside an ingest; writes (adding,
deleting) hold the app's lock.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported: it reads this at import

import gradio as gr  # noqa: E402

from factbot.answer.conversation import route  # noqa: E402
from factbot.errors import FactbotError  # noqa: E402
from factbot.ingest.sources import SUPPORTED_SUFFIXES  # noqa: E402
from factbot.interfaces.web import render  # noqa: E402
from factbot.interfaces.web.check_tab import CheckTab  # noqa: E402
from factbot.interfaces.web.feedback_ui import FeedbackPanel  # noqa: E402
from factbot.types import Answer, IngestReport  # noqa: E402

if TYPE_CHECKING:
    from factbot.bot import FactBot

EXAMPLES = ["What did Stoltenberg demand?", "Borrell criticized the US response."]
MODES = ["Auto", "Ask", "Verify"]
EMPTY_INDEX = (
    "The index is empty, so there is nothing to answer from yet. Add articles in the Library tab "
    "(upload files, paste text or give a URL), or on the command line: `factbot ingest PATH|URL` "
    "(or `factbot seed` for the bundled sample article)."
)
DOC_HEADERS = ["id", "title", "source", "chunks", "added"]
FEED_HEADERS = ["feed", "url", "every (min)", "last poll", "new items", "errors"]
RESULT_HEADERS = ["item", "result", "details"]
BATCH_HEADERS = ["claim", "verdict", "confidence", "evidence", "stance", "source"]
MAX_BATCH_CLAIMS = 500


def _plain_history(history: Iterable[Any]) -> list[dict[str, str]]:
    """Chat history as {"role", "content": str}: Gradio 6 gives content as a list of typed parts."""
    plain = []
    for message in history or []:
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, list):
            content = " ".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
        if isinstance(content, str):
            plain.append({"role": str(message.get("role", "")), "content": content})
    return plain


class WebUI:
    """The UI's event handlers over one bot; `build()` lays out the Blocks."""

    def __init__(self, bot: FactBot, lock: threading.RLock) -> None:
        self.bot = bot
        self.lock = lock

    # --- rendering helpers --------------------------------------------------------------------
    def _lookup(self) -> render.Lookup:
        """doc_id → (text, url), cached for one rendering."""
        cache: dict[str, tuple[str | None, str]] = {}

        def lookup(doc_id: str) -> tuple[str | None, str]:
            if doc_id not in cache:
                try:
                    cache[doc_id] = (self.bot.document_text(doc_id), self.bot.document(doc_id).url)
                except FactbotError:
                    cache[doc_id] = (None, "")
            return cache[doc_id]

        return lookup

    def _empty(self) -> bool:
        return self.bot.counts()[0] == 0

    # --- chat ---------------------------------------------------------------------------------
    def respond(self, message: str, history: list[Any], mode: str) -> Iterator[str]:
        """Answer a question (streaming) or check a claim; `mode` Ask/Verify overrides the routing."""
        kind, text = route(message)
        if mode in ("Ask", "Verify"):
            kind = mode.lower()
        if not text.strip():
            yield render.render_message("Type a question, or a statement to check.")
            return
        if self._empty():
            yield render.render_message(EMPTY_INDEX)
            return
        try:
            if kind == "verify":
                yield render.render_message("Checking the claim against the indexed articles…")
                yield render.render_verdict(self.bot.verify(text), self._lookup())
                return
            streamed = ""
            for event in self.bot.stream_chat(text, _plain_history(history)):
                if isinstance(event, Answer):
                    yield render.render_answer(event, self._lookup())
                else:
                    streamed += event
                    yield render.render_partial(streamed)
        except FactbotError as e:
            yield render.render_message(f"⚠ {e}", "fb-warning")

    # --- library ------------------------------------------------------------------------------
    def documents(self) -> tuple[list[list[Any]], Any]:
        """The document table and the delete choices."""
        records = self.bot.documents()
        rows = [
            [
                r.doc_id,
                r.title or "(untitled)",
                r.url or render.shown_source(r.source),
                r.chunk_count,
                r.ingested_at[:19],
            ]
            for r in records
        ]
        choices = [(f"{r.title or '(untitled)'} — {r.doc_id}", r.doc_id) for r in records]
        return rows, gr.update(choices=choices, value=None)

    def feeds(self) -> list[list[Any]]:
        """The followed feeds with their last poll, new items and errors (`factbot feeds add` adds them)."""
        return [
            [f.name, f.url, f.every_s // 60, f.last_poll or "never", f.new_items, f.last_error or f.errors]
            for f in self.bot.feeds.list()
        ]

    def _result_rows(self, item: str, report: IngestReport) -> list[list[str]]:
        rows = [[item, "failed", f.reason] for f in report.failed]
        for outcome in ("added", "updated", "unchanged"):
            ids: list[str] = getattr(report, outcome)
            if ids:
                titles = []
                for doc_id in ids[:5]:
                    try:
                        titles.append(self.bot.document(doc_id).title or doc_id)
                    except FactbotError:
                        titles.append(doc_id)
                more = f" (+{len(ids) - 5} more)" if len(ids) > 5 else ""
                rows.append([item, f"{outcome} {len(ids)}" if len(ids) > 1 else outcome, "; ".join(titles) + more])
        return rows or [[item, "failed", "nothing to index"]]

    def add_files(
        self,
        files: list[str] | None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio's idiom
    ) -> tuple[Any, ...]:
        """Index uploaded files one by one, with a result row per file; the upload box is emptied after."""
        rows: list[list[str]] = []
        paths = [Path(f) for f in files or []]
        for i, path in enumerate(paths):
            progress((i, len(paths)), desc=f"Indexing {path.name}")
            try:
                with self.lock, path.open("rb") as data:
                    rows += self._result_rows(path.name, self.bot.ingest_upload(path.name, data))
            except FactbotError as e:  # e.g. another process is ingesting into this index
                rows.append([path.name, "failed", str(e)])
        if not paths:
            rows = [["(no files)", "failed", "Choose one or more files first."]]
        return (rows, *self.documents(), None)

    def add_text(self, title: str, text: str) -> tuple[Any, ...]:
        """Index pasted text under a title."""
        label = title.strip() or "pasted text"
        if not text.strip():
            return ([[label, "failed", "Paste the article text first."]], *self.documents())
        try:
            with self.lock:
                report = self.bot.ingest_text(text, title=title.strip())
                rows = self._result_rows(label, report)
        except FactbotError as e:
            rows = [[label, "failed", str(e)]]
        return (rows, *self.documents())

    def add_url(self, url: str) -> tuple[Any, ...]:
        """Fetch and index an http(s) URL."""
        url = url.strip()
        if not url.lower().startswith(("http://", "https://")):
            return ([[url or "(no URL)", "failed", "Give an http(s) URL."]], *self.documents())
        try:  # without the app's lock: `FactBot.ingest` fetches unlocked and locks only to write
            rows = self._result_rows(url, self.bot.ingest([url], progress=False))
        except FactbotError as e:
            rows = [[url, "failed", str(e)]]
        return (rows, *self.documents())

    def delete(self, doc_id: str | None) -> tuple[Any, ...]:
        """Remove the chosen document."""
        if not doc_id:
            return ([["(none)", "failed", "Choose a document to delete."]], *self.documents())
        try:
            with self.lock:
                record = self.bot.remove(doc_id)
            rows = [[record.title or doc_id, "deleted", doc_id]]
        except FactbotError as e:
            rows = [[doc_id, "failed", str(e)]]
        return (rows, *self.documents())

    # --- batch --------------------------------------------------------------------------------
    def check_claims(
        self,
        text: str,
        file: str | None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio's idiom
    ) -> tuple[Any, Any]:
        """Verify claims (one per line, and/or a .txt/.csv file) into a table and a CSV file."""
        claims = read_claims(text, file)[:MAX_BATCH_CLAIMS]
        rows: list[list[Any]] = []
        for i, claim in enumerate(claims):
            progress((i, len(claims)), desc="Checking claims")
            try:
                v = self.bot.verify(claim)
                top = v.evidence[0] if v.evidence else None
                rows.append(
                    [
                        claim,
                        v.label,
                        round(v.confidence, 3),
                        top.quote if top else "",
                        top.stance if top else "",
                        (top.title or top.source) if top else "",
                    ]
                )
            except FactbotError as e:
                rows.append([claim, "ERROR", 0.0, str(e), "", ""])
        if not rows:
            return [], None
        folder = Path(tempfile.mkdtemp(prefix="factbot-batch-"))
        out = folder / "verdicts.csv"
        with out.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(BATCH_HEADERS)
            writer.writerows([[_csv_safe(c) for c in row] for row in rows])
        return rows, str(out)

    # --- layout -------------------------------------------------------------------------------
    def build(self) -> gr.Blocks:
        """The four tabs."""
        with gr.Blocks(title="factbot", analytics_enabled=False) as demo:
            gr.Markdown("# factbot\nAsk questions about the indexed news articles, or check claims against them.")
            with gr.Tab("Chat", id="chat"):
                mode = gr.Radio(
                    MODES, value="Auto", label="Mode", info="Auto: questions are answered, statements checked."
                )
                chat = gr.ChatInterface(
                    self.respond,
                    chatbot=gr.Chatbot(
                        label="factbot",
                        show_label=False,  # the floating label covered the top of a scrolled message
                        height=560,
                        latex_delimiters=[],
                        sanitize_html=True,
                        elem_id="fb-chatbot",
                        placeholder="Ask about the indexed articles, or state a claim to check it "
                        "(prefix /verify or /ask to force either).",
                    ),
                    textbox=gr.Textbox(
                        placeholder="What did Stoltenberg demand?",
                        elem_id="fb-chat-input",
                        submit_btn=True,
                        show_label=False,
                    ),
                    additional_inputs=[mode],
                    examples=[[e, None] for e in EXAMPLES],  # None: shown as buttons in the chat, mode untouched
                    cache_examples=False,
                    flagging_mode="never",
                    analytics_enabled=False,
                )
                FeedbackPanel(self.bot).build(chat.chatbot)
            with gr.Tab("Library", id="library") as library:
                with gr.Row():
                    with gr.Column():
                        files = gr.File(
                            label="Article files (txt, md, html, pdf, jsonl)",
                            file_count="multiple",
                            file_types=sorted(SUPPORTED_SUFFIXES),
                            elem_id="fb-upload",
                        )
                        add_files = gr.Button("Add files", variant="primary", elem_id="fb-add-files")
                    with gr.Column():
                        title = gr.Textbox(label="Title", elem_id="fb-paste-title")
                        text = gr.Textbox(label="Article text", lines=6, elem_id="fb-paste-text")
                        add_text = gr.Button("Add text", elem_id="fb-add-text")
                        url = gr.Textbox(label="URL", placeholder="https://…", elem_id="fb-url")
                        add_url = gr.Button("Add URL", elem_id="fb-add-url")
                results = gr.Dataframe(
                    headers=RESULT_HEADERS,
                    datatype="str",
                    label="Results",
                    interactive=False,
                    column_widths=["30%", "15%", "55%"],
                    elem_id="fb-results",
                    wrap=True,
                )
                docs = gr.Dataframe(
                    headers=DOC_HEADERS,
                    datatype="str",
                    label="Indexed documents",
                    interactive=False,
                    column_widths=["13%", "37%", "30%", "7%", "13%"],
                    elem_id="fb-documents",
                    wrap=True,
                    max_height=100_000,
                )
                with gr.Row():
                    chosen = gr.Dropdown(label="Document to delete", choices=[], elem_id="fb-delete-choice")
                    delete = gr.Button("Delete", variant="stop", elem_id="fb-delete")
                    refresh = gr.Button("Refresh", elem_id="fb-refresh")
                outputs = [results, docs, chosen]
                add_files.click(self.add_files, [files], [*outputs, files])
                add_text.click(self.add_text, [title, text], outputs)
                add_url.click(self.add_url, [url], outputs)
                delete.click(self.delete, [chosen], outputs)
                feeds = gr.Dataframe(
                    headers=FEED_HEADERS,
                    datatype="str",
                    label="Followed feeds (factbot feeds add URL; polled by factbot serve)",
                    interactive=False,
                    elem_id="fb-feeds",
                    wrap=True,
                    max_height=100_000,
                )
                refresh.click(self.documents, None, [docs, chosen]).then(self.feeds, None, feeds)
                library.select(self.documents, None, [docs, chosen]).then(self.feeds, None, feeds)
            with gr.Tab("Batch check", id="batch"):
                claims = gr.Textbox(label="Claims, one per line", lines=8, elem_id="fb-claims")
                claims_file = gr.File(
                    label="…or a .txt / .csv file (a 'claim' column, else the first)",
                    file_types=[".txt", ".csv"],
                    elem_id="fb-claims-file",
                    height=120,
                )
                check = gr.Button("Check claims", variant="primary", elem_id="fb-check")
                table = gr.Dataframe(
                    headers=BATCH_HEADERS,
                    datatype="str",
                    label="Verdicts",
                    interactive=False,
                    column_widths=["25%", "13%", "11%", "29%", "11%", "11%"],
                    elem_id="fb-verdicts",
                    wrap=True,
                    max_height=100_000,  # the page scrolls, not the table: its last row stays in view
                )
                download = gr.File(label="Download CSV", interactive=False, elem_id="fb-verdicts-csv")
                check.click(self.check_claims, [claims, claims_file], [table, download])
            CheckTab(self.bot).build()
            demo.load(self.documents, None, [docs, chosen])
        return demo


def read_claims(text: str, file: str | None) -> list[str]:
    """Claims from pasted lines and an optional file (.csv: the 'claim' column, else the first)."""
    claims = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not file:
        return claims
    raw = Path(file).read_text(encoding="utf-8", errors="replace")
    if Path(file).suffix.lower() != ".csv":
        return claims + [line.strip() for line in raw.splitlines() if line.strip()]
    rows = [r for r in csv.reader(io.StringIO(raw)) if r and any(c.strip() for c in r)]
    header = [c.strip().lower() for c in rows[0]] if rows else []
    column = header.index("claim") if "claim" in header else 0
    body = rows[1:] if "claim" in header else rows
    return claims + [r[column].strip() for r in body if len(r) > column and r[column].strip()]


def _csv_safe(value: Any) -> Any:
    """Keep spreadsheet apps from running a cell as a formula (untrusted text starting with = + - @)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def build_ui(bot: FactBot, lock: threading.RLock) -> gr.Blocks:
    """The Gradio Blocks of the web UI."""
    return WebUI(bot, lock).build()


THEME_FONTS: dict[str, Any] = {
    # System fonts only: the default themes load Google Fonts, and nothing may be fetched from outside.
    "font": ["ui-sans-serif", "system-ui", "sans-serif"],
    "font_mono": ["ui-monospace", "monospace"],
}


def theme() -> gr.themes.Base:
    """The default theme without web fonts."""
    return gr.themes.Default(**THEME_FONTS)
