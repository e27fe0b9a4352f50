"""Demonyms and the places they name ("Chinese" ↔ "China", "American" ↔ "United States", "U.S."), so a
question about "Chinese officials" is met by an article about China and the other way round.

Contract: `place_aliases(name)` → the names that refer to the same place or people as `name` (itself
included): a demonym and its place, and the names of one place, from WordNet 3.0's adjective pertainyms
of location and natural-object nouns (continents, seas) and their synsets, and the names of each country
synset ("United Kingdom" ↔ "Britain" ↔ "UK" ↔ "British") (`demonyms.tsv`, rebuilt by
`benchmarks/behaviour/wordnet.py`; licence in `WORDNET-LICENCE`). A name WordNet does not know maps to
itself alone. Matching is by exact spelling: callers compare case-insensitively where they need to.
`one_place(a, b)` → whether two names are aliases, or one lies in the other ("Moscow" in "Russia"), from
WordNet's part holonyms of locations (`regions.tsv`, same builder and licence).
"""

from __future__ import annotations

import functools
from pathlib import Path

DEMONYMS = Path(__file__).with_name("demonyms.tsv")
REGIONS = Path(__file__).with_name("regions.tsv")


@functools.cache
def _table() -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for line in DEMONYMS.read_text(encoding="utf-8").splitlines():
        name, alias = line.split("\t")
        groups.setdefault(name, {name}).add(alias)
    return {name: frozenset(names) for name, names in groups.items()}


def place_aliases(name: str) -> frozenset[str]:
    """`name` and its aliases: "China" → "Chinese", "PRC", …; "United States" → "US", "U.S.", "American", …"""
    return _table().get(name, frozenset()) | {name}


@functools.cache
def _regions() -> frozenset[tuple[str, str]]:
    lines = REGIONS.read_text(encoding="utf-8").splitlines()
    return frozenset((a.casefold(), b.casefold()) for a, b in (line.split("\t") for line in lines))


def one_place(a: str, b: str) -> bool:
    """Whether `a` and `b` name one place to a news reader: aliases, or one lies in the other (case aside)."""
    x, y = a.casefold(), b.casefold()
    if y in {n.casefold() for n in place_aliases(a)}:
        return True
    return (x, y) in _regions() or (y, x) in _regions()
