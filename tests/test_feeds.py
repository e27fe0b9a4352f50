"""Feeds (issue 39): following RSS, Atom and RDF feeds served by a real HTTP server on loopback (with ETags,
a malformed feed and one that times out), their articles indexed once, revised entries re-indexed once, the
same story from other outlets recorded as a duplicate, and the CLI."""

from __future__ import annotations

import http.server
import json
import random
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from factbot import FactBot
from factbot.errors import FactbotError
from factbot.ingest.feeds import fingerprint, parse_feed, similarity
from factbot.interfaces.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "factbot" / "samples" / "us-response-russia-security-proposals.txt"
WORDS = sorted({w.strip(".,\"'()").lower() for w in SAMPLE.read_text().split() if w.strip(".,\"'()").isalpha()})


def story(seed: int, sentences: int = 9) -> str:
    """A distinct article of `sentences` sentences (random words of the sample article, so no two share phrases)."""
    rng = random.Random(seed)
    return " ".join(" ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "." for _ in range(sentences))


class FeedSite:
    """Feeds and articles on loopback. Each path has a body, a content type and an ETag; a request whose
    If-None-Match is the current ETag gets 304. `/slow.xml` answers after 3 s."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[bytes, str]] = {}
        self.hits: list[str] = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                site.hits.append(self.path)
                if self.path == "/slow.xml":
                    time.sleep(3)
                if self.path not in site.pages:
                    self.send_response(404)
                    self.end_headers()
                    return
                body, ctype = site.pages[self.path]
                etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def put(self, path: str, body: str, ctype: str = "text/plain; charset=utf-8") -> str:
        self.pages[path] = (body.encode("utf-8"), ctype)
        return self.url + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def one_entry(link: str, key: str = "a", day: str = "2026-11-01") -> dict[str, str]:
    """A feed entry for `atom`, published and last updated on `day`."""
    stamp = f"{day}T08:00:00Z"
    return {"id": key, "title": key.upper(), "link": link, "published": stamp, "updated": stamp}


def atom(entries: list[dict[str, str]]) -> str:
    items = "".join(
        f'<entry><id>{e["id"]}</id><title>{e["title"]}</title><link href="{e["link"]}"/>'
        f"<published>{e['published']}</published><updated>{e['updated']}</updated></entry>"
        for e in entries
    )
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour news</title>{items}</feed>'


@pytest.fixture
def site() -> Iterator[FeedSite]:
    s = FeedSite()
    yield s
    s.close()


@pytest.fixture
def feed_bot(tmp_path: Path) -> Iterator[FactBot]:
    bot = FactBot(
        index_dir=tmp_path / "index", settings={"sources": {"allow_private_urls": True, "fetch_timeout_s": 1}}
    )
    yield bot
    bot.close()


def twenty_entries(site: FeedSite) -> list[dict[str, str]]:
    """20 entries; the last two are entry 17's story as two other outlets ran it (their own byline first)."""
    entries = []
    for i in range(20):
        text = story(i) if i < 18 else f"Reported by outlet number {i}. " + story(17)
        link = site.put(f"/news/{i}.txt", text)
        day = f"2026-11-{i + 1:02d}"
        entries.append(
            {
                "id": f"tag:news,{i}",
                "title": f"Story {i}",
                "link": link,
                "published": f"{day}T08:00:00Z",
                "updated": f"{day}T08:00:00Z",
            }
        )
    return entries


def test_a_feed_is_indexed_once_and_a_revised_entry_once_more(feed_bot: FactBot, site: FeedSite) -> None:
    entries = twenty_entries(site)
    url = site.put("/atom.xml", atom(entries), "application/atom+xml")
    feed_bot.feeds.add(url, "harbour", 1800)
    [first] = feed_bot.feeds.poll()
    assert (len(first.added), len(first.duplicates), first.failed) == (18, 2, []), first.to_dict()
    assert feed_bot.counts()[0] == 18
    assert sorted(first.duplicates) == sorted(e["link"] for e in entries[18:])
    day_5 = [r for r in feed_bot.documents() if r.url.endswith("/news/5.txt")][0]
    assert day_5.published == "2026-11-06"  # the entry's date is the article's date

    hits = len(site.hits)
    assert feed_bot.feeds.poll() == []  # not due again for 30 minutes
    [again] = feed_bot.feeds.poll(force=True)
    assert again.status == "not-modified" and not again.added and feed_bot.counts()[0] == 18
    assert site.hits[hits:] == ["/atom.xml"]  # one conditional GET, no article fetched

    site.put("/news/5.txt", story(5) + " The harbour master added a correction on Friday.")
    entries[5]["updated"] = "2026-11-20T09:30:00Z"
    site.put("/atom.xml", atom(entries), "application/atom+xml")
    [revised] = feed_bot.feeds.poll(force=True)
    assert revised.updated == [day_5.doc_id] and not revised.added and revised.unchanged == 19, revised.to_dict()
    assert "correction on Friday" in feed_bot.document_text(day_5.doc_id)
    [after] = feed_bot.feeds.poll(force=True)
    assert after.status == "not-modified" and feed_bot.counts()[0] == 18
    listed = feed_bot.feeds.list()[0]
    assert listed.name == "harbour" and listed.errors == 0 and listed.last_poll


def test_a_broken_or_slow_feed_is_retried_later_and_loses_nothing(feed_bot: FactBot, site: FeedSite) -> None:
    good = site.put("/news/1.txt", story(1))
    site.put(
        "/ok.xml",
        atom([one_entry(good)]),
        "application/atom+xml",
    )
    broken = site.put("/broken.xml", "<html><body>Not a feed <b>at all", "text/html")
    site.put("/slow.xml", atom([]), "application/atom+xml")
    feed_bot.feeds.add(site.url + "/ok.xml", "ok", 600)
    feed_bot.feeds.add(broken, "broken", 600)
    feed_bot.feeds.add(site.url + "/slow.xml", "slow", 600)
    before = time.time()
    reports = {r.feed: r for r in feed_bot.feeds.poll()}
    assert len(reports["ok"].added) == 1
    assert reports["broken"].status == "failed" and "not an RSS, Atom or RDF feed" in reports["broken"].error
    assert reports["slow"].status == "failed" and "timed out" in reports["slow"].error
    failing = {f.name: f for f in feed_bot.feeds.list() if f.errors}
    assert set(failing) == {"broken", "slow"}
    assert all(f.next_poll >= before + 2 * 600 for f in failing.values())  # backed off: twice the interval
    assert feed_bot.counts()[0] == 1


@pytest.mark.parametrize(
    "feed",
    [
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>One</title>'
        "<link>/a/1</link><guid>g1</guid><pubDate>Tue, 03 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>",
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="x">'
        '<title>T</title></channel><item rdf:about="g1"><title>One</title><link>http://example.org/a/1</link>'
        "<dc:date>2026-11-03T10:00:00Z</dc:date></item></rdf:RDF>",
    ],
    ids=["rss2", "rdf"],
)
def test_rss_and_rdf_feeds_are_read(feed: str) -> None:
    [entry] = parse_feed(feed.encode(), "http://example.org/feed").entries
    assert entry.link == "http://example.org/a/1" and entry.title == "One" and entry.published == "2026-11-03"


def test_near_duplicates_are_told_from_other_stories() -> None:
    same = similarity(fingerprint(story(3)), fingerprint("By a wire service. " + story(3)))
    other = similarity(fingerprint(story(3)), fingerprint(story(4)))
    assert same >= 0.8 > 0.2 > other


def test_feeds_cli(tmp_path: Path, site: FeedSite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTBOT_SOURCES__ALLOW_PRIVATE_URLS", "true")
    link = site.put("/news/1.txt", story(1))
    url = site.put(
        "/atom.xml",
        atom([one_entry(link)]),
        "application/atom+xml",
    )
    idx = ["--index", str(tmp_path / "index")]
    run = lambda *args: CliRunner().invoke(main, [*args, *idx])  # noqa: E731
    assert run("feeds", "add", url, "--name", "harbour", "--every", "2h").exit_code == 0
    assert run("feeds", "add", url).exit_code == 1  # already followed
    assert "not an interval" in run("feeds", "add", url + "?x", "--every", "soon").output
    polled = run("feeds", "poll", "--json")
    assert polled.exit_code == 0 and len(json.loads(polled.stdout)[0]["added"]) == 1
    listed = json.loads(run("feeds", "list", "--json").stdout)
    assert listed[0]["name"] == "harbour" and listed[0]["every_s"] == 7200 and listed[0]["new_items"] == 1
    assert run("feeds", "remove", "harbour").exit_code == 0
    assert "No feeds followed" in run("feeds", "list").output
    assert len(run("list").output.strip().splitlines()) == 1  # its article stays indexed


def test_a_sitemap_index_is_followed_with_its_dates(feed_bot: FactBot, site: FeedSite) -> None:
    import gzip

    links = [site.put(f"/story/{i}.txt", story(40 + i)) for i in range(3)]
    news = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"<url><loc>{links[0]}</loc><news:news><news:publication_date>2026-10-05T06:00:00Z</news:publication_date>"
        "</news:news></url>"
        f"<url><loc>{links[1]}</loc><lastmod>2026-10-06</lastmod></url></urlset>"
    )
    site.pages["/news-sitemap.xml.gz"] = (gzip.compress(news.encode()), "application/gzip")
    plain = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{links[2]}</loc></url><url><loc>{site.url}/story/missing.txt</loc></url></urlset>"
    )
    site.put("/pages.xml", plain, "application/xml")
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>/news-sitemap.xml.gz</loc></sitemap><sitemap><loc>/pages.xml</loc></sitemap></sitemapindex>"
    )
    url = site.put("/sitemap.xml", index, "application/xml")
    report = feed_bot.ingest_sitemap(url)
    assert len(report.added) == 3 and [f.source for f in report.failed] == [f"{site.url}/story/missing.txt"]
    dates = {r.url.rsplit("/", 1)[-1]: r.published for r in feed_bot.documents()}
    assert dates["0.txt"] == "2026-10-05" and dates["1.txt"] == "2026-10-06"
    with pytest.raises(FactbotError, match="not a sitemap"):
        feed_bot.ingest_sitemap(site.put("/nope.xml", "<html><p>hi</p></html>", "text/html"))
    assert feed_bot.counts()[0] == 3


def test_the_server_polls_feeds_in_the_background_and_the_library_lists_them(feed_bot: FactBot, site: FeedSite) -> None:
    import threading as th

    from factbot.interfaces.web.app import start_feed_poller
    from factbot.interfaces.web.ui import WebUI

    link = site.put("/news/7.txt", story(7))
    url = site.put(
        "/atom.xml",
        atom([one_entry(link)]),
        "application/atom+xml",
    )
    assert start_feed_poller(feed_bot).is_set() is False  # nothing to poll: no thread (the event is unused)
    feed_bot.feeds.add(url, "harbour", 600)
    stop = start_feed_poller(feed_bot)
    try:
        deadline = time.time() + 30
        while feed_bot.counts()[0] == 0 and time.time() < deadline:
            time.sleep(0.2)
    finally:
        stop.set()
    assert feed_bot.counts()[0] == 1
    [row] = WebUI(feed_bot, th.RLock()).feeds()
    assert row[0] == "harbour" and row[1] == url and row[3] != "never" and row[4] == 1
