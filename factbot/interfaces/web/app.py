"""Interface: one web server (FastAPI under uvicorn) with the REST API under `/api`, `/health`,
OpenAPI docs at `/docs`, the Gradio UI at `/`, and room for more routers (Slack, issue 6).

    app = create_app(bot)                       # models load here, once
    app = create_app(bot, routers=[router])     # extra routes (Slack's /slack/...), included before the UI
    mount_slack(app, bot)                       # Slack on a built app (create_app mounts it when SLACK_* are set)
    serve(bot, host=None, port=7860)            # what `factbot serve` runs (None: 127.0.0.1)

With `FACTBOT_API_TOKEN` set, every route but `/health` and Slack's needs the token (`web_access`).
"""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, FastAPI

from factbot.errors import ConfigError

if TYPE_CHECKING:
    from pydantic import SecretStr

    from factbot.bot import FactBot

log = logging.getLogger(__name__)
DEFAULT_HOST = "127.0.0.1"


def warm_up(bot: FactBot) -> None:
    """Load the embedding model, open the vector store and load the claim judge now, so the first
    request doesn't pay for them. A judge that cannot load only disables claim checks (logged)."""
    if failed := bot.warm_up():
        log.warning("Claim checks will fail until the judge loads: %s", failed)


def create_app(
    bot: FactBot,
    *,
    routers: Sequence[APIRouter] = (),
    ui: bool = True,
    warm: bool = True,
    lock: threading.RLock | None = None,
) -> FastAPI:
    """The FastAPI app: REST API, health, docs, extra routers, then the Gradio UI at `/`.

    With `bot.settings.api_token` (`FACTBOT_API_TOKEN`) set, every route but `/health` and Slack's
    needs the token (see `web_access`); the JSON bodies of `/api/ask`, `/api/search` and `/api/verify` are capped.

    Args:
        bot: the facade every route talks to (the app does not close it).
        routers: more routes (e.g. Slack's `/slack/...`); they are included before the UI, which
            is mounted at `/` and would otherwise shadow them.
        ui: mount the Gradio UI.
        warm: load the models before returning (see `warm_up`).
        lock: serialises this app's writes (ingest, remove); give the same one to routers that write.
            Reads (ask, verify, listings, Slack replies) take no lock and run alongside an ingest.
    """
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    from factbot.interfaces.web.api import add_error_handlers, api_router

    lock = lock or threading.RLock()
    if warm:
        warm_up(bot)
    from fastapi_offline import FastAPIOffline

    # Swagger UI and ReDoc served from the package, not a CDN: the server fetches nothing from outside.
    app = FastAPIOffline(
        title="factbot",
        summary="Cited answers and claim verdicts over indexed news articles.",
        version=_version(),
    )
    app.state.bot, app.state.lock = bot, lock  # for routers added later that write
    add_error_handlers(app)
    app.include_router(api_router(bot, lock))

    @app.get("/health", tags=["health"], summary="Liveness and index counts")
    def health() -> dict[str, Any]:
        return bot.health()

    for router in routers:
        app.include_router(router)
    from factbot.interfaces.slack.http import mount_slack

    mount_slack(app, bot)  # /slack/events and /slack/commands when SLACK_* are set; Slack only reads
    if ui:
        import gradio as gr

        from factbot.interfaces.web.render import CSS
        from factbot.interfaces.web.ui import build_ui, theme

        app = gr.mount_gradio_app(
            app,
            build_ui(bot, lock),
            path="/",
            footer_links=["api", "settings"],
            run_history=False,
            max_file_size=bot.settings.sources.max_bytes,
            ssr_mode=False,
            mcp_server=False,
            theme=theme(),
            css=CSS,
        )
    from factbot.interfaces.web.access import BodyLimit, TokenGate

    app.add_middleware(BodyLimit)
    if bot.settings.api_token is not None:  # added last, so it runs first: strangers get 401, never 413
        app.add_middleware(TokenGate, token=bot.settings.api_token.get_secret_value())
        log.info("Every route but /health and /slack/... needs FACTBOT_API_TOKEN.")
    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("factbot")
    except PackageNotFoundError:
        return "0"


def bind(host: str, port: int) -> socket.socket:
    """A listening-ready socket on host:port.

    Raises:
        OSError: the address is in use or not available.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def resolve_bind(host: str | None, token: SecretStr | str | None) -> tuple[str, str | None]:
    """The address to listen on, and a warning when it is reachable from the network without a token.

    Args:
        host: the address asked for (`--host`); None binds loopback only.
        token: the API token (`FACTBOT_API_TOKEN`), if any.

    Returns:
        The host, and a warning line or None.
    """
    host = host or DEFAULT_HOST
    if token or _is_loopback(host):
        return host, None
    return host, (
        f"WARNING: the API and UI on {host} are open to the network without a token: anyone who can reach it "
        "can ask, add and delete documents. Set FACTBOT_API_TOKEN, or leave out --host to listen on "
        f"{DEFAULT_HOST} only."
    )


def _is_loopback(host: str) -> bool:
    """Whether `host` is a loopback address or `localhost` (other names count as reachable)."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host.lower() == "localhost"


def serve(
    bot: FactBot,
    host: str | None = None,
    port: int = 7860,
    *,
    routers: Sequence[APIRouter] = (),
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Build the app (loading the models), bind host:port, call `on_ready(url)` and serve until stopped.

    `host` None listens on 127.0.0.1 only; another address without `FACTBOT_API_TOKEN` logs a warning.

    Raises:
        ConfigError: host:port cannot be bound (in use, or not an address of this machine).
    """
    import uvicorn

    host, warning = resolve_bind(host, bot.settings.api_token)
    if warning:
        log.warning(warning)
    try:
        sock = bind(host, port)  # first: a busy port fails before the models load
    except OSError as e:
        raise ConfigError(f"Cannot listen on {host}:{port} ({e.strerror or e}); pick another --port or --host.") from e
    app = create_app(bot, routers=routers)  # Slack (issue 6) hooks in here: routers=..., or mount on `app`
    shown = f"[{host}]" if ":" in host else host
    if on_ready is not None:
        on_ready(f"http://{shown}:{sock.getsockname()[1]}")
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=3))
    stop = start_feed_poller(bot)
    try:
        server.run(sockets=[sock])
    finally:
        stop.set()


def start_feed_poller(bot: FactBot) -> threading.Event:
    """Poll the followed feeds in a daemon thread (when there are any and `poll_feeds` is on); returns the
    event that stops it. Each poll is logged; a failing poll is logged and the thread goes on."""
    stop = threading.Event()
    if not bot.settings.poll_feeds or not bot.feeds.list():
        return stop

    def run() -> None:
        while not stop.is_set():
            try:
                bot.feeds.watch(stop, lambda report: log.info("feed %s", report.summary()))
            except Exception:  # noqa: BLE001 - a store error must not end the server's polling for good
                log.exception("Polling the feeds failed; retrying in a minute")
                stop.wait(60)

    threading.Thread(target=run, name="factbot-feeds", daemon=True).start()
    log.info("Polling %d feeds in the background (poll_feeds=false turns it off)", len(bot.feeds.list()))
    return stop
