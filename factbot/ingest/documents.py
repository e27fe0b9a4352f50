"""Stage 2, documents: turn a raw `Article` into a clean `Document`.

Cleaning repairs HTML entities (including broken ones such as `& mdash;`), normalises Unicode and
whitespace, drops repeated title lines and site boilerplate ("Share this:", "Follow X on Twitter",
"Leave a Reply", ...), and rejoins hard-wrapped lines. The clean text is what gets stored, and every
chunk and sentence offset points into it.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from datetime import datetime
from html.entities import html5
from urllib.parse import unquote, urlsplit

from factbot.errors import EmptyDocumentError
from factbot.types import Article, Document

_BROKEN_ENTITY = re.compile(r"&\s+(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31})\s*;")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Lone surrogates: JSON's "\ud800" escapes decode to them, and no UTF-8 hash or store accepts them.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_TERMINAL = tuple('.!?:;"”’)]…')

# Whole lines that are site furniture, not article text (matched case-insensitively, short lines only).
_BOILERPLATE = re.compile(
    r"""^(?:
        follow\b.{0,80}\b(?:on|at)\s+(?:twitter|x|facebook|instagram|linkedin|threads|bluesky|tiktok|youtube)\b.*
      | (?:share|tweet|email|print|pin|save)(?:\s+(?:this|it|on\s+\w+|via\s+\w+|article|story))*\s*:?\s*
      | leave\s+a\s+(?:reply|comment)\b.*
      | your\s+email\s+address\s+will\s+not\s+be\s+published\b.*
      | required\s+fields\s+are\s+marked\b.*
      | (?:\d+\s+)?comments?\s*(?:\(\d+\))?\s*:?
      | (?:click|tap)\s+here\b.{0,80}
      | (?:sign\s+up|subscribe)\b.{0,80}\b(?:newsletter|updates|inbox)\b.*
      | (?:related|recommended|more)\s+(?:articles|stories|reading|from\s+\w+)\s*:?
      | advertisement | skip\s+advertisement | read\s+more\s*:?.{0,80}
      | (?:copyright|©).{0,120}
      | all\s+rights\s+reserved\.?
      | posted\s+(?:in|under)\b.{0,80}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def repair_entities(text: str) -> str:
    """Decode HTML entities, first closing broken ones like `& mdash;` or `&#8217 ;`."""

    def _fix(m: re.Match[str]) -> str:
        name = m.group(1)
        if name.startswith("#") or f"{name};" in html5:
            return f"&{name};"
        return m.group(0)

    text = _BROKEN_ENTITY.sub(_fix, text)
    for _ in range(2):  # twice: pages that escaped twice ("&amp;mdash;")
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


def without_surrogates(text: str) -> str:
    """Replace lone surrogates (from JSON escapes such as "\\ud800") with U+FFFD, so the text encodes as UTF-8."""
    return _SURROGATE.sub("\ufffd", text)


def normalise(text: str) -> str:
    """Unicode NFKC, unified newlines, no control or zero-width characters, single spaces.

    Lone surrogates become U+FFFD, the replacement character.
    """
    text = without_surrogates(text).replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    # NFKC after dropping zero-width characters, which would keep "e\u200b\u0301" from composing.
    text = _CONTROL.sub(" ", unicodedata.normalize("NFKC", text))
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def _key(line: str) -> str:
    return re.sub(r"[\W_]+", " ", line.casefold()).strip()


def is_boilerplate(line: str) -> bool:
    """True for a short line of site furniture (share/follow/comment prompts and the like)."""
    return len(line) <= 160 and bool(_BOILERPLATE.match(line))


def _guess_title(lines: list[str]) -> str:
    body = [ln for ln in lines if ln]
    if len(body) < 2:
        return ""
    first = body[0]
    if (
        len(first) <= 200
        and len(first.split()) >= 3
        and not first.endswith((".", "!", "?", ":", ";", ",", "—", "–", "-"))  # a dateline ("New York CNN —")
    ):
        return first
    return ""


def title_from_url(url: str) -> str:
    """A readable title from a news URL's slug, or "" when the URL has none.

    ".../2022/06/15/weather/yellowstone-national-park-flooding/index.html" gives "Yellowstone national
    park flooding": the last path part of three or more words, long numeric ids and the file ending
    dropped. Used only when an article comes without a title and its text opens with none, so
    citations and searches still see what the article is about.
    """
    path = unquote(urlsplit(url).path)
    for part in reversed([p for p in path.split("/") if p]):
        part = re.sub(r"\.[A-Za-z]{2,5}$", "", part)  # index.html, story.php, clip.cnn
        words = [w for w in re.split(r"[-_+\s]+", part) if w]
        if not all(re.fullmatch(r"[A-Za-z0-9']+", w) for w in words):
            continue
        kept = [w.lower() for w in words if not (w.isdigit() and len(w) > 4)]  # ids go, years stay
        if sum(1 for w in kept if len(w) >= 3 and w.isalpha()) >= 3:
            text = " ".join(kept)
            return text[0].upper() + text[1:]
    return ""


def _join_wrapped(paragraph: list[str]) -> str:
    """Rejoin hard-wrapped lines of one paragraph; keep line breaks that end a sentence or heading."""
    out = paragraph[0]
    for prev, line in zip(paragraph, paragraph[1:], strict=False):
        wrapped = not prev.endswith(_TERMINAL) and (line[:1].islower() or len(prev) >= 60)
        out += (" " if wrapped else "\n") + line
    return out


def clean_text(text: str, title: str = "") -> tuple[str, str]:
    """Clean raw article text; returns `(clean_text, title)`.

    The title is guessed from the first line when none is given (a short line without final
    punctuation), and lines repeating it at the top are dropped from the body.
    """
    lines = normalise(repair_entities(text)).split("\n")
    title = " ".join(filter(None, normalise(repair_entities(title)).split("\n"))) if title else _guess_title(lines)
    title_key = _key(title)
    kept: list[str] = []
    seen_body = False
    for line in lines:
        if line and not seen_body and title_key and _key(line) == title_key:
            continue  # the title, repeated at the top of the page
        if line and is_boilerplate(line):
            continue
        if line and kept and kept[-1] == line:
            continue  # the same line twice in a row
        seen_body = seen_body or bool(line)
        kept.append(line)
    paragraphs: list[list[str]] = [[]]
    for line in kept:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    body = "\n\n".join(_join_wrapped(p) for p in paragraphs if p)
    return body, title


def normalise_date(value: str) -> str:
    """Return `YYYY-MM-DD` for common date spellings, else an empty string."""
    value = value.strip()
    if not value:
        return ""
    candidate = value.replace("/", "-")[:10]
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%Y%m%d"):
        try:
            return datetime.strptime(candidate, fmt).date().isoformat()
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return ""


def doc_id_for(key: str) -> str:
    """Stable document id: 16 hex digits of the SHA-1 of the source key."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def content_hash(*parts: str) -> str:
    """SHA-256 over the parts that decide whether a stored document changed."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


def build_document(article: Article) -> Document:
    """Clean an article into a `Document` with a stable id and a content hash.

    Raises:
        EmptyDocumentError: if nothing is left after cleaning.
    """
    text, title = clean_text(article.text, article.title)
    title = title or title_from_url(article.url)
    if not re.search(r"\w", text):
        raise EmptyDocumentError(f"Article {article.source!r} has no text after cleaning; nothing to index.")
    published = normalise_date(article.published)
    # JSON metadata can hold lone surrogates too: what is hashed and stored must encode as UTF-8.
    url, author, source = (without_surrogates(v) for v in (article.url, article.author, article.source))
    digest = content_hash(title, text, url, published, author)
    key = without_surrogates(article.id_key) or f"text:{content_hash(text)}"
    return Document(
        doc_id=doc_id_for(key),
        text=text,
        source=source,
        title=title,
        url=url,
        published=published,
        author=author,
        content_hash=digest,
    )
