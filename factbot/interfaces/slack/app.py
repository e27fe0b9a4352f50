"""Interface (Slack): ask and fact-check from Slack, with slack_bolt on factbot's FastAPI server.

`POST /slack/events` takes the Events API (the `url_verification` challenge, `app_mention` in
channels, `message.im` in direct messages); `POST /slack/commands` takes `/ask <question>` and
`/factcheck <claim>`. A mention or DM is routed like the chat: questions are answered, statements
are checked. bolt verifies every request's signature (401 otherwise) and acknowledges at once; the
work runs in bolt's thread pool and the reply goes to the mention's thread (`chat.postMessage`) or
to the command's `response_url`. A retried event (same `event_id`) is acknowledged and dropped.

    mount_slack(app, bot)                  # what the web app factory calls; False if Slack is off
    run_socket_mode(bot, SlackConfig.from_env())   # `factbot slack --socket`
"""

from __future__ import annotations

import html
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, FastAPI, Request, Response
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from factbot.errors import ConfigError, DocumentNotFoundError, FactbotError
from factbot.interfaces.slack.blocks import Block, answer_message, escape, notice_message, verdict_message

if TYPE_CHECKING:
    from slack_bolt import App

    from factbot.bot import FactBot

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
COMMANDS_PATH = "/slack/commands"
HELP = (
    "Ask me a question (_What did Stoltenberg demand?_) and I answer from the indexed articles, "
    "citing them; give me a statement (_Borrell criticized the US response._) and I check it."
)
EMPTY_INDEX = (
    ":open_file_folder: No articles are indexed yet, so there is nothing to answer from. Add some on the "
    "server with `factbot ingest FILE|FOLDER|URL` (or `factbot seed` for the sample article), or upload "
    "them in factbot's web UI, then ask again."
)
INTERNAL_ERROR = ":boom: Sorry, something went wrong inside factbot. The error is logged; please try again later."


