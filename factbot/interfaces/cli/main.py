"""Interface: the `factbot` command line. Builds `Settings`, then `FactBot`, and turns factbot
errors into one line on stderr and a non-zero exit code.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from factbot.bot import FactBot
    from factbot.types import Answer, Verdict


def _common(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --index, --chroma-url and --json to a command, and map factbot errors to one line."""

    @click.option(
        "--index",
        "index_dir",
        type=click.Path(file_okay=False),
        default=None,
        help="Index directory (default: $FACTBOT_INDEX_DIR or ./index).",
    )
    @click.option("--chroma-url", default=None, help="Chroma server URL (default: $FACTBOT_CHROMA_URL).")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
    @functools.wraps(func)
    def wrapper(index_dir: str | None, chroma_url: str | None, as_json: bool, **kwargs: Any) -> Any:
        from factbot.errors import FactbotError

        try:
            return func(_Ctx(index_dir, chroma_url, as_json), **kwargs)
        except FactbotError as e:
            raise click.ClickException(str(e)) from e

    return wrapper


class _Ctx:
    """Lazily opens the bot so `--help` and argument errors stay fast."""

    def __init__(self, index_dir: str | None, chroma_url: str | None, as_json: bool) -> None:
        self.index_dir, self.chroma_url, self.as_json = index_dir, chroma_url, as_json
        self.llm: str | None = None
        self._bot: FactBot | None = None

    @property
    def bot(self) -> FactBot:
        if self._bot is None:
            from factbot.bot import FactBot

            settings = {"llm": self.llm} if self.llm else None
            self._bot = FactBot(index_dir=self.index_dir, chroma_url=self.chroma_url, settings=settings)
        return self._bot

    def emit(self, data: Any, text: str) -> None:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2) if self.as_json else text)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time (click's test runner swaps it)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def _log_to_stderr(verbose: bool) -> None:
    """factbot's own messages (progress of a reindex, a reopened store, warnings) on stderr, as
    `factbot: message`; INFO and up, or DEBUG with --verbose. Other libraries' loggers are left alone."""
    logger = logging.getLogger("factbot")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("factbot: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="factbot")
@click.option("-v", "--verbose", is_flag=True, help="Log factbot's debug messages too.")
def main(verbose: bool) -> None:
    """factbot: index news articles, then ask questions and get answers that cite their sources."""
    _log_to_stderr(verbose)


@main.command()
@click.argument("items", nargs=-1, required=True)
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal).")
@_common
def ingest(ctx: _Ctx, items: tuple[str, ...], progress: bool | None) -> None:
    """Index files, directories (recursive) and http(s) URLs."""
    report = ctx.bot.ingest(items, progress=progress)
    lines = [report.summary()] + [f"failed: {f.source}: {f.reason}" for f in report.failed]
    ctx.emit(report.to_dict(), "\n".join(lines))
    if report.failed and not (report.added or report.updated or report.unchanged):
        sys.exit(1)


@main.command("list")
@_common
def list_documents(ctx: _Ctx) -> None:
    """List the indexed documents."""
    records = ctx.bot.documents()
    text = (
        "\n".join(
            f"{r.doc_id}  {r.chunk_count:>4} chunks  {r.published or '----------'}  "
            f"{r.title or '(untitled)'}  [{r.url or r.source}]"
            for r in records
        )
        or "The index is empty; add articles with `factbot ingest PATH|URL`."
    )
    ctx.emit([r.to_dict() for r in records], text)


@main.command()
@click.argument("doc_id")
@_common
def remove(ctx: _Ctx, doc_id: str) -> None:
    """Remove a document (its vectors, registry row and keyword entries)."""
    record = ctx.bot.remove(doc_id)
    ctx.emit(record.to_dict(), f"removed {record.doc_id}  {record.title}")


_as_of_option = click.option(
    "--as-of", "as_of", default=None, metavar="YYYY-MM-DD", help='Date "this week" counts back from (default today).'
)


@main.command()
@click.argument("query")
@click.option("-k", "--k", "k", default=5, show_default=True, type=click.IntRange(1, 100), help="Results.")
@_as_of_option
@_common
def search(ctx: _Ctx, query: str, k: int, as_of: str | None) -> None:
    """Hybrid keyword + semantic search over the indexed chunks."""
    hits = ctx.bot.search(query, k=k, as_of=as_of)
    text = (
        "\n\n".join(
            f"[{i}] {h.score:.4f}  {h.chunk.title}  ({h.chunk.chunk_id}, chars {h.chunk.start}-{h.chunk.end})\n"
            f"    {h.chunk.text}"
            for i, h in enumerate(hits, start=1)
        )
        or "No matching passages."
    )
    ctx.emit([h.to_dict() for h in hits], text)


@main.command()
@_common
def stats(ctx: _Ctx) -> None:
    """Show counts and settings of the index."""
    data = ctx.bot.stats()
    ctx.emit(data, "\n".join(f"{k}: {v}" for k, v in data.items()))


@main.command()
@click.option(
    "--repair", is_flag=True, help="Fix what disagrees: finish interrupted writes, re-embed or delete vectors."
)
@_common
def check(ctx: _Ctx, repair: bool) -> None:
    """Check that Chroma, the registry and the keyword index agree (exit 1 if not, unless --repair)."""
    data = ctx.bot.check(repair=repair)
    ok = not any(data.values())
    found = "\n".join(f"{k}: {', '.join(v)}" for k, v in data.items() if v)
    text = "ok: Chroma, the registry and the keyword index agree" if ok else found
    if repair and not ok:
        text = f"{found}\nrepaired: the stores agree again"
    ctx.emit(data, text)
    if not ok and not repair:
        sys.exit(1)


@main.command()
@_common
def seed(ctx: _Ctx) -> None:
    """Index the bundled sample article if the index is empty."""
    report = ctx.bot.seed()
    if report is None:
        ctx.emit({"seeded": False}, "The index already has documents; nothing to seed.")
    else:
        ctx.emit({"seeded": True, **report.to_dict()}, f"Seeded the sample article: {report.summary()}")


@main.command()
@_common
def reindex(ctx: _Ctx) -> None:
    """Rebuild every vector from the registry's stored chunks with the configured model and backend.

    Run it after changing FACTBOT_MODEL__BACKEND (or the model), or when Chroma lost vectors (a wiped server).
    """
    from factbot.bot import FactBot

    with FactBot(index_dir=ctx.index_dir, chroma_url=ctx.chroma_url, check_model=False) as bot:
        data = bot.reindex()
    ctx.emit(
        data,
        f"reindexed {data['documents']} documents: {data['chunks']} chunks embedded with {data['embedding_model']} "
        f"({data['embedding_backend']} backend), {data['deleted_vectors']} stray vectors deleted, "
        f"{data['vectors']} vectors in Chroma ({data['seconds']} s)",
    )


def render_answer(answer: Answer) -> str:
    """An answer as terminal text: the answer, then numbered sources (or related passages)."""
    lines = [answer.text, ""]
    for c in answer.citations:
        lines.append(f"[{c.n}] {c.title or '(untitled)'} — {c.source}")
        lines.append(f"    “{c.quote}” (chars {c.start}–{c.end})")
    if answer.abstained and answer.related:
        lines.append("Related passages (not an answer):")
        for e in answer.related:
            lines.append(f"  - {e.title or '(untitled)'} — {e.source}\n    “{e.quote}”")
    lines += [f"note: {w}" for w in answer.warnings]
    return "\n".join(lines).rstrip()


@main.command()
@click.argument("question")
@click.option("-k", "--k", "k", default=None, type=click.IntRange(1, 50), help="Chunks to draw evidence from.")
@click.option(
    "--llm", default=None, help="LLM spec, e.g. ollama:llama3.1 or openai:gpt-4o-mini (default $FACTBOT_LLM)."
)
@_as_of_option
@_common
def ask(ctx: _Ctx, question: str, k: int | None, llm: str | None, as_of: str | None) -> None:
    """Answer a question with cited sentences from the index (or say the sources don't)."""
    ctx.llm = llm
    answer = ctx.bot.ask(question, k=k, as_of=as_of)
    ctx.emit(answer.to_dict(), render_answer(answer))


VERDICT_MARK = {"SUPPORTED": "✔", "REFUTED": "✘", "NOT_ENOUGH_INFO": "?", "CONFLICTING": "⚠"}


def render_verdict(v: Verdict, indent: str = "") -> str:
    """A verdict for the terminal: label and confidence, notes, then the evidence with stances."""
    lines = [f"{indent}{VERDICT_MARK.get(v.label, '')} {v.label} ({v.confidence:.0%}): {v.claim}"]
    lines += [f"{indent}  note: {n}" for n in v.notes]
    for sub in v.subclaims:
        lines.append(render_verdict(sub, indent + "  "))
    if not v.subclaims:
        for e in v.evidence:
            where = e.title or e.source
            lines.append(f'{indent}  [{e.n}] {e.stance} ({e.score:.2f}) {where}\n{indent}      "{e.quote}"')
    return "\n".join(lines)


@main.command()
@click.argument("claim", required=False)
@click.option(
    "--file",
    "claims_file",
    type=click.File("r", encoding="utf-8"),
    default=None,
    help="Check every line of this file (one claim per line; '-' reads stdin).",
)
@click.option(
    "--against",
    "against",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Check against this text file instead of the index (repeatable).",
)
@click.option("--model", default=None, help="Judge: shipped, similarity, cross-encoder:<name>, llm (default: config).")
@click.option("--llm", default=None, help="LLM spec for --model llm (default $FACTBOT_LLM).")
@_as_of_option
@_common
def verify(
    ctx: _Ctx,
    claim: str | None,
    claims_file: Any,
    against: tuple[str, ...],
    model: str | None,
    llm: str | None,
    as_of: str | None,
) -> None:
    """Check a claim against the index: SUPPORTED, REFUTED, NOT_ENOUGH_INFO or CONFLICTING, with evidence.

    With --file, one claim per line: a table, or JSON lines with --json.
    """
    from pathlib import Path

    if (claim is None) == (claims_file is None):
        raise click.UsageError("Give one claim, or --file with one claim per line.")
    ctx.llm = llm
    bot = ctx.bot
    if model:
        bot.settings.verify.model = model
    texts = [Path(p).read_text(encoding="utf-8", errors="replace") for p in against] or None
    if as_of is not None:
        from factbot.retrieve.timeframe import as_of_date

        as_of_date(as_of)  # a bad date fails once, not once per claim of a --file
    if claim is not None:
        v = bot.verify(claim, against=texts, as_of=as_of)
        ctx.emit(v.to_dict(), render_verdict(v))
        return
    from factbot.errors import FactbotError

    for line in claims_file:
        if not line.strip():
            continue
        try:
            v = bot.verify(line.strip(), against=texts, as_of=as_of)
        except FactbotError as e:
            click.echo(json.dumps({"claim": line.strip(), "error": str(e)}) if ctx.as_json else f"error\t\t{e}")
            continue
        if ctx.as_json:
            click.echo(json.dumps(v.to_dict(), ensure_ascii=False))
        else:
            top = v.evidence[0].quote if v.evidence else ""
            click.echo(f"{v.label}\t{v.confidence:.2f}\t{v.claim}\t{top}")


@main.command()
@click.option("--llm", default=None, help="LLM spec (default $FACTBOT_LLM); extractive answers without one.")
@_common
def chat(ctx: _Ctx, llm: str | None) -> None:
    """Interactive terminal chat over the index (empty line or Ctrl-D quits)."""
    from factbot.errors import FactbotError

    ctx.llm = llm
    bot = ctx.bot
    docs = bot.stats()["documents"]
    click.echo(f"factbot: {docs} documents indexed. Ask a question (empty line to quit).")
    history: list[tuple[str, str]] = []
    while True:
        try:
            line = input("> ").strip()
        except (EOFError, KeyboardInterrupt):
            click.echo()
            return
        if not line or line in {"exit", "quit", ":q"}:
            return
        try:
            answer = bot.chat(line, history)
        except FactbotError as e:
            click.echo(f"error: {e}")
            continue
        click.echo(render_answer(answer) + "\n")
        history.append((answer.question, answer.text))


@main.command()
@click.option(
    "--host",
    default=None,
    help="Address to listen on (default: 127.0.0.1, this machine only); another one warns unless "
    "FACTBOT_API_TOKEN is set.",
)
@click.option("--port", default=7860, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free).")
@click.option("--llm", default=None, help="LLM spec (default $FACTBOT_LLM); extractive answers without one.")
@_common
def serve(ctx: _Ctx, host: str | None, port: int, llm: str | None) -> None:
    """Run the web UI and REST API (one server): chat, library and batch check at /, API under /api, docs at /docs."""
    from factbot.interfaces.web.app import serve as run_server

    ctx.llm = llm
    click.echo("factbot: loading models…", err=True)

    def ready(url: str) -> None:
        click.echo(f"factbot is running: open {url}/  (REST API docs: {url}/docs; Ctrl-C stops)")

    run_server(ctx.bot, host, port, on_ready=ready)


@main.command()
@click.option("--socket", "socket_mode", is_flag=True, help="Connect over Socket Mode (needs SLACK_APP_TOKEN).")
@_common
def slack(ctx: _Ctx, socket_mode: bool) -> None:
    """Run the Slack bot over Socket Mode, for workspaces without a public URL.

    Over HTTP, Slack is part of `factbot serve` once SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are set.
    """
    import os

    from factbot.interfaces.slack.app import SlackConfig, run_socket_mode

    if not socket_mode:
        raise click.UsageError(
            "Use `factbot slack --socket` for Socket Mode; over HTTP, Slack runs inside `factbot serve` "
            "when SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are set."
        )
    config = SlackConfig.from_env(os.environ)
    config.require_socket_mode()  # before loading any model
    click.echo("factbot: loading models…", err=True)
    bot = ctx.bot
    from factbot.interfaces.web.app import warm_up

    warm_up(bot)
    run_socket_mode(bot, config, on_ready=lambda: click.echo("factbot is connected to Slack (Ctrl-C stops)."))


if __name__ == "__main__":
    main()
