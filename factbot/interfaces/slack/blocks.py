"""Interface (Slack): turn an `Answer` or a `Verdict` into Block Kit messages.

Everything that comes from articles or users is escaped for Slack mrkdwn (`&`, `<`, `>`), so an
article cannot ping `<!channel>` or slip in a `<http://evil|link>`; mrkdwn text objects are
`verbatim` so Slack does not auto-link names or mentions either. Texts and block counts are cut
to Slack's limits (3000 characters per section text, 50 blocks per message).

    blocks, text = answer_message(answer, links)     # links: doc_id -> article URL ("" if none)
    blocks, text = verdict_message(verdict, links)
    blocks, text = text_report_message(report, links) # the "Fact-check this message" shortcut's reply
    blocks, text = notice_message(":warning: Something went wrong.")
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from factbot.types import Answer, Citation, Evidence, JudgedEvidence, Label, Verdict

if TYPE_CHECKING:
    from factbot.check.report import TextReport

# SEE: https://api.slack.com/reference/block-kit/blocks (section text 3000, 50 blocks a message)
MAX_TEXT_CHARS = 3000
MAX_BLOCKS = 50
MAX_FALLBACK_CHARS = 3000  # the notification / screen-reader `text`; Slack truncates at 40k anyway
MAX_QUOTE_CHARS = 900  # a quoted sentence in a source line; the line stays far below 3000
MAX_TITLE_CHARS = 200

VERDICT_EMOJI = {
    Label.SUPPORTED: ":white_check_mark:",
    Label.REFUTED: ":x:",
    Label.NOT_ENOUGH_INFO: ":grey_question:",
    Label.CONFLICTING: ":warning:",
}
_ENTITY_TAIL = re.compile(r"&[a-z]{0,3}$")  # a cut that split "&amp;", "&lt;" or "&gt;"

Block = dict[str, Any]


def escape(text: str) -> str:
    """Text made literal for Slack mrkdwn: `&`, `<` and `>` become entities (nothing else is touched)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in "…" when cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"


def fit(escaped: str, limit: int = MAX_TEXT_CHARS) -> str:
    """Already-escaped mrkdwn cut to `limit` characters without splitting an entity."""
    if len(escaped) <= limit:
        return escaped
    return _ENTITY_TAIL.sub("", escaped[: limit - 1]).rstrip() + "…"


def link(url: str, label: str) -> str:
    """A mrkdwn link `<url|label>` for an http(s) URL, else the escaped label alone."""
    label = escape(clip(label, MAX_TITLE_CHARS))
    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        return label
    # Percent-encode what would end or split the link (`|`, `<`, `>`, spaces); `&` becomes `&amp;`.
    safe_url = quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%~")
    return f"<{escape(safe_url)}|{label}>"


def mrkdwn(text: str) -> Block:
    """A verbatim mrkdwn text object (no auto-linking of names, channels or mentions)."""
    return {"type": "mrkdwn", "text": fit(text), "verbatim": True}


def section(text: str, block_id: str | None = None) -> Block:
    """A section block from escaped mrkdwn, cut to 3000 characters."""
    block: Block = {"type": "section", "text": mrkdwn(text)}
    if block_id:
        block["block_id"] = block_id
    return block


def context(*texts: str) -> Block:
    """A context block (small grey text) of escaped mrkdwn pieces (Slack allows 10)."""
    return {"type": "context", "elements": [mrkdwn(t) for t in texts[:10]]}


def source_line(n: int, title: str, source: str, url: str, quote_text: str, prefix: str = "") -> str:
    """One numbered source as escaped mrkdwn: `[n] <link|title>`, then the quoted sentence."""
    where = link(url, title or source or "(untitled)")
    return f"*[{n}]* {prefix}{where}\n“{escape(clip(' '.join(quote_text.split()), MAX_QUOTE_CHARS))}”"


def _url(links: Mapping[str, str], doc_id: str, source: str) -> str:
    return links.get(doc_id) or source


def fallback(text: str) -> str:
    """The message's top-level `text` (notifications, screen readers): escaped too, since Slack
    parses it as mrkdwn and a `<!channel>` there would notify the whole channel."""
    return fit(escape(text), MAX_FALLBACK_CHARS)


def limit_blocks(blocks: list[Block], reserve: int = 0) -> list[Block]:
    """At most 50 blocks less `reserve` (room for blocks added after): the rest is replaced by a note saying
    how many were left out."""
    if len(blocks) <= MAX_BLOCKS - reserve:
        return blocks
    kept = blocks[: MAX_BLOCKS - reserve - 1]
    return kept + [context(f"_{len(blocks) - len(kept)} more blocks not shown._")]


