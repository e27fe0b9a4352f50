"""Web interface: the real server (uvicorn on a free loopback port) over a temporary index seeded
with the bundled article, real models and embedded Chroma; the REST API over HTTP, and the Gradio
UI in a real browser (Playwright driving Debian's Chromium)."""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import SEED_DEMAND, LiveServer, LocalSite

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_OFFLINE"] = "1"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LABELS = {"SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO", "CONFLICTING"}
BADGE_TEXTS = {"SUPPORTED", "REFUTED", "NOT ENOUGH INFO", "CONFLICTING"}
SEED_TITLE = "US delivers written response to Russia"
MAX_BYTES = 200_000
XSS_TITLE = "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2; alert('xss')\">"
XSS_TEXT = (
    "The Zarnovian parliament approved a harbour budget of 12 million euros on Tuesday. "
    "Officials said the <b>new</b> quay would open next spring. <img src=x onerror=alert(2)>"
)
# Where the chat screenshot goes (README's docs/web-chat.png); read now: an autouse fixture clears FACTBOT_*.
SCREENSHOT_DIR = os.environ.get("FACTBOT_SCREENSHOT_DIR", "")
BATCH_HEADERS = ["claim", "verdict", "confidence", "evidence", "stance", "source"]
UI_TIMEOUT_MS = 90_000  # a claim check on a busy 2-core machine can take a while


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The live server's base URL; its index holds the bundled article."""
    from factbot import FactBot
    from factbot.interfaces.web.app import create_app

    index = tmp_path_factory.mktemp("web") / "index"
    bot = FactBot(index_dir=index, settings={"sources": {"max_bytes": MAX_BYTES, "allow_private_urls": True}})
    assert bot.seed() is not None
    srv = LiveServer(create_app(bot))
    srv.start()
    yield srv.url
    srv.stop()
    bot.close()


@pytest.fixture
def api(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=120) as client:
        yield client


def _text(api: httpx.Client, doc_id: str) -> str:
    r = api.get(f"/api/documents/{doc_id}")
    assert r.status_code == 200, r.text
    return str(r.json()["text"])


