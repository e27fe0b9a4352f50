"""The commands that build and maintain the index: `ingest`, `list`, `remove`, `stats`, `check`,
`reindex` and `seed`. Each prints text, or JSON with `--json` (the `to_dict()` of what the facade
returns); `ingest` exits 1 when every item failed and 2 when some did, `check` 1 when the stores disagree
(without --repair).
"""

from __future__ import annotations

import sys

import click

from factbot.interfaces.cli.options import Session, common
from factbot.types import IngestReport


@click.command()
@click.argument("items", nargs=-1)
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal).")
@click.option("--sitemap", default=None, metavar="URL", help="Also index the pages of this (news) sitemap or index.")
@click.option("--limit", default=1000, show_default=True, help="Most pages taken from --sitemap.")
@common
def ingest(ctx: Session, items: tuple[str, ...], progress: bool | None, sitemap: str | None, limit: int) -> None:
    """Index files, directories (recursive) and http(s) URLs.

    Exit status: 0 when every item was indexed (or was already), 2 when some items failed and the rest were
    indexed, 1 when nothing was indexed. The summary and each failure are printed either way.
    """
    if not items and not sitemap:
        raise click.UsageError("Give files, folders or URLs to index, or --sitemap URL.")
    report = ctx.bot.ingest(items, progress=progress) if items else IngestReport()
    if sitemap:
        report.merge(ctx.bot.ingest_sitemap(sitemap, limit))
    lines = [report.summary()] + [f"failed: {f.source}: {f.reason}" for f in report.failed]
    ctx.emit(report.to_dict(), "\n".join(lines))
    if report.failed:
        sys.exit(2 if report.added or report.updated or report.unchanged else 1)


@click.command("list")
@common
def list_documents(ctx: Session) -> None:
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


@click.command()
@click.argument("doc_id")
@common
def remove(ctx: Session, doc_id: str) -> None:
    """Remove a document (its vectors, registry row and keyword entries)."""
    record = ctx.bot.remove(doc_id)
    ctx.emit(record.to_dict(), f"removed {record.doc_id}  {record.title}")


@click.command()
@common
def stats(ctx: Session) -> None:
    """Show counts and settings of the index."""
    data = ctx.bot.stats()
    ctx.emit(data, "\n".join(f"{k}: {v}" for k, v in data.items()))


@click.command()
@click.option(
    "--repair", is_flag=True, help="Fix what disagrees: finish interrupted writes, re-embed or delete vectors."
)
@common
def check(ctx: Session, repair: bool) -> None:
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


@click.command()
@common
def seed(ctx: Session) -> None:
    """Index the bundled sample article if the index is empty."""
    report = ctx.bot.seed()
    if report is None:
        ctx.emit({"seeded": False}, "The index already has documents; nothing to seed.")
    else:
        ctx.emit({"seeded": True, **report.to_dict()}, f"Seeded the sample article: {report.summary()}")


@click.command()
@common
def reindex(ctx: Session) -> None:
    """Rebuild every vector from the registry's stored chunks with the configured model and backend.

    Run it after changing FACTBOT_MODEL__BACKEND (or the model), or when Chroma lost vectors (a wiped server).
    """
    with ctx.open(check_model=False) as bot:
        data = bot.reindex()
    ctx.emit(
        data,
        f"reindexed {data['documents']} documents: {data['chunks']} chunks embedded with {data['embedding_model']} "
        f"({data['embedding_backend']} backend), {data['deleted_vectors']} stray vectors deleted, "
        f"{data['vectors']} vectors in Chroma ({data['seconds']} s)",
    )


COMMANDS = [ingest, list_documents, remove, stats, check, seed, reindex]