def answer_message(answer: Answer, links: Mapping[str, str]) -> tuple[list[Block], str]:
    """Blocks and fallback text for an answer: the text with [n] markers, then numbered sources
    (or, when factbot abstains, the related passages, marked as not an answer).

    Args:
        answer: the answer to show.
        links: doc_id -> the article's URL ("" or missing: the source is used when it is http(s)).

    Returns:
        At most 50 blocks, the first with `block_id` "answer", and the escaped fallback text.
    """
    span = answer.short_in_text()
    if span:  # the short answer in bold within its quote
        i, j = span
        text = f"{escape(answer.text[:i])}*{escape(answer.text[i:j])}*{escape(answer.text[j:])}"
    else:
        text = escape(answer.text)
    blocks = [section(text, block_id="answer")]
    blocks += [context(f":information_source: {escape(w)}") for w in answer.warnings]
    if answer.citations:
        blocks.append(context("*Sources*"))
        blocks += [_citation(c, links) for c in answer.citations]
    elif answer.abstained and answer.related:
        blocks.append(context("*Related passages* (not an answer)"))
        blocks += [_related(i, e, links) for i, e in enumerate(answer.related, start=1)]
    return limit_blocks(blocks, reserve=1) + feedback_buttons(answer.id), fallback(answer.text)


def _citation(c: Citation, links: Mapping[str, str]) -> Block:
    return context(source_line(c.n, c.title, c.source, _url(links, c.doc_id, c.source), c.quote))


def _related(n: int, e: Evidence, links: Mapping[str, str]) -> Block:
    return context(source_line(n, e.title, e.source, _url(links, e.doc_id, e.source), e.quote))


def verdict_line(v: Verdict) -> str:
    """`:x: *REFUTED* (87%) · the claim` as escaped mrkdwn."""
    emoji = VERDICT_EMOJI.get(v.label, ":grey_question:")
    reply = f"*{v.reply()}* — " if v.reply() else ""
    return f"{emoji} {reply}*{v.label}* ({v.confidence:.0%}) · {escape(' '.join(v.claim.split()))}"


def verdict_message(verdict: Verdict, links: Mapping[str, str]) -> tuple[list[Block], str]:
    """Blocks and fallback text for a verdict: label with emoji and confidence, notes, then the
    numbered evidence with its stance; a compound claim lists each part with its own evidence.

    Args:
        verdict: the verdict to show.
        links: doc_id -> the article's URL (as in `answer_message`).

    Returns:
        At most 50 blocks, the first with `block_id` "verdict" (each part's "part-<i>"), and the
        escaped fallback text `LABEL (NN%): claim`.
    """
    blocks = [section(verdict_line(verdict), block_id="verdict")]
    if verdict.notes:
        blocks.append(context(*(escape(n) for n in verdict.notes)))
    parts = verdict.subclaims or [verdict]
    for i, part in enumerate(parts):
        if verdict.subclaims:
            blocks.append(section(verdict_line(part), block_id=f"part-{i}"))
        blocks += _evidence_blocks(part.evidence, links)
    shown = limit_blocks(blocks, reserve=1) + feedback_buttons(verdict.id)
    return shown, fallback(f"{verdict.label} ({verdict.confidence:.0%}): {verdict.claim}")


def _evidence_blocks(evidence: Sequence[JudgedEvidence], links: Mapping[str, str]) -> list[Block]:
    return [
        context(source_line(e.n, e.title, e.source, _url(links, e.doc_id, e.source), e.quote, f"_{e.stance}_ · "))
        for e in evidence
    ]


def text_report_message(report: TextReport, links: Mapping[str, str]) -> tuple[list[Block], str]:
    """Blocks and fallback text for a checked message: the summary, then each claim that is not
    SUPPORTED (refuted, conflicting, without enough evidence) with its verdict and deciding evidence.

    Args:
        report: the report of `FactBot.check_text` on the message's text.
        links: doc_id -> the article's URL (as in `answer_message`).

    Returns:
        At most 50 blocks, the first with `block_id` "report" (each listed claim's "claim-<n>"), and
        the escaped summary as the fallback text.
    """
    blocks = [section(f":mag: *Fact-check:* {escape(report.summary())}", block_id="report")]
    blocks += [context(f":information_source: {escape(w)}") for w in report.warnings]
    for c in report.claims:
        if c.verdict.label == Label.SUPPORTED:
            continue
        line = verdict_line(c.verdict)
        if c.claim != c.span:
            line += f"\n_as written:_ {escape(' '.join(c.span.split()))}"
        blocks.append(section(fit(line), block_id=f"claim-{c.n}"))
        blocks += _evidence_blocks(c.verdict.evidence[:2], links)
    return limit_blocks(blocks), fallback(report.summary())


FEEDBACK_ACTIONS = ("feedback_correct", "feedback_wrong")  # the buttons' action ids (see app.py)


def feedback_buttons(record_id: str) -> list[Block]:
    """A "Correct" / "Wrong" button pair for an answer's or verdict's id (none without an id)."""
    if not record_id:
        return []
    buttons = [
        {"type": "button", "action_id": action, "value": record_id, "text": {"type": "plain_text", "text": text}}
        for action, text in zip(FEEDBACK_ACTIONS, (":thumbsup: Correct", ":thumbsdown: Wrong"), strict=True)
    ]
    return [{"type": "actions", "block_id": "feedback", "elements": buttons}]


def notice_message(text: str) -> tuple[list[Block], str]:
    """A one-section message for help and failures.

    Args:
        text: trusted mrkdwn written by factbot (not escaped; escape any user or article text in it).

    Returns:
        One section block with `block_id` "notice", and `text` as the fallback.
    """
    return [section(text, block_id="notice")], fit(text, MAX_FALLBACK_CHARS)
