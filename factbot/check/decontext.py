"""Stage 7b, decontextualisation: a check-worthy sentence made into a claim that stands on its own.

Contract: `Resolver().claim(doc)` → (claim text, replacements), for the sentences of one text fed in order
(each a spaCy `Doc`). A "he" or "she" in a sentence that names no person becomes the last person the text
named ("He said NATO was ready …" → "Jens Stoltenberg said NATO was ready …"), a sentence-initial "His" /
"Her" that person's name with "'s", and "the <title>" a title the text gave a person ("The Secretary
General also demanded …" → "Jens Stoltenberg also demanded …"). Nothing else changes; `replacements` lists
(original words, name) in order. Only the text itself is used: no outside knowledge.
"""

from __future__ import annotations

from typing import Any

from factbot.answer.answerable import person_title, title_aliases


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
