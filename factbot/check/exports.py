"""Stage 7e, the report's formats: Markdown, self-contained HTML, JSON and schema.org ClaimReview JSON-LD.

Contracts: `to_markdown(report)` and `to_html(report)` → text (HTML: one page, no external resources, every
claim highlighted in the text in its verdict's colour and linked to its footnoted evidence, everything
escaped); `html_fragment(report)` → the page's body alone, inline styles only; `to_json(report)` → the JSON
text of `report.to_dict()`; `claim_reviews(report, author, author_url)` → one ClaimReview object per checked
claim (JSON-ready dicts, schema.org properties only).
"""

from __future__ import annotations

import html
import json
from typing import Any

from factbot.check.report import CheckedClaim, TextReport
from factbot.types import JudgedEvidence, Label

TEXTUAL_RATING = {
    Label.SUPPORTED: "Supported by the sources",
    Label.REFUTED: "Contradicted by the sources",
    Label.CONFLICTING: "The sources conflict",
    Label.NOT_ENOUGH_INFO: "Not enough evidence",
}
RATING_VALUE = {Label.SUPPORTED: 5, Label.CONFLICTING: 3, Label.REFUTED: 1}  # no value without evidence
COLOURS = {
    Label.SUPPORTED: "#d7f5dd",
    Label.REFUTED: "#fbd5d5",
    Label.CONFLICTING: "#fdf0c4",
    Label.NOT_ENOUGH_INFO: "#e6e6e6",
}


def _pct(c: CheckedClaim) -> str:
    return f"{c.verdict.confidence:.0%}"


def _where(e: JudgedEvidence) -> str:
    return e.source if e.source.startswith(("http://", "https://")) else ""


def to_json(report: TextReport) -> str:
    """The report as JSON text."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def to_markdown(report: TextReport) -> str:
    """The report as Markdown: summary, a table of claims, then each claim with its evidence."""
    one_line = lambda s: " ".join(s.split()).replace("|", "\\|")  # noqa: E731
    lines = ["# Fact-check report", ""]
    if report.title or report.url:
        lines += [f"Text: {report.title or report.url}" + (f" <{report.url}>" if report.url else ""), ""]
    lines += [f"Checked {report.checked_at}. **{report.summary()}**", ""]
    lines += [f"> ⚠ {w}" for w in report.warnings]
    if report.claims:
        lines += ["| # | Claim | Verdict | Confidence |", "|---:|---|---|---:|"]
        lines += [f"| {c.n} | {one_line(c.span)} | {c.verdict.label} | {_pct(c)} |" for c in report.claims]
        lines.append("")
    for c in report.claims:
        lines += [f"## {c.n}. {c.verdict.label} ({_pct(c)})", "", f"> {one_line(c.span)}", ""]
        if c.claim != c.span:
            lines += [f"Checked as: {one_line(c.claim)}", ""]
        for e in c.verdict.evidence:
            link = f" <{_where(e)}>" if _where(e) else f" ({e.source})"
            lines.append(f"- [{e.n}] {e.stance}: “{one_line(e.quote)}” — {e.title or '(untitled)'}{link}")
        if not c.verdict.evidence:
            lines.append("- No evidence in the sources.")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_STYLE = """body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
mark{padding:0 .15em;border-radius:3px}mark a{color:inherit;text-decoration:none}
.ev{margin:.2rem 0 .8rem 1.2rem}.label{font-weight:600}sup a{text-decoration:none}"""


_TEXT_STYLE = "white-space:pre-wrap;border:1px solid #ddd;padding:1rem;border-radius:6px"


def _mark(report: TextReport) -> str:
    """The text, escaped, with each claim's span highlighted and linked to its evidence."""
    out, at = [], 0
    for c in sorted(report.claims, key=lambda c: c.start):
        colour = COLOURS[c.verdict.label]
        out.append(html.escape(report.text[at : c.start]))
        out.append(
            f'<mark id="claim-{c.n}" class="claim {c.verdict.label.lower()}" style="background:{colour}" '
            f'data-label="{c.verdict.label}"><a href="#evidence-{c.n}">{html.escape(c.span)}</a></mark>'
            f'<sup><a href="#evidence-{c.n}">{c.n}</a></sup>'
        )
        at = c.end
    out.append(html.escape(report.text[at:]))
    return "".join(out)


def html_fragment(report: TextReport) -> str:
    """The report's body as an HTML fragment with inline styles only (what the web UI shows): summary,
    warnings, the highlighted text and the numbered evidence. Claims still being checked are not marked."""
    esc = html.escape
    parts = []
    if report.url:
        parts.append(f'<p>Text: <a href="{esc(report.url)}" rel="noopener noreferrer">{esc(report.url)}</a></p>')
    summary = report.summary() if report.done else f"Checking claim {len(report.claims) + 1} of {report.planned}…"
    parts.append(f'<p class="summary">Checked {esc(report.checked_at)}. <b>{esc(summary)}</b></p>')
    parts += [f'<p class="warning">⚠ {esc(w)}</p>' for w in report.warnings]
    parts.append(f'<div class="text" style="{_TEXT_STYLE}">{_mark(report)}</div><h2>Evidence</h2><ol class="claims">')
    for c in report.claims:
        parts.append(
            f'<li id="evidence-{c.n}"><a href="#claim-{c.n}">↑</a> <span class="label" style="font-weight:600">'
            f"{c.verdict.label}</span> ({_pct(c)}): {esc(c.claim)}<ul>"
        )
        for e in c.verdict.evidence:
            url = _where(e)
            where = f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(e.title or url)}</a>' if url else esc(e.title)
            parts.append(f'<li class="ev">{esc(e.stance)}: “{esc(e.quote)}” — {where}</li>')
        if not c.verdict.evidence:
            parts.append('<li class="ev">No evidence in the sources.</li>')
        parts.append("</ul></li>")
    parts.append("</ol>")
    return "".join(parts)


def to_html(report: TextReport) -> str:
    """The report as one self-contained HTML page."""
    heading = html.escape(report.title or report.url or "Fact-check report")
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{heading}</title>'
        f"<style>{_STYLE}</style></head><body><h1>Fact-check report</h1>{html_fragment(report)}</body></html>"
    )


def claim_review(c: CheckedClaim, report: TextReport, author: str, author_url: str = "") -> dict[str, Any]:
    """One claim as a schema.org ClaimReview."""
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": TEXTUAL_RATING[c.verdict.label]}
    if c.verdict.label in RATING_VALUE:
        rating |= {"ratingValue": RATING_VALUE[c.verdict.label], "bestRating": 5, "worstRating": 1}
    item: dict[str, Any] = {"@type": "Claim", "text": c.span}
    if report.url:
        item["appearance"] = {"@type": "CreativeWork", "url": report.url}
    if report.published:
        item["datePublished"] = report.published
    org: dict[str, Any] = {"@type": "Organization", "name": author}
    if author_url:
        org["url"] = author_url
    body = " ".join(f"{e.stance}: “{e.quote}” ({e.title})" for e in c.verdict.evidence) or "No evidence found."
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": c.claim,
        "datePublished": report.checked_at[:10],
        "author": org,
        "reviewRating": rating,
        "itemReviewed": item,
        "reviewBody": body,
    }


def claim_reviews(report: TextReport, author: str, author_url: str = "") -> list[dict[str, Any]]:
    """Every checked claim as a schema.org ClaimReview."""
    return [claim_review(c, report, author, author_url) for c in report.claims]
