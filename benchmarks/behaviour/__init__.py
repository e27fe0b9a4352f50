"""The judge's behaviour suite (CheckList-style capabilities) and its training-side twin."""

from __future__ import annotations

import random

from benchmarks.behaviour.items import CAPABILITIES, Item, article_items
from benchmarks.behaviour.sources import articles
from factbot.errors import EmptyDocumentError
from factbot.ingest.documents import build_document
from factbot.types import Article


def verifiable(item: Item) -> bool:
    """Whether factbot's cleaner leaves text in the item's evidence (it drops page furniture such as
    "Share this with Email Facebook ..."): `verify(against=...)` refuses evidence that cleans to nothing."""
    try:
        build_document(Article(text=item.evidence, source="behaviour"))
    except EmptyDocumentError:
        return False
    return True


def build(side: str, per_capability: int, seed: int = 7, per_article: int = 5) -> list[Item]:
    """Up to ``per_capability`` items of every capability from ``side``'s articles (see `sources`), in a stable
    order: articles shuffled by ``seed``, at most ``per_article`` items of a capability from one article."""
    arts = articles(side)
    rng = random.Random(seed)
    rng.shuffle(arts)
    pool = [s for a in arts[::7] for s in a["sentences"][:3] if 8 <= len(s.split()) <= 40]
    counts = dict.fromkeys(CAPABILITIES, 0)
    out: list[Item] = []
    for a in arts:
        if all(n >= per_capability for n in counts.values()):
            break
        own = set(a["sentences"])
        others = [s for s in pool if s not in own]
        for item in article_items(a, rng, others, per_article):
            if counts[item.capability] < per_capability and verifiable(item):
                out.append(item)
                counts[item.capability] += 1
    return out
