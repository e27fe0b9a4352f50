"""The edits behind the behaviour items (CheckList, Ribeiro et al., ACL 2020): one per capability.

Each edit takes one parsed news sentence (spaCy ``en_core_web_sm``) and returns the edited sentence or None;
`benchmarks.behaviour.items` turns edits into labelled items. Inflection is lemminflect's, antonyms
are WordNet 3.0's (``factbot/text/antonyms.tsv``, rebuilt by ``wordnet.py``). The same generators make the behaviour
suite from reporting-split articles and contrastive training pairs from training-split articles
(`sources.py` keeps the two apart).
"""

from __future__ import annotations

import calendar
import functools
import random
import re
from pathlib import Path
from typing import Any

from factbot.answer.questions import SPACY_MODEL, nlp  # noqa: F401 - one spaCy pipeline per process, shared with ask

ANTONYMS = Path(__file__).resolve().parents[2] / "factbot" / "text" / "antonyms.tsv"
NAMES = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"}
MONTHS = [m for m in calendar.month_name if m]


@functools.cache
def antonym_table() -> dict[tuple[str, str], str]:
    """(lemma, "ADJ" | "VERB") → the antonym of its most frequent sense that has one."""
    out: dict[tuple[str, str], str] = {}
    for line in ANTONYMS.read_text(encoding="utf-8").splitlines():
        word, ant, pos, rank = line.split("\t")
        if int(rank) <= 2:  # an antonym of a rare sense ("set" → "rise") reads as nonsense, not a contradiction
            out.setdefault((word, pos), ant)  # rows are sorted by sense rank: keep the first
    return out


def inflect(lemma: str, tag: str) -> str:
    from lemminflect import getInflection

    forms = getInflection(lemma, tag=tag) if tag in {"VBD", "VBZ", "VBG", "VBN", "VBP", "JJR", "JJS"} else ()
    return forms[0] if forms else lemma


def _replace(doc: Any, start: int, end: int, text: str) -> str:
    """The sentence with tokens [start, end) replaced by ``text`` (keeping the whitespace after them)."""
    left = doc[:start].text_with_ws if start else ""
    right = doc[end:].text if end < len(doc) else ""
    tail = doc[end - 1].whitespace_ if end > start else " "
    return f"{left}{text}{tail}{right}".strip()


