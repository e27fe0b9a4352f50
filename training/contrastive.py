"""Contrastive training pairs: the behaviour suite's generators run on training-split articles only.

Most pairs are minimal pairs: one premise, a claim that keeps its words but flips one thing (antonym,
negation, number, name, roles, modality, quantifier) → contradicts (modality: neutral), and the same
premise with its paraphrased twin (a modifier dropped or moved) or, lacking one, the untouched sentence →
entails. Articles come from `benchmarks.behaviour.sources.articles("train")` (FRANK valid, RealTime QA
June–August 2022 outside the held-out part) and `train_extras()` (SciFact training abstracts, Climate-FEVER
training evidence), so neither the suite's articles nor a reporting or tune split is trained on. A stable 10%
of those articles (by hash) is kept out as the calibration twin of the suite (``calib=True``).

    python -m training.contrastive            # counts per capability and label, and a sample
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.behaviour.items import article_items
from benchmarks.behaviour.sources import articles, train_extras
from factbot.verify.judges import premise_text
from training.data import CONTRADICTS, ENTAILS, NEUTRAL, held_out, pair

LABEL_IDS = {"SUPPORTED": ENTAILS, "REFUTED": CONTRADICTS, "NOT_ENOUGH_INFO": NEUTRAL}


def contrastive_pairs(
    calib: bool = False, seed: int = 29, per_capability: int = 1000, rounds: int = 2
) -> list[dict[str, Any]]:
    """Pairs ``{"premise", "claim", "label", "source"}`` (``source`` = ``contrastive:<capability>``). Each article
    is edited ``rounds`` times with different random choices (another number, name or hedge); repeats dropped."""
    arts = [a for a in articles("train") + train_extras() if held_out(f"contrastive{a['key']}", 10) == calib]
    return pairs_from(arts, random.Random(seed), per_capability, rounds)


def pairs_from(
    arts: list[dict[str, Any]], rng: random.Random, per_capability: int = 1000, rounds: int = 2
) -> list[dict[str, Any]]:
    """The contrastive pairs of the given articles (``{"key", "title", "sentences"}``)."""
    pool = [s for a in arts[::5] for s in a["sentences"][:4] if 8 <= len(s.split()) <= 40]
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for a in arts:
        own = set(a["sentences"])
        others = [s for s in pool if s not in own]
        items = [it for _ in range(rounds) for it in article_items(a, rng, others, per_capability)]
        fresh = []
        for it in items:
            if (it.premise, it.claim) not in seen:
                seen.add((it.premise, it.claim))
                fresh.append(it)
        items = fresh
        twins = {it.premise: it.claim for it in items if it.capability == "paraphrase"}
        entailed: set[str] = set()
        for it in items:
            premise = premise_text(it.premise, it.before, it.title)
            out.append(pair(premise, it.claim, LABEL_IDS[it.gold], f"contrastive:{it.capability}"))
            if it.gold != "SUPPORTED" and it.capability not in ("unrelated", "same_topic"):
                # the minimal pair's twin: the source sentence restated (or as it is) → entails
                source = it.claim if it.capability in ("negation_evidence", "modality") else it.premise
                if source not in entailed:
                    entailed.add(source)
                    twin = twins.get(source, source)
                    if it.capability in ("negation_evidence", "modality"):
                        out.append(pair(premise_text(source, it.before, it.title), twin, ENTAILS, "contrastive:twin"))
                    else:
                        out.append(pair(premise, twin, ENTAILS, "contrastive:twin"))
    unique: dict[tuple[str, str], dict[str, Any]] = {}
    for r in out:  # a twin may repeat a paraphrase item: keep the first
        unique.setdefault((r["premise"], r["claim"]), r)
    return list(unique.values())


if __name__ == "__main__":
    rows = contrastive_pairs()
    print(len(rows), "pairs;", Counter((r["source"], r["label"]) for r in rows))
    for r in random.Random(1).sample(rows, 12):
        print(r["label"], r["source"], "|", r["premise"][-140:], "||", r["claim"][:140])
