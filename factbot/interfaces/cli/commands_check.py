"""Interface: `factbot check-text`: check a whole text (a file, a URL or stdin) against the index and print
the report as Markdown, self-contained HTML, JSON or schema.org ClaimReview JSON-LD."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from factbot.check import exports
from factbot.interfaces.cli.options import Session, common

FORMATS = ("md", "html", "json", "claimreview")


@click.command("check-text")
@click.argument("source")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default=None, help="Report format (default md; json with --json)."
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write the report to this file.")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD", help='Date "this week" counts back from.')
@common
def check_text(ctx: Session, source: str, fmt: str | None, output: str | None, as_of: str | None) -> None:
    """Find the check-worthy claims of a text and verify each against the index.

    SOURCE is a text file, an http(s) URL (fetched with ingest's rules) or - for stdin. Progress goes to
    stderr; the report to stdout or --output.
    """
    if source == "-":
        text = sys.stdin.read()
    elif source.startswith(("http://", "https://")):
        text = source
    else:
        path = Path(source)
        if not path.is_file():
            raise click.BadParameter(f"{source} is not a file, a URL or -", param_hint="SOURCE")
        text = path.read_text(encoding="utf-8", errors="replace")
    fmt = fmt or ("json" if ctx.as_json else "md")
    bot = ctx.bot
    with click.progressbar(length=1, label="checking claims", file=sys.stderr) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(1)

        report = bot.check_text(text, as_of=as_of, progress=progress)
    if fmt == "md":
        out = exports.to_markdown(report)
    elif fmt == "html":
        out = exports.to_html(report)
    elif fmt == "json":
        out = exports.to_json(report)
    else:
        settings = bot.settings.check
        out = json.dumps(exports.claim_reviews(report, settings.author, settings.author_url), indent=2)
    if output:
        Path(output).write_text(out, encoding="utf-8")
        click.echo(f"{report.summary()} Report written to {output}.", err=True)
    else:
        click.echo(out)


COMMANDS = [check_text]
