"""Interface (Slack): ask and fact-check from Slack; the slack_bolt app and its listeners.

The listeners take `app_mention` in channels, `message.im` in direct messages, `/factbot <question>`,
`/factcheck <claim>` (both names set by `slack.ask_command` / `slack.check_command`) and the message
shortcut "Fact-check this message" (callback id `fact_check_message`, which checks every check-worthy
claim of the message and replies in its thread with the summary and the claims the sources do not
support; ephemerally through `response_url` if factbot cannot post there). A mention or DM is routed like
the chat: questions are answered, statements are checked. bolt acknowledges at once; the work runs in
bolt's thread pool and the reply goes to the mention's thread (`chat.postMessage`) or to the command's
`response_url`. A retried event (same `event_id`) is acknowledged and dropped. Credentials come from
`Settings.slack` (`SlackSettings`).

The app reaches Slack two ways: over HTTP, the Events API routes of `factbot.interfaces.slack.http`
on factbot's FastAPI server (bolt checks each request's signature there, 401 otherwise); or over
Socket Mode (`run_socket_mode`). This module imports neither fastapi nor starlette, so Socket Mode
never loads the web stack; slack_bolt itself is imported when an app is built.

    app = build_app(bot, bot.settings.slack)           # the bolt App (HTTP mode)
    run_socket_mode(bot, bot.settings.slack)           # `factbot slack --socket`
"""

from __future__ import annotations

import html
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factbot.errors import ConfigError, DocumentNotFoundError, FactbotError
from factbot.interfaces.slack.blocks import (
    Block,
    answer_message,
    escape,
    notice_message,
    text_report_message,
    verdict_message,
)

if TYPE_CHECKING:
    from slack_bolt import App

    from factbot.bot import FactBot
    from factbot.config import SlackSettings

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"  # the Events API request URL (see manifest.yml)
COMMANDS_PATH = "/slack/commands"  # the slash commands' request URL
INTERACTIONS_PATH = "/slack/interactions"  # the interactivity request URL (shortcuts)
SHORTCUT_ID = "fact_check_message"  # the message shortcut's callback id (see manifest.yml)
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


