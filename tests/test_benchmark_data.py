"""The benchmarks' data: claim sets load and validate, RESULTS.md is what the JSON records give, and a
benchmark run's record round-trips. No model is loaded."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python -m pytest` from the repo root has it already
    sys.path.insert(0, str(ROOT))

from benchmarks import claims, results  # noqa: E402


def test_every_claim_set_loads_with_the_manifests_counts() -> None:
    names = [entry["name"] for entry in claims.manifest()["sets"]]
    assert claims.news_sets() == ["a", "b", "c", "d", "e", "f"]
    assert "sample" in names
    for name in names:
        s = claims.load_set(name)
        assert s.claims and s.provenance and s.status
        if name in claims.news_sets():
            assert all(c.kind and c.article in s.articles for c in s.claims)
            assert sum(len(v) for v in s.by_article().values()) == len(s.claims)
        else:
            assert not s.articles and all(c.article is None for c in s.claims)


@pytest.mark.parametrize(
    "row",
    [
        {"truth": "yes", "claim": "x", "article": "k", "kind": "plain"},  # wrong type
        {"truth": True, "claim": "x", "article": "k"},  # no kind in a news set
        {"truth": True, "claim": "x", "article": "other", "kind": "plain"},  # unknown article
        {"truth": True, "claim": "x", "article": "k", "kind": "plain", "extra": 1},  # unknown field
        {"truth": True, "claim": " ", "article": "k", "kind": "plain"},  # empty claim
    ],
)
def test_a_bad_claim_row_is_rejected(row: dict[str, object]) -> None:
    with pytest.raises(claims.ClaimSetError):
        claims._row("test:1", row, {"k": "an article"})


def test_results_md_is_generated_from_the_records() -> None:
    assert results.RESULTS.read_text(encoding="utf-8") == results.render_results(), (
        "benchmarks/RESULTS.md is out of date or edited by hand: run `python -m benchmarks.results`"
    )


def test_a_run_writes_a_record_and_regenerates_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks import common

    monkeypatch.setattr(results, "RECORDS", tmp_path / "results")
    monkeypatch.setattr(results, "RESULTS", tmp_path / "RESULTS.md")
    monkeypatch.setattr(common, "machine", lambda: "a test machine")
    first = common.record("Claim verification (tune split)", "| a | b |\n|---|---|", "python -m benchmarks.x --y")
    second = common.record("Claim verification (tune split)", "| c |", "python -m benchmarks.x", note="A note.")
    assert first != second and first.parent == second.parent == tmp_path / "results"
    assert first.name.endswith("-claim-verification-tune-split.json")
    saved = json.loads(first.read_text(encoding="utf-8"))
    assert saved["machine"] == "a test machine" and saved["command"] == "python -m benchmarks.x --y"
    text = (tmp_path / "RESULTS.md").read_text(encoding="utf-8")
    assert text.startswith(results.HEADER)
    assert (
        "## Claim verification (tune split)\n\n" in text
        and " UTC · a test machine\n\nCommand: `python -m benchmarks.x --y`" in text
    )
    assert "\n\nA note.\n\nCommand: `python -m benchmarks.x`\n\n| c |\n" in text
    assert text.index("| a | b |") < text.index("| c |")  # in the order they ran
    with pytest.raises(ValueError):
        results.write_record({"title": "t", "utc": "now", "machine": "m", "command": "c", "table": "x"}, tmp_path)
