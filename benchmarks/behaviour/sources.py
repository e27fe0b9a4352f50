"""Which articles each side of the behaviour data is made from, so that the suite is never trained on.

- ``report`` (the behaviour suite): FRANK **test** articles, and RealTime QA articles published
  September–November 2022 (the report period of ``benchmarks.eval_qa``) that ``training.data``'s hash
  split holds out of training (the shipped model's news pairs drew on RealTime QA articles of every month).
- ``train`` (contrastive training pairs): FRANK **valid** articles and RealTime QA articles of June–August
  2022 outside that held-out part.

Both read ``../shared/eval-data``; an article of FRANK test and valid alike is kept on the report side only.
"""

from __future__ import annotations

import re
from typing import Any

from benchmarks.common import EVAL_DATA
from factbot.text.sentences import split_sentences
from training.data import held_out, read_jsonl

REPORT_MONTHS = ("2022/09", "2022/10", "2022/11")


def _sentences(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", s.text).strip() for s in split_sentences(text.replace("\n\n", "\n"))]


def articles(side: str) -> list[dict[str, Any]]:
    """``{"key", "title", "sentences"}`` for each article of ``side`` ("report" or "train"), in a stable order."""
    if side not in ("report", "train"):
        raise ValueError(f"side must be 'report' or 'train', not {side!r}")
    splits: dict[str, set[str]] = {}
    for s in read_jsonl(EVAL_DATA / "frank" / "summaries.jsonl"):
        splits.setdefault(s["hash"], set()).add(s["split"])
    out: dict[str, dict[str, Any]] = {}
    for r in read_jsonl(EVAL_DATA / "frank" / "articles.jsonl"):
        kinds = splits.get(r["hash"], set())
        if ("test" in kinds) == (side == "report") and ("valid" in kinds or "test" in kinds):
            out[r["hash"]] = {"key": f"frank:{r['hash']}", "title": "", "text": r["article"]}
    rq = EVAL_DATA / "realtimeqa"
    for path in (rq / "gold_articles_2022.jsonl", rq / "gcs_retrieved_articles_4weeks_2022.jsonl"):
        for r in read_jsonl(path):
            text, date = r.get("text", ""), r.get("publish_date") or ""
            if r["doc_id"] in out or len(text) < 800 or not date.startswith("2022/"):
                continue
            report = date[:7] in REPORT_MONTHS and held_out(f"news{r['doc_id']}")
            train = date[:7] < REPORT_MONTHS[0] and not held_out(f"news{r['doc_id']}")
            if (side == "report" and report) or (side == "train" and train):
                title = (r.get("title") or "").split(" - ")[0]
                out[r["doc_id"]] = {"key": f"realtimeqa:{r['doc_id']}", "title": title, "text": text}
    arts = sorted(out.values(), key=lambda a: a["key"])
    for a in arts:
        a["sentences"] = _sentences(a.pop("text"))
    return arts
