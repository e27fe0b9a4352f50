"""Stage 6b, answerability: which evidence sentences may answer a question, the answering span in each,
and the next sentence when the answer sentence only announces what follows.

Contracts:
- `screen(question, evidence, doc_text, limit, threshold, margin)` → `Screened`: `fits`, the sentences that
  may answer (in the order given), each as a `Fit` with its short answer span if the type check found one;
  `misses`, the sentences that fail, each with why; `reason`, one sentence for the user about the best miss
  ("they mention the Foreign Ministry, but not China"), empty when something fits. A sentence fits when
  every constraint of the question is met by the sentence, its context sentences, its article's title or
  date (and the years that "last year", "this year" and "next year" name from that date), or a title the
  article gives the person asked about ("the Secretary General" after "NATO Secretary General Jens
  Stoltenberg"); when its article's text and title lack at most half of the question's
  `background` constraints (from the sentences before the asking one), and only ones that another
  candidate's article meets; and, when the question has an answer type (who, when, where, how many, how
  long, which position), when the sentence holds an expression of that type (or, for who, a pronoun subject
  naming someone before; for "which country"-style where, the question's place noun, of a place the
  article's title names). The short answer is that expression, not one the question names: for "where",
  a preposition's object first ("captured … in Caracas"), with the places after it after commas
  ("Plymouth, Massachusetts"); for how much, an amount before any other number; an amount with its
  currency sign. Only the first `limit` sentences are checked, and of those only the ones scoring
  at least `threshold` and within `margin` of the first fit are type-checked; the rest neither fit nor miss.
- `completion(evidence, doc_text)` → the next sentence of the article as `(quote, start, end, rule)` when
  the evidence sentence announces it (rule ids in `COMPLETION_RULES`), else None.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from factbot.answer.questions import Constraint, Question, Words, nlp
from factbot.text.nlp import NAME_LABELS, parse
from factbot.types import Evidence

# Entity labels that answer each focus, preferred first; "position" is answered by a title attached to the
# person asked about.
ANSWER_LABELS: dict[str, tuple[str, ...]] = {
    "who": ("PERSON", "ORG", "NORP", "GPE"),
    "when": ("DATE", "TIME"),
    "where": ("GPE", "LOC", "FAC", "NORP"),  # NORP: "one billion Chinese" says where
    "quantity": ("CARDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE", "TIME"),  # DATE, TIME: with a number
    "duration": ("TIME", "QUANTITY", "DATE"),
}
MUCH_LABELS = ("MONEY", "PERCENT", "QUANTITY", "CARDINAL", "DATE", "TIME")  # "how much": an amount first
FOCUS_WORDS = {
    "who": "who",
    "when": "when",
    "where": "where",
    "quantity": "how many or how much",
    "duration": "how long",
    "position": "what position",
}
COMPLETION_RULES = {
    "colon": "the sentence ends with a colon",
    "following": 'the sentence announces "the following"',
    "count": "the sentence announces a number of things and the next sentence lists them",
    "this-is": 'the next sentence explains the announcement ("This is …", "These are …")',
}
_TITLE_DEPS = frozenset({"compound", "nmod", "amod", "prep", "pobj", "poss", "case", "punct"})


@dataclass(frozen=True)
class Short:
    """The answering span inside an evidence sentence: `text == quote[start - e.start : end - e.start]`."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Fit:
    """An evidence sentence that may answer, with its short answer span (None when the question has no type)."""

    evidence: Evidence
    short: Short | None = None


@dataclass
class Screened:
    """The outcome of `screen`: what fits, what misses (with why), and the reason to give when nothing fits."""

    fits: list[Fit] = field(default_factory=list)
    misses: list[tuple[Evidence, str]] = field(default_factory=list)
    reason: str = ""


