"""Stage 7a, check-worthiness: which sentences of a text state something the archive can confirm or refute.

Contract: `score_sentences(text)` → one `Worthiness` per sentence of `split_sentences(text)`, in order.
A sentence is check-worthy when it has at least one factual feature and no exclusion; `score` is
features / (features + 1) (0 with an exclusion), so one feature gives 0.5 and more give more; `reasons`
name the rules that decided, by id (`FEATURES`, `EXCLUSIONS`), with the words that triggered them.
Parsed with spaCy's English pipeline (`factbot.answer.questions.nlp`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from factbot.answer.questions import nlp
from factbot.text.sentences import split_sentences
from factbot.types import Sentence

FEATURES = {
    "number": "states a number, amount or percentage",
    "date": "states a date or time",
    "actor": "a named person, organisation or country does or says something",
    "comparison": "compares (more, fewer, largest, than)",
}
EXCLUSIONS = {
    "question": "a question",
    "short": "too short to state a fact (under 5 words)",
    "no-verb": "no verb: a heading, caption or boilerplate",
    "imperative": "an instruction or call to action",
}
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "agent", "poss", "compound", "appos"})


@dataclass(frozen=True)
class Worthiness:
    """One sentence of the text: `text == full_text[start:end]`, whether it is check-worthy, and why."""

    text: str
    start: int
    end: int
    worthy: bool
    score: float
    reasons: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "worthy": self.worthy,
            "score": round(self.score, 3),
            "reasons": list(self.reasons),
        }


def _exclusion(doc: Any) -> str:
    words = [t for t in doc if not t.is_punct and not t.is_space]
    if doc.text.rstrip().endswith("?"):
        return "question"
    if len(words) < 5:
        return "short"
    if not any(t.pos_ in ("VERB", "AUX") for t in doc):
        return "no-verb"
    root = next((t for t in doc if t.dep_ == "ROOT"), doc[0])
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if root.tag_ == "VB" and not subjects and root.i == words[0].i:
        return "imperative"
    return ""


def _features(doc: Any) -> list[str]:
    found = []
    numbers = [e for e in doc.ents if e.label_ in NUMBER_LABELS] or [t for t in doc if t.like_num and t.is_digit]
    if numbers:
        found.append(f"number: {numbers[0].text}")
    dates = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
    if dates:
        found.append(f"date: {dates[0].text}")
    actors = [e for e in doc.ents if e.label_ in ACTOR_LABELS and e.root.dep_ in _ARGUMENTS]
    if actors:
        found.append(f"actor: {actors[0].text}")
    compared = [t for t in doc if t.tag_ in ("JJR", "JJS", "RBR", "RBS") or (t.lower_ == "than" and t.dep_ == "prep")]
    if compared:
        found.append(f"comparison: {compared[0].text}")
    return found


def parse(text: str) -> list[tuple[Sentence, Any]]:
    """The sentences of `text`, each with its spaCy parse."""
    sentences = split_sentences(text)
    return list(zip(sentences, nlp().pipe(s.text for s in sentences), strict=True))


def worthiness(sentence: Sentence, doc: Any) -> Worthiness:
    """One parsed sentence's check-worthiness."""
    excluded = _exclusion(doc)
    if excluded:
        return Worthiness(sentence.text, sentence.start, sentence.end, False, 0.0, (excluded,))
    features = _features(doc)
    score = len(features) / (len(features) + 1)
    return Worthiness(sentence.text, sentence.start, sentence.end, bool(features), score, tuple(features))


def score_sentences(text: str) -> list[Worthiness]:
    """Every sentence of `text` with its check-worthiness (see the module's contract)."""
    return [worthiness(s, doc) for s, doc in parse(text)]
