"""Stage 6a, questions: what a question asks for (its focus) and what any answer must be about (its
constraints), read with spaCy's English pipeline.

Contracts:
- `parse_question(text)` → `Question(text, focus, constraints)`. `focus` is one of `FOCI`: "who", "when",
  "where", "quantity" (how many / how much), "duration" (how long), "position" (what position, title or
  role), or "other" (what, why, how, yes/no: no answer type is checked). `constraints` are the question's
  named entities (people, organisations, places, nationalities, events, works, laws, products), absolute
  dates (with a year or a month name; "this week" is the time filter's business, not a constraint) and
  numbers written with digits, and proper nouns the entity recogniser left unlabelled (label "PROPN"),
  except a title in front of a person's name ("President" in "President Trump": the name is the constraint).
  A question of several sentences ("Police arrested 31 men at a Pride event. Where was the event?") is
  asked by its last sentence with a wh-word or a question mark: its focus and `constraints` come from that
  sentence; the other sentences' constraints are `background`, which the answer's article as a whole must
  meet (they say which story is meant, not what the answer sentence says).
  `answer_words` are the words of the wh-phrase that name the answer's type
  rather than its content ("position" and "hold" in "What position does X hold?", "country" in "Which
  country …"): an answer sentence is not expected to contain them, so evidence scoring leaves them out.
- `Constraint.missing(words)` → the parts of the constraint that `words` (a `Words` of the sentence, its
  context, its title and date) lacks; empty when it is met. A person is met by the surname, a place or
  nationality by any of its WordNet aliases ("China" ↔ "Chinese"; a plural nationality by its singular's), a multi-word
  name by each of its words, an acronym also by the initials of a capitalised phrase ("IRS" ↔ "Internal
  Revenue Service"), and a number that the question qualifies (a spaCy `advmod` / `quantmod` / `amod`
  before it) by any number within 5% of it ("about 200"), or, for a bound, on the bound's side and within
  25% ("more than $11 million" by "$11.8 million", "nearly 1,400" by "1,390").
- `nlp()` → the spaCy pipeline (`factbot.text.nlp`, loaded once, on first use).
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from typing import Any

from factbot.text.nlp import NAME_LABELS, SPACY_MODEL, nlp  # noqa: F401 - re-exported: the stages' one pipeline
from factbot.text.places import place_aliases

FOCI = ("who", "when", "where", "quantity", "duration", "position", "other")
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


_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:of\s+|and\s+|for\s+)?[A-Z][\w'’-]*)+")
APPROX = 0.05  # a qualified number ("about 200") is met by one within this share of it
BOUND = 0.25  # a bound ("more than $11 million", "nearly 1,400") is met on its side, up to this share away
# Qualifiers that make a number a bound from below ("more than", "over", "at least") or from above.
LOWER_BOUNDS = frozenset({"more", "over", "above", "least", "exceeding"})
UPPER_BOUNDS = frozenset({"less", "fewer", "under", "below", "nearly", "almost", "most", "up"})


class Words:
    """The words of some text, for constraint checks: `has(phrase)` is whether the words of `phrase`
    occur in it consecutively, or, for an acronym of 2–5 capitals, whether a capitalised phrase has those
    initials; `near(number)` whether a number within `APPROX` of it occurs."""

    def __init__(self, *texts: str) -> None:
        self._texts = texts
        self._joined = " " + " | ".join(" ".join(words_of(t)) for t in texts) + " "
        self._initials: set[str] | None = None

    def has(self, phrase: str) -> bool:
        words = words_of(phrase)
        if bool(words) and f" {' '.join(words)} " in self._joined:
            return True
        if 2 <= len(phrase) <= 5 and phrase.isalpha() and phrase.isupper():
            if self._initials is None:
                runs = [m.group().split() for t in self._texts for m in _CAPITALISED_RUN.finditer(t)]
                heads = [[w[0] for w in run if w not in ("of", "and", "for")] for run in runs]
                # every stretch of a run: "The Internal Revenue Service" gives "IRS" as well as "TIRS"
                self._initials = {
                    "".join(h[i:j]) for h in heads for i in range(len(h)) for j in range(i + 2, len(h) + 1)
                }
            return phrase in self._initials
        return False

    def near(self, number: str, side: str = "about") -> bool:
        """Whether a number near `number` occurs: within `APPROX` of it ("about"), or for a bound, on its
        side of it and within `BOUND` ("above": "more than 11" is met by 11.8, not by 10.9; "below")."""
        want = abs(float(number.replace(",", "")))
        have = [float(w) for w in self._joined.split() if w[:1].isdigit() and w.replace(".", "", 1).isdigit()]
        if side == "above":
            return any(want <= x <= want * (1 + BOUND) for x in have)
        if side == "below":
            return any(want * (1 - BOUND) <= x <= want for x in have)
        return any(abs(x - want) <= APPROX * want for x in have)


@dataclass(frozen=True)
class Constraint:
    """Something an answer must be about: `text` as the question says it, `label` its spaCy entity label,
    and `parts`: each part a set of alternative phrases, one of which must occur."""

    text: str
    label: str
    parts: tuple[frozenset[str], ...]
    approx: str = ""  # a number the question qualifies: "about", "above" or "below" it (see `Words.near`)

    def missing(self, words: Words) -> list[str]:
        """The parts (one phrase of each) that `words` lacks."""
        met = lambda a: words.has(a) or bool(self.approx and words.near(a, self.approx))  # noqa: E731
        return [sorted(alts)[0] for alts in self.parts if not any(met(a) for a in alts)]


@dataclass(frozen=True)
class Question:
    """A parsed question: its text, focus (one of `FOCI`) and constraints."""

    text: str
    focus: str
    constraints: tuple[Constraint, ...]
    subject: str = ""  # for focus "position": whose position (the person constraint's text)
    answer_words: tuple[str, ...] = ()
    background: tuple[Constraint, ...] = ()  # from the sentences before the asking one: met by the article
    ask: str = ""  # the asking sentence (the whole text when it has no preamble)


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
        # A plural nationality ("Americans"): spaCy leaves a proper noun's plural as it is, WordNet has the singular.
        single = whole[:-1] if label == "NORP" and len(tokens) == 1 and whole.endswith("s") else ""
        if single and len(place_aliases(single)) > 1:
            return Constraint(ent.text, label, (place_aliases(single) | {whole},))
        return Constraint(ent.text, label, tuple(place_aliases(t.text) for t in tokens))
    if label == "DATE" and _is_absolute_date(ent):
        kept = [t.text for t in tokens if t.text.casefold() in MONTHS or any(c.isdigit() for c in t.text)]
        return Constraint(ent.text, label, tuple(frozenset({w}) for w in kept))
    if label in NUMBER_LABELS:
        digits = [t for t in ent if any(c.isdigit() for c in t.text)]
        if not digits:
            return None
        qualifiers = {t.lower_ for t in ent if t.i < digits[0].i and t.dep_ in ("advmod", "quantmod", "amod")}
        side = "above" if qualifiers & LOWER_BOUNDS else "below" if qualifiers & UPPER_BOUNDS else "about"
        return Constraint(
            ent.text, label, tuple(frozenset({d.text}) for d in digits), approx=side if qualifiers else ""
        )
    return None


def _focus(doc: Any) -> tuple[str, Any]:
    """The question's focus and its wh-word token (None when it has none)."""
    wh = next((t for t in doc if t.tag_ in ("WP", "WP$", "WDT", "WRB")), None)
    if wh is None:
        return "other", None
    word = wh.lower_
    nxt = wh.doc[wh.i + 1] if wh.i + 1 < len(wh.doc) else None
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