def _title_span(ent: Any) -> Any | None:
    """The title or role a sentence gives a PERSON entity, as a spaCy span, or None.

    Three shapes: words before the name that attach to it ("Deputy Foreign Minister Sergei Ryabkov",
    "Secretary of State Antony Blinken"); an apposition after it ("Borrell, the EU's foreign policy chief");
    the name as the apposition of the title ("The EU's foreign policy chief, Josep Borrell").
    """
    doc, root = ent.doc, ent.root
    left = ent.start
    while left > 0 and doc[left - 1].dep_ in _TITLE_DEPS and root in doc[left - 1].ancestors:
        left -= 1
    while left < ent.start and (doc[left].is_punct or doc[left].dep_ == "det" or doc[left].tag_ == "POS"):
        left += 1
    if left < ent.start:
        return doc[left : ent.start]
    for child in root.children:
        if child.dep_ == "appos":
            span = doc[child.left_edge.i : child.right_edge.i + 1]
            return span[1:] if span[0].dep_ == "det" else span
    if root.dep_ == "appos" and root.head.pos_ in ("NOUN", "PROPN"):
        head = root.head
        first = head.left_edge.i + (1 if head.left_edge.dep_ == "det" else 0)
        return doc[first : head.i + 1]
    return None


def person_title(doc: Any, surname: str) -> Any | None:
    """The title a parsed sentence gives the person with this surname, or None."""
    for ent in doc.ents:
        if ent.label_ == "PERSON" and ent[-1].text == surname:
            span = _title_span(ent)
            if span is not None and any(t.pos_ in ("NOUN", "PROPN") for t in span):
                return span
    return None


def title_aliases(title: Any) -> list[str]:
    """How an article refers back to a titled person: "the" and the title's head noun with the words before it
    that name no entity ("NATO Secretary General" → "the Secretary General"; "Port Authority Chair" → "the
    Chair"), or their last two or more ("Deputy Foreign Minister" → also "the Foreign Minister"); a title
    with words after its head in full ("the Secretary of State")."""
    head = title.root
    if head.i < title.end - 1:  # "Secretary of State": the head alone ("the Secretary") is someone else
        return [f"the {title.text}"]
    first = head.i
    while (
        first > title.start and not title.doc[first - 1].ent_type_ and title.doc[first - 1].dep_ in ("compound", "amod")
    ):
        first -= 1
    words = [t.text for t in title.doc[first : head.i + 1]]
    if len(words) == 1:
        return [f"the {words[0]}"]
    return [f"the {' '.join(words[i:])}" for i in range(len(words) - 1)]


class _Titles:
    """Titles that each article gives a person ("Secretary General" for Stoltenberg), found on demand."""

    MENTIONS = 3  # mentions of the person parsed per article
    WINDOW = 160  # characters either side of a mention

    def __init__(self, doc_text: Callable[[str], str]) -> None:
        self.doc_text = doc_text
        self.cache: dict[tuple[str, str], list[str]] = {}

    def of(self, doc_id: str, surname: str) -> list[str]:
        if (doc_id, surname) not in self.cache:
            text = self.doc_text(doc_id)
            # Only the surroundings of the first mentions are parsed: a title stands next to the name.
            starts = [m.start() for m in re.finditer(rf"\b{re.escape(surname)}\b", text)][: self.MENTIONS]
            windows = [text[max(0, i - self.WINDOW) : i + self.WINDOW] for i in starts]
            titles = [person_title(doc, surname) for doc in nlp().pipe(windows, disable=["lemmatizer"])]
            self.cache[(doc_id, surname)] = [a for span in titles if span is not None for a in title_aliases(span)]
        return self.cache[(doc_id, surname)]


def _words(e: Evidence) -> Words:
    return Words(e.context, e.title, e.published, _month_year(e.published), *_years_named(e.context, e.published))


_YEAR_WORDS = re.compile(r"\b(last|this|next) year\b", re.IGNORECASE)
_YEAR_STEP = {"last": -1, "this": 0, "next": 1}


def _years_named(text: str, published: str) -> list[str]:
    """The years that "last year", "this year" and "next year" in `text` name, counted from the article's
    date: an article of February 2025 about "recalls last year" meets a question about 2024."""
    if not published[:4].isdigit():
        return []
    return [str(int(published[:4]) + _YEAR_STEP[m.group(1).casefold()]) for m in _YEAR_WORDS.finditer(text)]


