"""Interface: the web UI's "Check a text" tab: paste a text or give a URL, and watch its check-worthy claims
being verified, highlighted in the text in their verdict's colour, with a row per claim and the report to
download as Markdown, HTML, JSON and ClaimReview JSON-LD.

Contract: `CheckTab(bot).check(text, url)` is a generator of (report HTML, claim rows, status, four
download updates): one yield once the sentences are scored, one per checked claim, and a last one with the
files. Bad input (empty, too long, a URL that fails) is shown as the status line, never raised.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from factbot.check import exports
from factbot.errors import FactbotError

if TYPE_CHECKING:
    from factbot.bot import FactBot
    from factbot.check.report import TextReport

CLAIM_HEADERS = ["#", "claim", "verdict", "confidence", "evidence", "source"]
DOWNLOADS = [("md", "Markdown"), ("html", "HTML"), ("json", "JSON"), ("claimreview.json", "ClaimReview")]


def claim_rows(report: TextReport) -> list[list[Any]]:
    """One row per checked claim: number, the claim as checked, verdict, confidence, top evidence, its source."""
    rows = []
    for c in report.claims:
        top = c.verdict.evidence[0] if c.verdict.evidence else None
        rows.append(
            [
                c.n,
                c.claim,
                c.verdict.label,
                round(c.verdict.confidence, 3),
                f"{top.stance}: {top.quote}" if top else "",
                (top.title or top.source) if top else "",
            ]
        )
    return rows


class CheckTab:
    """The tab's handler over one bot; `build()` lays it out inside an open `gr.Blocks`."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot

    def _files(self, report: TextReport) -> list[str]:
        """The report written in each download format, in `DOWNLOADS` order."""
        folder = Path(tempfile.mkdtemp(prefix="factbot-report-"))
        settings = self.bot.settings.check
        texts = [
            exports.to_markdown(report),
            exports.to_html(report),
            exports.to_json(report),
            json.dumps(exports.claim_reviews(report, settings.author, settings.author_url), indent=2),
        ]
        paths = []
        for (suffix, _), text in zip(DOWNLOADS, texts, strict=True):
            path = folder / f"fact-check-report.{suffix}"
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        return paths

    def check(self, text: str, url: str) -> Iterator[tuple[Any, ...]]:
        """Check the pasted text, or the URL when no text is pasted (see the module's contract)."""
        hidden = [gr.update(visible=False, value=None) for _ in DOWNLOADS]
        source = (text or "").strip() or (url or "").strip()
        if not source:
            yield "", [], "Paste a text or give a URL first.", *hidden
            return
        if self.bot.counts()[0] == 0:
            yield "", [], "The index is empty: add articles in the Library tab first.", *hidden
            return
        try:
            for report in self.bot.stream_check_text(source):
                status = (
                    report.summary() if report.done else f"Checking claim {len(report.claims) + 1} of {report.planned}…"
                )
                if not report.done:
                    yield exports.html_fragment(report), claim_rows(report), status, *hidden
        except FactbotError as e:
            yield "", [], f"⚠ {e}", *hidden
            return
        files = [gr.update(visible=True, value=path) for path in self._files(report)]
        yield exports.html_fragment(report), claim_rows(report), status, *files

    def build(self) -> None:
        """The tab's components and event, inside the caller's `gr.Blocks`."""
        with gr.Tab("Check a text", id="check-text"):
            with gr.Row():
                text = gr.Textbox(
                    label="Text to check (a speech, a press release, a draft)", lines=8, elem_id="fb-check-text"
                )
            with gr.Row():
                url = gr.Textbox(label="…or its URL", placeholder="https://…", elem_id="fb-check-url", scale=4)
                run = gr.Button("Check text", variant="primary", elem_id="fb-check-text-run", scale=1)
            status = gr.Markdown(elem_id="fb-check-status")
            shown = gr.HTML(elem_id="fb-check-report")
            table = gr.Dataframe(
                headers=CLAIM_HEADERS,
                datatype="str",
                label="Claims",
                interactive=False,
                column_widths=["5%", "28%", "13%", "11%", "28%", "15%"],
                elem_id="fb-check-claims",
                wrap=True,
                max_height=100_000,
            )
            with gr.Row():
                buttons = [
                    gr.DownloadButton(f"Download {name}", visible=False, elem_id=f"fb-report-{suffix.split('.')[0]}")
                    for suffix, name in DOWNLOADS
                ]
            run.click(self.check, [text, url], [shown, table, status, *buttons])
