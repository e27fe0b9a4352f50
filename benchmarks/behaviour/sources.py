"""Which articles each side of the behaviour data is made from, so that the suite is never trained on.

- ``report`` (the behaviour suite): FRANK **test** articles, and RealTime QA articles published
  September–November 2022 (the report period of ``benchmarks.eval_qa``) that ``training.data``'s hash
  split holds out of training (the shipped model's news pairs drew on RealTime QA articles of every month).
- ``train`` (contrastive training pairs): FRANK **valid** articles and RealTime QA articles of June–August
  2022 outside that held-out part.

Both read ``../shared/eval-data``; an article of FRANK test and valid alike is kept on the report side only.
`train_extras` adds training-side text of other kinds for the contrastive pairs: SciFact abstracts cited by
training claims only (none cited by a dev or tune claim) and the evidence sentences of Climate-FEVER's
training claims (``claim_id % 5 != 0``, outside the tune hash split).
"""

from __future__ import annotations

import re
from typing import Any

from benchmarks.common import EVAL_DATA
from factbot.text.sentences import split_sentences
from training.data import held_out, read_jsonl, scifact_held_out

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


def train_extras() -> list[dict[str, Any]]:
    """SciFact training abstracts and Climate-FEVER training evidence as ``{"key", "title", "sentences"}``."""
    sci = EVAL_DATA / "scifact"
    train, barred = set(), set()
    for c in read_jsonl(sci / "claims_train.jsonl"):
        docs = {int(d) for d in c["evidence"]} | {int(d) for d in c.get("cited_doc_ids", [])}
        (barred if scifact_held_out(c) else train).update(docs)
    for c in read_jsonl(sci / "claims_dev.jsonl"):
        barred |= {int(d) for d in c["evidence"]} | {int(d) for d in c.get("cited_doc_ids", [])}
    out = [
        {"key": f"scifact:{d['doc_id']}", "title": d["title"], "sentences": [s.strip() for s in d["abstract"]]}
        for d in read_jsonl(sci / "corpus.jsonl")
        if d["doc_id"] in train - barred
    ]
    for c in read_jsonl(EVAL_DATA / "climate-fever" / "climate-fever.jsonl"):
        if int(c["claim_id"]) % 5 == 0 or held_out(f"climate{c['claim_id']}"):
            continue
        sents = [re.sub(r"\s+", " ", ev["evidence"]).strip() for ev in c["evidences"]]
        out.append({"key": f"climate:{c['claim_id']}", "title": c["evidences"][0]["article"], "sentences": sents})
    return out
