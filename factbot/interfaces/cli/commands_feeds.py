"""Interface: `factbot feeds add|list|remove|poll` and `factbot watch`: an index that follows RSS, Atom and
RDF feeds (see `factbot.store.feeds`). `poll` exits 2 when a feed or an entry failed, like a partial ingest."""

from __future__ import annotations

import re
import sys
import threading

import click

from factbot.interfaces.cli.options import Session, common

_EVERY = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")
UNIT_S = {"": 60, "s": 1, "m": 60, "h": 3600, "d": 86_400}  # a bare number is minutes


def interval(text: str) -> int:
    """ "30m", "2h", "90s", "1d" (or a bare number of minutes) in seconds."""
    match = _EVERY.match(text)
    if not match:
        raise click.BadParameter(f"{text!r} is not an interval such as 30m, 2h or 1d", param_hint="--every")
    return int(match.group(1)) * UNIT_S[match.group(2)]


@click.group()
def feeds() -> None:
    """Follow RSS, Atom and RDF feeds: each new or revised entry's article is indexed."""


@feeds.command("add")
@click.argument("url")
@click.option("--name", default="", help="Short name (default: the feed's host).")
@click.option("--every", default="30m", show_default=True, help="Poll interval: 90s, 30m, 2h, 1d.")
@common
def add(ctx: Session, url: str, name: str, every: str) -> None:
    """Follow the feed at URL (polled by `factbot feeds poll`, `factbot watch` and `factbot serve`)."""
    feed = ctx.bot.feeds.add(url, name, interval(every))
    ctx.emit(feed.to_dict(), f"following {feed.name}: {feed.url} every {feed.every_s // 60} min")


@feeds.command("list")
@common
def list_feeds(ctx: Session) -> None:
    """The followed feeds, with their last poll, new items and errors."""
    found = ctx.bot.feeds.list()
    lines = [
        f"{f.name}  {f.url}  every {f.every_s // 60} min  last poll {f.last_poll or 'never'}  new {f.new_items}"
        + (f"  errors {f.errors}: {f.last_error}" if f.errors else "")
        for f in found
    ]
    ctx.emit(
        [f.to_dict() for f in found], "\n".join(lines) or "No feeds followed; add one with `factbot feeds add URL`."
    )


@feeds.command("remove")
@click.argument("url_or_name")
@common
def remove(ctx: Session, url_or_name: str) -> None:
    """Stop following a feed (its articles stay indexed)."""
    feed = ctx.bot.feeds.remove(url_or_name)
    ctx.emit(feed.to_dict(), f"stopped following {feed.name} ({feed.url}); its articles stay indexed")


@feeds.command("poll")
@click.option("--all", "force", is_flag=True, help="Poll every feed now, not only the due ones.")
@common
def poll(ctx: Session, force: bool) -> None:
    """Poll the due feeds once and index what is new."""
    reports = ctx.bot.feeds.poll(force=force)
    lines = [r.summary() for r in reports] or ["No feed is due; --all polls them anyway."]
    lines += [f"  failed: {link}: {reason}" for r in reports for link, reason in r.failed]
    ctx.emit([r.to_dict() for r in reports], "\n".join(lines))
    if any(r.status == "failed" or r.failed for r in reports):
        sys.exit(2)


@click.command()
@common
def watch(ctx: Session) -> None:
    """Poll every due feed until stopped (Ctrl-C), printing one line per poll."""
    stop = threading.Event()
    found = ctx.bot.feeds.list()
    click.echo(f"factbot: watching {len(found)} feeds (Ctrl-C stops)", err=True)
    try:
        ctx.bot.feeds.watch(stop, lambda r: click.echo(r.summary()))
    except KeyboardInterrupt:
        stop.set()


COMMANDS = [feeds, watch]
