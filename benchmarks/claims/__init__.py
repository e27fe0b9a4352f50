"""The hand-written claim sets (`manifest.json` and one JSONL file per set in this folder), read and validated.

Contract: `load_set(name)` returns the set's `ClaimSet`, its claims in file order (grouped by article, in the
order of the manifest's `articles`); `news_sets()` names the sets about news articles (`eval_news_claims`).
Both raise `ClaimSetError` (a ValueError) when the manifest or a file breaks the format that
`manifest.json`'s `about` describes: a missing or unknown field, a wrong type, an article not in the
manifest, rows not grouped by article, or counts that differ from the manifest's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["Claim", "ClaimSet", "ClaimSetError", "load_set", "manifest", "news_sets"]

FOLDER = Path(__file__).resolve().parent
MANIFEST = FOLDER / "manifest.json"
_SET_FIELDS = {"name", "file", "title", "written", "articles_from", "status", "provenance", "count", "true", "false"}
_NEWS_FIELDS = {"article_key", "articles"}
_ROW_FIELDS = {"truth": bool, "claim": str, "article": str, "kind": str, "note": str}


class ClaimSetError(ValueError):
    """The manifest or a claim file does not have the documented format."""


@dataclass(frozen=True)
class Claim:
    """One claim: true or false per its article; `kind` (what it turns on) and `article` for news sets;
    `note`: what the article says instead (false claims)."""

    truth: bool
    claim: str
    kind: str | None = None
    article: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class ClaimSet:
    """A claim set and where it came from (`provenance`, `status`: development or held out)."""

    name: str
    title: str
    provenance: str
    status: str
    articles_from: str
    claims: tuple[Claim, ...]
    articles: dict[str, str]  # article key -> what the article is about; empty for the sample set

    def by_article(self) -> dict[str, list[Claim]]:
        """The claims under their article's key, in the manifest's order of articles."""
        out: dict[str, list[Claim]] = {key: [] for key in self.articles}
        for c in self.claims:
            out[str(c.article)].append(c)
        return out


@cache
def manifest() -> dict[str, Any]:
    """The parsed `manifest.json` (`about`, `sets`)."""
    data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("sets"), list):
        raise ClaimSetError(f"{MANIFEST}: expected an object with a list `sets`")
    return data


def _entry(name: str) -> dict[str, Any]:
    for entry in manifest()["sets"]:
        if entry.get("name") == name:
            return dict(entry)
    known = ", ".join(str(e.get("name")) for e in manifest()["sets"])
    raise ClaimSetError(f"no claim set {name!r} in {MANIFEST.name} (known: {known})")


def news_sets() -> list[str]:
    """Names of the sets about news articles (those with `articles`), in manifest order."""
    return [e["name"] for e in manifest()["sets"] if "articles" in e]


def _row(where: str, row: Any, articles: dict[str, str]) -> Claim:
    if not isinstance(row, dict):
        raise ClaimSetError(f"{where}: expected a JSON object")
    unknown = set(row) - set(_ROW_FIELDS)
    if unknown:
        raise ClaimSetError(f"{where}: unknown field(s) {sorted(unknown)}")
    required = {"truth", "claim"} | ({"article", "kind"} if articles else set())
    if missing := required - set(row):
        raise ClaimSetError(f"{where}: missing field(s) {sorted(missing)}")
    for key, value in row.items():
        if not isinstance(value, _ROW_FIELDS[key]) or (isinstance(value, str) and not value.strip()):
            raise ClaimSetError(f"{where}: `{key}` must be a non-empty {_ROW_FIELDS[key].__name__}")
    if "article" in row and row["article"] not in articles:
        raise ClaimSetError(f"{where}: article {row['article']!r} is not in the set's `articles`")
    return Claim(**row)


@cache
def load_set(name: str) -> ClaimSet:
    """The claim set `name` ("a" to "f", "sample"), validated against the manifest."""
    entry = _entry(name)
    fields = _SET_FIELDS | (_NEWS_FIELDS if "articles" in entry else set())
    if unknown := set(entry) - fields:
        raise ClaimSetError(f"{MANIFEST.name}, set {name!r}: unknown field(s) {sorted(unknown)}")
    if missing := fields - {"written"} - set(entry):
        raise ClaimSetError(f"{MANIFEST.name}, set {name!r}: missing field(s) {sorted(missing)}")
    articles = entry.get("articles", {})
    if not isinstance(articles, dict) or not all(isinstance(v, str) for v in articles.values()):
        raise ClaimSetError(f"{MANIFEST.name}, set {name!r}: `articles` must map article keys to descriptions")
    path = FOLDER / entry["file"]
    claims: list[Claim] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as e:
                    raise ClaimSetError(f"{path.name}:{n}: {e}") from e
                claims.append(_row(f"{path.name}:{n}", row, articles))
    order = list(dict.fromkeys(c.article for c in claims))
    if articles and order != list(articles):
        raise ClaimSetError(f"{path.name}: rows must be grouped by article, in the manifest's order of `articles`")
    counts = {"count": len(claims), "true": sum(c.truth for c in claims), "false": sum(not c.truth for c in claims)}
    for key, value in counts.items():
        if entry[key] != value:
            raise ClaimSetError(f"{MANIFEST.name}, set {name!r}: `{key}` is {entry[key]}, the file has {value}")
    return ClaimSet(
        name=name,
        title=entry["title"],
        provenance=entry["provenance"],
        status=entry["status"],
        articles_from=entry["articles_from"],
        claims=tuple(claims),
        articles=dict(articles),
    )
