"""Checking a whole text (issue 38): check-worthiness, stand-alone claims, the report and its formats
(Markdown, HTML in a real browser, JSON, ClaimReview validated against the schema.org vocabulary), the CLI
and the REST API, and bad input. The text is the bundled sample article with three sentences made false,
checked against the index holding the real article (real embedding model, Chroma, judge and spaCy)."""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from conftest import LiveServer
from factbot import FactBot, QueryError
from factbot.answer.questions import nlp
from factbot.answer.referents import Resolver
from factbot.check import exports
from factbot.check.report import TextReport
from factbot.check.worthiness import score_sentences
from factbot.interfaces.cli import main
from factbot.text.sentences import split_sentences

SAMPLE = Path(__file__).resolve().parents[1] / "factbot" / "samples" / "us-response-russia-security-proposals.txt"
FALSE_EDITS = {  # true sentence of the article → the same sentence made false
    "Russia has massed more than 100,000 troops": "Russia has massed more than 10,000 troops",
    "welcomed the U.S. response": "criticized the U.S. response",
    "Russia published two draft treaties in mid-December": "Russia published two draft treaties in mid-October",
}
CHROMIUM = "/usr/bin/chromium"


def edited_sample() -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    for true, false in FALSE_EDITS.items():
        assert true in text
        text = text.replace(true, false)
    return text


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FactBot, TextReport]]:
    bot = FactBot(index_dir=tmp_path_factory.mktemp("check") / "index")
    assert bot.seed() is not None
    yield bot, bot.check_text(edited_sample())
    bot.close()


# --- check-worthiness and stand-alone claims ------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "worthy", "reason"),
    [
        ("Russia has massed more than 100,000 troops near Ukraine's borders.", True, "number"),
        ("The talks ended on Thursday without a breakthrough in Geneva.", True, "date"),
        ("Stoltenberg demanded that Moscow withdraw its troops.", True, "actor"),
        ("Exports grew faster than imports over the whole period.", True, "comparison"),
        ("What happens to the talks next week?", False, "question"),
        ("Thanks for reading!", False, "short"),
        ("Sign up for our newsletter for the latest news today.", False, "imperative"),
        ("I think this policy is a disgrace to the country.", False, None),  # an opinion: no factual feature
        ("We cut taxes for 20 million families last year.", True, "number"),  # a speaker's own claim counts
        ("The weather was lovely and everyone enjoyed it.", False, None),  # no factual feature
    ],
)
def test_check_worthiness(sentence: str, worthy: bool, reason: str | None) -> None:
    (scored,) = score_sentences(sentence)
    assert scored.worthy is worthy
    assert (scored.reasons[0].split(":")[0] if scored.reasons else None) == reason
    assert 0.0 <= scored.score < 1.0 and (scored.score >= 0.5) is worthy


def test_claims_are_made_stand_alone_from_the_text_itself() -> None:
    text = (
        "In Brussels, NATO Secretary General Jens Stoltenberg said the alliance had sent proposals. "
        "He said NATO was ready to listen. The Secretary General also demanded that Moscow withdraw troops. "
        "Moscow denies it plans an invasion."
    )
    resolver = Resolver()
    claims = [resolver.claim(nlp()(s.text)) for s in split_sentences(text)]
    assert claims[1] == ("Jens Stoltenberg said NATO was ready to listen.", [("He", "Jens Stoltenberg")])
    assert claims[2][0] == "Jens Stoltenberg also demanded that Moscow withdraw troops."
    assert claims[3] == ("Moscow denies it plans an invasion.", [])


# --- the report ---------------------------------------------------------------------------------------