def _assert_json_error(r: httpx.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert "Traceback" not in r.text
    body: dict[str, Any] = r.json()
    assert body["detail"]
    return body


# --- REST ---------------------------------------------------------------------------------------
def test_health_and_docs(api: httpx.Client) -> None:
    health = api.get("/health").json()
    assert health["status"] == "ok" and health["documents"] >= 1
    docs = api.get("/docs")
    assert docs.status_code == 200 and "/static-offline-docs/swagger-ui-bundle.js" in docs.text
    assert api.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
    schema = api.get("/openapi.json").json()
    paths = schema["paths"]
    assert {"/api/ask", "/api/search", "/api/verify", "/api/documents", "/api/documents/{doc_id}", "/health"} <= set(
        paths
    )

    # Typed responses: what ask, verify and documents return, and every error status with its JSON shape.
    def returned(path: str, method: str, status: str = "200") -> str:
        content = paths[path][method]["responses"][status]["content"]["application/json"]["schema"]
        return json.dumps(content)

    assert "#/components/schemas/Answer" in returned("/api/ask", "post")
    assert "#/components/schemas/Verdict" in returned("/api/verify", "post")
    assert "#/components/schemas/DocumentRecord" in returned("/api/documents", "get")
    assert "#/components/schemas/DocumentWithText" in returned("/api/documents/{doc_id}", "get")
    for status in ("401", "404", "409", "413", "422"):
        assert "#/components/schemas/ErrorBody" in returned("/api/verify", "post", status)
    verdict = schema["components"]["schemas"]["Verdict"]["properties"]
    assert {"label", "confidence", "evidence", "subclaims", "notes", "asked"} <= set(verdict)


def test_ask_cites_exact_document_text(api: httpx.Client) -> None:
    r = api.post("/api/ask", json={"question": "What did Stoltenberg demand?"})
    assert r.status_code == 200, r.text
    answer = r.json()
    assert not answer["abstained"] and answer["citations"]
    for c in answer["citations"]:
        assert _text(api, c["doc_id"])[c["start"] : c["end"]] == c["quote"]
        assert f"[{c['n']}]" in answer["text"]
    assert any(SEED_DEMAND in c["quote"] for c in answer["citations"])


def test_search_returns_passages_at_their_offsets(api: httpx.Client) -> None:
    r = api.post("/api/search", json={"query": "What did Stoltenberg demand?", "k": 2})
    assert r.status_code == 200, r.text
    hits = r.json()
    assert len(hits) == 2 and SEED_DEMAND in hits[0]["text"]
    for h in hits:
        assert _text(api, h["doc_id"])[h["start"] : h["end"]] == h["text"]
    _assert_json_error(api.post("/api/search", json={"query": "   "}), 422)
    _assert_json_error(api.post("/api/search", json={"query": "x", "k": 51}), 422)


def test_verify_gives_a_label_with_evidence(api: httpx.Client) -> None:
    r = api.post("/api/verify", json={"claim": "Borrell criticized the US response."})
    assert r.status_code == 200, r.text
    verdict = r.json()
    assert verdict["label"] in LABELS and 0.0 <= verdict["confidence"] <= 1.0
    assert verdict["evidence"]
    for e in verdict["evidence"]:
        assert e["stance"] in {"supports", "contradicts", "neutral"}
        assert _text(api, e["doc_id"])[e["start"] : e["end"]] == e["quote"]


def test_borrell_claim_is_refuted_by_trained_verifier(api: httpx.Client) -> None:
    """Needs the trained verifier model (factbot/models/verifier): the article says Borrell welcomed it."""
    verdict = api.post("/api/verify", json={"claim": "Borrell criticized the US response."}).json()
    assert verdict["label"] == "REFUTED"
    assert any(e["stance"] == "contradicts" and "Borrell" in e["quote"] for e in verdict["evidence"])


def test_documents_add_list_delete(api: httpx.Client, site: LocalSite) -> None:
    text = "The Lindqvist ferry line doubled its winter timetable, the port authority said on Monday."
    body = {"text": text, "title": "Ferry timetable", "source": "desk://ferry"}
    added = api.post("/api/documents", json=body)
    assert added.status_code == 200, added.text
    (doc_id,) = added.json()["added"]
    listed = {d["doc_id"]: d for d in api.get("/api/documents").json()}
    assert listed[doc_id]["title"] == "Ferry timetable"
    assert api.post("/api/documents", json=body).json()["unchanged"] == [doc_id]

    files = [
        ("files", ("orchard.txt", b"Apple growers in the valley reported a record harvest this autumn.", "text/plain")),
        ("files", ("tool.exe", b"MZ\x00\x00", "application/octet-stream")),
    ]
    uploaded = api.post("/api/documents", files=files).json()
    assert len(uploaded["added"]) == 1
    assert [f["source"] for f in uploaded["failed"]] == ["tool.exe"]
    assert "unsupported type" in uploaded["failed"][0]["reason"]

    page = b"<html><head><title>Glacier study</title></head><body><article><p>" + b"Glaciers in the northern "
    page += b"range lost a tenth of their mass in a decade, a new study found. " * 3 + b"</p></article></body></html>"
    fetched = api.post("/api/documents", json={"url": site.route("/glacier.html", page)})
    assert fetched.status_code == 200, fetched.text
    assert len(fetched.json()["added"]) == 1

    removed = api.delete(f"/api/documents/{doc_id}")
    assert removed.status_code == 200 and removed.json()["doc_id"] == doc_id
    assert doc_id not in {d["doc_id"] for d in api.get("/api/documents").json()}
    _assert_json_error(api.delete(f"/api/documents/{doc_id}"), 404)


def test_errors_are_json_with_the_right_status(api: httpx.Client) -> None:
    missing = _assert_json_error(api.post("/api/ask", json={"k": 3}), 422)  # no question
    assert missing["error"] == "ValidationError" and "question: Field required" in missing["detail"]
    assert missing["errors"][0]["loc"] == ["body", "question"]  # the field list, for programs
    for method, path, allow in (("get", "/api/ask", "POST"), ("put", "/api/verify", "POST")):
        wrong = _assert_json_error(api.request(method.upper(), path), 405)
        assert wrong["error"] == "MethodNotAllowed" and allow in wrong["detail"]
    assert api.get("/api/ask").headers["allow"] == "POST"
    assert api.post("/api/documents/no-such-doc").status_code == 405  # GET and DELETE only
    _assert_json_error(api.post("/api/ask", json={"question": "What?", "k": 0}), 422)
    _assert_json_error(api.post("/api/ask", json={"question": "   "}), 422)
    _assert_json_error(api.post("/api/verify", json={"claim": ""}), 422)
    _assert_json_error(api.post("/api/ask", json={"question": "x", "filters": {"colour": "red"}}), 422)
    bad_date = _assert_json_error(api.post("/api/ask", json={"question": "x", "as_of": "soon"}), 422)
    assert "not a date" in bad_date["detail"]
    bad_date = _assert_json_error(api.post("/api/verify", json={"claim": "x happened", "as_of": "soon"}), 422)
    assert "not a date" in bad_date["detail"]
    bad_json = api.post("/api/documents", content=b"{not json", headers={"content-type": "application/json"})
    _assert_json_error(bad_json, 422)
    _assert_json_error(api.post("/api/documents", json={"url": "/etc/passwd"}), 422)
    _assert_json_error(api.post("/api/documents", files=[("files", ("x.exe", b"MZ", "x/y"))]), 422)
    _assert_json_error(api.get("/api/documents/no-such-doc"), 404)
    _assert_json_error(api.delete("/api/documents/no-such-doc"), 404)
    too_long = "word " * (MAX_BYTES // 5 + 1)
    body = _assert_json_error(api.post("/api/documents", json={"text": too_long, "title": "Huge"}), 413)
    assert body["error"] == "TooLargeError"
    big = [("files", ("big.txt", b"news " * (MAX_BYTES // 5 + 1), "text/plain"))]
    _assert_json_error(api.post("/api/documents", files=big), 413)


def test_an_oversized_upload_is_refused_before_its_body_is_read(api: httpx.Client, server: str) -> None:
    """A multipart request declaring more than five times `max_bytes` gets 413 at once: the server
    does not wait for (or spool) a body the client never finishes sending."""
    before = api.get("/api/documents").json()
    host, port = server.removeprefix("http://").split(":")
    head = (
        f"POST /api/documents HTTP/1.1\r\nHost: {host}\r\nContent-Type: multipart/form-data; boundary=b\r\n"
        f"Content-Length: {5 * MAX_BYTES + 2}\r\n\r\n"
        '--b\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n'
    )
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(head.encode() + b"news " * 1000)  # far less than declared: reading it all would hang
        reply = b""
        while b"}" not in reply and (block := conn.recv(65536)):  # the JSON error ends the reply
            reply += block
    text = reply.decode(errors="replace")
    assert text.startswith("HTTP/1.1 413"), text[:200]
    assert "TooLargeError" in text and "several requests" in text
    assert api.get("/api/documents").json() == before  # nothing indexed, nothing lost


def test_a_chunked_upload_is_refused_once_it_passes_the_limit() -> None:
    """Without a Content-Length the body is counted as it arrives and reading stops at the limit."""
    import asyncio

    from starlette.requests import Request

    from factbot.errors import TooLargeError
    from factbot.interfaces.web.api import read_upload_form

    chunk, chunks = 64 * 1024, 40
    part = b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n'
    body = part + b"news " * (chunk * chunks // 5)
    pieces = [body[i : i + chunk] for i in range(0, len(body), chunk)]
    read = []

    async def receive() -> dict[str, Any]:
        read.append(1)
        more = len(read) < len(pieces)
        return {"type": "http.request", "body": pieces[len(read) - 1], "more_body": more}

    headers = [(b"content-type", b"multipart/form-data; boundary=b")]
    scope = {"type": "http", "method": "POST", "path": "/api/documents", "headers": headers, "query_string": b""}
    with pytest.raises(TooLargeError, match="several requests"):
        asyncio.run(read_upload_form(Request(scope, receive), limit=10 * chunk))
    assert len(read) == 11  # stopped at the piece that passed the limit, not at the end of the body


# --- browser ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing; `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh page on the UI; fails the test if any dialog opens or anything is fetched from outside."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(UI_TIMEOUT_MS)
    dialogs: list[str] = []
    outside: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("request", lambda r: None if r.url.startswith((server, "data:", "blob:")) else outside.append(r.url))
    pg.goto(server + "/", wait_until="domcontentloaded")
    pg.locator("#fb-chat-input textarea").wait_for()
    yield pg
    assert dialogs == [], f"a dialog opened: {dialogs}"
    assert outside == [], f"the page fetched from outside: {outside}"
    context.close()


def _send(page: Any, message: str) -> None:
    box = page.locator("#fb-chat-input textarea")
    box.fill(message)
    box.press("Enter")


def test_chat_answers_with_highlighted_quote(page: Any, tmp_path: Path) -> None:
    _send(page, "What did Stoltenberg demand?")
    source = page.locator(".fb-source", has=page.locator(".fb-quote", has_text="withdraw troops")).first
    source.wait_for()
    quote = source.locator(".fb-quote")
    assert SEED_TITLE in source.inner_text()
    path = source.locator(".fb-path").inner_text()
    assert "us-response-russia-security-proposals" in path and "/" not in path  # the file name, not server paths
    # the quote sits inside its paragraph: text around the highlight
    assert len(source.locator(".fb-context").inner_text()) > len(quote.inner_text())
    assert page.locator(".fb-answer .fb-marker").count() >= 1
    shots = Path(SCREENSHOT_DIR or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "web-chat.png"))


def test_chat_checks_a_claim_with_a_verdict_badge(page: Any) -> None:
    # No floating "factbot" label over the messages: it covered a scrolled message's top (a badge read "…TED").
    assert page.locator("#fb-chatbot [data-testid='block-label']").count() == 0
    _send(page, "Borrell criticized the US response.")
    badge = page.locator(".fb-verdict .fb-badge").first
    badge.wait_for()
    assert badge.inner_text().strip() in BADGE_TEXTS
    assert "confidence" in page.locator(".fb-verdict .fb-confidence").first.inner_text()
    stances = page.locator(".fb-verdict .fb-ev .fb-stance").all_inner_texts()
    assert stances and all(any(w in s for w in ("supports", "contradicts", "related")) for s in stances)


def test_library_upload_lists_the_document(page: Any, tmp_path: Path) -> None:
    article = tmp_path / "harbour-dredging-report.txt"
    article.write_text(
        "Harbour dredging finished two weeks early, the city's port office said on Friday.\n\n"
        "The work deepened the main channel to fourteen metres.",
        encoding="utf-8",
    )
    page.get_by_role("tab", name="Library").click()
    page.locator("#fb-upload input[type=file]").set_input_files(str(article))
    page.locator("#fb-upload", has_text="harbour-dredging-report").wait_for()  # the upload has finished
    page.locator("#fb-add-files").click()
    page.locator("#fb-results", has_text="added").wait_for()
    page.locator("#fb-documents", has_text="harbour-dredging-report.txt").wait_for()
    assert "/uploads/" not in page.locator("#fb-documents").inner_text()  # no server paths
    page.locator("#fb-upload", has_text="harbour-dredging-report").wait_for(state="detached")  # emptied


def test_untrusted_title_renders_as_text(page: Any, api: httpx.Client) -> None:
    r = api.post("/api/documents", json={"text": XSS_TEXT, "title": XSS_TITLE, "source": "desk://xss"})
    assert r.status_code == 200, r.text
    _send(page, "What did the Zarnovian parliament approve?")
    source = page.locator(".fb-source", has_text="Zarnovian").first
    source.wait_for()
    assert XSS_TITLE in source.inner_text()
    page.get_by_role("tab", name="Library").click()
    page.locator("#fb-documents", has_text="window.__xss").wait_for()
    assert XSS_TITLE in page.locator("#fb-documents").inner_text()
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("img[src='x']").count() == 0


def test_batch_check_gives_a_verdict_table_and_csv(page: Any) -> None:
    page.get_by_role("tab", name="Batch check").click()
    page.locator("#fb-claims textarea").fill(
        "Borrell criticized the US response.\nStoltenberg demanded that Moscow withdraw troops from Ukraine.\n"
        "Russia has massed 100,000 troops.\nNATO will close its doors.\nBlinken delivered the response."
    )  # five rows: more than the table's old inner scroll area held
    page.locator("#fb-check").click()
    page.locator("#fb-verdicts-csv", has_text=".csv").wait_for()
    table = page.locator("#fb-verdicts").inner_text()
    assert "Borrell criticized the US response." in table
    assert sum(table.count(label) for label in LABELS) >= 2
    # Each header on one line (no "confidenc|e"), and no inner scrolling that hides the last row.
    header_lines = page.evaluate(HEADER_LINES, "#fb-verdicts")
    assert all(header_lines.get(h) == 1 for h in BATCH_HEADERS), header_lines
    assert page.evaluate(INNER_SCROLLERS, "#fb-verdicts") == []


HEADER_LINES = """(root) => {
  const out = {};
  for (const th of document.querySelectorAll(root + ' th')) {
    const walk = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      if (!node.textContent.trim()) continue;
      const range = document.createRange(); range.selectNodeContents(node);
      out[node.textContent.trim()] = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size;
    }
  }
  return out;
}"""
INNER_SCROLLERS = """(root) => Array.from(document.querySelectorAll(root + ' *')).filter(e =>
  e.scrollHeight > e.clientHeight + 2 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowY))
  .map(e => e.className)"""


def test_check_a_text_highlights_claims_and_offers_the_report(page: Any, tmp_path: Path) -> None:
    page.get_by_role("tab", name="Check a text").click()
    page.locator("#fb-check-text textarea").fill(
        "Russia has massed more than 10,000 troops near Ukraine's borders. I think that is <b>bad</b>. "
        "NATO Secretary General Jens Stoltenberg demanded that Moscow withdraw troops from Ukraine."
    )
    page.locator("#fb-check-text-run").click()
    page.locator("#fb-report-html").wait_for(state="visible")  # shown once every claim is checked
    marks = page.locator("#fb-check-report mark.claim")
    assert marks.count() == 2  # the opinion is not a claim
    false_claim = page.locator("#fb-check-report mark.claim", has_text="10,000 troops")
    assert false_claim.get_attribute("data-label") != "SUPPORTED"
    assert page.locator("#fb-check-report b", has_text="bad").count() == 0  # the pasted markup shows as text
    assert "2 claims checked" in page.locator("#fb-check-status").inner_text()
    table = page.locator("#fb-check-claims").inner_text()
    assert "10,000 troops" in table and sum(table.count(label) for label in LABELS) >= 2
    with page.expect_download() as download:
        page.locator("#fb-report-html").click()
    saved = tmp_path / "report.html"
    download.value.save_as(saved)
    assert '<mark id="claim-1"' in saved.read_text(encoding="utf-8")


def test_check_a_text_says_what_is_wrong_with_the_input(page: Any) -> None:
    page.get_by_role("tab", name="Check a text").click()
    page.locator("#fb-check-text-run").click()
    page.locator("#fb-check-status", has_text="Paste a text").wait_for()
    page.locator("#fb-check-text textarea").fill("The minister resigned on Monday. " * 2000)
    page.locator("#fb-check-text-run").click()
    page.locator("#fb-check-status", has_text="check.max_chars").wait_for()
    assert page.locator("#fb-report-html").is_hidden()


# --- pieces without the server ---------------------------------------------------------------------
def test_read_claims_from_lines_and_csv(tmp_path: Path) -> None:
    from factbot.interfaces.web.ui import read_claims

    sheet = tmp_path / "claims.csv"
    sheet.write_text('id,claim\n1,"Borrell welcomed it, reporters said."\n2,\n3,NATO met in Brussels.\n')
    assert read_claims("A claim.\n\n  Another one.  \n", str(sheet)) == [
        "A claim.",
        "Another one.",
        "Borrell welcomed it, reporters said.",
        "NATO met in Brussels.",
    ]
    plain = tmp_path / "claims.txt"
    plain.write_text("First.\nSecond.\n")
    assert read_claims("", str(plain)) == ["First.", "Second."]


def test_rendering_escapes_untrusted_text() -> None:
    from factbot.interfaces.web.render import esc, paragraph_around

    assert esc("<img src=x onerror=alert(1)>\n\nnext") == "&lt;img src=x onerror=alert(1)&gt; next"
    text = "Intro line.\n\nFirst sentence. The quote here. Last one.\n\nOutro."
    start = text.index("The quote")
    before, quote, after = paragraph_around(text, start, start + len("The quote here."))
    assert (before, quote, after) == ("First sentence. ", "The quote here.", " Last one.")


def test_serve_refuses_a_busy_port(index_dir: Path) -> None:
    import socket

    from click.testing import CliRunner

    from factbot.interfaces.cli import main

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--index", str(index_dir), "--port", str(port)])
    assert result.exit_code == 1
    assert f"Cannot listen on 127.0.0.1:{port}" in result.output


def test_chat_on_an_empty_index_says_how_to_add_articles(bot: Any) -> None:
    from factbot.interfaces.web.ui import WebUI

    ui = WebUI(bot, threading.RLock())
    (reply,) = list(ui.respond("What did Stoltenberg demand?", [], "Auto"))
    assert "The index is empty" in reply and "Library tab" in reply and "factbot ingest" in reply
