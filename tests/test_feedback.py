"""Verdict ids and feedback (issue 39): every answer and verdict is stored under a stable id, can be fetched
again over REST, and takes feedback from the browser (thumbs and the correction panel), REST and the CLI,
all of which `factbot feedback export` returns with the record it is about."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from conftest import LiveServer
from factbot import FactBot, QueryError
from factbot.errors import DocumentNotFoundError
from factbot.interfaces.cli import main

CHROMIUM = "/usr/bin/chromium"
CLAIM = "Borrell criticized the US response."


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FactBot, str]]:
    from factbot.interfaces.web.app import create_app

    bot = FactBot(index_dir=tmp_path_factory.mktemp("feedback") / "index")
    assert bot.seed() is not None
    srv = LiveServer(create_app(bot))
    srv.start()
    yield bot, srv.url
    srv.stop()
    bot.close()


def test_ids_are_stable_and_records_come_back(served: tuple[FactBot, str]) -> None:
    bot, url = served
    first, again = bot.verify(CLAIM), bot.verify(CLAIM)
    assert len(first.id) == 16 and first.id == again.id  # the same verdict, the same id
    answer = bot.ask("What did Stoltenberg demand?")
    assert answer.id and answer.id != first.id
    with httpx.Client(base_url=url, timeout=120) as api:
        r = api.get(f"/api/verdicts/{first.id}")
        assert r.status_code == 200 and r.json()["kind"] == "verdict" and r.json()["claim"] == CLAIM
        assert r.json()["label"] == first.label and "support" in r.json()["thresholds"]
        assert api.get(f"/api/verdicts/{answer.id}").json()["question"] == "What did Stoltenberg demand?"
        assert api.get("/api/verdicts/0123456789abcdef").status_code == 404
        over_rest = api.post("/api/verify", json={"claim": CLAIM}).json()
        assert over_rest["id"] == first.id


def test_feedback_over_rest_and_the_cli_is_exported(served: tuple[FactBot, str], tmp_path: Path) -> None:
    bot, url = served
    verdict = bot.verify("Stoltenberg demanded that Moscow withdraw troops from Ukraine.")
    with httpx.Client(base_url=url, timeout=60) as api:
        r = api.post("/api/feedback", json={"id": verdict.id, "rating": "wrong", "label": "SUPPORTED", "note": "n1"})
        assert r.status_code == 200 and r.json()["label"] == "SUPPORTED"
        bad = api.post("/api/feedback", json={"id": verdict.id, "rating": "maybe"})
        assert bad.status_code == 422 and bad.json()["error"] == "ValidationError"
        assert api.post("/api/feedback", json={"id": "0123456789abcdef", "rating": "wrong"}).status_code == 404
    index = str(bot.settings.index_dir)
    answer = bot.ask("What did Stoltenberg demand?")
    run = CliRunner().invoke(main, ["feedback", "add", answer.id, "correct", "--note", "n2", "--index", index])
    assert run.exit_code == 0, run.output
    run = CliRunner().invoke(main, ["feedback", "add", answer.id, "wrong", "--label", "REFUTED", "--index", index])
    assert run.exit_code == 1 and "goes with a verdict" in run.output  # an answer has no label
    out = tmp_path / "feedback.jsonl"
    assert CliRunner().invoke(main, ["feedback", "export", "-o", str(out), "--index", index]).exit_code == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    by_note = {r["note"]: r for r in rows}
    assert by_note["n1"]["record"]["claim"] == verdict.claim and by_note["n1"]["record"]["evidence"]
    assert by_note["n2"]["kind"] == "answer" and by_note["n2"]["rating"] == "correct"
    with pytest.raises(QueryError):
        bot.records.add_feedback(verdict.id, "wrong", "PROBABLY")
    with pytest.raises(DocumentNotFoundError):
        bot.records.get("feedfeedfeedfeed")


def test_feedback_from_the_browser(served: tuple[FactBot, str]) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing; `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    bot, url = served
    before = len(list(bot.records.feedback()))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.set_default_timeout(90_000)
        page.goto(url + "/", wait_until="domcontentloaded")
        box = page.locator("#fb-chat-input textarea")
        box.fill(CLAIM)
        box.press("Enter")
        shown = page.locator(".fb-verdict .fb-id")
        shown.wait_for()
        rid = shown.inner_text().split()[-1]
        page.locator("#fb-chatbot button[aria-label='Dislike']").last.click()
        page.locator("#fb-feedback-status", has_text="marked wrong").wait_for()
        page.locator("#fb-correct").get_by_text("Correct a verdict").click()
        page.locator("#fb-feedback-id textarea, #fb-feedback-id input").first.fill(rid)
        page.locator("#fb-feedback-note textarea, #fb-feedback-note input").first.fill("from the browser")
        page.locator("#fb-feedback-send").click()
        page.locator("#fb-feedback-status", has_text=f"{rid} marked wrong").wait_for()
        browser.close()
    rows: list[dict[str, Any]] = list(bot.records.feedback())[before:]
    assert [(r["id"], r["rating"]) for r in rows] == [(rid, "wrong"), (rid, "wrong")]
    assert rows[1]["note"] == "from the browser" and rows[0]["record"]["claim"] == CLAIM


def test_judges_are_scored_on_exported_feedback(served: tuple[FactBot, str], tmp_path: Path) -> None:
    import sys

    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:  # `python -m pytest` from the repo root has it already
        sys.path.insert(0, root)
    from benchmarks.eval_feedback import items, run

    bot, _ = served
    verdict = bot.verify(CLAIM)
    bot.records.add_feedback(verdict.id, "correct")
    out = tmp_path / "feedback.jsonl"
    out.write_text("".join(json.dumps(r) + "\n" for r in bot.records.feedback()))
    data = items(out)
    assert {"claim": CLAIM, "right": str(verdict.label), "not": ""} in data
    [row] = run(out, bot.settings.index_dir, ["similarity"])
    assert row.startswith("| similarity | feedback | ") and "accuracy" in row


def test_feedback_is_an_optional_calibration_tune_source(served: tuple[FactBot, str], tmp_path: Path) -> None:
    import shutil
    import sys

    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:
        sys.path.insert(0, root)
    from benchmarks.eval_feedback import judge_tune_items, tune_items
    from benchmarks.eval_verify import calibrate, score, write_calibration
    from factbot.verify.judges import SHIPPED_DIR

    bot, _ = served
    first = bot.verify("Blinken said the response made no concessions.")
    bot.records.add_feedback(first.id, "correct")
    bot.records.add_feedback(first.id, "wrong", "NOT_ENOUGH_INFO")  # the latest feedback on a record wins
    second = bot.verify("Stoltenberg said NATO would not compromise on its core principles.")
    bot.records.add_feedback(second.id, "wrong")  # no right label: not a tune item
    third = bot.verify(CLAIM)
    bot.records.add_feedback(third.id, "correct")
    out = tmp_path / "feedback.jsonl"
    out.write_text("".join(json.dumps(r) + "\n" for r in bot.records.feedback()))
    items = tune_items(out)
    gold = {it["claim"]: it["gold"] for it in items}
    assert gold[first.claim] == "NOT_ENOUGH_INFO" and gold[third.claim] == str(third.label)
    assert second.claim not in gold
    judge_tune_items(items, bot.settings.index_dir, "shipped")
    assert all(it["parts"] and it["parts"][0][1] for it in items)  # judged against the index's evidence
    shipped = bot.thresholds()
    th, value, _ = calibrate({"feedback": items}, 0.0, shipped.negated_refutes)
    assert value >= score("feedback", items, shipped)["macro_f1"]  # the fit is at least as good on its data
    copy = tmp_path / "model"
    copy.mkdir()
    shutil.copy(SHIPPED_DIR / "config.json", copy / "config.json")
    write_calibration(f"onnx:{copy}", th, value, 1.0, {"feedback": len(items)})
    entry = json.loads((copy / "config.json").read_text())["calibration"]["shipped"]
    assert entry["tune_sources"] == {"feedback": len(items)} and entry["support"] == th.support
    assert "tune_sources" not in json.loads((SHIPPED_DIR / "config.json").read_text())["calibration"]["shipped"]
