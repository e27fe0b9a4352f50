"""Access control and request limits: factbot's real server (the web app factory, uvicorn on a free
loopback port) with FACTBOT_API_TOKEN and Slack's variables set, over a temporary index seeded with
the bundled article and real models; the REST API, the Gradio UI and its routes, /health and Slack's
signed endpoint, over real HTTP. Also where `factbot serve` listens, and its warning."""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import SEED_DEMAND, LiveServer, free_port

TOKEN = "factbot-test-token-7Qz2xWv9"
CHROMIUM = "/usr/bin/chromium"
SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
MAX_BYTES = 200_000  # sources.max_bytes of the server: uploads over it get 413
BEARER = {"Authorization": f"Bearer {TOKEN}"}


@dataclass
class Guarded:
    url: str
    bot: Any


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Guarded]:
    """The server, with FACTBOT_API_TOKEN read from the environment like every FACTBOT_* setting."""
    from factbot import FactBot
    from factbot.interfaces.web.app import create_app

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FACTBOT_API_TOKEN", TOKEN)
        mp.setenv("SLACK_SIGNING_SECRET", SLACK_SECRET)
        mp.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
        mp.setenv("SLACK_API_URL", f"http://127.0.0.1:{free_port()}/api/")  # never called in these tests
        bot = FactBot(
            index_dir=tmp_path_factory.mktemp("access") / "index", settings={"sources": {"max_bytes": MAX_BYTES}}
        )
        assert bot.settings.api_token is not None and bot.settings.api_token.get_secret_value() == TOKEN
        assert bot.seed() is not None
        app = create_app(bot)
    server = LiveServer(app)
    server.start()
    yield Guarded(server.url, bot)
    server.stop()
    bot.close()


@pytest.fixture
def client(guarded: Guarded) -> Iterator[httpx.Client]:
    """A client without credentials (and its own cookie jar)."""
    with httpx.Client(base_url=guarded.url, timeout=120) as c:
        yield c


def assert_refused(r: httpx.Response) -> None:
    """The token gate's 401: JSON `{"detail", "error"}` in the REST API's shape."""
    assert r.status_code == 401, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.headers["www-authenticate"] == "Bearer"
    body = r.json()
    assert body["error"] == "UnauthorizedError" and "FACTBOT_API_TOKEN" in body["detail"]
    assert TOKEN not in r.text


def document_count(client: httpx.Client) -> int:
    r = client.get("/api/documents", headers=BEARER)
    assert r.status_code == 200, r.text
    return len(r.json())


# --- REST API -------------------------------------------------------------------------------------
def test_health_stays_open(client: httpx.Client) -> None:
    r = client.get("/health")
    assert r.status_code == 200 and r.json()["status"] == "ok" and r.json()["documents"] == 1
    assert TOKEN not in r.text


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token-0123456789"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": f"Bearer {TOKEN[:-1]}"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": TOKEN},
        {"X-Api-Token": TOKEN},
    ],
    ids=["none", "wrong", "longer", "shorter", "basic", "no-scheme", "other-header"],
)
def test_api_without_the_right_token_is_401_and_changes_nothing(client: httpx.Client, headers: dict[str, str]) -> None:
    before = document_count(client)
    assert_refused(client.post("/api/ask", json={"question": "What did Stoltenberg demand?"}, headers=headers))
    assert_refused(client.post("/api/verify", json={"claim": "Borrell criticized the US."}, headers=headers))
    assert_refused(client.get("/api/documents", headers=headers))
    text = "The Zarnovian parliament approved a harbour budget of 12 million euros on Tuesday."
    assert_refused(client.post("/api/documents", json={"text": text, "title": "Zarnovia"}, headers=headers))
    files = [("files", ("zarnovia.txt", text.encode(), "text/plain"))]
    assert_refused(client.post("/api/documents", files=files, headers=headers))
    assert_refused(client.delete("/api/documents/anything", headers=headers))
    assert_refused(client.get("/openapi.json", headers=headers))
    assert_refused(client.get("/docs", headers=headers))
    assert document_count(client) == before == 1
    assert client.get("/health").json()["documents"] == 1


