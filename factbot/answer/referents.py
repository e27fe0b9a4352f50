"""Stage 6a, referents: who a sentence's "he", "she" or "the Secretary General" is, from its own text.

Used twice: to make a check-worthy sentence a claim that stands on its own (`factbot.check`), and to show
an answer sentence's referent when the answer's order would mislead (`referent`).

Contracts:
- `Resolver().claim(doc)` → (claim text, replacements), for the sentences of one text fed in order
(each a spaCy `Doc`). A "he" or "she" in a sentence that names no person becomes the last person the text
named ("He said NATO was ready …" → "Jens Stoltenberg said NATO was ready …"; a surname alone counts once
the text has given it with a person's name, as news does: "Rishi Sunak …. Sunak was …"), a
sentence-initial "His" / "Her" that person's name with "'s", and "the <title>" a title the text gave a
person ("The Secretary General also demanded …" → "Jens Stoltenberg also demanded …"). Nothing else
changes; `replacements` lists (original words, name) in order. Only the text itself is used: no outside
knowledge.
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
NOT_NER = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")  # what finding names alone skips


class Resolver:
    """Reads the sentences of one text in order and resolves references back to people it has named."""

    def __init__(self) -> None:
        self.last_person = ""
        self.full_names: dict[str, str] = {}  # surname → the longest name the text used
        self.titles: dict[str, str] = {}  # "the secretary general" → "Jens Stoltenberg"

    def learn(self, doc: Any, titles: bool = True) -> None:
        """Remember the people a parsed sentence names, the last of them, and (with `titles`, which needs the
        parser's dependencies) the titles it gives them."""
        last = -1
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            surname = ent[-1].text
            if len(ent.text) > len(self.full_names.get(surname, "")):
                self.full_names[surname] = ent.text
            self.last_person, last = self.full_names[surname], ent.end
            title = person_title(doc, surname) if titles else None
            if title is not None:
                for alias in title_aliases(title):
                    self.titles[alias.casefold()] = self.full_names[surname]
        # A surname the text has given a person, standing where the recogniser did not label it ("Sunak was …").
        alone = [t for t in doc[max(last, 0) :] if t.text[:1].isupper() and t.text in self.full_names]
        if alone:
            self.last_person = self.full_names[alone[-1].text]

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
        self.learn(doc)
        text, replaced = doc.text, []
        for start, end, name in sorted(edits, reverse=True):
            replaced.append((text[start:end], name))
            text = text[:start] + name + text[end:]
        return text, replaced[::-1]


# Parses kept per sentence text, shared and bounded, so that the citations of one article, and the next
# questions about it, do not parse its sentences again: by the entity recogniser alone, and in full.
_ENTITIES: dict[str, Any] = {}
_PARSED: dict[str, Any] = {}
CACHED_SENTENCES = 4096


def _parses(texts: list[str], cache: dict[str, Any], disable: tuple[str, ...]) -> list[Any]:
    """Each text parsed with the pipeline less `disable`, from `cache` where it is there."""
    known = {t: cache[t] for t in texts if t in cache}
    new = [t for t in dict.fromkeys(texts) if t not in known]
    known |= zip(new, nlp().pipe(new, disable=disable), strict=True)
    if len(cache) + len(new) > CACHED_SENTENCES:
        cache.clear()
    cache.update((t, known[t]) for t in new)
    return [known[t] for t in texts]


def _naming_people(sentences: list[str], titles: bool) -> list[Any]:
    """The sentences that name a person, in order, parsed: the only ones a `Resolver` learns from. The entity
    recogniser alone finds them (it has its own token vectors, so its entities are the full pipeline's);
    only with `titles` are they parsed in full, for `person_title`."""
    found = _parses(sentences, _ENTITIES, NOT_NER)
    naming, surnames = [], set()
    for d in found:  # a sentence names a person, or a surname an earlier sentence gave one ("Sunak was …")
        people = [e for e in d.ents if e.label_ == "PERSON"]
        if people or any(t.text in surnames for t in d):
            naming.append(d)
            surnames |= {e[-1].text for e in people}
    return _parses([d.text for d in naming], _PARSED, ("lemmatizer",)) if titles else naming


def _title_opening(doc: Any) -> str:
    """The word after an opening "the" ("secretary" in "The Secretary General said …"), case-folded, or ""."""
    first = next((t for t in doc if not t.is_punct), None)
    if first is None or first.lower_ != "the" or first.i + 1 >= len(doc):
        return ""
    return doc[first.i + 1].text.casefold()


def _may_refer(doc: Any) -> bool:
    """Whether `Resolver.claim` could replace anything in the parsed sentence `doc` once it has learnt the
    people before it: a "the <title>" opening, or, in a sentence that names no person, a "he" / "she"
    subject or an opening "his" / "her"."""
    first = next((t for t in doc if not t.is_punct), None)
    if first is None:
        return False
    if _title_opening(doc):
        return True
    if any(e.label_ == "PERSON" for e in doc.ents):
        return False
    return any(
        (t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass"))
        or (t.lower_ in ("his", "her") and t.dep_ == "poss" and t.i == first.i)
        for t in doc
    )


def referent(doc_text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """Who the reference opening the sentence at `start:end` names (see the module's contract)."""
    sentence = doc_text[start:end]
    first = sentence.split(maxsplit=1)[0].casefold() if sentence.strip() else ""
    if first not in ("he", "she", "his", "her", "the"):
        return None
    doc = nlp()(sentence)
    if not _may_refer(doc):
        return None
    earlier = [s.text for s in split_sentences(doc_text[max(0, start - LOOK_BACK_CHARS) : start])]
    naming = _naming_people(earlier, titles=False)
    # A title alias is made of the words of the sentence that gives the title: only then is it worth parsing.
    word = _title_opening(doc)
    titles = bool(word) and any(word in d.text.casefold() for d in naming)
    resolver = Resolver()
    for parsed in _naming_people(earlier, titles=True) if titles else naming:
        resolver.learn(parsed, titles=titles)
    _, replaced = resolver.claim(doc)
    if not replaced:
        return None
    words, name = replaced[0]
    offset = len(sentence) - len(sentence.lstrip())
    if sentence[offset : offset + len(words)] != words:  # the first reference is not where the sentence opens
        return None
    return start + offset, start + offset + len(words), name
