"""Stage 1, feeds and sitemaps: an RSS 2.0, Atom or RDF (RSS 1.0) feed read into its entries, with feedparser;
a sitemap or sitemap index read with lxml (`parse_sitemap`: pages with their dates, or the sitemaps listed); and the
near-duplicate test that keeps one story told by several outlets from being indexed twice.

Contracts:
- `parse_feed(body, url)` → `ParsedFeed(title, entries)`; each `FeedEntry` has a stable `key` (the entry's id,
  else its link), its article `link` (absolute), `title`, `published` (ISO date or "") and `version` (the
  entry's updated time, else its published time, else ""; it changes when the outlet revises the story).
  Raises `SourceError` for a body that is not a feed (feedparser's own error named), or a feed whose entries
  have no links.
- `fingerprint(text)` → a MinHash signature (datasketch, 128 permutations over word 3-shingles);
  `similarity(a, b)` → their estimated Jaccard similarity in [0, 1]; `NEAR_DUPLICATE` the share above which
  two articles count as one story.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from factbot.errors import SourceError

NEAR_DUPLICATE = 0.8  # estimated Jaccard similarity of 3-word shingles: the same story, lightly edited
PERMUTATIONS = 128
SCHEME = "affine32"  # datasketch's hashing scheme: stored signatures are read back with it
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed: where its article is and when it was published or last revised."""

    key: str
    link: str
    title: str
    published: str
    version: str


@dataclass(frozen=True)
class ParsedFeed:
    """A feed's title and entries, in the feed's order."""

    title: str
    entries: list[FeedEntry]


def _iso(parsed: Any) -> str:
    """feedparser's time tuple as an ISO timestamp ("" if absent)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed) if parsed else ""


def parse_feed(body: bytes, url: str) -> ParsedFeed:
    """The feed in `body`, fetched from `url` (see the module's contract)."""
    import feedparser

    parsed = feedparser.parse(body)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise SourceError(f"{url!r} is not an RSS, Atom or RDF feed ({problem or 'no feed elements'}).")
    entries = []
    for e in parsed.entries:
        link = e.get("link") or ""
        if not link:
            continue
        published = _iso(e.get("published_parsed") or e.get("updated_parsed"))
        version = _iso(e.get("updated_parsed")) or published
        key = e.get("id") or link
        entries.append(FeedEntry(key, urljoin(url, link), e.get("title", ""), published[:10], version))
    if parsed.entries and not entries:
        raise SourceError(f"Feed {url!r} has {len(parsed.entries)} entries, none with a link to its article.")
    return ParsedFeed(parsed.feed.get("title", ""), entries)


def fingerprint(text: str) -> Any:
    """A MinHash of the text's 3-word shingles (lower case)."""
    from datasketch import MinHash

    words = [w.lower() for w in _WORD.findall(text)]
    shingles = {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
    signature = MinHash(num_perm=PERMUTATIONS, scheme=SCHEME)
    for shingle in shingles:
        signature.update(shingle.encode("utf-8"))
    return signature


def similarity(a: Any, b: Any) -> float:
    """The estimated Jaccard similarity of two fingerprints."""
    return float(a.jaccard(b))


@dataclass(frozen=True)
class SitemapPage:
    """One page a sitemap lists: its URL and date (a news sitemap's publication date, else `lastmod`)."""

    url: str
    published: str


def parse_sitemap(body: bytes, url: str) -> tuple[list[SitemapPage], list[str]]:
    """The pages of a sitemap (`<urlset>`) and the sitemaps of a sitemap index (`<sitemapindex>`), read with
    lxml (namespaces ignored, so news and image extensions need no special case). Raises `SourceError` for
    a body that is not sitemap XML."""
    from lxml import etree

    try:
        root = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as e:
        raise SourceError(f"{url!r} is not a sitemap ({e}).") from e
    local = etree.QName(root).localname
    if local not in ("urlset", "sitemapindex"):
        raise SourceError(f"{url!r} is not a sitemap (its root element is <{local}>).")

    def text(node: Any, name: str) -> str:
        found = node.xpath(f".//*[local-name()='{name}']/text()")
        return str(found[0]).strip() if found else ""

    children = root.xpath("./*[local-name()='url' or local-name()='sitemap']")
    locs = [(urljoin(url, text(c, "loc")), c) for c in children if text(c, "loc")]
    if local == "sitemapindex":
        return [], [loc for loc, _ in locs]
    pages = [SitemapPage(loc, (text(c, "publication_date") or text(c, "lastmod"))[:10]) for loc, c in locs]
    return pages, []