def test_api_never_takes_the_token_from_the_url(client: httpx.Client) -> None:
    assert_refused(client.post(f"/api/ask?token={TOKEN}", json={"question": "What did Stoltenberg demand?"}))
    assert_refused(client.get(f"/api/documents?token={TOKEN}"))
    assert "factbot_token" not in client.cookies


def test_right_token_gets_a_real_answer(client: httpx.Client) -> None:
    r = client.post("/api/ask", json={"question": "What did Stoltenberg demand?"}, headers=BEARER)
    assert r.status_code == 200, r.text
    answer = r.json()
    assert not answer["abstained"] and answer["citations"]
    assert any(SEED_DEMAND in c["quote"] for c in answer["citations"])
    r = client.post("/api/verify", json={"claim": "Borrell criticized the US response."}, headers=BEARER)
    assert r.status_code == 200, r.text
    assert r.json()["label"] in {"SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO", "CONFLICTING"}
    assert client.get("/docs", headers=BEARER).status_code == 200


def test_right_token_can_add_and_remove_a_document(client: httpx.Client) -> None:
    text = "The Zarnovian parliament approved a harbour budget of 12 million euros on Tuesday."
    r = client.post("/api/documents", json={"text": text, "title": "Zarnovia"}, headers=BEARER)
    assert r.status_code == 200, r.text
    (doc_id,) = r.json()["added"]
    assert document_count(client) == 2
    assert client.delete(f"/api/documents/{doc_id}", headers=BEARER).status_code == 200
    assert document_count(client) == 1


# --- Browser UI -----------------------------------------------------------------------------------
def test_ui_takes_the_token_once_then_the_cookie(client: httpx.Client) -> None:
    assert_refused(client.get("/"))
    assert_refused(client.get("/?token=wrong-token-0123456789"))
    assert_refused(client.get("/gradio_api/info"))
    assert_refused(client.get("/config"))
    assert_refused(client.post("/gradio_api/queue/join", json={}))
    assert_refused(client.get("/gradio_api/queue/data", params={"session_hash": "abc"}))
    assert_refused(client.post("/gradio_api/upload", files=[("files", ("a.txt", b"text", "text/plain"))]))
    assert_refused(client.post("/gradio_api/api/predict", json={"data": []}))
    assert not client.cookies

    page = client.get(f"/?token={TOKEN}")
    assert page.status_code == 200 and "<html" in page.text.lower()
    set_cookie = page.headers["set-cookie"]
    assert set_cookie.startswith("factbot_token=")
    attributes = {a.strip().lower() for a in set_cookie.split(";")[1:]}
    assert {"httponly", "samesite=strict", "path=/"} <= attributes
    assert TOKEN not in set_cookie  # the cookie carries a digest of the token, not the token
    assert "factbot_token" in client.cookies

    # From now on the cookie alone opens the page and Gradio's own routes, as the browser uses them.
    assert client.get("/").status_code == 200
    assert client.get("/config").status_code == 200
    assert client.get("/gradio_api/info").status_code == 200
    upload = client.post("/gradio_api/upload", files=[("files", ("claims.txt", b"A claim.\n", "text/plain"))])
    assert upload.status_code == 200, upload.text
    too_big = client.post("/gradio_api/upload", files=[("files", ("big.txt", b"x" * (MAX_BYTES + 1), "text/plain"))])
    assert too_big.status_code == 413, too_big.text

    # A forged cookie is no good.
    with httpx.Client(base_url=str(client.base_url), cookies={"factbot_token": "0" * 64}) as forged:
        assert_refused(forged.get("/"))
    with httpx.Client(base_url=str(client.base_url), cookies={"factbot_token": TOKEN}) as raw:
        assert_refused(raw.get("/"))


