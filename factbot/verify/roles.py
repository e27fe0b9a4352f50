"""Who did what to whom: a verb's doer and undergoer when both are names, read with spaCy's parser.

Contract: `roles(text)` → the `Role`s of the text: for each verb with a named subject and a named object,
(verb lemma, doer, undergoer) with the character spans of both names. The passive is read as the active it
states ("B was criticized by A" gives doer A, undergoer B), so a change of voice keeps the roles. A name is
the entity the argument's head stands in, else the head with its compound words ("Foreign Ministry");
arguments that are no name (pronouns, common nouns) give no role. Results are kept per text.

`reversed_roles(claim, sentence)` → the `Finding`s of rule `roles` (kind `unasserted`): a verb of the claim
with its doer and undergoer the other way round in the sentence, or its doer as that verb's undergoer there,
or (where the parse finds neither, nor the claim's roles as stated) the names in the other order
(`swapped_order`). `undergoers(text)` → (verb lemma, name) for each verb whose undergoer is a name, whether
or not a doer is named. `swapped_order(claim, sentence)` is the same question asked of word order, for
sentences the parser misreads:
two names of the claim with a verb between them ("Aston Villa has urged Tim Sherwood") that the sentence has
the other way round with the same words between them ("Tim Sherwood has urged Aston Villa"), and never in
the claim's order → their spans (claim's first name, the sentence's first name), else None. Determiners and
titles between the names are not compared; words that join two names alike ("and", "with", a comma) are
no swap, and a change of voice changes the words between, so it is none either.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from factbot.text.nlp import NAME_LABELS, parse
from factbot.types import Finding, Span
from factbot.verify.lexicon import CAPITALIZED_STOP


@dataclass(frozen=True)
class Role:
    """One verb with a named doer and undergoer, and where each name stands in the text."""

    verb: str
    doer: str
    undergoer: str
    doer_span: Span
    undergoer_span: Span


def _name(token: Any) -> tuple[str, Span] | None:
    """The name an argument token heads, with its character span, or None when it is no name."""
    doc = token.doc
    ent = next((e for e in doc.ents if e.start <= token.i < e.end and e.label_ in NAME_LABELS), None)
    if ent is not None:
        return ent.text, (ent.start_char, ent.end_char)
    if token.pos_ != "PROPN":
        return None
    first = min([token.i, *(c.i for c in token.children if c.dep_ == "compound")])
    span = doc[first : token.i + 1]
    return span.text, (span.start_char, span.end_char)


@functools.lru_cache(maxsize=2048)
def roles(text: str) -> tuple[Role, ...]:
    """The named doer and undergoer of each verb of `text` (see the module's contract)."""
    out: list[Role] = []
    for verb in parse(text):
        if verb.pos_ != "VERB":
            continue
        deps = {c.dep_: c for c in verb.children}
        agent = deps.get("agent")
        if "nsubj" in deps and "dobj" in deps:
            doer, undergoer = deps["nsubj"], deps["dobj"]
        elif "nsubjpass" in deps and agent is not None:
            by = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if by is None:
                continue
            doer, undergoer = by, deps["nsubjpass"]
        else:
            continue
        a, b = _name(doer), _name(undergoer)
        if a is not None and b is not None and a[0].casefold() != b[0].casefold():
            out.append(Role(verb.lemma_, a[0], b[0], a[1], b[1]))
    return tuple(out)


@functools.lru_cache(maxsize=2048)
def undergoers(text: str) -> frozenset[tuple[str, str]]:
    """(verb lemma, name) for each verb of `text` whose undergoer is a name, whoever the doer (none named,
    or none at all: "endorsed removing Cheney" gives ("remove", "Cheney")): the object of an active verb,
    the subject of a passive one."""
    out = set()
    for verb in parse(text):
        if verb.pos_ != "VERB":
            continue
        for child in verb.children:
            if child.dep_ in {"dobj", "nsubjpass"} and (named := _name(child)) is not None:
                out.add((verb.lemma_, named[0]))
    return frozenset(out)


def same_name(a: str, b: str) -> bool:
    """Whether two names are one: equal, or one's last word is the other's ("Biden", "Joe Biden")."""
    x, y = a.casefold().removeprefix("the "), b.casefold().removeprefix("the ")
    return x == y or x.split()[-1] == y.split()[-1]


def _between(doc: Any, start: int, end: int) -> tuple[str, ...] | None:
    """The words between two names, determiners and titles aside; None when they hold no verb, or join the
    names alike (a conjunction, "with", punctuation)."""
    words = [t for t in doc[start:end] if t.tag_ != "DT" and t.text not in CAPITALIZED_STOP]
    if not any(t.pos_ == "VERB" for t in words) or any(
        t.pos_ in {"CCONJ", "PUNCT"} or t.lower_ == "with" for t in words
    ):
        return None
    return tuple(t.lower_ for t in words)


def swapped_order(claim: str, sentence: str) -> tuple[Span, Span] | None:
    """Two names of the claim in the other order in the sentence, the same words between (see the contract)."""
    c_doc = parse(claim)
    names = [e for e in c_doc.ents if e.label_ in NAME_LABELS]
    if len(names) < 2:
        return None
    s_names = [e for e in parse(sentence).ents if e.label_ in NAME_LABELS]
    for first, second in zip(names, names[1:], strict=False):
        middle = _between(c_doc, first.end, second.start)
        if middle is None:
            continue
        pairs = [
            (a, b) for a in s_names for b in s_names if a.end <= b.start and _between(a.doc, a.end, b.start) == middle
        ]
        if any(same_name(a.text, first.text) and same_name(b.text, second.text) for a, b in pairs):
            continue  # the sentence also has the claim's order
        for a, b in pairs:
            if same_name(a.text, second.text) and same_name(b.text, first.text):
                return (first.start_char, first.end_char), (a.start_char, a.end_char)
    return None


def reversed_roles(claim: str, sentence: str) -> list[Finding]:
    """Rule `roles`: "Ukraine accused Russia" is no support for "Russia accused Ukraine" (see the contract)."""
    out, confirmed = [], False
    claimed = roles(claim)
    stated = roles(sentence) if claimed else ()
    for c in claimed:
        same = [s for s in stated if s.verb == c.verb]
        if any(same_name(s.doer, c.doer) and same_name(s.undergoer, c.undergoer) for s in same):
            confirmed = True
            continue
        if swap := next((s for s in same if same_name(s.doer, c.undergoer) and same_name(s.undergoer, c.doer)), None):
            message = f"in the evidence it is {swap.doer} who does '{c.verb}' to {swap.undergoer}, not the reverse"
            out.append(Finding("roles", "unasserted", message, c.doer_span, swap.doer_span))
        elif any(verb == c.verb and same_name(name, c.doer) for verb, name in undergoers(sentence)):
            message = f"in the evidence {c.doer} undergoes '{c.verb}', it does not do it"
            out.append(Finding("roles", "unasserted", message, c.doer_span))
    if not out and not confirmed and (order := swapped_order(claim, sentence)):
        (c0, c1), (s0, s1) = order
        first, claimed_first = sentence[s0:s1], claim[c0:c1]
        message = f"the evidence has {first!r} first, with the same words between the names, not {claimed_first!r}"
        out.append(Finding("roles", "unasserted", message, order[0], order[1]))
    return out