def test_false_sentences_are_flagged_and_no_true_one_is_refuted(checked: tuple[FactBot, TextReport]) -> None:
    _, report = checked
    by_span = {c.span: c for c in report.claims}
    for false in FALSE_EDITS.values():
        claim = next(c for span, c in by_span.items() if false in span)
        assert claim.verdict.label != "SUPPORTED", (claim.span, claim.verdict.label)
    true_claims = [c for c in report.claims if not any(f in c.span for f in FALSE_EDITS.values())]
    assert len(true_claims) >= 10
    assert [c.span for c in true_claims if c.verdict.label == "REFUTED"] == []
    for c in report.claims:
        assert report.text[c.start : c.end] == c.span
    assert report.summary().startswith(f"{len(report.claims)} claims checked")
    assert sum(report.counts().values()) == len(report.claims)


def test_the_report_is_streamed_claim_by_claim(checked: tuple[FactBot, TextReport]) -> None:
    bot, _ = checked
    text = "Josep Borrell criticized the U.S. response. Thanks for reading! Russia has massed 10,000 troops."
    seen = [(len(r.claims), r.planned, r.done) for r in bot.stream_check_text(text)]
    assert seen == [(0, 2, False), (1, 2, False), (2, 2, True)]
    shown = exports.html_fragment(next(iter(bot.stream_check_text(text))))
    assert "Checking claim 1 of 2" in shown and "<mark" not in shown  # nothing marked before it is checked


def test_markdown_and_json_reports(checked: tuple[FactBot, TextReport]) -> None:
    _, report = checked
    md = exports.to_markdown(report)
    assert report.summary() in md and md.count("\n## ") == len(report.claims)
    data = json.loads(exports.to_json(report))
    assert [c["span"] for c in data["claims"]] == [c.span for c in report.claims]
    assert data["counts"] == {str(k): v for k, v in report.counts().items()}


def _schema_class(name: str) -> Any:
    return getattr(importlib.import_module(f"pydantic2_schemaorg.{name}"), name)


def _vocabulary_check(node: Any) -> int:
    """Validate a JSON-LD node against the schema.org vocabulary (pydantic2-schemaorg's classes, generated
    from it): its @type exists, every property is one of that type's, a nested node's type is in the
    property's range (or a subtype of it), and the literal values parse; returns the nodes seen."""
    if isinstance(node, list):
        return sum(_vocabulary_check(n) for n in node)
    cls = _schema_class(node["@type"])
    fields = {f.alias: f for f in cls.__fields__.values()}
    unknown = set(node) - set(fields) - {"@context", "@type"}
    assert not unknown, f"{node['@type']} has no properties {unknown}"
    nested = {k: v for k, v in node.items() if isinstance(v, dict)}
    for key, child in nested.items():
        declared = re.findall(r"'(\w+)'|pydantic2_schemaorg\.\w+\.(\w+)", str(fields[key].outer_type_))
        allowed = [_schema_class(a or b) for a, b in declared if (a or b)[0].isupper()]
        assert any(issubclass(_schema_class(child["@type"]), a) for a in allowed), (key, child["@type"])
    cls.parse_obj({k: v for k, v in node.items() if k not in nested})
    return 1 + sum(_vocabulary_check(v) for v in nested.values())


def test_claim_review_is_valid_schema_org(checked: tuple[FactBot, TextReport]) -> None:
    _, report = checked
    report.url, report.published = "https://example.org/speech", "2022-01-26"
    reviews = exports.claim_reviews(report, "Example Fact Desk", "https://example.org/")
    assert len(reviews) == len(report.claims)
    assert _vocabulary_check(reviews) >= 4 * len(reviews)
    refuted = next(r for r in reviews if "10,000 troops" in r["claimReviewed"])
    assert refuted["reviewRating"]["alternateName"] != exports.TEXTUAL_RATING["SUPPORTED"]
    assert refuted["itemReviewed"]["appearance"]["url"] == "https://example.org/speech"
    assert refuted["author"] == {"@type": "Organization", "name": "Example Fact Desk", "url": "https://example.org/"}