def _asking(doc: Any) -> Any:
    """The sentence that asks: the last one with a wh-word or a question mark (else the whole question)."""
    sents = list(doc.sents)
    asks = [s for s in sents if s.text.rstrip().endswith("?") or any(t.tag_ in ("WP", "WP$", "WDT", "WRB") for t in s)]
    return asks[-1] if len(sents) > 1 and asks else doc[:]


def _constraints(span: Any) -> list[Constraint]:
    out: list[Constraint] = []
    for ent in span.ents:
        c = _constraint(ent)
        if c is not None and c.parts and all(c.parts):
            out.append(c)
    # A proper noun the entity recogniser missed ("What did Okafor propose?") is a name all the same, but not a
    # title in front of a person's name ("President" in "President Trump"): the name is the constraint.
    for t in span:
        if t.pos_ == "PROPN" and not t.ent_type_ and not t.is_stop and t.text[:1].isupper() and not _titles(t):
            out.append(Constraint(t.text, "PROPN", (place_aliases(t.text),)))
    return out


def _titles(token: Any) -> bool:
    """Whether `token` stands in a chain of compounds before a person's name ("Vice" and "President" in
    "Vice President Dick Cheney")."""
    while token.dep_ == "compound" and token.head is not token:
        token = token.head
        if token.ent_type_ == "PERSON":
            return True
    return False


@functools.lru_cache(maxsize=256)
def parse_question(text: str) -> Question:
    """Focus and constraints of a question (see the module's contract)."""
    doc = nlp()(text)
    ask = _asking(doc)
    focus, wh = _focus(ask)
    constraints = _constraints(ask)
    background = [c for c in _constraints(doc) if not any(c.text == x.text for x in constraints)]
    if ask.start == 0 and ask.end == len(doc):
        background = []
    subject = next((c.text for c in [*constraints, *background] if c.label == "PERSON"), "")
    if focus == "position" and not subject:
        focus = "other"  # "What position is vacant?": no person to find the title of
    return Question(
        text=text,
        focus=focus,
        constraints=tuple(constraints),
        subject=subject,
        answer_words=_answer_words(focus, wh),
        background=tuple(background),
        ask=ask.text if background or ask.start > 0 else text,
    )