class SeenEvents:
    """Event ids seen in the last `ttl_s` seconds (at most `max_ids`), so Slack's retries of an
    event (`X-Slack-Retry-Num`) are acknowledged without a second reply. Thread-safe.

    Args:
        ttl_s: how long an id is remembered, in seconds.
        max_ids: most ids remembered; the oldest are forgotten first.
    """

    def __init__(self, ttl_s: float = 3600.0, max_ids: int = 10_000) -> None:
        self.ttl_s, self.max_ids = ttl_s, max_ids
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        """Record `event_id`.

        Returns:
            True if it was not seen within the window (handle it), False for a repeat (drop it).
        """
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
    mentions reduced to their labels, and Slack's `&amp;` `&lt;` `&gt;` decoded.

    Args:
        slack_text: the message's `text` as Slack sends it (mrkdwn with `<...>` references).
        bot_user_id: the bot's user id, whose mentions are dropped; None drops every user mention.

    Returns:
        The text with whitespace runs collapsed to single spaces.
    """
    text = _MENTION.sub(
        lambda m: "" if bot_user_id in (None, m.group(1)) else f"@{m.group(2) or m.group(1)}", slack_text
    )
    text = _LINK.sub(lambda m: m.group(2) or m.group(1).lstrip("!#@"), text)
    return html.unescape(" ".join(text.split())) if "&" in text else " ".join(text.split())


def reply_for(bot: FactBot, message: str, *, kind: str | None = None) -> tuple[list[Block], str]:
    """The Slack reply (blocks, fallback text) to a message: an answer or a verdict, or a short
    notice for an empty message, an empty index or a failure (failures are logged).

    Never raises: a `FactbotError` becomes a `:warning:` notice with its message, anything else a
    generic notice (the traceback goes to the log).

    Args:
        bot: the facade.
        message: plain text (see `plain_text`).
        kind: "ask" or "verify"; None routes the message like the chat (questions are answered).

    Returns:
        The Block Kit blocks and the fallback text (see `blocks`); a notice's first block has
        `block_id` "notice".
    """
    from factbot.answer.conversation import route

    kind, text = (kind, message.strip()) if kind else route(message)
    if not text:
        return notice_message(HELP)
    try:
        if bot.counts()[0] == 0:
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


def check_reply(bot: FactBot, message: str) -> tuple[list[Block], str]:
    """The reply to "Fact-check this message": the text report's blocks, or a notice (as `reply_for`:
    never raises)."""
    if not message.strip():
        return notice_message("That message has no text to check.")
    try:
        if bot.counts()[0] == 0:
            return notice_message(EMPTY_INDEX)
        report = bot.check_text(message)
        ids = [e.doc_id for c in report.claims for e in c.verdict.evidence]
        return text_report_message(report, _links(bot, ids))
    except FactbotError as e:
        log.warning("Slack fact-check of a message failed: %s", e)
        return notice_message(f":warning: {escape(str(e))}")
    except Exception:  # noqa: BLE001 - the interface's last resort
        log.exception("Slack fact-check of a message failed")
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


def build_app(bot: FactBot, config: SlackSettings, *, socket_mode: bool = False) -> App:
    """The bolt `App` with factbot's listeners (mentions, DMs, the two slash commands, the message shortcut).

    Nothing is sent to Slack here (the token is checked on the first request), so it works offline.

    Args:
        bot: the facade the replies come from.
        config: the Slack credentials and API URL.
        socket_mode: build for Socket Mode (no signing secret, no request verification).

    Returns:
        The app; serve it with `factbot.interfaces.slack.http.slack_router` or `run_socket_mode`.

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

    @app.shortcut(SHORTCUT_ID)
    def on_message_shortcut(ack: Any, body: dict[str, Any], client: Any, respond: Any) -> None:
        ack()
        message = body.get("message") or {}
        channel = (body.get("channel") or {}).get("id", "")
        blocks, fallback = check_reply(bot, plain_text(message.get("text", "")))
        try:
            client.chat_postMessage(
                channel=channel,
                thread_ts=message.get("thread_ts") or message.get("ts"),
                blocks=blocks,
                text=fallback,
                unfurl_links=False,
                unfurl_media=False,
            )
        except Exception:  # noqa: BLE001 - e.g. factbot is not in that channel: tell the user alone
            log.warning("Could not post the fact-check to %s; answering through response_url", channel)
            try:
                respond(blocks=blocks, text=fallback, response_type="ephemeral", replace_original=False)
            except Exception:  # noqa: BLE001 - the response_url expired or Slack is unreachable
                log.exception("Could not post the fact-check result")

    @app.action(re.compile(r"^feedback_(correct|wrong)$"))
    def on_feedback(ack: Any, action: dict[str, Any], respond: Any) -> None:
        ack()
        rating = "correct" if action.get("action_id") == "feedback_correct" else "wrong"
        try:
            bot.records.add_feedback(str(action.get("value", "")), rating)
            text = f":pray: Thanks: marked {rating}. (For the right label: `factbot feedback add ID wrong --label …`.)"
        except FactbotError as e:
            text = f":warning: {escape(str(e))}"
        try:
            respond(text=text, response_type="ephemeral", replace_original=False)
        except Exception:  # noqa: BLE001 - the response_url expired or Slack is unreachable
            log.exception("Could not confirm the feedback")

    app.command(config.ask_command)(command("ask", "Looking it up"))
    app.command(config.check_command)(command("verify", "Checking"))
    return app


MANIFEST = Path(__file__).with_name("manifest.yml")
EXAMPLE_URL = "https://factbot.example.com"


def manifest(config: SlackSettings, base_url: str = EXAMPLE_URL) -> str:
    """The app manifest (`manifest.yml`) with the configured slash command names and the server's public
    base URL in every request URL (`factbot slack --manifest URL` prints it)."""
    text = MANIFEST.read_text(encoding="utf-8")
    text = text.replace("command: /factcheck", f"command: {config.check_command}")
    text = text.replace("command: /factbot", f"command: {config.ask_command}")
    return text.replace(EXAMPLE_URL, base_url.rstrip("/"))


def run_socket_mode(bot: FactBot, config: SlackSettings, on_ready: Callable[[], None] | None = None) -> None:
    """Serve Slack over Socket Mode (no public URL needed) until Ctrl-C.

    Args:
        bot: the facade the replies come from.
        config: the Slack credentials; needs the app token and the bot token.
        on_ready: called once the connection is up.

    Raises:
        ConfigError: SLACK_APP_TOKEN or SLACK_BOT_TOKEN is not set, or Slack refused the connection.
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
