"""One word of the sentence changed in the claim: an antonym, another name, another quantifier.

Read with spaCy's parser (`factbot.text.nlp.parse`, kept per text). Each function compares a claim with one
evidence sentence and returns the `Finding`s of its rule (spans in the claim and in the sentence):

- `antonyms(claim, sentence)`, rule `antonym`: a word of the claim whose WordNet 3.0 antonym the sentence
  uses instead ("divided" where the sentence says "united"), in the same place (the two words aligned, or
  attached to the same word), negated on both sides or neither, and each word absent from the other side
  → a *reversal*. Antonyms are WordNet's direct (lemma-level) antonyms of
  adjectives and verbs, every sense (`factbot/text/antonyms.tsv`, rebuilt by `benchmarks/behaviour/wordnet.py`).
- `substituted_names(claim, sentence)`, rule `substitute`: where the claim, word-aligned to the sentence,
  has a name that the sentence does not mention and the sentence has another name in its place ("the city
  of Tokyo" for "the city of Soma") → *unasserted*: the sentence says it of someone or something else, so
  it gives no support, whatever the title or the sentence before name. Not for one place named two ways
  (`places.one_place`: "Moscow" for "Russia", "US" for "United States").
- `quantifier_shifts(claim, sentence)`, rule `quantifier`: the claim's quantifier on a noun against the
  sentence's on the same noun (`lexicon.QUANTIFIERS`): a universal claim ("all adults") where the sentence
  says some → *unasserted*; a negative one where the sentence says some or all, or the other way round →
  *reversal*. A noun the sentence leaves unquantified ("experts") is not compared.
"""

from __future__ import annotations

import functools
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from factbot.text.nlp import NAME_LABELS, parse
from factbot.text.places import one_place
from factbot.types import Finding, Span
from factbot.verify.lexicon import CAPITALIZED_STOP, QUANTIFIERS
from factbot.verify.values import mentions

ANTONYMS_FILE = Path(__file__).resolve().parents[1] / "text" / "antonyms.tsv"
_CONTENT = frozenset({"ADJ", "VERB", "ADV"})
_PREDICATE = frozenset({"acomp", "attr", "xcomp", "oprd", "ccomp"})  # "is not sure": the "not" is on "is"
_QUANTIFYING = frozenset({"det", "amod", "predet", "nummod", "advmod"})
MAX_SUBSTITUTE = 6  # tokens on either side of an aligned replacement that a name swap may span
MAX_ANTONYM = 3  # ... that an antonym may stand in (else the two words must modify or govern the same word)


@functools.cache
def antonym_table() -> dict[str, frozenset[str]]:
    """Lemma → its WordNet antonyms (adjectives and verbs, every sense)."""
    table: dict[str, set[str]] = {}
    for line in ANTONYMS_FILE.read_text(encoding="utf-8").splitlines():
        word, antonym, _pos, _rank = line.split("\t")
        table.setdefault(word, set()).add(antonym)
    return {word: frozenset(ants) for word, ants in table.items()}


def _span(tokens: Any) -> Span:
    return (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))


def _negated(tok: Any) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    return tok.dep_ in _PREDICATE and any(c.dep_ == "neg" for c in tok.head.children)


def _forms(doc: Any) -> set[str]:
    return {t.lemma_.lower() for t in doc} | {t.lower_ for t in doc}


def antonyms(claim: str, sentence: str) -> list[Finding]:
    """Rule `antonym` (see the module's contract)."""
    table = antonym_table()
    c_doc = parse(claim)
    wanted = [t for t in c_doc if t.pos_ in _CONTENT and (table.get(t.lemma_.lower()) or table.get(t.lower_))]
    if not wanted:
        return []
    s_doc = parse(sentence)
    c_forms, s_forms = _forms(c_doc), _forms(s_doc)
    aligned = _replaced(claim, sentence, MAX_ANTONYM)
    out = []
    for tok in wanted:
        if {tok.lemma_.lower(), tok.lower_} & s_forms:
            continue  # the sentence uses the claim's word too
        ants = table.get(tok.lemma_.lower(), frozenset()) | table.get(tok.lower_, frozenset())
        for other in s_doc:
            word = other.lemma_.lower()
            if other.pos_ not in _CONTENT or not ({word, other.lower_} & ants) or {word, other.lower_} & c_forms:
                continue
            if (tok.i, other.i) not in aligned and tok.head.lemma_ != other.head.lemma_:
                continue  # not in the same place: "the newest season" is not contradicted by "the 54-year-old"
            if _negated(other) == _negated(tok):
                message = f"the claim says {tok.text!r}, the evidence says its opposite {other.text!r}"
                out.append(Finding("antonym", "reversal", message, _span([tok]), _span([other])))
                break
    return out


