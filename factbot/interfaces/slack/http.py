"""Interface (Slack over HTTP): the Events API and slash-command routes on factbot's FastAPI server.

`POST /slack/events` takes the Events API (the `url_verification` challenge, `app_mention`,
`message.im`); `POST /slack/commands` takes the slash commands; `POST /slack/interactions` takes the
"Fact-check this message" shortcut. Both hand the request to the bolt
app of `factbot.interfaces.slack.app`, which checks Slack's signature (401 otherwise). This is the only
Slack module that imports the web stack (fastapi, starlette); Socket Mode never loads it.

    mount_slack(app, bot)          # what the web app factory calls; False if Slack is off
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fastapi import APIRouter, FastAPI, Request, Response

from factbot.interfaces.slack.app import COMMANDS_PATH, EVENTS_PATH, INTERACTIONS_PATH, build_app

if TYPE_CHECKING:
    from slack_bolt import App

    from factbot.bot import FactBot
    from factbot.config import SlackSettings

log = logging.getLogger(__name__)


def slack_router(bolt_app: App) -> APIRouter:
    """FastAPI routes `POST /slack/events`, `/slack/commands` and `/slack/interactions` over a bolt app.

    bolt's dispatch blocks until the listener acknowledges, so it runs in the thread pool, not
    on the event loop. The routes are left out of the OpenAPI schema.

    Args:
        bolt_app: the app from `build_app` (HTTP mode).

    Returns:
        A router to include in the FastAPI app.
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
    router.add_api_route(INTERACTIONS_PATH, handle, methods=["POST"], include_in_schema=False)
    return router


def mount_slack(app: FastAPI, bot: FactBot, config: SlackSettings | None = None) -> bool:
    """Add the Slack endpoints to `app` when Slack is configured; otherwise log one line.

        The routes go to the front of the app's routes, so a UI mounted at `/` cannot shadow them.

        Args:
            app: the FastAPI app.
            bot: the facade the replies come from.
            config: credentials; default `bot.settings.slack` (`FACTBOT_SLACK__*` or `SLACK_*` variables).

        Returns:
            True if `/slack/events`, `/slack/commands` and `/slack/interactions` were added; False (one warning
    logged) when the signing secret or the bot token is missing.
    """
    if config is None:
        config = bot.settings.slack
    if not config.http_enabled:
        named = (("SLACK_SIGNING_SECRET", config.signing_secret), ("SLACK_BOT_TOKEN", config.bot_token))
        missing = [name for name, value in named if not value]
        log.warning("Slack is off (set %s to enable the %s routes).", " and ".join(missing), "/slack/*")
        return False
    routes = app.router.routes
    before = len(routes)
    app.include_router(slack_router(build_app(bot, config)))
    routes[:] = routes[before:] + routes[:before]
    log.info("Slack is on: %s, %s and %s", EVENTS_PATH, COMMANDS_PATH, INTERACTIONS_PATH)
    return True