class SlackConfig(BaseModel):
    """Slack credentials and endpoint, read from `SLACK_*` environment variables (Slack's own names)."""

    model_config = ConfigDict(extra="forbid")

    signing_secret: SecretStr | None = Field(
        default=None, description="SLACK_SIGNING_SECRET: verifies that HTTP requests come from Slack."
    )
    bot_token: SecretStr | None = Field(default=None, description="SLACK_BOT_TOKEN (xoxb-…): posts the replies.")
    app_token: SecretStr | None = Field(default=None, description="SLACK_APP_TOKEN (xapp-…): Socket Mode only.")
    api_url: str = Field(
        default="https://slack.com/api/", description="SLACK_API_URL: base URL of Slack's Web API (ends in '/')."
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> SlackConfig:
        """The config from `SLACK_SIGNING_SECRET`, `SLACK_BOT_TOKEN`, `SLACK_APP_TOKEN` and `SLACK_API_URL`."""
        values = {
            "signing_secret": environ.get("SLACK_SIGNING_SECRET") or None,
            "bot_token": environ.get("SLACK_BOT_TOKEN") or None,
            "app_token": environ.get("SLACK_APP_TOKEN") or None,
            "api_url": environ.get("SLACK_API_URL") or None,
        }
        return cls(**{k: v for k, v in values.items() if v is not None})

    @property
    def http_enabled(self) -> bool:
        """Both the signing secret and the bot token are set."""
        return bool(self.signing_secret and self.bot_token)

    def require_socket_mode(self) -> None:
        """Check the tokens Socket Mode needs.

        Raises:
            ConfigError: SLACK_APP_TOKEN or SLACK_BOT_TOKEN is not set.
        """
        missing = [
            name
            for name, value in (("SLACK_APP_TOKEN", self.app_token), ("SLACK_BOT_TOKEN", self.bot_token))
            if not value
        ]
        if missing:
            raise ConfigError(
                f"Socket Mode needs {' and '.join(missing)}: SLACK_APP_TOKEN is an app-level token (xapp-…, scope "
                "connections:write), SLACK_BOT_TOKEN the bot token (xoxb-…); see the README's Slack section."
            )


class SeenEvents:
    """Event ids seen in the last `ttl_s` seconds (at most `max_ids`), so Slack's retries of an
    event (`X-Slack-Retry-Num`) are acknowledged without a second reply."""

    def __init__(self, ttl_s: float = 3600.0, max_ids: int = 10_000) -> None:
        self.ttl_s, self.max_ids = ttl_s, max_ids
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        """Record `event_id`; True if it was not seen within the window."""
        now = time.monotonic()
        with self._lock:
            while self._seen and (next(iter(self._seen.values())) < now - self.ttl_s or len(self._seen) > self.max_ids):
                self._seen.popitem(last=False)
            if event_id in self._seen:
                return False
            self._seen[event_id] = now
            return True


_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
_LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")


def plain_text(slack_text: str, bot_user_id: str | None = None) -> str:
    """A Slack message's text as plain text: the bot's own @mention removed, links and other
    mentions reduced to their labels, and Slack's `&amp;` `&lt;` `&gt;` decoded."""
    text = _MENTION.sub(
        lambda m: "" if bot_user_id in (None, m.group(1)) else f"@{m.group(2) or m.group(1)}", slack_text
    )
    text = _LINK.sub(lambda m: m.group(2) or m.group(1).lstrip("!#@"), text)
    return html.unescape(" ".join(text.split())) if "&" in text else " ".join(text.split())


def reply_for(bot: FactBot, message: str, *, kind: str | None = None) -> tuple[list[Block], str]:
    """The Slack reply (blocks, fallback text) to a message: an answer or a verdict, or a short
    notice for an empty message, an empty index or a failure (failures are logged).

    Args:
        bot: the facade.
        message: plain text (see `plain_text`).
        kind: "ask" or "verify"; None routes the message like the chat (questions are answered).
    """
    from factbot.answer.conversation import route

    kind, text = (kind, message.strip()) if kind else route(message)
    if not text:
        return notice_message(HELP)
    try:
        if bot.registry.counts()[0] == 0:
            return notice_message(EMPTY_INDEX)
        if kind == "ask":
            answer = bot.ask(text)
            ids = [c.doc_id for c in answer.citations] + [e.doc_id for e in answer.related]
            return answer_message(answer, _links(bot, ids))
        verdict = bot.verify(text)
        parts = verdict.subclaims or [verdict]
        return verdict_message(verdict, _links(bot, [e.doc_id for p in parts for e in p.evidence]))
    except FactbotError as e:
        log.warning("Slack request %r failed: %s", text[:200], e)
        return notice_message(f":warning: {escape(str(e))}")
    except Exception:  # noqa: BLE001 - the interface's last resort: a short reply, the details in the log
        log.exception("Slack request %r failed", text[:200])
        return notice_message(INTERNAL_ERROR)


def _links(bot: FactBot, doc_ids: list[str]) -> dict[str, str]:
    """doc_id -> the article's URL ("" when it has none)."""
    out: dict[str, str] = {}
    for doc_id in dict.fromkeys(doc_ids):
        try:
            out[doc_id] = bot.document(doc_id).url
        except DocumentNotFoundError:
            out[doc_id] = ""
    return out


def _from_bot(event: Mapping[str, Any], bot_user_id: str | None) -> bool:
    """The event was written by a bot (this one or another), or is an edit/join/etc. (a subtype)."""
    return bool(
        event.get("bot_id")
        or event.get("bot_profile")
        or event.get("subtype")
        or (bot_user_id and event.get("user") == bot_user_id)
    )


def build_app(bot: FactBot, config: SlackConfig, *, socket_mode: bool = False) -> App:
    """The bolt `App` with factbot's listeners (mentions, DMs, `/ask`, `/factcheck`).

    Raises:
        ConfigError: the bot token is missing (or, over HTTP, the signing secret).
    """
    from slack_bolt import App, BoltResponse

    if config.bot_token is None or (not socket_mode and config.signing_secret is None):
        raise ConfigError("Slack needs SLACK_BOT_TOKEN and, over HTTP, SLACK_SIGNING_SECRET; see README 'Slack'.")
    token = config.bot_token.get_secret_value()
    app = App(
        name="factbot",
        token=token,
        signing_secret=config.signing_secret.get_secret_value() if config.signing_secret else "",
        # auth.test runs on the first request instead of at start-up, so the server starts offline.
        token_verification_enabled=False,
        request_verification_enabled=not socket_mode,
        process_before_response=False,  # ack at once, work in bolt's thread pool
    )
    app.client.base_url = config.api_url.rstrip("/") + "/"  # each request's client copies it
    seen = SeenEvents()

    @app.middleware
    def drop_retries(body: dict[str, Any], next: Callable[[], Any]) -> Any:  # noqa: A002 - bolt's argument name
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not seen.first_time(str(event_id)):
            log.info("Slack event %s delivered again; already handled", event_id)
            return BoltResponse(status=200, body="")
        return next()

    def post_reply(client: Any, channel: str, thread_ts: str | None, text: str) -> None:
        blocks, fallback = reply_for(bot, text)
        try:
            client.chat_postMessage(
                channel=channel,
                thread_ts=thread_ts,
                blocks=blocks,
                text=fallback,
                unfurl_links=False,
                unfurl_media=False,
            )
        except Exception:  # noqa: BLE001 - Slack refused or is unreachable; nothing else to tell the user
            log.exception("Could not post the Slack reply to %s", channel)

    @app.event("app_mention")
    def on_mention(event: dict[str, Any], context: Any, client: Any) -> None:
        if _from_bot(event, context.bot_user_id):
            return
        thread_ts = event.get("thread_ts") or event.get("ts")
        post_reply(client, event["channel"], thread_ts, plain_text(event.get("text", ""), context.bot_user_id))

    @app.event("message")
    def on_message(event: dict[str, Any], context: Any, client: Any) -> None:
        if event.get("channel_type") != "im" or _from_bot(event, context.bot_user_id):
            return
        text = plain_text(event.get("text", ""), context.bot_user_id)
        post_reply(client, event["channel"], event.get("thread_ts"), text)

    def command(kind: str, doing: str) -> Callable[..., None]:
        def on_command(ack: Any, command: dict[str, Any], respond: Any) -> None:
            text = plain_text(command.get("text", ""))
            if not text:
                ack(response_type="ephemeral", text=f"Usage: `{command.get('command', '')} <text>`. {HELP}")
                return
            ack(response_type="ephemeral", text=f":mag: {doing}: {escape(text)}")
            blocks, fallback = reply_for(bot, text, kind=kind)
            notice = blocks[0].get("block_id") == "notice"
            try:
                respond(
                    blocks=blocks,
                    text=fallback,
                    response_type="ephemeral" if notice else "in_channel",
                    replace_original=False,
                )
            except Exception:  # noqa: BLE001 - the response_url expired or Slack is unreachable
                log.exception("Could not post the %s result to response_url", command.get("command"))

        return on_command

    app.command("/ask")(command("ask", "Looking it up"))
    app.command("/factcheck")(command("verify", "Checking"))
    return app


def slack_router(bolt_app: App) -> APIRouter:
    """FastAPI routes `POST /slack/events` and `POST /slack/commands` over a bolt app.

    bolt's dispatch blocks until the listener acknowledges, so it runs in the thread pool, not
    on the event loop.
    """
    from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
    from starlette.concurrency import run_in_threadpool

    router = APIRouter(tags=["slack"])

    async def handle(request: Request) -> Response:
        body = await request.body()
        bolt_response = await run_in_threadpool(bolt_app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    router.add_api_route(EVENTS_PATH, handle, methods=["POST"], include_in_schema=False)
    router.add_api_route(COMMANDS_PATH, handle, methods=["POST"], include_in_schema=False)
    return router


def mount_slack(app: FastAPI, bot: FactBot, config: SlackConfig | None = None) -> bool:
    """Add the Slack endpoints to `app` when Slack is configured; otherwise log one line.

    The routes go to the front of the app's routes, so a UI mounted at `/` cannot shadow them.

    Args:
        app: the FastAPI app.
        bot: the facade the replies come from.
        config: credentials; default from the `SLACK_*` environment variables.

    Returns:
        True if `/slack/events` and `/slack/commands` were added.
    """
    import os

    config = config or SlackConfig.from_env(os.environ)
    if not config.http_enabled:
        named = (("SLACK_SIGNING_SECRET", config.signing_secret), ("SLACK_BOT_TOKEN", config.bot_token))
        missing = [name for name, value in named if not value]
        log.warning("Slack is off (set %s to enable %s and %s).", " and ".join(missing), EVENTS_PATH, COMMANDS_PATH)
        return False
    routes = app.router.routes
    before = len(routes)
    app.include_router(slack_router(build_app(bot, config)))
    routes[:] = routes[before:] + routes[:before]
    log.info("Slack is on: %s and %s", EVENTS_PATH, COMMANDS_PATH)
    return True


def run_socket_mode(bot: FactBot, config: SlackConfig, on_ready: Callable[[], None] | None = None) -> None:
    """Serve Slack over Socket Mode (no public URL needed) until Ctrl-C.

    Raises:
        ConfigError: SLACK_APP_TOKEN or SLACK_BOT_TOKEN is not set.
    """
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk.errors import SlackApiError

    config.require_socket_mode()
    assert config.app_token is not None
    handler = SocketModeHandler(build_app(bot, config, socket_mode=True), config.app_token.get_secret_value())
    try:
        handler.connect()
    except SlackApiError as e:
        raise ConfigError(
            f"Slack refused the Socket Mode connection ({e.response.get('error', e)}); check SLACK_APP_TOKEN and that "
            "Socket Mode is on in the app's settings."
        ) from e
    if on_ready is not None:
        on_ready()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        handler.close()
