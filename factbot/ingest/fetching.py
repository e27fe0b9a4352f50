"""Stage 1, fetching: GET an http(s) URL under the source rules (no private addresses unless allowed, checked
again at every redirect; a timeout; a size cap), and read the article in the response.

Contracts: `fetch(url, settings, headers)` → `Fetched` (status 200, or 304 for a conditional GET); raises
`FetchError` (refused, timed out, HTTP ≥ 400, too many redirects) or `TooLargeError`. `fetch_url(url, settings)`
→ the `Article` at the URL (HTML, plain text or PDF; raises `FetchError` for another type).
`check_url_allowed(url, allow_private)` raises `FetchError` for a URL factbot must not fetch.
`sitemap_articles(url, settings, limit)` → the articles a (news) sitemap or sitemap index lists.
"""

from __future__ import annotations

import gzip
import ipaddress
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from factbot.config import SourceSettings
from factbot.errors import FetchError, SourceError, TooLargeError, setting_name
from factbot.ingest.sources import _pdf_article, decode_bytes, html_article
from factbot.types import Article


def check_url_allowed(url: str, allow_private: bool) -> None:
    """Refuse non-http(s) schemes and, unless allowed, hosts that resolve to private addresses.

    Raises:
        FetchError: with the reason.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"URL {url!r} has scheme {parts.scheme!r}; only http and https are fetched.")
    if not parts.hostname:
        raise FetchError(f"URL {url!r} has no host.")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except OSError as e:
        raise FetchError(f"URL {url!r}: host {parts.hostname!r} cannot be resolved.") from e
    for info in infos:
        addr = ipaddress.ip_address(info[4][0])
        if addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved or addr.is_multicast:
            raise FetchError(
                f"URL {url!r} points at a private or loopback address ({addr}); refused (set "
                f"{setting_name('sources.allow_private_urls', 'true')} to fetch from your own network)."
            )


@dataclass(frozen=True)
class Fetched:
    """One HTTP response as fetched under the source rules: the final URL after redirects, the status (200, or
    304 for a conditional GET whose resource has not changed: `body` is then empty), the body, its content
    type (lower case, without parameters) and the response headers (lower-case names)."""

    url: str
    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


def fetch(url: str, settings: SourceSettings, headers: dict[str, str] | None = None) -> Fetched:
    """GET an http(s) URL under the source rules: no private addresses (unless allowed), at most 5 redirects
    each checked the same way, `fetch_timeout_s`, `max_bytes`. `headers` are sent too (e.g. If-None-Match).

    Raises:
        FetchError: for refused URLs, timeouts, HTTP errors (status ≥ 400) and too many redirects.
        TooLargeError: for a body over `max_bytes`.
    """
    import httpx

    current = url
    sent = {"User-Agent": settings.user_agent, **(headers or {})}
    try:
        with httpx.Client(timeout=settings.fetch_timeout_s, headers=sent, follow_redirects=False) as client:
            for _ in range(6):
                check_url_allowed(current, settings.allow_private_urls)
                with client.stream("GET", current) as resp:
                    if resp.is_redirect and "location" in resp.headers:
                        current = str(resp.url.join(resp.headers["location"]))
                        continue
                    if resp.status_code >= 400:
                        raise FetchError(f"URL {url!r} returned HTTP {resp.status_code}.")
                    body = b"" if resp.status_code == 304 else _read_body(resp, url, settings.max_bytes)
                    ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
                    return Fetched(
                        current, resp.status_code, body, ctype, {k.lower(): v for k, v in resp.headers.items()}
                    )
            raise FetchError(f"URL {url!r} redirects too many times.")
    except httpx.TimeoutException as e:
        raise FetchError(f"URL {url!r} timed out after {settings.fetch_timeout_s:g} s.") from e
    except httpx.HTTPError as e:
        raise FetchError(f"URL {url!r} could not be fetched: {type(e).__name__}: {e}.") from e


def fetch_url(url: str, settings: SourceSettings) -> Article:
    """Fetch an http(s) URL with a timeout and a size cap; HTML, plain text and PDF are understood.

    Raises:
        FetchError: for refused URLs, timeouts, HTTP errors and oversize bodies.
    """
    got = fetch(url, settings)
    return article_of(got, url)


def article_of(got: Fetched, url: str) -> Article:
    """The article in a fetched response (`url`: the one asked for, its id key). Raises FetchError for a type
    that is not HTML, text or PDF."""
    current, body, ctype = got.url, got.body, got.content_type
    if ctype == "application/pdf" or current.lower().endswith(".pdf"):
        art = _pdf_article(body, current)
        return Article(**{**art.__dict__, "url": current, "id_key": url})
    textual = ctype.startswith("text/") or ctype in ("", "application/json", "application/xhtml+xml")
    if not textual:
        raise FetchError(f"URL {url!r} returned {ctype!r}, not HTML, text or PDF.")
    text = decode_bytes(body, url)
    if ctype in ("text/html", "application/xhtml+xml") or "<html" in text[:2000].lower():
        art = html_article(text, url, url=current)
        return Article(**{**art.__dict__, "url": current, "id_key": url})
    return Article(text=text, source=url, url=current, id_key=url)


def _read_body(resp: object, url: str, max_bytes: int) -> bytes:
    import httpx

    assert isinstance(resp, httpx.Response)
    declared = resp.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise TooLargeError(f"URL {url!r} is {int(declared):,} bytes, over the {max_bytes:,}-byte limit.")
    chunks: list[bytes] = []
    total = 0
    for part in resp.iter_bytes():
        total += len(part)
        if total > max_bytes:
            raise TooLargeError(f"URL {url!r} is over the {max_bytes:,}-byte limit.")
        chunks.append(part)
    return b"".join(chunks)


def sitemap_articles(
    url: str, settings: SourceSettings, limit: int = 1000, failed: list[tuple[str, str]] | None = None
) -> Iterator[Article]:
    """The articles a sitemap (or sitemap index, followed to at most 50 sitemaps) lists, up to `limit`, each
    fetched under the source rules with the sitemap's date as its date. Pages that cannot be fetched are
    appended to `failed` as (url, reason) and skipped. Raises `FetchError` / `SourceError` when the sitemap
    itself cannot be read."""
    from factbot.ingest.feeds import parse_sitemap

    todo, seen, yielded = [url], set(), 0
    while todo and len(seen) < 50:
        current = todo.pop(0)
        if current in seen:
            continue
        seen.add(current)
        got = fetch(current, settings)
        body = gzip.decompress(got.body) if got.body[:2] == b"\x1f\x8b" else got.body
        pages, sitemaps = parse_sitemap(body, got.url)
        todo += sitemaps
        for page in pages:
            if yielded >= limit:
                return
            try:
                article = fetch_url(page.url, settings)
            except SourceError as e:
                if failed is not None:
                    failed.append((page.url, str(e)))
                continue
            yielded += 1
            yield replace(article, published=page.published or article.published)
