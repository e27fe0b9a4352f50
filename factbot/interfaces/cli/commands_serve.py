"""The long-running commands: `serve` (web UI and REST API) and `slack` (the Slack bot over Socket Mode).
They import the web and Slack interfaces only when run, so `factbot --help` and the other commands
don't load fastapi, gradio or slack_bolt. Each runs until stopped (Ctrl-C); a port that cannot be
bound or missing Slack tokens fail with one line before any model loads.
"""

from __future__ import annotations

import logging

import click

from factbot.interfaces.cli.options import Session, common

log = logging.getLogger(__name__)


@click.command()
@click.option(
    "--host",
    default=None,
    help="Address to listen on (default: 127.0.0.1, this machine only); another one warns unless "
    "FACTBOT_API_TOKEN is set.",
)
@click.option("--port", default=7860, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free).")
@click.option("--llm", default=None, help="LLM spec (default $FACTBOT_LLM); extractive answers without one.")
@common
def serve(ctx: Session, host: str | None, port: int, llm: str | None) -> None:
    """Run the web UI and REST API (one server): chat, library and batch check at /, API under /api, docs at /docs."""
    from factbot.interfaces.web.app import serve as run_server

    ctx.llm = llm
    click.echo("factbot: loading models…", err=True)

    def ready(url: str) -> None:
        click.echo(f"factbot is running: open {url}/  (REST API docs: {url}/docs; Ctrl-C stops)")

    run_server(ctx.bot, host, port, on_ready=ready)


@click.command()
@click.option("--socket", "socket_mode", is_flag=True, help="Connect over Socket Mode (needs SLACK_APP_TOKEN).")
@click.option(
    "--manifest",
    "manifest_url",
    default=None,
    metavar="URL",
    help="Print the Slack app manifest for the server at URL (with the configured command names) and exit.",
)
@common
def slack(ctx: Session, socket_mode: bool, manifest_url: str | None) -> None:
    """Run the Slack bot over Socket Mode, for workspaces without a public URL.

    Over HTTP, Slack is part of `factbot serve` once SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are set.
    The slash commands are /factbot (ask) and /factcheck (check a claim) unless FACTBOT_SLACK__ASK_COMMAND
    or FACTBOT_SLACK__CHECK_COMMAND name others; `--manifest URL` prints the manifest to paste into Slack.
    """
    if manifest_url is not None:
        from factbot.config import get_settings
        from factbot.interfaces.slack.app import manifest

        click.echo(manifest(get_settings().slack, manifest_url), nl=False)
        return
    if not socket_mode:
        raise click.UsageError(
            "Use `factbot slack --socket` for Socket Mode; over HTTP, Slack runs inside `factbot serve` "
            "when SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are set."
        )
    from factbot.config import get_settings
    from factbot.interfaces.slack.app import run_socket_mode

    config = get_settings().slack  # FACTBOT_SLACK__* or SLACK_* variables
    config.require_socket_mode()  # before loading any model
    click.echo("factbot: loading models…", err=True)
    bot = ctx.bot
    problem = bot.warm_up()
    if problem:
        log.warning("Claim checks will fail until the judge loads: %s", problem)
    run_socket_mode(bot, config, on_ready=lambda: click.echo("factbot is connected to Slack (Ctrl-C stops)."))


COMMANDS = [serve, slack]
