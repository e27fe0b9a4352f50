"""Interface: `factbot feedback add|export` and `factbot show`: say whether an answer or verdict was right, and
export what users said (JSONL, with the record each feedback is about) for evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import click

from factbot.interfaces.cli.options import Session, common
from factbot.store.records import LABELS, RATINGS


@click.group()
def feedback() -> None:
    """Feedback on answers and verdicts (by the id `ask`, `verify`, the UI and the REST API show)."""


@feedback.command("add")
@click.argument("record_id")
@click.argument("rating", type=click.Choice(RATINGS))
@click.option(
    "--label", type=click.Choice(LABELS, case_sensitive=False), default=None, help="For a verdict: the right label."
)
@click.option("--note", default="", help="Why (free text).")
@common
def add(ctx: Session, record_id: str, rating: str, label: str | None, note: str) -> None:
    """Say whether the answer or verdict RECORD_ID was correct or wrong."""
    stored = ctx.bot.records.add_feedback(record_id, rating, label or "", note)
    ctx.emit(
        stored, f"feedback on {record_id}: {rating}" + (f", should be {stored['label']}" if stored["label"] else "")
    )


@feedback.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write to this file (JSONL).")
@common
def export(ctx: Session, output: str | None) -> None:
    """All feedback as JSON lines, each with the claim or question, evidence, judge and thresholds."""
    lines = [json.dumps(row, ensure_ascii=False) for row in ctx.bot.records.feedback()]
    text = "\n".join(lines) + ("\n" if lines else "")
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"{len(lines)} feedback rows written to {output}.", err=True)
    else:
        click.echo(text, nl=False)


@click.command()
@click.argument("record_id")
@common
def show(ctx: Session, record_id: str) -> None:
    """Show an answer or verdict given before, by its id (JSON)."""
    record = ctx.bot.records.get(record_id)
    ctx.emit(record, json.dumps(record, ensure_ascii=False, indent=2))


COMMANDS = [feedback, show]
