"""Contrastive training pairs: the behaviour suite's generators run on training-split articles only.

Most pairs are minimal pairs: one premise, a claim that keeps its words but flips one thing (antonym,
negation, number, name, roles, modality, quantifier) → contradicts (modality: neutral), and the same
premise with its paraphrased twin (a modifier dropped or moved) or, lacking one, the untouched sentence →
entails. Articles come from `benchmarks.behaviour.sources.articles("train")` (FRANK valid, RealTime QA
June–August 2022 outside the held-out part), so the suite's articles are never trained on. A stable 10%
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
from benchmarks.behaviour.sources import articles
from factbot.verify.judges import premise_text
from training.data import CONTRADICTS, ENTAILS, NEUTRAL, held_out, pair

LABEL_IDS = {"SUPPORTED": ENTAILS, "REFUTED": CONTRADICTS, "NOT_ENOUGH_INFO": NEUTRAL}


def contrastive_pairs(calib: bool = False, seed: int = 29, per_capability: int = 1000) -> list[dict[str, Any]]:
    """Pairs ``{"premise", "claim", "label", "source"}`` (``source`` = ``contrastive:<capability>``)."""
    rng = random.Random(seed)
    arts = [a for a in articles("train") if held_out(f"contrastive{a['key']}", 10) == calib]
    pool = [s for a in arts[::5] for s in a["sentences"][:4] if 8 <= len(s.split()) <= 40]
    out: list[dict[str, Any]] = []
    for a in arts:
        items = article_items(a, rng, [s for s in pool if s not in a["sentences"]], per_capability)
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
    return out


if __name__ == "__main__":
    rows = contrastive_pairs()
    print(len(rows), "pairs;", Counter((r["source"], r["label"]) for r in rows))
    for r in random.Random(1).sample(rows, 12):
        print(r["label"], r["source"], "|", r["premise"][-140:], "||", r["claim"][:140])
