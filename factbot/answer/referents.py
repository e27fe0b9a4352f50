"""Stage 6a, referents: who a sentence's "he", "she" or "the Secretary General" is, from its own text.

Used twice: to make a check-worthy sentence a claim that stands on its own (`factbot.check`), and to show
an answer sentence's referent when the answer's order would mislead (`referent`).

Contracts:
- `Resolver().claim(doc)` → (claim text, replacements), for the sentences of one text fed in order
(each a spaCy `Doc`). A "he" or "she" in a sentence that names no person becomes the last person the text
named ("He said NATO was ready …" → "Jens Stoltenberg said NATO was ready …"), a sentence-initial "His" /
"Her" that person's name with "'s", and "the <title>" a title the text gave a person ("The Secretary
General also demanded …" → "Jens Stoltenberg also demanded …"). Nothing else changes; `replacements` lists
(original words, name) in order. Only the text itself is used: no outside knowledge.
- `referent(doc_text, start, end)` → (start, end, name) when the sentence at `doc_text[start:end]` opens with
  such a reference: where the reference stands (document offsets) and the person it names, read from the
  sentences before it; else None.
"""

from __future__ import annotations

from typing import Any

from factbot.answer.answerable import person_title, title_aliases
from factbot.answer.questions import nlp
from factbot.text.sentences import split_sentences

LOOK_BACK_CHARS = 3000  # how much of the text before a sentence is read for the people it names


class Resolver:
    """Reads the sentences of one text in order and resolves references back to people it has named."""

    def __init__(self) -> None:
        self.last_person = ""
        self.full_names: dict[str, str] = {}  # surname → the longest name the text used
        self.titles: dict[str, str] = {}  # "the secretary general" → "Jens Stoltenberg"

    def _learn(self, doc: Any) -> None:
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            surname = ent[-1].text
            if len(ent.text) > len(self.full_names.get(surname, "")):
                self.full_names[surname] = ent.text
            self.last_person = self.full_names[surname]
            title = person_title(doc, surname)
            if title is not None:
                for alias in title_aliases(title):
                    self.titles[alias.casefold()] = self.full_names[surname]

    def claim(self, doc: Any) -> tuple[str, list[tuple[str, str]]]:
        """The sentence as a stand-alone claim, and what was replaced (see the module's contract)."""
        names_person = any(e.label_ == "PERSON" for e in doc.ents)
        edits: list[tuple[int, int, str]] = []  # character spans in the sentence → replacement
        first = next((t for t in doc if not t.is_punct), None)
        if first is not None and first.lower_ == "the":
            for alias, name in sorted(self.titles.items(), key=lambda kv: -len(kv[0])):
                n = len(alias.split())
                span = doc[first.i : first.i + n]
                after = doc[first.i + n] if first.i + n < len(doc) else None
                if span.text.casefold() == alias and (after is None or after.dep_ != "compound"):
                    edits.append((span.start_char, span.end_char, name))
                    break
        if self.last_person and not names_person:
            for t in doc:
                if t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass"):
                    edits.append((t.idx, t.idx + len(t.text), self.last_person))
                elif t.lower_ in ("his", "her") and t.dep_ == "poss" and first is not None and t.i == first.i:
                    edits.append((t.idx, t.idx + len(t.text), f"{self.last_person}'s"))
        self._learn(doc)
        text, replaced = doc.text, []
        for start, end, name in sorted(edits, reverse=True):
            replaced.append((text[start:end], name))
            text = text[:start] + name + text[end:]
        return text, replaced[::-1]


def referent(doc_text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """Who the reference opening the sentence at `start:end` names (see the module's contract)."""
    sentence = doc_text[start:end]
    first = sentence.split(maxsplit=1)[0].casefold() if sentence.strip() else ""
    if first not in ("he", "she", "his", "her", "the"):
        return None
    resolver = Resolver()
    before = doc_text[max(0, start - LOOK_BACK_CHARS) : start]
    for doc in nlp().pipe(s.text for s in split_sentences(before)):
        resolver.claim(doc)
    doc = nlp()(sentence)
    _, replaced = resolver.claim(doc)
    if not replaced:
        return None
    words, name = replaced[0]
    offset = len(sentence) - len(sentence.lstrip())
    if sentence[offset : offset + len(words)] != words:  # the first reference is not where the sentence opens
        return None
    return start + offset, start + offset + len(words), name