def test_html_report_in_a_real_browser(checked: tuple[FactBot, TextReport], tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing; `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    _, report = checked
    page_file = tmp_path / "report.html"
    page_file.write_text(exports.to_html(report), encoding="utf-8")
    fetched: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.on("request", lambda r: fetched.append(r.url))
        page.goto(page_file.as_uri())
        marks = page.locator("mark.claim")
        assert marks.count() == len(report.claims)
        refuted = page.locator("mark.claim", has_text="10,000 troops")
        n = refuted.get_attribute("id").removeprefix("claim-")
        assert refuted.get_attribute("data-label") != "SUPPORTED"
        refuted.locator("a").click()
        assert page.url.endswith(f"#evidence-{n}")
        target = page.locator(f"#evidence-{n}")
        assert target.is_visible() and "100,000 troops" in target.inner_text()  # the contradicting evidence
        browser.close()
    assert all(u.startswith("file://") for u in fetched)  # self-contained: nothing fetched from elsewhere


# --- CLI, REST and bad input ---------------------------------------------------------------------------


def test_cli_check_text(checked: tuple[FactBot, TextReport], tmp_path: Path) -> None:
    bot, _ = checked
    src = tmp_path / "speech.txt"
    src.write_text("Russia has massed more than 10,000 troops near Ukraine's borders. I think that is bad.")
    index = str(bot.settings.index_dir)
    run = CliRunner().invoke(main, ["check-text", str(src), "--format", "json", "--index", index])
    assert run.exit_code == 0, run.output
    data = json.loads(run.stdout)
    assert len(data["claims"]) == 1 and data["claims"][0]["verdict"]["label"] != "SUPPORTED"
    run = CliRunner().invoke(
        main, ["check-text", "-", "--format", "claimreview", "--index", index], input=src.read_text()
    )
    assert run.exit_code == 0 and json.loads(run.stdout)[0]["@type"] == "ClaimReview"
    run = CliRunner().invoke(main, ["check-text", str(tmp_path / "missing.txt"), "--index", index])
    assert run.exit_code != 0 and "not a file" in run.output


def test_rest_check_text_and_bad_input(checked: tuple[FactBot, TextReport]) -> None:
    from factbot.interfaces.web.app import create_app

    bot, _ = checked
    srv = LiveServer(create_app(bot))
    srv.start()
    try:
        with httpx.Client(base_url=srv.url, timeout=300) as api:
            text = "Josep Borrell criticized the U.S. response. Thanks for reading!"
            r = api.post("/api/check-text", json={"text": text})
            assert r.status_code == 200, r.text
            assert [c["span"] for c in r.json()["claims"]] == ["Josep Borrell criticized the U.S. response."]
            r = api.post("/api/check-text", json={"text": text}, headers={"Accept": "text/html"})
            assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
            assert '<mark id="claim-1"' in r.text
            r = api.post("/api/check-text", json={"text": text, "format": "claimreview"})
            assert r.json()[0]["@type"] == "ClaimReview"
            for body, words in (
                ({"text": "   "}, "empty"),
                ({"text": "a", "url": "https://example.org/"}, "either"),
                ({"text": "The minister resigned on Monday. " * 6000}, "check.max_chars"),
                ({"url": "http://127.0.0.1:9/nothing-listens-here"}, ""),
            ):
                r = api.post("/api/check-text", json=body)
                assert r.status_code == 422 and words in r.json()["detail"], (body, r.text)
            opinions = api.post("/api/check-text", json={"text": "I think it is wrong. What now? Thanks!"})
            assert opinions.status_code == 200 and opinions.json()["claims"] == []
            assert opinions.json()["summary"].startswith("No check-worthy claims")
    finally:
        srv.stop()
    assert bot.counts()[0] == 1  # nothing was indexed


def test_empty_text_is_a_query_error(checked: tuple[FactBot, TextReport]) -> None:
    bot, _ = checked
    with pytest.raises(QueryError):
        bot.check_text("")
