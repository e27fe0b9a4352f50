"""The commands that read the index: `search`, `ask`, `verify` and `chat`, and how their results look
on a terminal (`render_answer`, `render_verdict`). With `--json`, each prints the `to_dict()` of the
facade's result; `verify --file` prints one line (a table row, or a JSON line) per claim.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from factbot.errors import FactbotError
from factbot.interfaces.cli.options import Session, common

if TYPE_CHECKING:
    from factbot.types import Answer, Verdict

_as_of_option = click.option(
    "--as-of", "as_of", default=None, metavar="YYYY-MM-DD", help='Date "this week" counts back from (default today).'
)


@click.command()
@click.argument("query")
@click.option("-k", "--k", "k", default=5, show_default=True, type=click.IntRange(1, 100), help="Results.")
@_as_of_option
@common
def search(ctx: Session, query: str, k: int, as_of: str | None) -> None:
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


def render_answer(answer: Answer) -> str:
    """An answer as terminal text: the answer, then numbered sources (or related passages)."""
    lines = [answer.text, ""]
    if answer.short:
        lines[1:1] = [f"Short answer: {answer.short.text} [{answer.short.n}]", ""]
    for c in answer.citations:
        lines.append(f"[{c.n}] {c.title or '(untitled)'} — {c.source}")
        lines.append(f"    “{c.quote}” (chars {c.start}–{c.end})")
    if answer.abstained and answer.related:
        lines.append("Related passages (not an answer):")
        for e in answer.related:
            lines.append(f"  - {e.title or '(untitled)'} — {e.source}\n    “{e.quote}”")
    lines += [f"note: {w}" for w in answer.warnings]
    if answer.id:
        lines.append(f"id: {answer.id}  (factbot feedback add {answer.id} correct|wrong)")
    return "\n".join(lines).rstrip()


@click.command()
@click.argument("question")
@click.option("-k", "--k", "k", default=None, type=click.IntRange(1, 50), help="Chunks to draw evidence from.")
@click.option(
    "--llm", default=None, help="LLM spec, e.g. ollama:llama3.1 or openai:gpt-4o-mini (default $FACTBOT_LLM)."
)
@_as_of_option
@common
def ask(ctx: Session, question: str, k: int | None, llm: str | None, as_of: str | None) -> None:
    """Answer a question with cited sentences from the index (or say the sources don't)."""
    ctx.llm = llm
    answer = ctx.bot.ask(question, k=k, as_of=as_of)
    ctx.emit(answer.to_dict(), render_answer(answer))


VERDICT_MARK = {"SUPPORTED": "✔", "REFUTED": "✘", "NOT_ENOUGH_INFO": "?", "CONFLICTING": "⚠"}


def render_verdict(v: Verdict, indent: str = "") -> str:
    """A verdict for the terminal: label and confidence, notes, then the evidence with stances."""
    reply = f"{v.reply()} — " if v.reply() else ""
    lines = [f"{indent}{VERDICT_MARK.get(v.label, '')} {reply}{v.label} ({v.confidence:.0%}): {v.claim}"]
    lines += [f"{indent}  note: {n}" for n in v.notes]
    for sub in v.subclaims:
        lines.append(render_verdict(sub, indent + "  "))
    if not v.subclaims:
        for e in v.evidence:
            where = e.title or e.source
            lines.append(f'{indent}  [{e.n}] {e.stance} ({e.score:.2f}) {where}\n{indent}      "{e.quote}"')
    if v.id:
        lines.append(f"{indent}id: {v.id}  (factbot feedback add {v.id} correct|wrong [--label LABEL])")
    return "\n".join(lines)


@click.command()
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
@common
def verify(
    ctx: Session,
    claim: str | None,
    claims_file: Any,
    against: tuple[str, ...],
    model: str | None,
    llm: str | None,
    as_of: str | None,
) -> None:
    """Check a claim against the index: SUPPORTED, REFUTED, NOT_ENOUGH_INFO or CONFLICTING, with evidence.

    With --file, one claim per line: a table of one row per claim (label, confidence, claim, the top
    evidence on one line, cut at 200 characters), or JSON lines with the full text with --json.
    """
    if (claim is None) == (claims_file is None):
        raise click.UsageError("Give one claim, or --file with one claim per line.")
    ctx.llm = llm
    bot = ctx.bot
    texts = [Path(p).read_text(encoding="utf-8", errors="replace") for p in against] or None
    if as_of is not None:
        from factbot.retrieve.timeframe import as_of_date

        as_of_date(as_of)  # a bad date fails once, not once per claim of a --file
    if claim is not None:
        v = bot.verify(claim, against=texts, as_of=as_of, judge=model)
        ctx.emit(v.to_dict(), render_verdict(v))
        return
    for line in claims_file:
        if not line.strip():
            continue
        try:
            v = bot.verify(line.strip(), against=texts, as_of=as_of, judge=model)
        except FactbotError as e:
            failed = json.dumps({"claim": line.strip(), "error": str(e)})
            click.echo(failed if ctx.as_json else f"error\t\t{cell(line)}\t{cell(str(e))}")
            continue
        if ctx.as_json:
            click.echo(json.dumps(v.to_dict(), ensure_ascii=False))
        else:
            top = v.evidence[0].quote if v.evidence else ""
            click.echo(f"{v.label}\t{v.confidence:.2f}\t{cell(v.claim)}\t{cell(top, TOP_EVIDENCE_CHARS)}")


TOP_EVIDENCE_CHARS = 200  # in the --file table; --json keeps the full text


def cell(text: str, limit: int = 0) -> str:
    """A table cell on one line: whitespace runs (line breaks, tabs) made one space, cut at `limit` with …."""
    flat = " ".join(text.split())
    return flat[: limit - 1].rstrip() + "…" if limit and len(flat) > limit else flat


@click.command()
@click.option("--llm", default=None, help="LLM spec (default $FACTBOT_LLM); extractive answers without one.")
@common
def chat(ctx: Session, llm: str | None) -> None:
    """Interactive terminal chat over the index (empty line or Ctrl-D quits)."""
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


COMMANDS = [search, ask, verify, chat]