def _cased(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def _negated(tok: Any) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _main_verb(doc: Any) -> Any | None:
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in {"VERB", "AUX"} or _negated(root) or any(t.dep_ == "neg" for t in doc):
        return None
    return root


def negate(doc: Any) -> str | None:
    """The sentence with its main verb negated ("won" → "did not win", "is" → "is not", "has won" → "has not won")."""
    root = _main_verb(doc)
    if root is None:
        return None
    aux = [c for c in root.children if c.dep_ in {"aux", "auxpass"} and c.i < root.i]
    if aux:
        return _replace(doc, aux[0].i, aux[0].i + 1, f"{aux[0].text} not")
    if root.lemma_ == "be":
        return _replace(doc, root.i, root.i + 1, f"{root.text} not")
    do = {"VBD": "did", "VBZ": "does", "VBP": "do"}.get(root.tag_)
    return _replace(doc, root.i, root.i + 1, f"{_cased(do, root.text)} not {root.lemma_}") if do else None


def hedge(doc: Any, rng: random.Random) -> str | None:
    """The main verb's event made uncertain or only planned ("withdrew" → "may have withdrawn", "plans to withdraw")."""
    root = _main_verb(doc)
    if root is None or root.lemma_ in {"be", "have", "say", "tell"} or root.tag_ not in {"VBD", "VBZ", "VBP"}:
        return None
    if any(c.dep_ in {"aux", "auxpass", "xcomp", "acomp", "attr", "ccomp"} for c in root.children):
        return None  # already modal, or a linking verb ("seems divided", "appears to have", "means that")
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    if root.tag_ == "VBD":
        form = rng.choice(
            [f"may have {inflect(root.lemma_, 'VBN')}", f"planned to {root.lemma_}", f"was expected to {root.lemma_}"]
        )
        if subject.tag_ in {"NNS", "NNPS"} or subject.lower_ in {"they", "we", "you"}:
            form = form.replace("was expected", "were expected")
    else:
        third = root.tag_ == "VBZ"
        form = rng.choice(
            [
                f"may {root.lemma_}",
                f"plan{'s' if third else ''} to {root.lemma_}",
                f"{'is' if third else 'are'} expected to {root.lemma_}",
            ]
        )
    return _replace(doc, root.i, root.i + 1, form)


LIGHT_VERBS = {"have", "be", "do", "get", "give", "take", "make", "go", "come", "charge"}
"""Verbs whose WordNet antonym belongs to another sense than news uses ("have" → "lack", "give evidence" → "take",
"charged with" → "discharged"): 5 of 20 antonym items read on 2026-12-07 were such verbs."""


def antonym(doc: Any) -> str | None:
    """One adjective or verb replaced by its WordNet antonym, inflected as the original."""
    table = antonym_table()
    for tok in doc:
        if tok.pos_ not in {"ADJ", "VERB"} or _negated(tok) or tok.ent_type_ or tok.lemma_.lower() in LIGHT_VERBS:
            continue
        if (tok.pos_ == "VERB" and tok.dep_ in {"prep", "aux", "auxpass", "amod"}) or tok.tag_ in {"JJR", "JJS"}:
            continue  # "following the elections", "including": prepositions tagged as verbs; irregular degrees
        ant = table.get((tok.lemma_.lower(), tok.pos_))
        if ant and ant != tok.lemma_.lower():
            return _replace(doc, tok.i, tok.i + 1, _cased(inflect(ant, tok.tag_), tok.text))
    return None


def change_number(doc: Any, rng: random.Random) -> str | None:
    """One number, year or month of the sentence changed (a count, an amount, a date)."""
    for tok in doc:
        if tok.text in MONTHS and tok.ent_type_ == "DATE":
            other = rng.choice([m for m in MONTHS if m != tok.text])
            return _replace(doc, tok.i, tok.i + 1, other)
        if tok.like_num and re.fullmatch(r"\d[\d,]*(\.\d+)?", tok.text) and tok.ent_type_:
            value = float(tok.text.replace(",", ""))
            if tok.ent_type_ == "DATE" and (1900 <= value <= 2100 or value <= 28):
                new = str(int(value) + rng.choice([-3, -2, -1, 1, 2, 3]))  # a year, or a day of the month
                if int(new) < 1:
                    continue
            elif value < 1 or tok.ent_type_ == "DATE":
                continue
            else:
                new_value = value * rng.choice([2, 3, 0.5]) if value > 2 else value + rng.choice([1, 2, 3])
                new = f"{new_value:,.0f}" if "," in tok.text else f"{new_value:g}"
                if float(new.replace(",", "")) == value:
                    continue
            return _replace(doc, tok.i, tok.i + 1, new)
    return None


def swap_entity(doc: Any, pool: dict[str, list[str]], rng: random.Random) -> str | None:
    """One name replaced by another name of the same kind from the same article (one the sentence lacks)."""
    words = {t.lower_ for t in doc}
    for ent in doc.ents:
        if ent.label_ not in NAMES or ent[-1].tag_ == "POS":
            continue
        others = [n for n in pool.get(ent.label_, []) if not words & set(n.lower().split())]
        if others:
            return _replace(doc, ent.start, ent.end, rng.choice(others))
    return None


def _phrase(tok: Any) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


def _whole(doc: Any, a: int, b: int) -> bool:
    """Whether tokens [a, b) are a plain noun phrase: no punctuation, and no name cut at its edge."""
    if any(t.is_punct for t in doc[a:b]):
        return False
    return all(e.end <= a or e.start >= b or (a <= e.start and e.end <= b) for e in doc.ents)


def _named(tok: Any) -> bool:
    return tok.ent_type_ in NAMES or tok.pos_ == "PROPN"


def swap_roles(doc: Any) -> str | None:
    """A verb's subject and object swapped ("A criticized B" → "B criticized A"), both of them names (proper nouns)."""
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_ in {"be", "have", "say", "tell"} or _negated(verb):
            continue
        subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if obj is None and agent is not None and subj is not None and subj.dep_ == "nsubjpass":
            obj = next((c for c in agent.children if c.dep_ == "pobj"), None)  # "A was stabbed by B" → "B … by A"
        if subj is None or obj is None or {subj.pos_, obj.pos_} - {"PROPN", "NOUN"}:
            continue
        if not (_named(subj) and _named(obj)):
            continue
        (s0, s1), (o0, o1) = _phrase(subj), _phrase(obj)
        if s1 - s0 > 6 or o1 - o0 > 6 or s1 > o0 or doc[s0:s1].text.lower() == doc[o0:o1].text.lower():
            continue
        if not (_whole(doc, s0, s1) and _whole(doc, o0, o1)) or verb.tag_ not in {"VBD", "VBZ", "VBP", "VBN"}:
            continue
        subj_text, obj_text = doc[s0:s1].text, doc[o0:o1].text
        if s0 == 0:
            obj_text = _cased(obj_text, "A")
            subj_text = subj_text if doc[s0].pos_ == "PROPN" else subj_text[:1].lower() + subj_text[1:]
        return (
            f"{doc[:s0].text_with_ws}{obj_text}{doc[s1 - 1].whitespace_}{doc[s1:o0].text_with_ws}"
            f"{subj_text}{doc[o1 - 1].whitespace_}{doc[o1:].text}"
        ).strip()
    return None


QUANTIFIERS = {"all": "no", "every": "no", "no": "all", "some": "all", "many": "no"}
"""Determiner → its opposite (a closed class: English has no more quantifier determiners than these in news)."""


def flip_quantifier(doc: Any) -> tuple[str, str] | None:
    """A quantifier determiner flipped ("all X" → "no X"); returns (claim, the quantifier replaced)."""
    for tok in doc:
        if tok.lower_ not in QUANTIFIERS or tok.dep_ not in {"det", "amod"} or tok.head.ent_type_:
            continue
        if tok.i and doc[tok.i - 1].pos_ in {"ADV", "DET", "ADP", "SCONJ"}:
            continue  # "so many", "how many", "at all", "the all-new": not a quantifier of its own
        if tok.lower_ != "every" and tok.head.tag_ not in {"NNS", "NNPS"}:
            continue  # "no bond" → "all bond": only plural nouns take all / no / some alike
        return _replace(doc, tok.i, tok.i + 1, _cased(QUANTIFIERS[tok.lower_], tok.text)), tok.lower_
    return None


def paraphrase(doc: Any, rng: random.Random) -> str | None:
    """A restatement the sentence entails: an optional modifier of the main verb dropped (a prepositional phrase,
    an adverb or an adverbial clause), or a leading modifier moved to the end."""
    root = _main_verb(doc)
    if root is None:
        return None
    mods = [
        c
        for c in root.children
        if c.dep_ in {"prep", "advcl", "npadvmod"} or (c.dep_ == "advmod" and c.lower_.endswith("ly"))
    ]
    # an advmod other than a manner adverb in -ly is often a particle or degree word: "got under way", "have to do that"
    rng.shuffle(mods)
    for mod in mods:
        a, b = _phrase(mod)
        if b - a > 12 or any(t.dep_ == "neg" or t.lower_ in QUANTIFIERS for t in doc[a:b]):
            continue
        if a == 0 and b < len(doc) - 1 and doc[b].text == ",":  # "On Tuesday, X did Y." → "X did Y on Tuesday."
            rest = doc[b + 1 :]
            body = rest.text.rstrip(".!")
            first = _cased(rest[0].text, "A")
            moved = doc[a:b].text
            moved = moved if doc[a].pos_ == "PROPN" else moved[:1].lower() + moved[1:]
            return f"{first}{body[len(rest[0].text) :]} {moved}."
        left = doc[:a].text_with_ws.rstrip(" ,")
        right = doc[b:].text.lstrip(", ")
        if len(left.split()) < 3:
            continue
        text = f"{left} {right}".replace(" .", ".").replace(" ,", ",").strip()
        if len(text.split()) < 6:
            continue
        return text if text[-1:] in ".!" else text + "."
    return None
