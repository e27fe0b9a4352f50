"""Slack interface: factbot's real server (the web app factory, uvicorn on a free loopback port) over
a temporary index seeded with the bundled article, real models and embedded Chroma; requests signed
like Slack's (v0 HMAC-SHA256), and a fake Slack Web API (a local HTTP server answering `auth.test`
and recording `chat.postMessage` and `response_url` posts)."""

from __future__ import annotations

import http.server
import itertools
import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode

import httpx
import pytest

from conftest import SEED_DEMAND, LiveServer

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_USER, BOT_ID = "UFACTBOT", "BFACTBOT"
SEED_TITLE = "US delivers written response to Russia"
LABELS = {"SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO", "CONFLICTING"}
REPLY_TIMEOUT_S = 300  # a claim check on a busy 2-core machine can take a while
_ts = itertools.count(1)


NOT_IN_CHANNEL = "C0ELSEWHERE"  # the fake Slack refuses factbot's posts to this channel


def next_ts() -> str:
    """A fresh Slack message timestamp (also used as a unique id per test)."""
    return f"{int(time.time())}.{next(_ts):06d}"


class FakeSlack:
    """Slack's Web API on loopback: answers `auth.test`, records `chat.postMessage` calls and posts
    to `/response/...` (the slash commands' response_url)."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    body = json.loads(raw or "{}")
                else:
                    body = {k: v[0] for k, v in parse_qs(raw).items()}
                if self.path == "/api/auth.test":
                    out: Any = {"ok": True, "team_id": "T0TEST", "team": "Test", "user": "factbot"}
                    out |= {"user_id": BOT_USER, "bot_id": BOT_ID, "url": "https://test.slack.com/"}
                elif self.path == "/api/chat.postMessage" and body.get("channel") == NOT_IN_CHANNEL:
                    out = {"ok": False, "error": "not_in_channel"}
                elif self.path == "/api/chat.postMessage":
                    fake.record({"method": "chat.postMessage", **body})
                    out = {"ok": True, "channel": body.get("channel"), "ts": next_ts()}
                elif self.path.startswith("/response/"):
                    fake.record({"method": "response_url", "path": self.path, **body})
                    out = "ok"
                else:
                    out = {"ok": False, "error": "unknown_method"}
                data = (out if isinstance(out, str) else json.dumps(out)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json" if isinstance(out, dict) else "text/plain")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def record(self, post: dict[str, Any]) -> None:
        with self.lock:
            self.posts.append(post)

    def matching(self, pred: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
        with self.lock:
            return [p for p in self.posts if pred(p)]

    def wait_for(self, pred: Callable[[dict[str, Any]], bool], timeout_s: float = REPLY_TIMEOUT_S) -> dict[str, Any]:
        """The first recorded post matching `pred` (waits for it)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if found := self.matching(pred):
                return found[0]
            time.sleep(0.1)
        raise AssertionError(f"no matching post within {timeout_s} s; posts: {self.posts}")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Live:
    url: str
    bot: Any
    slack: FakeSlack

    def post(
        self,
        path: str,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str = SECRET,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """POST `body` to the server, signed the way Slack signs (SignatureVerifier's v0 HMAC)."""
        from slack_sdk.signature import SignatureVerifier

        ts = str(int(time.time()) if timestamp is None else timestamp)
        signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
        assert signature is not None
        sent = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}
        return httpx.post(self.url + path, content=body.encode(), headers=sent | (headers or {}), timeout=30)

    def event(self, event: dict[str, Any], event_id: str, **kwargs: Any) -> httpx.Response:
        body = {
            "token": "legacy",
            "team_id": "T0TEST",
            "api_app_id": "A0TEST",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
        }
        return self.post("/slack/events", json.dumps(body), "application/json", **kwargs)

    def command(self, command: str, text: str, response_path: str, **kwargs: Any) -> httpx.Response:
        form = {
            "token": "legacy",
            "team_id": "T0TEST",
            "channel_id": "C0NEWS",
            "user_id": "U0HUMAN",
            "command": command,
            "text": text,
            "response_url": self.slack.url + response_path,
            "trigger_id": "1.2.3",
            "api_app_id": "A0TEST",
        }
        return self.post("/slack/commands", urlencode(form), "application/x-www-form-urlencoded", **kwargs)

    def message_shortcut(self, text: str, ts: str, channel: str = "C0NEWS", **kwargs: Any) -> httpx.Response:
        """The "Fact-check this message" shortcut used on a message (Slack's `message_action` payload)."""
        payload = {
            "type": "message_action",
            "token": "legacy",
            "action_ts": next_ts(),
            "team": {"id": "T0TEST", "domain": "test"},
            "user": {"id": "U0HUMAN", "name": "human"},
            "channel": {"id": channel, "name": "news"},
            "callback_id": "fact_check_message",
            "trigger_id": "1.2.3",
            "message_ts": ts,
            "message": {"type": "message", "user": "U0OTHER", "ts": ts, "text": text},
            "response_url": self.slack.url + f"/response/shortcut-{ts}",
        }
        body = urlencode({"payload": json.dumps(payload)})
        return self.post("/slack/interactions", body, "application/x-www-form-urlencoded", **kwargs)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The server (built by the web app factory, the bot's settings read with SLACK_* set) and the fake
    Slack API."""
    from factbot import FactBot
    from factbot.interfaces.web.app import create_app

    slack = FakeSlack()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SLACK_SIGNING_SECRET", SECRET)
        mp.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
        mp.setenv("SLACK_API_URL", slack.url + "/api/")
        bot = FactBot(index_dir=tmp_path_factory.mktemp("slack") / "index")
    assert bot.seed() is not None
    app = create_app(bot, ui=False)
    server = LiveServer(app)
    server.start()
    yield Live(server.url, bot, slack)
    server.stop()
    slack.close()
    bot.close()


def mention(text: str, ts: str, channel: str = "C0NEWS", **extra: Any) -> dict[str, Any]:
    return {
        "type": "app_mention",
        "user": "U0HUMAN",
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    } | extra


def dm(text: str, ts: str, channel: str, **extra: Any) -> dict[str, Any]:
    event = {"type": "message", "channel_type": "im", "user": "U0HUMAN", "text": text, "ts": ts, "channel": channel}
    return event | {"event_ts": ts} | extra


def in_thread(ts: str) -> Callable[[dict[str, Any]], bool]:
    return lambda p: p["method"] == "chat.postMessage" and p.get("thread_ts") == ts


def all_text(post: dict[str, Any]) -> str:
    """Every text of a message (blocks and fallback) as one string."""
    return json.dumps({"blocks": post.get("blocks"), "text": post.get("text")}, ensure_ascii=False)


def verdict_label(post: dict[str, Any]) -> str:
    block = post["blocks"][0]
    assert block["block_id"] == "verdict", post
    match = re.search(r"\*([A-Z_]+)\*", block["text"]["text"])
    assert match, block
    return match.group(1)


def test_url_verification_challenge(live: Live) -> None:
    body = json.dumps(
        {
            "token": "legacy",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    )
    r = live.post("/slack/events", body, "application/json")
    assert r.status_code == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in r.text


def test_mention_gets_one_threaded_reply_citing_the_seed_article(live: Live) -> None:
    ts = next_ts()
    started = time.monotonic()
    r = live.event(mention(f"<@{BOT_USER}> What did Stoltenberg demand?", ts), f"Ev{ts}")
    assert r.status_code == 200 and time.monotonic() - started < 3
    reply = live.slack.wait_for(in_thread(ts))
    assert reply["channel"] == "C0NEWS"
    assert reply["blocks"][0]["block_id"] == "answer" and "[1]" in reply["blocks"][0]["text"]["text"]
    sources = [b for b in reply["blocks"] if b["type"] == "context" and "*[1]*" in b["elements"][0]["text"]]
    assert sources and SEED_TITLE in sources[0]["elements"][0]["text"]
    assert SEED_DEMAND in all_text(reply)
    time.sleep(1.0)
    assert len(live.slack.matching(in_thread(ts))) == 1


def test_retried_event_gets_one_reply(live: Live) -> None:
    ts = next_ts()
    event, event_id = mention(f"<@{BOT_USER}> What did Blinken say?", ts), f"Ev{ts}"
    for retry in (None, "1", "2"):
        headers = {"X-Slack-Retry-Num": retry, "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        assert live.event(event, event_id, headers=headers).status_code == 200
    live.slack.wait_for(in_thread(ts))
    time.sleep(2.0)
    assert len(live.slack.matching(in_thread(ts))) == 1


def test_bad_signature_and_stale_timestamp_are_refused(live: Live) -> None:
    ts = next_ts()
    event, event_id = mention(f"<@{BOT_USER}> What did Stoltenberg demand?", ts), f"Ev{ts}"
    assert live.event(event, event_id, secret="not-the-signing-secret").status_code == 401
    assert live.event(event, event_id, timestamp=int(time.time()) - 600).status_code == 401
    claim = "Borrell criticized the US response."
    assert live.command("/factcheck", claim, f"/response/{ts}", secret="not-the-signing-secret").status_code == 401
    time.sleep(1.0)
    assert live.slack.matching(in_thread(ts)) == [] and live.slack.matching(lambda p: ts in p.get("path", "")) == []
    # Refused requests left no trace: the genuine delivery of the same event is answered, once.
    assert live.event(event, event_id).status_code == 200
    live.slack.wait_for(in_thread(ts))
    time.sleep(0.5)
    assert len(live.slack.matching(in_thread(ts))) == 1


def test_bot_messages_are_ignored_and_a_dm_statement_is_checked(live: Live) -> None:
    channel = "D0BOTS"
    ignored = [
        dm("What did Stoltenberg demand?", next_ts(), channel, user=BOT_USER, bot_id=BOT_ID),  # our own
        dm("What did Stoltenberg demand?", next_ts(), channel, subtype="bot_message", bot_id="B0OTHER"),
        mention(f"<@{BOT_USER}> What did Stoltenberg demand?", next_ts(), channel, bot_id="B0OTHER"),
    ]
    for event in ignored:
        assert live.event(event, f"Ev{event['ts']}").status_code == 200
    # A person's DM afterwards is answered; by then the bots' messages would have been, too.
    control = dm("Borrell criticized the US response.", next_ts(), channel)
    assert live.event(control, f"Ev{control['ts']}").status_code == 200
    reply = live.slack.wait_for(lambda p: p.get("channel") == channel)
    assert verdict_label(reply) in LABELS
    time.sleep(1.0)
    assert len(live.slack.matching(lambda p: p.get("channel") == channel)) == 1


@pytest.fixture(scope="module")
def factcheck(live: Live) -> tuple[httpx.Response, float, dict[str, Any]]:
    """`/factcheck Borrell criticized the US response.`: the HTTP ack, its time, and the response_url post."""
    started = time.monotonic()
    r = live.command("/factcheck", "Borrell criticized the US response.", "/response/factcheck")
    elapsed = time.monotonic() - started
    post = live.slack.wait_for(lambda p: p.get("path") == "/response/factcheck")
    return r, elapsed, post


def test_factcheck_acks_within_3_s_then_posts_a_verdict(factcheck: tuple[httpx.Response, float, dict]) -> None:
    r, elapsed, post = factcheck
    assert r.status_code == 200 and elapsed < 3, (r.status_code, elapsed)
    assert verdict_label(post) in LABELS
    assert post["response_type"] == "in_channel"
    evidence = [b for b in post["blocks"] if b["type"] == "context" and "*[1]*" in b["elements"][0]["text"]]
    assert evidence and SEED_TITLE in evidence[0]["elements"][0]["text"]


def test_feedback_buttons_record_feedback(live: Live, factcheck: tuple[httpx.Response, float, dict]) -> None:
    post = factcheck[2]
    [buttons] = [b for b in post["blocks"] if b.get("block_id") == "feedback"]
    wrong = [e for e in buttons["elements"] if e["action_id"] == "feedback_wrong"][0]
    assert live.bot.records.get(wrong["value"])["claim"] == "Borrell criticized the US response."
    before = len(list(live.bot.records.feedback()))
    payload = {
        "type": "block_actions",
        "token": "legacy",
        "team": {"id": "T0TEST", "domain": "test"},
        "user": {"id": "U0HUMAN", "name": "human"},
        "api_app_id": "A0TEST",
        "trigger_id": "1.2.3",
        "container": {"type": "message", "message_ts": "1.1", "channel_id": "C0NEWS"},
        "channel": {"id": "C0NEWS", "name": "news"},
        "response_url": live.slack.url + "/response/feedback",
        "actions": [{**wrong, "block_id": "feedback", "type": "button", "action_ts": "1.2"}],
    }
    r = live.post(
        "/slack/interactions", urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
    )
    assert r.status_code == 200
    thanks = live.slack.wait_for(lambda p: p.get("path") == "/response/feedback")
    assert "marked wrong" in thanks["text"] and thanks["response_type"] == "ephemeral"
    rows = list(live.bot.records.feedback())[before:]
    assert [(row["id"], row["rating"]) for row in rows] == [(wrong["value"], "wrong")]


def test_factcheck_borrell_is_refuted(factcheck: tuple[httpx.Response, float, dict]) -> None:
    """Needs the retrained verifier (factbot/models/verifier/model.onnx)."""
    assert verdict_label(factcheck[2]) == "REFUTED"


def test_ask_command_posts_a_cited_answer(live: Live) -> None:
    r = live.command("/factbot", "What did Stoltenberg demand?", "/response/ask")
    assert r.status_code == 200
    post = live.slack.wait_for(lambda p: p.get("path") == "/response/ask")
    assert post["blocks"][0]["block_id"] == "answer" and SEED_DEMAND in all_text(post)


def test_article_text_cannot_ping_or_inject_links(live: Live) -> None:
    live.bot.ingest_text(
        "The Zarnovian harbour board warned <!channel> that the quay budget rose to 12 million euros on Tuesday. "
        "Readers can visit <http://evil|click> for the full harbour plan & more details.",
        title="Harbour news <!channel> <http://evil|click>",
        source="desk://zarnovia",
    )
    ts = next_ts()
    question = f"<@{BOT_USER}> What did the Zarnovian harbour board warn about the quay budget?"
    assert live.event(mention(question, ts), f"Ev{ts}").status_code == 200
    raw = all_text(live.slack.wait_for(in_thread(ts)))
    assert "Zarnovian" in raw
    assert "<!channel>" not in raw and "<http://evil" not in raw
    assert "&lt;!channel&gt;" in raw and "&lt;http://evil|click&gt;" in raw


SPEECH = (
    "Thank you all for coming. Russia has massed more than 10,000 troops near Ukraine's borders. "
    "NATO Secretary General Jens Stoltenberg demanded that Moscow withdraw troops from Ukraine. I think that is fair."
)


def test_message_shortcut_replies_in_thread_with_the_unsupported_claims(live: Live) -> None:
    ts = next_ts()
    r = live.message_shortcut(SPEECH, ts)
    assert r.status_code == 200
    post = live.slack.wait_for(in_thread(ts))
    assert post["blocks"][0]["block_id"] == "report"
    assert "2 claims checked" in post["blocks"][0]["text"]["text"]
    listed = {b["block_id"]: b["text"]["text"] for b in post["blocks"] if b.get("block_id", "").startswith("claim-")}
    assert any("10,000 troops" in t for t in listed.values())  # the false claim is listed: not supported
    assert all("*SUPPORTED*" not in t for t in listed.values())  # only what the sources do not support
    assert live.bot.counts()[0] >= 1 and not live.slack.matching(lambda p: p.get("path") == f"/response/shortcut-{ts}")


def test_message_shortcut_answers_ephemerally_where_factbot_cannot_post(live: Live) -> None:
    ts = next_ts()
    assert live.message_shortcut("Thanks, everyone!", ts, channel=NOT_IN_CHANNEL).status_code == 200
    post = live.slack.wait_for(lambda p: p.get("path") == f"/response/shortcut-{ts}")
    assert post["response_type"] == "ephemeral" and "No check-worthy claims" in all_text(post)


# --- without a server ---------------------------------------------------------------------------


def test_blocks_stay_within_slack_limits() -> None:
    from factbot.interfaces.slack.blocks import MAX_BLOCKS, MAX_TEXT_CHARS, answer_message
    from factbot.types import Answer, Citation

    text = "Tom & Jerry <said> " * 400
    cites = [Citation(n, f"d{n}", "T & <t>", "desk://x", "q <&> " * 300, 0, 10, 0.5) for n in range(1, 81)]
    blocks, fallback = answer_message(Answer("q", text, citations=cites), {"d1": "https://e.org/a|b c>d"})
    assert len(blocks) <= MAX_BLOCKS
    texts = [b["text"]["text"] for b in blocks if "text" in b] + [
        e["text"] for b in blocks for e in b.get("elements", [])
    ]
    for t in [*texts, fallback]:
        assert len(t) <= MAX_TEXT_CHARS
        assert not re.search(r"&(?!amp;|lt;|gt;)", t), t  # every & starts an entity: none was cut
    assert any("<https://e.org/a%7Cb%20c%3Ed|T &amp; &lt;t&gt;>" in t for t in texts)


def test_slack_is_off_without_credentials(bot: Any, caplog: pytest.LogCaptureFixture) -> None:
    from fastapi import FastAPI

    from factbot.config import SlackSettings
    from factbot.interfaces.slack.http import mount_slack

    app = FastAPI()
    with caplog.at_level("INFO", logger="factbot.interfaces.slack.http"):
        assert mount_slack(app, bot, SlackSettings()) is False
    assert [r.getMessage() for r in caplog.records if r.name == "factbot.interfaces.slack.http"][0].startswith(
        "Slack is off"
    )
    assert not [r for r in app.routes if getattr(r, "path", "").startswith("/slack")]


def test_empty_index_gets_a_friendly_reply(bot: Any) -> None:
    from factbot.interfaces.slack.app import reply_for

    blocks, _ = reply_for(bot, "What did Stoltenberg demand?")
    assert blocks[0]["block_id"] == "notice" and "factbot ingest" in blocks[0]["text"]["text"]


def test_socket_mode_needs_the_app_token(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from factbot.interfaces.cli import main

    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    monkeypatch.delenv("FACTBOT_SLACK__APP_TOKEN", raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    result = CliRunner().invoke(main, ["slack", "--socket"])
    assert result.exit_code == 1 and "SLACK_APP_TOKEN" in result.output


_SOCKET_MODE_IMPORTS = """
import sys
import factbot.interfaces.slack.app
assert "fastapi" not in sys.modules and "starlette" not in sys.modules
from factbot.config import SlackSettings
from factbot.interfaces.slack.app import build_app
from slack_bolt.adapter.socket_mode import SocketModeHandler
SocketModeHandler(build_app(None, SlackSettings(bot_token="xoxb-test"), socket_mode=True), "xapp-test")
print(sorted(m for m in sys.modules if m.split(".")[0] in {"fastapi", "starlette", "gradio", "uvicorn"}))
"""


def test_socket_mode_does_not_load_the_web_stack() -> None:
    """The bolt app, its listeners and the Socket Mode handler import no fastapi / starlette (a fresh
    process): `factbot slack --socket` does not load the web stack."""
    result = subprocess.run([sys.executable, "-c", _SOCKET_MODE_IMPORTS], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"


def _settings(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> Any:
    """`Settings` read from an environment holding only these Slack variables."""
    from factbot.config import SLACK_ENV_NAMES, get_settings

    for name in [*SLACK_ENV_NAMES.values(), *(f"FACTBOT_SLACK__{key.upper()}" for key in SLACK_ENV_NAMES)]:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return get_settings()


def test_slack_settings_come_from_factbot_and_slack_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    """`FACTBOT_SLACK__*` (pydantic-settings' nested names) and Slack's own `SLACK_*` names both work; the
    `FACTBOT_` one wins; an empty value is unset; secrets stay hidden in reprs."""
    import pydantic

    slack = _settings(monkeypatch, {}).slack
    assert (slack.signing_secret, slack.bot_token, slack.app_token) == (None, None, None)
    assert slack.api_url == "https://slack.com/api/" and not slack.http_enabled

    legacy = {"SLACK_SIGNING_SECRET": SECRET, "SLACK_BOT_TOKEN": "xoxb-old", "SLACK_API_URL": "http://127.0.0.1:9/api/"}
    slack = _settings(monkeypatch, legacy).slack
    assert slack.signing_secret.get_secret_value() == SECRET and slack.bot_token.get_secret_value() == "xoxb-old"
    assert slack.api_url == "http://127.0.0.1:9/api/" and slack.http_enabled and slack.app_token is None
    assert "xoxb-old" not in repr(slack) and SECRET not in repr(slack)

    both = legacy | {"FACTBOT_SLACK__BOT_TOKEN": "xoxb-new", "FACTBOT_SLACK__APP_TOKEN": "xapp-new"}
    slack = _settings(monkeypatch, both).slack
    assert slack.bot_token.get_secret_value() == "xoxb-new" and slack.app_token.get_secret_value() == "xapp-new"
    assert slack.signing_secret.get_secret_value() == SECRET  # the one not given as FACTBOT_SLACK__ still counts
    slack.require_socket_mode()

    slack = _settings(monkeypatch, {"SLACK_BOT_TOKEN": "", "FACTBOT_SLACK__SIGNING_SECRET": ""}).slack
    assert slack.bot_token is None and slack.signing_secret is None
    with pytest.raises(pydantic.ValidationError):
        slack.bot_token = pydantic.SecretStr("x")  # type: ignore[misc] - frozen, like every section


def test_slash_command_names_are_settings_and_the_manifest_follows_them(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from factbot.config import SlackSettings
    from factbot.interfaces.cli import main
    from factbot.interfaces.slack.app import manifest

    default = manifest(SlackSettings(), "https://news.example.org/")
    assert "command: /factbot" in default and "command: /factcheck" in default and "/ask" not in default
    assert "https://news.example.org/slack/interactions" in default and "factbot.example.com" not in default
    monkeypatch.setenv("FACTBOT_SLACK__ASK_COMMAND", "/newsdesk")
    run = CliRunner().invoke(main, ["slack", "--manifest", "https://news.example.org"])
    assert run.exit_code == 0 and "command: /newsdesk" in run.output and "command: /factcheck" in run.output
    for bad in ("ask", "/Ask", "/" + "x" * 40):
        with pytest.raises(ValueError, match="ask_command"):
            SlackSettings(ask_command=bad)
    with pytest.raises(ValueError, match="both '/factcheck'"):
        SlackSettings(ask_command="/factcheck")


def test_socket_mode_names_each_missing_token() -> None:
    import pydantic

    from factbot.config import SlackSettings
    from factbot.errors import ConfigError

    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN and SLACK_BOT_TOKEN"):
        SlackSettings().require_socket_mode()
    with pytest.raises(ConfigError, match="needs SLACK_BOT_TOKEN:"):
        SlackSettings(app_token="xapp-x").require_socket_mode()
    with pytest.raises(pydantic.ValidationError):
        SlackSettings(bot_tokn="xoxb-typo")  # type: ignore[call-arg] - extra="forbid"