@functools.lru_cache(maxsize=1024)
def _aligned(claim: str, sentence: str) -> tuple[tuple[int, int, int, int], ...]:
    """The stretches (claim start, end, sentence start, end, in tokens) that a word alignment of the two
    parses replaces; kept per pair, since `antonym` and `substitute` both read it."""
    c_doc, s_doc = parse(claim), parse(sentence)
    matcher = SequenceMatcher(None, [t.lower_ for t in c_doc], [t.lower_ for t in s_doc], autojunk=False)
    return tuple((i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag == "replace")


def _replacements(claim: str, sentence: str, most: int) -> list[tuple[int, int, int, int]]:
    """The replaced stretches (`_aligned`) of at most `most` tokens a side."""
    return [(i1, i2, j1, j2) for i1, i2, j1, j2 in _aligned(claim, sentence) if i2 - i1 <= most and j2 - j1 <= most]


def _replaced(claim: str, sentence: str, most: int) -> set[tuple[int, int]]:
    """(claim token, sentence token) pairs that stand in one replaced stretch (`_replacements`)."""
    return {
        (i, j) for i1, i2, j1, j2 in _replacements(claim, sentence, most) for i in range(i1, i2) for j in range(j1, j2)
    }


def _names(doc: Any, start: int, end: int) -> list[Any]:
    """The names among tokens [start, end): the parts of name entities there, else runs of proper nouns that
    stand in no entity (a month is a proper noun in a DATE)."""
    found = [
        doc[max(e.start, start) : min(e.end, end)]
        for e in doc.ents
        if e.label_ in NAME_LABELS and e.start < end and e.end > start
    ]
    if found:
        return found
    runs, run = [], []
    for tok in doc[start:end]:
        if tok.pos_ == "PROPN" and not tok.ent_type_ and tok.text not in CAPITALIZED_STOP:  # "Mr" of "Mr Brown"
            run.append(tok)
        elif run:
            runs.append(doc[run[0].i : run[-1].i + 1])
            run = []
    return [*runs, doc[run[0].i : run[-1].i + 1]] if run else runs


def substituted_names(claim: str, sentence: str) -> list[Finding]:
    """Rule `substitute` (see the module's contract)."""
    c_doc = parse(claim)
    if not any(e.label_ in NAME_LABELS for e in c_doc.ents) and not any(t.pos_ == "PROPN" for t in c_doc):
        return []
    s_doc = parse(sentence)
    out = []
    for i1, i2, j1, j2 in _replacements(claim, sentence, MAX_SUBSTITUTE):
        ours = [n for n in _names(c_doc, i1, i2) if not mentions(n.text, sentence)]
        theirs = [n for n in _names(s_doc, j1, j2) if not mentions(n.text, claim)]
        for name in ours:
            other = next((n for n in theirs if not one_place(name.text, n.text)), None)
            if other is not None:
                message = f"where the claim says {name.text!r}, the evidence says {other.text!r}"
                out.append(Finding("substitute", "unasserted", message, _span(name), _span(other)))
    return out


def _quantified(doc: Any) -> list[tuple[str, Any, Any]]:
    """(class, quantifier token, noun token) for each quantified noun: "all adults", "none of the players"."""
    out = []
    for tok in doc:
        group = QUANTIFIERS.get(tok.lower_)
        if group is None or (tok.i and doc[tok.i - 1].lower_ == "not"):
            continue
        if tok.dep_ in _QUANTIFYING and tok.head.pos_ in {"NOUN", "PROPN"}:
            out.append((group, tok, tok.head))
            continue
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        noun = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if noun is not None and noun.pos_ in {"NOUN", "PROPN"}:
            out.append((group, tok, noun))
    return out


def quantifier_shifts(claim: str, sentence: str) -> list[Finding]:
    """Rule `quantifier` (see the module's contract)."""
    claimed = _quantified(parse(claim))
    if not claimed:
        return []
    stated = {noun.lemma_.lower(): (group, q) for group, q, noun in _quantified(parse(sentence))}
    out = []
    for group, q, noun in claimed:
        if noun.lemma_.lower() not in stated:
            continue
        other_group, other = stated[noun.lemma_.lower()]
        if group == other_group:
            continue
        message = f"the claim says {q.text!r} {noun.text}, the evidence says {other.text!r}"
        if "negative" in (group, other_group):
            out.append(Finding("quantifier", "reversal", message, _span([q]), _span([other])))
        elif group == "universal":
            out.append(Finding("quantifier", "unasserted", message, _span([q]), _span([other])))
    return out