def test_bearer_token_opens_the_ui_without_a_cookie(client: httpx.Client) -> None:
    r = client.get("/", headers=BEARER)
    assert r.status_code == 200 and "set-cookie" not in r.headers
    assert client.get("/gradio_api/info", headers=BEARER).status_code == 200


def test_browser_opens_the_ui_with_the_token_once_and_chats(guarded: Guarded) -> None:
    """A real browser: `/?token=` once, then every request of the UI (assets, config, queue, stream) with
    the cookie alone; the chat answers and nothing is refused."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing; `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    refused: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.set_default_timeout(90_000)
        page.on("response", lambda r: refused.append(r.url) if r.status == 401 else None)
        page.goto(f"{guarded.url}/?token={TOKEN}", wait_until="domcontentloaded")
        box = page.locator("#fb-chat-input textarea")
        box.fill("What did Stoltenberg demand?")
        box.press("Enter")
        page.locator(".fb-quote", has_text="withdraw troops").first.wait_for()
        page.goto(f"{guarded.url}/", wait_until="domcontentloaded")  # the token is no longer in the URL
        page.locator("#fb-chat-input textarea").wait_for()
        cookies = page.context.cookies()
        browser.close()
    assert refused == []
    (cookie,) = [c for c in cookies if c["name"] == "factbot_token"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"


# --- Slack ----------------------------------------------------------------------------------------
def slack_post(url: str, body: dict[str, Any], secret: str = SLACK_SECRET) -> httpx.Response:
    """POST `body` to /slack/events signed the way Slack signs it (v0 HMAC-SHA256), without the API token."""
    from slack_sdk.signature import SignatureVerifier

    raw = json.dumps(body)
    ts = str(int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=raw)
    assert signature is not None
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}
    return httpx.post(url + "/slack/events", content=raw.encode(), headers=headers, timeout=30)


def test_slack_is_not_behind_the_token(guarded: Guarded) -> None:
    challenge = {"token": "legacy", "challenge": "c-123", "type": "url_verification"}
    r = slack_post(guarded.url, challenge)
    assert r.status_code == 200, r.text
    assert "c-123" in r.text
    # A bad signature is refused by Slack's own check (bolt's body), not by the token gate.
    bad = slack_post(guarded.url, challenge, secret="not-the-signing-secret")
    assert bad.status_code == 401
    assert bad.json() == {"error": "invalid request"}
    # Only the exact Slack paths are open: a look-alike path still needs the token.
    assert_refused(httpx.post(guarded.url + "/slack/events/", json={"question": "x"}))
    assert_refused(httpx.get(guarded.url + "/slack/anything"))


# --- Request size ---------------------------------------------------------------------------------
def test_oversized_question_or_claim_body_is_413(client: httpx.Client) -> None:
    from factbot.interfaces.web.access import MAX_QUERY_BODY_BYTES

    question = json.dumps({"question": "x" * MAX_QUERY_BODY_BYTES}).encode()
    claim = json.dumps({"claim": "x" * MAX_QUERY_BODY_BYTES}).encode()
    query = json.dumps({"query": "x" * MAX_QUERY_BODY_BYTES}).encode()
    json_type = {"Content-Type": "application/json"}
    for path, body in (("/api/ask", question), ("/api/verify", claim), ("/api/search", query)):
        r = client.post(path, content=body, headers=BEARER | json_type)  # Content-Length: refused unread
        assert r.status_code == 413, r.text
        assert r.json()["error"] == "TooLargeError" and f"{MAX_QUERY_BODY_BYTES:,}" in r.json()["detail"]
        chunked = client.post(path, content=iter([body[:500_000], body[500_000:]]), headers=BEARER | json_type)
        assert chunked.status_code == 413, chunked.text  # no Content-Length: refused once over the limit
        assert_refused(client.post(path, content=body, headers=json_type))  # strangers learn nothing more
    # Just under the limit, the body goes through to the usual checks (a question over 2,000 characters: 422).
    r = client.post("/api/ask", json={"question": "x" * 5000}, headers=BEARER)
    assert r.status_code == 422, r.text
    chunked_ok = client.post(
        "/api/ask",
        content=iter([b'{"question": "What did ', b'Stoltenberg demand?"}']),
        headers=BEARER | json_type,
    )
    assert chunked_ok.status_code == 200, chunked_ok.text


def test_upload_and_text_over_max_bytes_are_413(client: httpx.Client) -> None:
    big = [("files", ("big.txt", b"word " * (MAX_BYTES // 5 + 1), "text/plain"))]
    assert client.post("/api/documents", files=big, headers=BEARER).status_code == 413
    r = client.post("/api/documents", json={"text": "word " * (MAX_BYTES // 5 + 1)}, headers=BEARER)
    assert r.status_code == 413 and r.json()["error"] == "TooLargeError"
    assert document_count(client) == 1


# --- Settings and binding -------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["short", "has spaces in the token 1234", "ünïcödé-token-0123456789"])
def test_weak_token_is_refused(value: str) -> None:
    from factbot.config import get_settings
    from factbot.errors import ConfigError

    with pytest.raises(ConfigError, match="api_token"):
        get_settings({"api_token": value})


def test_empty_token_means_none(monkeypatch: pytest.MonkeyPatch) -> None:
    from factbot.config import Settings

    monkeypatch.setenv("FACTBOT_API_TOKEN", "")
    assert Settings().api_token is None


@pytest.mark.parametrize(
    ("host", "token", "bound", "warns"),
    [
        (None, None, "127.0.0.1", False),
        (None, TOKEN, "127.0.0.1", False),
        ("127.0.0.1", None, "127.0.0.1", False),
        ("127.0.0.2", None, "127.0.0.2", False),
        ("::1", None, "::1", False),
        ("localhost", None, "localhost", False),
        ("0.0.0.0", None, "0.0.0.0", True),
        ("::", None, "::", True),
        ("192.168.1.20", None, "192.168.1.20", True),
        ("factbot.example.com", None, "factbot.example.com", True),
        ("0.0.0.0", TOKEN, "0.0.0.0", False),
    ],
)
def test_resolve_bind(host: str | None, token: str | None, bound: str, warns: bool) -> None:
    from factbot.interfaces.web.app import resolve_bind

    got, warning = resolve_bind(host, token)
    assert got == bound
    assert (warning is not None) == warns
    if warning:
        assert "without a token" in warning and "FACTBOT_API_TOKEN" in warning


def _serve_on_busy_port(
    args: list[str], index_dir: Path, caplog: pytest.LogCaptureFixture
) -> tuple[int, str, list[logging.LogRecord]]:
    """Run `factbot serve` on a port already taken on loopback, so it stops right after choosing its address."""
    from click.testing import CliRunner

    from factbot.interfaces.cli import main

    with socket.socket() as busy, caplog.at_level(logging.WARNING, logger="factbot"):
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--index", str(index_dir), "--port", str(port), *args])
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "without a token" in r.getMessage()]
    return result.exit_code, result.output, warnings


def test_serve_listens_on_loopback_by_default(index_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    code, output, warnings = _serve_on_busy_port([], index_dir, caplog)
    assert code == 1 and "Cannot listen on 127.0.0.1:" in output
    assert not warnings


def test_serve_on_all_addresses_without_token_warns(index_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    code, output, warnings = _serve_on_busy_port(["--host", "0.0.0.0"], index_dir, caplog)
    assert code == 1 and "Cannot listen on 0.0.0.0:" in output  # the wildcard clashes with the busy loopback port
    assert len(warnings) == 1 and "0.0.0.0" in warnings[0].getMessage()


def test_serve_on_all_addresses_with_token_does_not_warn(
    index_dir: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTBOT_API_TOKEN", TOKEN)
    code, output, warnings = _serve_on_busy_port(["--host", "0.0.0.0"], index_dir, caplog)
    assert code == 1 and "Cannot listen on 0.0.0.0:" in output
    assert not warnings