def _month_year(published: str) -> str:
    """ "2022-01-26" → "January 2022", so a question's "in January 2022" is met by the article's date."""
    try:
        year, month = int(published[:4]), int(published[5:7])
        return f"{calendar.month_name[month]} {year}"
    except (ValueError, IndexError):
        return ""


def _unmet(
    question: Question, e: Evidence, titles: _Titles, articles: dict[str, Words], unknown: list[Constraint]
) -> tuple[list[Constraint], list[Constraint]]:
    """(met, unmet) constraints of the question for one evidence sentence; `articles` holds each article's
    words for the background constraints, `unknown` the background constraints no candidate article meets."""
    words = _words(e)
    met, unmet = [], []
    for c in question.constraints:
        ok = not c.missing(words)
        if not ok and c.label in ("PERSON", "PROPN"):
            surname = sorted(c.parts[0])[0]
            ok = any(Words(e.quote).has(title) for title in titles.of(e.doc_id, surname))
        (met if ok else unmet).append(c)
    if question.background:
        lacking = [c for c in question.background if c.missing(articles[e.doc_id])]
        met += [c for c in question.background if c not in lacking]
        # A preamble identifies its story by most of its names; one that no candidate article names at all
        # is a story the sources do not have.
        if 2 * len(lacking) > len(question.background) or any(c in unknown for c in lacking):
            unmet += lacking
    return met, unmet


def _covered(ent: Any, question: Question) -> bool:
    """Whether an entity of the sentence is one the question already names (so it cannot be the answer): a
    constraint, or the entity's own words in the question ("US", which is no constraint: "us" is a stop word)."""
    words = Words(ent.text)
    if any(not c.missing(words) for c in (*question.constraints, *question.background)):
        return True
    return Words(question.text).has(ent.text)


def _typed(question: Question, doc: Any, e: Evidence) -> tuple[bool, Short | None]:
    """Whether a parsed evidence sentence holds an answer of the question's type, and its span."""
    if question.focus == "other":
        return True, None
    if question.focus == "position":
        person = next((c for c in (*question.constraints, *question.background) if c.text == question.subject), None)
        surname = sorted(person.parts[0])[0] if person else ""
        span = person_title(doc, surname) if surname else None
        if span is None:
            return False, None
        return True, Short(span.text, e.start + span.start_char, e.start + span.end_char)
    labels = ANSWER_LABELS[question.focus]
    typed = [ent for ent in doc.ents if ent.label_ in labels and not _covered(ent, question)]
    if question.focus == "quantity":  # "how many months": "six months" (DATE) answers, "Monday" does not
        typed = [ent for ent in typed if ent.label_ not in ("DATE", "TIME") or any(t.like_num for t in ent)]
    if typed:
        if question.focus == "quantity" and "how much" in (question.ask or question.text).casefold():
            labels = MUCH_LABELS  # "sold for how much?": "$150,000", not "a 131cm figure"
        # For "where", a place the sentence puts something in ("captured … in Caracas": a preposition's object)
        # before one it names otherwise ("The US launched …"); not for "which country", whose answer may be a
        # party ("The US and Ukraine signed … in Washington").
        where = question.focus == "where" and not question.answer_words
        placed = lambda x: where and x.root.dep_ == "pobj"  # noqa: E731
        ent = min(typed, key=lambda x: (labels.index(x.label_), not placed(x), x.start))
        end = _place_end(doc, ent) if question.focus == "where" else ent.end
        # The recogniser sometimes leaves the currency sign out of an amount ("$" + "150,000").
        start = ent.start - 1 if ent.label_ == "MONEY" and ent.start and doc[ent.start - 1].tag_ == "$" else ent.start
        span = doc[start:end]
        return True, Short(span.text, e.start + span.start_char, e.start + span.end_char)
    if question.focus == "who" and any(t.dep_ == "nsubj" and t.tag_ == "PRP" for t in doc):
        return True, None  # "He demanded …": the person is named in the context sentences
    if question.focus == "where" and _place_by_noun(question, doc, e):
        return True, None  # "… as a bankrupt country" in an article whose title names the country
    return False, None


def _place_end(doc: Any, ent: Any) -> int:
    """The end of a place with the places that follow it after commas ("Plymouth, Massachusetts")."""
    end = ent.end
    for nxt in doc.ents:
        if nxt.start == end + 1 and doc[end].text == "," and nxt.label_ in ("GPE", "LOC"):
            end = nxt.end
    return end


