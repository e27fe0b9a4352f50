"""Behaviour items: the capabilities, their labels by construction, and the items made from one article."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from typing import Any

from benchmarks.behaviour.generators import (
    NAMES,
    antonym,
    change_number,
    flip_quantifier,
    hedge,
    negate,
    nlp,
    paraphrase,
    swap_entity,
    swap_roles,
)
from factbot.types import Label


@dataclass(frozen=True)
class Item:
    """One behaviour item: the judge reads ``title``, ``before`` and ``premise`` and judges ``claim``."""

    capability: str
    premise: str
    claim: str
    gold: str
    accept: tuple[str, ...]
    before: str = ""
    title: str = ""
    source: str = ""

    @property
    def evidence(self) -> str:
        """The text the claim is verified against: the sentence before and the premise."""
        return f"{self.before} {self.premise}".strip()

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Capability:
    """A capability: its generator and the verdicts counted right (``gold`` first)."""

    name: str
    accept: tuple[Label, ...]
    contradiction: bool
    doc: str


CAPABILITIES = {
    c.name: c
    for c in (
        Capability("antonym", (Label.REFUTED,), True, "an adjective or verb of the claim replaced by its antonym"),
        Capability("negation_claim", (Label.REFUTED,), True, "the claim negates the evidence's main verb"),
        Capability("negation_evidence", (Label.REFUTED,), True, "the evidence negates what the claim states"),
        Capability(
            "modality",
            (Label.NOT_ENOUGH_INFO,),
            True,
            "the evidence says may / planned / expected; the claim that it happened",
        ),
        Capability("number", (Label.REFUTED,), True, "a number, year or month changed"),
        Capability("entity", (Label.REFUTED, Label.NOT_ENOUGH_INFO), True, "a name swapped for another of the article"),
        Capability("role", (Label.REFUTED, Label.NOT_ENOUGH_INFO), True, "subject and object swapped"),
        Capability("quantifier", (Label.REFUTED, Label.NOT_ENOUGH_INFO), True, "all / no / some flipped"),
        Capability("paraphrase", (Label.SUPPORTED,), False, "a modifier dropped or moved: entailed"),
        Capability("unrelated", (Label.NOT_ENOUGH_INFO,), False, "a sentence of another article"),
        Capability(
            "same_topic", (Label.NOT_ENOUGH_INFO,), False, "another sentence of the same article, not next to it"
        ),
    )
}


EDITS = (
    "antonym",
    "negation_claim",
    "negation_evidence",
    "modality",
    "number",
    "entity",
    "role",
    "quantifier",
    "paraphrase",
)


def edit(capability: str, doc: Any, pool: dict[str, list[str]], rng: random.Random) -> tuple[str, str] | None:
    """(premise, claim) for an edit capability of one sentence, or None where the sentence has nothing to edit."""
    s = doc.text
    made: str | None
    if capability == "negation_evidence":
        return (made, s) if (made := negate(doc)) else None
    if capability == "modality":
        return (made, s) if (made := hedge(doc, rng)) else None
    if capability == "quantifier":
        return (s, q[0]) if (q := flip_quantifier(doc)) else None
    made = {
        "antonym": lambda: antonym(doc),
        "negation_claim": lambda: negate(doc),
        "number": lambda: change_number(doc, rng),
        "entity": lambda: swap_entity(doc, pool, rng),
        "role": lambda: swap_roles(doc),
        "paraphrase": lambda: paraphrase(doc, rng),
    }[capability]()
    return (s, made) if made else None


def good_sentence(text: str) -> bool:
    n = len(text.split())
    return 8 <= n <= 40 and text[:1].isupper() and text[-1:] in ".!" and '"' not in text and "\u201c" not in text


def article_items(
    article: dict[str, Any], rng: random.Random, unrelated_pool: list[str], per_capability: int = 2
) -> list[Item]:
    """Up to ``per_capability`` items of each capability from one article (``{"key", "title", "sentences"}``)."""
    sents = article["sentences"]
    ok = [i for i, s in enumerate(sents) if good_sentence(s)]
    if not ok:
        return []
    docs = dict(zip(ok, nlp().pipe([sents[i] for i in ok]), strict=True))
    pool: dict[str, list[str]] = {}
    for d in docs.values():
        for ent in d.ents:
            if ent.label_ in NAMES and ent[-1].tag_ != "POS" and ent.text not in pool.setdefault(ent.label_, []):
                pool[ent.label_].append(ent.text)
    out: list[Item] = []
    order = list(ok)
    rng.shuffle(order)

    def add(capability: str, i: int, premise: str, claim: str) -> None:
        accept = CAPABILITIES[capability].accept
        before = sents[i - 1] if i > 0 else ""
        out.append(
            Item(
                capability,
                premise,
                claim,
                accept[0].value,
                tuple(a.value for a in accept),
                before,
                article.get("title", ""),
                article["key"],
            )
        )

    made = {c: 0 for c in CAPABILITIES}
    for i in order:
        doc = docs[i]
        for capability in EDITS:
            if made[capability] < per_capability and (pair := edit(capability, doc, pool, rng)) and pair[0] != pair[1]:
                add(capability, i, *pair)
                made[capability] += 1
    far = [j for j in ok if all(abs(j - i) > 2 for i in ok[:1])]
    if ok and far and made["same_topic"] < per_capability:
        add("same_topic", ok[0], sents[ok[0]], sents[rng.choice(far)])
    if ok and unrelated_pool:
        add("unrelated", order[0], sents[order[0]], rng.choice(unrelated_pool))
    return out
