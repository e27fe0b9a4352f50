"""Interface: answers and verdicts as HTML for the web chat.

Article text, titles and sources are untrusted: every piece of them goes through `esc`
(`html.escape` with whitespace collapsed), so they show as text and never as markup or script.
Each rendering is one line of HTML starting with a `<div>`: Markdown treats it as a raw HTML block
and leaves its content alone (a blank line would end the block, hence the collapsed whitespace).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import PurePath

from factbot.types import Answer, Evidence, JudgedEvidence, Label, Verdict

LABEL_TEXT = {
    Label.SUPPORTED: "SUPPORTED",
    Label.REFUTED: "REFUTED",
    Label.NOT_ENOUGH_INFO: "NOT ENOUGH INFO",
    Label.CONFLICTING: "CONFLICTING",
}
STANCE_TEXT = {"supports": "✔ supports", "contradicts": "✘ contradicts", "neutral": "· related"}
CONTEXT_CHARS = 320  # most characters of the paragraph shown on each side of a quote

CSS = """
.fb-text { line-height: 1.55; }
.fb-marker { color: #1d4ed8; font-weight: 600; }
.fb-sources, .fb-evidence { margin: .6em 0 0 0; padding-left: 0; list-style: none; }
.fb-source, .fb-ev { margin: .5em 0; padding: .45em .6em; border-left: 3px solid #94a3b8;
  background: rgba(148,163,184,.1); }
.fb-source-head { font-size: .9em; }
.fb-n { font-weight: 700; color: #1d4ed8; margin-right: .3em; }
.fb-path { font-family: ui-monospace, monospace; font-size: .85em; word-break: break-all; }
.fb-context { margin: .3em 0 0 0; font-size: .92em; }
.fb-quote { background: #fde68a; color: #111827; padding: 0 .1em; border-radius: 2px; }
.fb-badge { display: inline-block; padding: .15em .6em; border-radius: 999px; font-weight: 700; font-size: .9em;
  color: #fff; letter-spacing: .02em; }
.fb-supported { background: #15803d; }
.fb-refuted { background: #b91c1c; }
.fb-not-enough-info { background: #6b7280; }
.fb-conflicting { background: #b45309; }
.fb-confidence { margin-left: .5em; font-size: .9em; opacity: .85; }
.fb-claim, .fb-note, .fb-warning { margin-top: .35em; font-size: .92em; }
.fb-note, .fb-warning { opacity: .8; }
.fb-stance { font-weight: 600; font-size: .85em; margin-right: .4em; }
.fb-supports { border-left-color: #15803d; } .fb-supports .fb-stance { color: #15803d; }
.fb-contradicts { border-left-color: #b91c1c; } .fb-contradicts .fb-stance { color: #b91c1c; }
.fb-part { margin: .6em 0 0 .8em; }
.fb-related-head { margin-top: .6em; font-weight: 600; font-size: .9em; }
.fb-id { margin-top: .4em; font-size: .75em; opacity: .6; font-family: ui-monospace, monospace; }
/* Table headers and short cells break between words only ("confidence", not "confidenc|e"). */
#fb-verdicts th, #fb-verdicts th *, #fb-documents th, #fb-documents th *, #fb-check-claims th, #fb-check-claims th *
  { word-break: normal !important; overflow-wrap: normal !important; hyphens: none; }
"""


def esc(text: str) -> str:
    """Untrusted text as HTML text: escaped, whitespace collapsed to single spaces."""
    return html.escape(re.sub(r"\s+", " ", text), quote=True)


def paragraph_around(text: str, start: int, end: int, max_chars: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """The paragraph holding `text[start:end]`, as (before, quote, after), trimmed to `max_chars` a side."""
    para_start = text.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end
    before, after = text[para_start:start], text[end:para_end]
    if len(before) > max_chars:
        before = "… " + before[-max_chars:].split(" ", 1)[-1]
    if len(after) > max_chars:
        after = after[:max_chars].rsplit(" ", 1)[0] + " …"
    return before, text[start:end], after


def _context(quote: str, start: int, end: int, text: str | None) -> str:
    """The quote highlighted inside its paragraph (just the quote when the text is unavailable)."""
    if text is None or text[start:end] != quote:
        before, after = "", ""
    else:
        before, quote, after = paragraph_around(text, start, end)
    return (
        f'<blockquote class="fb-context">{esc(before)}<mark class="fb-quote">{esc(quote)}</mark>'
        f"{esc(after)}</blockquote>"
    )


def shown_source(source: str) -> str:
    """A source as the UI shows it: a file path as its file name (a JSONL row's `#line` kept), so the
    server's directories are not shown; other labels ("desk://xss", "pasted text") as they are."""
    path, hash_, row = source.partition("#")
    if path.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", path):
        return PurePath(path.replace("\\", "/")).name + hash_ + row
    return source


def _where(title: str, source: str, url: str) -> str:
    """Title, then a link (http(s) URLs only) or the file name, as text."""
    head = f'<b class="fb-title">{esc(title or "(untitled)")}</b>'
    if url.lower().startswith(("http://", "https://")):
        return f'{head} — <a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(url)}</a>'
    return f'{head} — <span class="fb-path">{esc(shown_source(source))}</span>'


Lookup = Callable[[str], tuple[str | None, str]]
"""doc_id → (the document's clean text or None, its URL or "")."""


def render_partial(text: str) -> str:
    """The answer text while it streams."""
    return f'<div class="fb-answer"><div class="fb-text">{esc(text)}</div></div>'


def render_answer(answer: Answer, lookup: Lookup) -> str:
    """An answer: its text with `[n]` markers, then the cited sources only, each with the quoted
    sentence highlighted inside its paragraph; when abstaining, the related passages instead."""
    span = answer.short_in_text()
    if span:  # the short answer ("Deputy Foreign Minister") in bold within its quote
        i, j = span
        marked = f'{esc(answer.text[:i])}<b class="fb-short">{esc(answer.text[i:j])}</b>{esc(answer.text[j:])}'
    else:
        marked = esc(answer.text)
    body = re.sub(r"\[(\d+)\]", r'<sup class="fb-marker">[\1]</sup>', marked)
    parts = [f'<div class="fb-answer"><div class="fb-text">{body}</div>']
    if answer.citations:
        parts.append('<ol class="fb-sources">')
        for c in answer.citations:
            text, url = lookup(c.doc_id)
            parts.append(
                f'<li class="fb-source"><div class="fb-source-head"><span class="fb-n">[{c.n}]</span>'
                f"{_where(c.title, c.source, url)}</div>{_context(c.quote, c.start, c.end, text)}</li>"
            )
        parts.append("</ol>")
    if answer.abstained and answer.related:
        parts.append('<div class="fb-related-head">Related passages (not an answer):</div><ol class="fb-sources">')
        parts += [_related(e, lookup) for e in answer.related]
        parts.append("</ol>")
    parts += [f'<div class="fb-warning">⚠ {esc(w)}</div>' for w in answer.warnings]
    parts.append(record_id(answer.id))
    parts.append("</div>")
    return "".join(parts)


def _related(e: Evidence, lookup: Lookup) -> str:
    text, url = lookup(e.doc_id)
    return (
        f'<li class="fb-source"><div class="fb-source-head">{_where(e.title, e.source, url)}</div>'
        f"{_context(e.quote, e.start, e.end, text)}</li>"
    )


def badge(label: str) -> str:
    """The verdict label as a coloured badge (one CSS class per label)."""
    css = "fb-" + label.lower().replace("_", "-")
    return f'<span class="fb-badge {css}" data-label="{esc(label)}">{esc(LABEL_TEXT.get(label, label))}</span>'


def _reply(verdict: Verdict) -> str:
    """ "Yes — " / "No — " before the badge when the user asked a yes/no question."""
    return f'<span class="fb-reply">{verdict.reply()} — </span>' if verdict.reply() else ""


def render_verdict(verdict: Verdict, lookup: Lookup, part: bool = False) -> str:
    """A verdict: badge, confidence, the claim, notes, then the evidence marked supports/contradicts
    (or, for a compound claim, each part's verdict)."""
    parts = [
        f'<div class="{"fb-part" if part else "fb-verdict"}"><div>{_reply(verdict)}{badge(verdict.label)}'
        f'<span class="fb-confidence">{verdict.confidence:.0%} confidence</span></div>',
        f'<div class="fb-claim">{"Part" if part else "Claim"}: {esc(verdict.claim)}</div>',
    ]
    parts += [f'<div class="fb-note">{esc(n)}</div>' for n in verdict.notes]
    if verdict.subclaims:
        parts += [render_verdict(sub, lookup, part=True) for sub in verdict.subclaims]
    elif verdict.evidence:
        parts.append('<ol class="fb-evidence">')
        parts += [_judged(e, lookup) for e in verdict.evidence]
        parts.append("</ol>")
    parts.append(record_id(verdict.id))
    parts.append("</div>")
    return "".join(parts)


RECORD_ID = re.compile(r"factbot id ([0-9a-f]{16})")


def record_id(rid: str) -> str:
    """The answer's or verdict's id, shown small under it (the feedback buttons find it there)."""
    return f'<div class="fb-id">factbot id {esc(rid)}</div>' if rid else ""


def _judged(e: JudgedEvidence, lookup: Lookup) -> str:
    text, url = lookup(e.doc_id)
    checks = "".join(f'<div class="fb-note">{esc(c)}</div>' for c in e.checks)
    return (
        f'<li class="fb-ev fb-{esc(e.stance)}"><div class="fb-source-head"><span class="fb-n">[{e.n}]</span>'
        f'<span class="fb-stance">{esc(STANCE_TEXT.get(e.stance, e.stance))}</span>'
        f"{_where(e.title, e.source, url)}</div>{_context(e.quote, e.start, e.end, text)}{checks}</li>"
    )


def render_message(text: str, css_class: str = "fb-note") -> str:
    """A plain message (errors, the empty-index hint) as escaped HTML."""
    return f'<div class="{css_class}">{esc(text)}</div>'
