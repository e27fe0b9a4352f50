"""Interface: who may use the web server, and how big a question may be, as two small ASGI middlewares.

`TokenGate`: with `FACTBOT_API_TOKEN` set, every request (REST API, docs, the Gradio UI and its
queue, stream and upload routes, WebSockets) must carry `Authorization: Bearer <token>`, else 401
`{"detail", "error"}`. `/health` stays open, and so do Slack's endpoints, which check Slack's own
request signature. A browser opens the UI once as `/?token=<token>`: that response sets an
HttpOnly, SameSite=Strict cookie which stands in for the header from then on.

`BodyLimit`: the JSON bodies of `POST /api/ask`, `/api/search`, `/api/verify` and `/api/check-text` are refused over
`MAX_QUERY_BODY_BYTES` with 413, from `Content-Length` before reading when the client sends it.

    app.add_middleware(BodyLimit)
    app.add_middleware(TokenGate, token="…")  # added last: runs first, so strangers get 401, never 413
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import parse_qs

from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from factbot.interfaces.slack.app import COMMANDS_PATH, EVENTS_PATH, INTERACTIONS_PATH

OPEN_PATHS = frozenset({"/health", EVENTS_PATH, COMMANDS_PATH, INTERACTIONS_PATH})  # exact paths: no prefix tricks
PAGES = frozenset({"/", "/docs", "/redoc"})  # where a browser may bring the token as ?token=
COOKIE = "factbot_token"
MAX_QUERY_BODY_BYTES = 1_000_000
QUERY_PATHS = frozenset({"/api/ask", "/api/search", "/api/verify", "/api/check-text", "/api/feedback"})


def _same(given: str | bytes | None, expected: bytes) -> bool:
    """Constant-time comparison of a presented credential with the expected one."""
    if not given:
        return False
    return hmac.compare_digest(given.encode("utf-8") if isinstance(given, str) else given, expected)


def _error(status: int, detail: str, error: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSON error in the REST API's shape."""
    return JSONResponse({"detail": detail, "error": error}, status_code=status, headers=headers)


class TokenGate:
    """ASGI middleware: requests other than `OPEN_PATHS` need the API token (header, or the UI's cookie).

    Args:
        app: the wrapped ASGI app.
        token: the token clients must present.
    """

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token.encode("utf-8")
        # The cookie holds a digest of the token, not the token: always cookie-safe characters.
        self.cookie = hmac.new(self.token, b"factbot web ui cookie", hashlib.sha256).hexdigest().encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass allowed requests on (setting the cookie after a valid `?token=`), refuse the rest."""
        if scope["type"] not in ("http", "websocket") or scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        scheme, _, credential = headers.get("authorization", "").partition(" ")
        if (scheme.lower() == "bearer" and _same(credential.strip(), self.token)) or _same(
            cookie_parser(headers.get("cookie", "")).get(COOKIE), self.cookie
        ):
            await self.app(scope, receive, send)
            return
        if self._page_with_token(scope):
            await self.app(scope, receive, self._setting_cookie(scope, send))
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": "API token required"})
            return
        response = _error(
            401,
            "This server needs its API token: send 'Authorization: Bearer <token>' (the server's "
            "FACTBOT_API_TOKEN), or open the UI once as /?token=<token>.",
            "UnauthorizedError",
            {"WWW-Authenticate": "Bearer"},
        )
        await response(scope, receive, send)

    def _page_with_token(self, scope: Scope) -> bool:
        """A browser's GET of a page (`PAGES`) with the right `?token=`; the REST API never takes it."""
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or scope["path"] not in PAGES:
            return False
        values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [])
        return len(values) == 1 and _same(values[0], self.token)

    def _setting_cookie(self, scope: Scope, send: Send) -> Send:
        """`send`, adding the session cookie to the response's headers."""
        secure = "; Secure" if scope.get("scheme") == "https" else ""
        cookie = f"{COOKIE}={self.cookie.decode()}; Path=/; HttpOnly; SameSite=Strict{secure}".encode()

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", cookie)]}
            await send(message)

        return send_with_cookie


class BodyLimit:
    """ASGI middleware: 413 for a body over `max_bytes` on `paths` (the question and claim routes).

    The declared `Content-Length` is checked before anything is read; a body without one is read
    up to the limit only, then handed on.

    Args:
        app: the wrapped ASGI app.
        max_bytes: the largest body accepted.
        paths: the exact paths limited.
    """

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_QUERY_BODY_BYTES, paths: frozenset[str] = QUERY_PATHS):
        self.app, self.max_bytes, self.paths = app, max_bytes, paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse an oversized body, or pass the request on with its body replayed."""
        if scope["type"] != "http" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        too_large = _error(
            413,
            f"The request body is over the {self.max_bytes:,}-byte limit; questions and claims are short.",
            "TooLargeError",
        )
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await too_large(scope, receive, send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                await too_large(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()  # after the body: disconnect notices
            sent = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)
