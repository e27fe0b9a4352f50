"""Who did what to whom: a verb's doer and undergoer when both are names, read with spaCy's parser.

Contract: `roles(text)` → the `Role`s of the text: for each verb with a named subject and a named object,
(verb lemma, doer, undergoer) with the character spans of both names. The passive is read as the active it
states ("B was criticized by A" gives doer A, undergoer B), so a change of voice keeps the roles. A name is
the entity the argument's head stands in, else the head with its compound words ("Foreign Ministry");
arguments that are no name (pronouns, common nouns) give no role. Results are kept per text.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from factbot.text.nlp import NAME_LABELS, nlp
from factbot.types import Span


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
    for verb in nlp()(text):
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


def same_name(a: str, b: str) -> bool:
    """Whether two names are one: equal, or one's last word is the other's ("Biden", "Joe Biden")."""
    x, y = a.casefold().removeprefix("the "), b.casefold().removeprefix("the ")
    return x == y or x.split()[-1] == y.split()[-1]
