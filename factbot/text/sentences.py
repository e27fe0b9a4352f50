"""Sentence splitting with exact offsets (blingfire, repaired where it breaks after an abbreviation
("Dr. Smith", "Jan. 26") or before a quote's attribution, and where it misses a sentence end with no space
after it ('… for society".But Mrs May …')). Used for articles (chunking) and claims (verification).

Contract: `split_sentences(text)` returns `Sentence`s in order, whose `text == text[start:end]`, with no
leading or trailing whitespace; text between sentences is whitespace only.
"""

from __future__ import annotations

import re

from factbot.types import Sentence

# Abbreviations after which a full stop does not end a sentence when a capitalised word follows.
_TITLES = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "sen",
    "rep",
    "gov",
    "lt",
    "col",
    "sgt",
    "capt",
    "maj",
    "adm",
    "cmdr",
    "gens",
    "sens",
    "reps",
    "st",
    "rev",
    "hon",
    "pres",
    "supt",
    "det",
    "insp",
    "cpl",
    "pvt",
    "messrs",
    "mmes",
    "fr",
    "sr",
    "jr",
    "no",
    "nos",
    "art",
    "fig",
    "vol",
    "ch",
    "sec",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "vs",
    "v",
    "approx",
    "est",
    "dept",
    "univ",
    "mt",
    "ft",
    "ave",
    "blvd",
    "rd",
}
# Abbreviations that may also end a sentence: join only when the next part starts in lower case.
_ENDINGS = {"inc", "co", "corp", "ltd", "llc", "plc", "etc", "a.m", "p.m", "u.s", "u.k", "u.n", "e.u", "d.c"}
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def _joins_next(prev: str, nxt: str) -> bool:
    m = _LAST_WORD.search(prev)
    word = m.group(1).lower() if m else ""
    head = nxt.lstrip("\"'“‘([ ")
    if not head:
        return True
    if head[0].islower() or (head[0].isdigit() and word in _TITLES):
        return True
    if word in _TITLES and len(word.replace(".", "")) > 0 and not prev.endswith(("?", "!")):
        return True
    return word in _ENDINGS and head[0].islower()


_LOWER_START = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(]?[a-z])")


def _lower_starts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a span where a sentence ends and the next starts in lower case ("… the us. they form …"),
    except after an abbreviation ("the u.s. army", "dr. smith", "e.g. the")."""
    spans = []
    for m in _LOWER_START.finditer(text, start, end):
        w = _LAST_WORD.search(text, start, m.start() + 1)
        word = w.group(1).lower() if w else ""
        if word and (word in _TITLES or word in _ENDINGS or "." in word or len(word) == 1):
            continue
        spans.append((start, m.start() + 1))
        start = m.end()
    return [*spans, (start, end)]


# A sentence end with no space before the next sentence ('society".But Mrs May', "in 2015.The"), as in
# text whose paragraphs were joined without a break: a lower-case letter or digit, the stop, closing
# quotes, then a capitalised word (not a domain name's next part: "bbc.Co.uk" has a full stop after it).
_RUN_ON = re.compile(r"(?<=[a-z0-9%])[\"'”’)\]]*[.!?][\"'”’)\]]*(?=[\"'“‘(]?[A-Z][A-Za-z]*(?:[^A-Za-z.]|$))")


def _run_ons(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a span where a sentence ends and the next begins with no space between them, except after an
    abbreviation or a single letter."""
    spans, first = [], start
    for m in _RUN_ON.finditer(text, start, end):
        w = re.search(r"[A-Za-z0-9%]+$", text[start : m.start()])
        word = w.group() if w else ""
        title = word.lower() in _TITLES and word[0].isupper()  # "Mr.Smith" (but "said no.Rees" ends one)
        if title or word.lower() in _ENDINGS or (len(word) == 1 and word.isalpha()):  # "Inc.The", "U.S.Army"
            continue
        cut = m.end()
        if text[cut - 1] == '"' and text.count('"', first, m.start()) % 2 == 0:
            cut -= 1  # no quote open: this '"' opens the next sentence ('plate."School meals …')
        spans.append((start, cut))
        start = cut
    return [*spans, (start, end)]


def split_sentences(text: str, *, lower_starts: bool = False) -> list[Sentence]:
    """Split text into sentences whose `start:end` offsets index `text` exactly. With `lower_starts`, a
    sentence may also start in lower case (text typed all in lower case, such as a chat message or a
    claim: "the us refused. nato expanded."); without it, as in articles, a lower-case word after a full
    stop goes on the same sentence (an abbreviation the lists above do not know)."""
    import blingfire

    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        base, size = para.start(), len(para.group())
        _, offsets = blingfire.text_to_sentences_and_offsets(para.group())
        # blingfire skips some characters at sentence edges as if they were spaces (controls, U+200E,
        # U+2424...): each sentence runs to the next one's start, so no text falls between sentences.
        bounds = [start for start, _ in offsets[1:]] + [size]
        for start, end in zip([0, *bounds[:-1]], bounds, strict=True):
            s, e = base + start, base + end
            if spans and spans[-1][1] > base - 1 and _joins_next(text[spans[-1][0] : spans[-1][1]].rstrip(), text[s:e]):
                spans[-1] = (spans[-1][0], e)
            else:
                spans.append((s, e))
    spans = [part for s, e in spans for part in _run_ons(text, s, e)]
    if lower_starts:
        spans = [part for s, e in spans for part in _lower_starts(text, s, e)]
    out: list[Sentence] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append(Sentence(start=s, end=e, text=text[s:e]))
    return out
