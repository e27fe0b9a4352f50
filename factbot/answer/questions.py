"""Stage 6a, questions: what a question asks for (its focus) and what any answer must be about (its
constraints), read with spaCy's English pipeline.

Contracts:
- `parse_question(text)` → `Question(text, focus, constraints)`. `focus` is one of `FOCI`: "who", "when",
  "where", "quantity" (how many / how much), "duration" (how long), "position" (what position, title or
  role), or "other" (what, why, how, yes/no: no answer type is checked). `constraints` are the question's
  named entities (people, organisations, places, nationalities, events, works, laws, products), absolute
  dates (with a year or a month name; "this week" is the time filter's business, not a constraint) and
  numbers written with digits, and proper nouns the entity recogniser left unlabelled (label "PROPN").
  `answer_words` are the words of the wh-phrase that name the answer's type
  rather than its content ("position" and "hold" in "What position does X hold?", "country" in "Which
  country …"): an answer sentence is not expected to contain them, so evidence scoring leaves them out.
- `Constraint.missing(words)` → the parts of the constraint that `words` (a `Words` of the sentence, its
  context, its title and date) lacks; empty when it is met. A person is met by the surname, a place or
  nationality by any of its WordNet aliases ("China" ↔ "Chinese"), a multi-word name by each of its words.
- `nlp()` → the spaCy pipeline (`factbot.text.nlp`, loaded once, on first use).
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from typing import Any

from factbot.text.nlp import SPACY_MODEL, nlp  # noqa: F401 - re-exported: the stages' one pipeline
from factbot.text.places import place_aliases

FOCI = ("who", "when", "where", "quantity", "duration", "position", "other")
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"})
NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
PLACE_LABELS = frozenset({"GPE", "NORP", "LOC"})
# Nouns that make "what/which <noun>" a question about a person's position (issue 37's "which position / role").
ROLE_NOUNS = frozenset({"position", "title", "role", "post", "job", "office", "rank"})
TIME_NOUNS = frozenset({"year", "month", "day", "date", "time", "week"})
PLACE_NOUNS = frozenset({"country", "city", "place", "town", "region", "state", "province", "capital"})
MONTHS = frozenset(m.casefold() for m in calendar.month_name if m)
_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|\w+")


def key(token: str) -> str:
    """How a word is compared: digits without thousands separators; short all-capital words ("US", "UK")
    as written, so "us" does not meet "US"; other words case-folded."""
    if token[:1].isdigit():
        return token.replace(",", "")
    return token if token.isupper() and len(token) <= 3 else token.casefold()


def words_of(text: str) -> list[str]:
    """The comparison keys of a text's words, in order."""
    return [key(t) for t in _TOKEN.findall(text)]


class Words:
    """The words of some text, for constraint checks: `has(phrase)` is whether the words of `phrase`
    occur in it consecutively."""

    def __init__(self, *texts: str) -> None:
        self._joined = " " + " | ".join(" ".join(words_of(t)) for t in texts) + " "

    def has(self, phrase: str) -> bool:
        words = words_of(phrase)
        return bool(words) and f" {' '.join(words)} " in self._joined


@dataclass(frozen=True)
class Constraint:
    """Something an answer must be about: `text` as the question says it, `label` its spaCy entity label,
    and `parts`: each part a set of alternative phrases, one of which must occur."""

    text: str
    label: str
    parts: tuple[frozenset[str], ...]

    def missing(self, words: Words) -> list[str]:
        """The parts (one phrase of each) that `words` lacks."""
        return [sorted(alts)[0] for alts in self.parts if not any(words.has(a) for a in alts)]


@dataclass(frozen=True)
class Question:
    """A parsed question: its text, focus (one of `FOCI`) and constraints."""

    text: str
    focus: str
    constraints: tuple[Constraint, ...]
    subject: str = ""  # for focus "position": whose position (the person constraint's text)
    answer_words: tuple[str, ...] = ()