def _place_by_noun(question: Question, doc: Any, e: Evidence) -> bool:
    """Whether a where-question's own place noun ("Which country …") stands in the sentence as a noun and the
    article's title names something the question does not: the sentence speaks of the place the title
    names, as "He demanded …" speaks of the person named before it."""
    if not any(t.pos_ == "NOUN" and t.lower_ in question.answer_words for t in doc):
        return False
    # Any name: the small model reads a headline's opening place as a person ("Sri Lanka seeks …": PERSON).
    return any(ent.label_ in NAME_LABELS and not _covered(ent, question) for ent in parse(e.title).ents)


def _phrase(constraints: Sequence[Constraint]) -> str:
    names = [c.text for c in constraints]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def screen(
    question: Question,
    evidence: Sequence[Evidence],
    doc_text: Callable[[str], str],
    limit: int,
    threshold: float = 0.0,
    margin: float = 1.0,
) -> Screened:
    """Sort the first `limit` evidence sentences (best first) into those that may answer and those that may
    not. A sentence that meets the constraints but scores below `threshold`, or more than `margin` below the
    first fit, is not type-checked (it could not be quoted): it neither fits nor misses."""
    out = Screened()
    if not question.constraints and not question.background and question.focus == "other":
        out.fits = [Fit(e) for e in evidence[:limit]]
        return out
    titles = _Titles(doc_text)
    head = list(evidence[:limit])
    articles = {e.doc_id: Words(e.title, doc_text(e.doc_id)) for e in head} if question.background else {}
    unknown = [c for c in question.background if all(c.missing(words) for words in articles.values())]
    for e in head:
        met, unmet = _unmet(question, e, titles, articles, unknown)
        if unmet:
            why = f"they mention {_phrase(met)}, but not {_phrase(unmet)}" if met else f"none mentions {_phrase(unmet)}"
            out.misses.append((e, why))
            continue
        if e.score < (max(threshold, out.fits[0].evidence.score - margin) if out.fits else threshold):
            continue
        # The type check reads entities, tags and dependencies only: the lemmatizer is skipped.
        doc = nlp()(e.quote, disable=["lemmatizer"]) if question.focus != "other" else None
        ok, short = _typed(question, doc, e)
        if not ok:
            about = f"they mention {_phrase(met)}, but" if met else "they"
            out.misses.append((e, f"{about} don't say {FOCUS_WORDS[question.focus]}"))
            continue
        out.fits.append(Fit(e, short))
    if not out.fits and out.misses:
        out.reason = out.misses[0][1]
    return out


def completion(e: Evidence, doc_text: Callable[[str], str]) -> tuple[str, int, int, str] | None:
    """The sentence after `e` in its article, when `e` announces it (see `COMPLETION_RULES`)."""
    text = doc_text(e.doc_id)
    start = e.end
    while start < e.context_end and text[start].isspace():
        start += 1
    end = e.context_end
    nxt = text[start:end].rstrip()
    if not nxt or e.context_end <= e.end:
        return None
    end = start + len(nxt)
    # The tokenizer decides the rules it can; the model parses only for the ones that need tags or dependencies.
    words, after = nlp().tokenizer(e.quote), nlp().tokenizer(nxt)
    rule = ""
    if e.quote.rstrip().endswith(":"):
        rule = "colon"
    elif any(t.lower_ == "following" and t.i > 0 and t.nbor(-1).lower_ == "the" for t in words):
        rule = "following"
    elif any(t.like_num for t in words) or (len(after) > 1 and after[0].lower_ in ("this", "these", "that")):
        sentence, following = nlp().pipe([e.quote, nxt])
        if any(t.dep_ == "nummod" and t.head.tag_ == "NNS" for t in sentence) and any(
            t.dep_ == "conj" for t in following
        ):
            rule = "count"
        elif len(following) > 1 and following[0].lower_ in ("this", "these", "that") and following[1].lemma_ == "be":
            rule = "this-is"
    return (nxt, start, end, rule) if rule else None