def _is_absolute_date(ent: Any) -> bool:
    return any(t.like_num and any(c.isdigit() for c in t.text) or t.text.casefold() in MONTHS for t in ent)


def _constraint(ent: Any) -> Constraint | None:
    """The constraint a question entity sets, or None for one it doesn't (relative dates, numbers in words)."""
    label = ent.label_
    tokens = [t for t in ent if not (t.is_stop or t.is_punct or t.tag_ == "POS")]
    if not tokens:
        return None
    if label == "PERSON":
        return Constraint(ent.text, label, (frozenset({tokens[-1].text}),))
    if label in NAME_LABELS:
        whole = " ".join(t.text for t in tokens)
        if label in PLACE_LABELS and len(place_aliases(whole)) > 1:
            return Constraint(ent.text, label, (place_aliases(whole),))
        return Constraint(ent.text, label, tuple(place_aliases(t.text) for t in tokens))
    if label == "DATE" and _is_absolute_date(ent):
        kept = [t.text for t in tokens if t.text.casefold() in MONTHS or any(c.isdigit() for c in t.text)]
        return Constraint(ent.text, label, tuple(frozenset({w}) for w in kept))
    if label in NUMBER_LABELS:
        digits = [t.text for t in tokens if any(c.isdigit() for c in t.text)]
        return Constraint(ent.text, label, tuple(frozenset({d}) for d in digits)) if digits else None
    return None


def _focus(doc: Any) -> tuple[str, Any]:
    """The question's focus and its wh-word token (None when it has none)."""
    wh = next((t for t in doc if t.tag_ in ("WP", "WP$", "WDT", "WRB")), None)
    if wh is None:
        return "other", None
    word = wh.lower_
    nxt = doc[wh.i + 1] if wh.i + 1 < len(doc) else None
    if word in ("who", "whom", "whose"):
        return "who", wh
    if word == "when":
        return "when", wh
    if word == "where":
        return "where", wh
    if word == "how" and nxt is not None:
        if nxt.lower_ in ("many", "much"):
            return "quantity", wh
        if nxt.lower_ == "long":
            return "duration", wh
    if word in ("what", "which") and wh.dep_ == "det":
        noun = wh.head.lemma_.casefold()
        if noun in ROLE_NOUNS:
            return "position", wh
        if noun in TIME_NOUNS:
            return "when", wh
        if noun in PLACE_NOUNS:
            return "where", wh
    return "other", wh


def _answer_words(focus: str, wh: Any) -> tuple[str, ...]:
    """The focus noun of "what/which <noun>" and, when that noun is the main verb's object ("What position
    does X hold?"), the verb: together they only say what kind of thing the answer is."""
    if wh is None or focus == "other" or wh.dep_ != "det":
        return ()
    noun = wh.head
    if noun.dep_ == "dobj" and noun.head.dep_ == "ROOT":
        return (noun.lower_, noun.head.lower_)
    return (noun.lower_,)


@functools.lru_cache(maxsize=256)
def parse_question(text: str) -> Question:
    """Focus and constraints of a question (see the module's contract)."""
    doc = nlp()(text)
    focus, wh = _focus(doc)
    constraints: list[Constraint] = []
    for ent in doc.ents:
        c = _constraint(ent)
        if c is not None and c.parts and all(c.parts):
            constraints.append(c)
    # A proper noun the entity recogniser missed ("What did Okafor propose?") is a name all the same.
    for t in doc:
        if t.pos_ == "PROPN" and not t.ent_type_ and not t.is_stop and t.text[:1].isupper():
            constraints.append(Constraint(t.text, "PROPN", (place_aliases(t.text),)))
    subject = next((c.text for c in constraints if c.label == "PERSON"), "")
    if focus == "position" and not subject:
        focus = "other"  # "What position is vacant?": no person to find the title of
    return Question(
        text=text, focus=focus, constraints=tuple(constraints), subject=subject, answer_words=_answer_words(focus, wh)
    )
