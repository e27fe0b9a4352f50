"""Build the verifier's training pairs from the public datasets in ``../shared/eval-data/``.

Every pair is ``{"premise", "claim", "label", "source"}`` with label 0 = entails, 1 = neutral,
2 = contradicts. Premises are formatted with ``factbot.verify.judges.premise_text`` exactly as at inference
(article title, previous sentence, evidence sentence), so the model sees what it will be asked.

Which data, and which splits (reporting splits are never read here):

- ``nli``: SNLI dev+test, the MultiNLI samples and a slice of Breaking NLI (detokenized); ``fever``
  (dumped apart, added to the NLI stage by ``train.py --fever``): FEVER's binary pairs from ``fever-nli``.
- ``scifact``: SciFact **train** claims: rationale sentences → entails/contradicts; other sentences of the
  cited abstracts and of random abstracts → neutral.
- ``climate``: Climate-FEVER claim–sentence pairs whose ``claim_id % 5 != 0``.
- ``news``: FactCC-style synthetic pairs from RealTime QA articles and FRANK ``valid`` articles (with
  ``--unrelated P``, also a sentence of another article as a neutral claim after a share P of the
  sentences: other names and topics are not a contradiction; measured worse on the tune split, see the model card), plus
  FRANK ``valid`` summary sentences judged fully consistent, paired with their best-matching article
  sentences (real paraphrased entailments).

A held-out calibration part (``calib=True``) is split off by stable hashes of claim / article ids; it is
used only to calibrate thresholds, never for gradient steps.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file (python training/data.py): the repo root is the import root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from factbot.text.sentences import split_sentences
from factbot.verify.judges import premise_text
from training.modality import modality_claims

ENTAILS, NEUTRAL, CONTRADICTS = 0, 1, 2
NOT_ENTAILS = 3  # a binary label (FEVER's "not_entailment": neutral or contradicts); train.py's loss reads it
NLI_LABELS = {"entailment": ENTAILS, "neutral": NEUTRAL, "contradiction": CONTRADICTS}
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "eval-data"


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def held_out(key: str, percent: int = 20) -> bool:
    """Stable split of training material into train / calibration (by hash, not by order)."""
    return int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % 100 < percent


# How SciFact train claims are split into train / tune. "claims" (by claim id) is what the shipped model
# was trained and calibrated with, but 77 of its 144 tune claims cite an abstract that a training claim
# also cites, so the tune split measures a model on evidence it was trained on. "abstracts" keeps claims
# that share an abstract together (490 groups, the largest of 8 claims; 157 tune claims, none sharing an
# abstract with training): set FACTBOT_TUNE_SPLIT=abstracts for training *and* calibration to compare
# models on unseen evidence. Models must be retrained under it: the shipped one has seen its tune claims.
TUNE_SPLIT = os.environ.get("FACTBOT_TUNE_SPLIT", "claims")


@functools.cache
def _scifact_groups() -> dict[int, str]:
    """SciFact train claim id → the group of claims linked by cited abstracts (union-find)."""
    claims = list(read_jsonl(DATA / "scifact" / "claims_train.jsonl"))
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for c in claims:
        docs = [f"doc{d}" for d in c["cited_doc_ids"]] or [f"claim{c['id']}"]
        for d in docs[1:]:
            parent[find(d)] = find(docs[0])
    return {c["id"]: find(next(iter(f"doc{d}" for d in c["cited_doc_ids"]), f"claim{c['id']}")) for c in claims}


def scifact_held_out(claim: dict[str, Any]) -> bool:
    """Whether a SciFact train claim is in the tune split (see `TUNE_SPLIT`)."""
    if TUNE_SPLIT == "abstracts":
        return held_out(f"scifact-group-{_scifact_groups()[claim['id']]}")
    if TUNE_SPLIT != "claims":
        raise SystemExit(f"FACTBOT_TUNE_SPLIT must be 'claims' or 'abstracts', not {TUNE_SPLIT!r}")
    return held_out(f"scifact{claim['id']}")


def detokenize(text: str) -> str:
    """Undo PTB tokenization ("ca n't", "packages .", "`` quoted ''") and escaped quotes ("sweden\\'s")."""
    text = text.replace("\\'", "'").replace("``", '"').replace("''", '"').replace("-LRB-", "(").replace("-RRB-", ")")
    text = re.sub(r"\b(ca|wo|do|does|did|is|are|was|were|have|has|had|could|would|should) n't\b", r"\1n't", text)
    text = text.replace("ca n't", "can't").replace("wo n't", "won't")
    text = re.sub(r" (n't|'s|'re|'ve|'m|'ll|'d)\b", r"\1", text)
    text = re.sub(r" ([.,;:!?%)])", r"\1", text)
    text = re.sub(r"([($]) ", r"\1", text)
    text = re.sub(r'" (.*?) "', r'"\1"', text)
    return re.sub(r"\s+", " ", text).strip()


def pair(premise: str, claim: str, label: int, source: str) -> dict[str, Any]:
    return {"premise": premise, "claim": claim, "label": label, "source": source}


# ---------------------------------------------------------------- general NLI


def nli_pairs(rng: random.Random, breaking: int = 1500) -> list[dict[str, Any]]:
    out = []
    root = DATA / "nli"
    for path in [
        root / "snli_esnli" / "snli_dev.jsonl",
        root / "snli_esnli" / "snli_test.jsonl",
        root / "mnli_textfooler_sample" / "mnli_matched.jsonl",
        root / "mnli_textfooler_sample" / "mnli_mismatched.jsonl",
    ]:
        for r in read_jsonl(path):
            if r["label"] in NLI_LABELS:
                out.append(pair(detokenize(r["premise"]), detokenize(r["hypothesis"]), NLI_LABELS[r["label"]], "nli"))
    rows = [r for r in read_jsonl(root / "breaking_nli" / "breaking_nli.jsonl") if r["label"] in NLI_LABELS]
    keep = [r for r in rows if r["label"] != "contradiction"]
    keep += rng.sample([r for r in rows if r["label"] == "contradiction"], breaking)
    out += [pair(detokenize(r["premise"]), detokenize(r["hypothesis"]), NLI_LABELS[r["label"]], "nli") for r in keep]
    return out


_PTB_BRACKETS = {"-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}


def fever_pairs() -> list[dict[str, Any]]:
    """FEVER claims against their Wikipedia evidence (``fever-nli``, 13,332 pairs, no reporting split):
    "entailment" → entails, "not_entailment" (refuted or not enough info, unsplit) → ``NOT_ENTAILS``."""
    out = []
    for r in read_jsonl(DATA / "fever-nli" / "fever_nli_binary.jsonl"):
        premise = r["premise"]
        for ptb, char in _PTB_BRACKETS.items():
            premise = premise.replace(ptb, char)
        label = ENTAILS if r["label"] == "entailment" else NOT_ENTAILS
        out.append(pair(detokenize(premise), detokenize(r["hypothesis"]), label, "fever"))
    return out


# ---------------------------------------------------------------- SciFact (train split only)


def scifact_pairs(rng: random.Random, calib: bool = False) -> list[dict[str, Any]]:
    corpus = {d["doc_id"]: d for d in read_jsonl(DATA / "scifact" / "corpus.jsonl")}
    doc_ids = list(corpus)
    out = []
    for c in read_jsonl(DATA / "scifact" / "claims_train.jsonl"):
        if scifact_held_out(c) != calib:
            continue
        claim = c["claim"]
        used: set[tuple[int, int]] = set()
        for doc_key, sets in c["evidence"].items():
            doc = corpus[int(doc_key)]
            sents = doc["abstract"]
            for ev in sets:
                label = ENTAILS if ev["label"] == "SUPPORT" else CONTRADICTS
                idx = sorted(ev["sentences"])
                used.update((doc["doc_id"], i) for i in idx)
                for i in idx:  # each rationale sentence with its neighbour, as at inference
                    prev = sents[i - 1] if i > 0 else ""
                    out.append(pair(premise_text(sents[i], prev, doc["title"]), claim, label, "scifact"))
                if len(idx) > 1:
                    out.append(
                        pair(premise_text(" ".join(sents[i] for i in idx), "", doc["title"]), claim, label, "scifact")
                    )
                flipped = flip_claim(claim) if label == ENTAILS and not calib else None
                if flipped:  # the supported claim turned around ("is" -> "is not", "increases" -> "decreases")
                    joined = premise_text(" ".join(sents[i] for i in idx), "", doc["title"])
                    out.append(pair(joined, flipped, CONTRADICTS, "scifact"))
        cited = [corpus[d] for d in c["cited_doc_ids"] if d in corpus]
        negatives = []
        for doc in cited:
            negatives += [(doc, i) for i in range(len(doc["abstract"])) if (doc["doc_id"], i) not in used]
        for doc, i in rng.sample(negatives, min(3, len(negatives))):
            prev = doc["abstract"][i - 1] if i > 0 else ""
            out.append(pair(premise_text(doc["abstract"][i], prev, doc["title"]), claim, NEUTRAL, "scifact"))
        doc = corpus[rng.choice(doc_ids)]
        if doc["abstract"]:
            out.append(pair(premise_text(rng.choice(doc["abstract"]), "", doc["title"]), claim, NEUTRAL, "scifact"))
    return out


# ---------------------------------------------------------------- Climate-FEVER (claim_id % 5 != 0 only)

CF_LABELS = {"SUPPORTS": ENTAILS, "NOT_ENOUGH_INFO": NEUTRAL, "REFUTES": CONTRADICTS}


def climate_pairs(calib: bool = False) -> list[dict[str, Any]]:
    out = []
    for c in read_jsonl(DATA / "climate-fever" / "climate-fever.jsonl"):
        if int(c["claim_id"]) % 5 == 0 or held_out(f"climate{c['claim_id']}") != calib:
            continue
        for ev in c["evidences"]:
            out.append(
                pair(
                    premise_text(ev["evidence"], "", ev["article"]),
                    c["claim"],
                    CF_LABELS[ev["evidence_label"]],
                    "climate",
                )
            )
    return out


# ---------------------------------------------------------------- synthetic news (FactCC style)

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ANTONYMS = {
    "increased": "decreased",
    "rose": "fell",
    "won": "lost",
    "higher": "lower",
    "more": "fewer",
    "before": "after",
    "accepted": "rejected",
    "approved": "rejected",
    "welcomed": "criticized",
    "supported": "opposed",
    "agreed": "refused",
    "allowed": "banned",
    "opened": "closed",
    "gained": "lost",
    "raised": "cut",
    "confirmed": "denied",
    "praised": "condemned",
    "largest": "smallest",
    "first": "last",
    "up": "down",
    "early": "late",
    "passed": "failed",
    "resigned": "was reappointed",
    "arrested": "released",
    "began": "ended",
    "expanded": "reduced",
    "strong": "weak",
    "increase": "decrease",
    "success": "failure",
    "ally": "rival",
    "guilty": "innocent",
    "legal": "illegal",
    "private": "public",
    "minority": "majority",
}
ANTONYMS.update({v: k for k, v in list(ANTONYMS.items()) if " " not in v})
AUX = re.compile(r"\b(is|are|was|were|has|have|had|will|would|can|could|should|did|does|do|must)\b")
NEGATED = re.compile(r"\b(is|are|was|were|has|have|had|will|would|can|could|should|did|does|do|must) not\b")
VERB_ED = re.compile(r"\b([a-z]{3,}ed)\b")
ENTITY = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?:\s+(?:of\s+)?[A-Z][a-z]+)*)")
NUMBER = re.compile(r"\b\d[\d,.]*\b")
STOP_START = {"The", "A", "An", "In", "On", "But", "And", "He", "She", "It", "They", "We", "I", "This", "That"}


def entities(text: str) -> list[str]:
    return [
        m.group(1)
        for m in ENTITY.finditer(text)
        if m.group(1) not in STOP_START and m.group(1) not in MONTHS and m.group(1) not in DAYS
    ]


def negate(s: str) -> str | None:
    if NEGATED.search(s):
        return NEGATED.sub(r"\1", s, count=1)
    if " never " in s:
        return s.replace(" never ", " always ", 1)
    m = AUX.search(s)
    if m:
        return s[: m.end()] + " not" + s[m.end() :]
    m = VERB_ED.search(s)
    if m and m.start() > 0:  # "Cooper talked about ..." -> "Cooper never talked about ..."
        return s[: m.start()] + "never " + s[m.start() :]
    return None


def change_number(s: str, rng: random.Random) -> str | None:
    nums = [m for m in NUMBER.finditer(s) if not re.fullmatch(r"(19|20)\d\d", m.group())]
    if nums:
        m = rng.choice(nums)
        digits = m.group().replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            return None
        new = value * rng.choice([2, 3, 0.5, 10]) + rng.choice([0, 1])
        text = f"{int(new):,}" if "," in m.group() else (str(int(new)) if value.is_integer() else f"{new:.1f}")
        return s[: m.start()] + text + s[m.end() :] if text != m.group() else None
    for names in (MONTHS, DAYS):
        found = [n for n in names if re.search(rf"\b{n}\b", s)]
        if found:
            old = found[0]
            return re.sub(rf"\b{old}\b", rng.choice([n for n in names if n != old]), s, count=1)
    years = list(re.finditer(r"\b(19|20)\d\d\b", s))
    if years:
        m = rng.choice(years)
        return s[: m.start()] + str(int(m.group()) + rng.choice([-3, -2, -1, 1, 2])) + s[m.end() :]
    return None


def antonym(s: str, table: dict[str, str] = ANTONYMS) -> str | None:
    words = [w for w in table if re.search(rf"\b{re.escape(w)}\b", s)]
    if not words:
        return None
    w = words[0]
    return re.sub(rf"\b{re.escape(w)}\b", table[w], s, count=1)


SCIENCE_ANTONYMS = {
    "increases": "decreases",
    "decreases": "increases",
    "reduces": "increases",
    "promotes": "inhibits",
    "inhibits": "promotes",
    "enhances": "impairs",
    "improves": "worsens",
    "upregulates": "downregulates",
    "downregulates": "upregulates",
    "positively": "negatively",
    "negatively": "positively",
    "higher": "lower",
    "lower": "higher",
    "less": "more",
}


def flip_claim(claim: str) -> str | None:
    """A SciFact claim turned into its opposite (negated, or a direction word swapped), or None."""
    return negate(claim) or antonym(claim, SCIENCE_ANTONYMS)


def swap_entity(s: str, pool: list[str], rng: random.Random) -> str | None:
    own = entities(s)
    if not own:
        return None
    old = rng.choice(own)
    options = [
        e
        for e in pool
        if e != old and e not in s and old not in e and e not in old and (len(e.split()) > 1) == (len(old.split()) > 1)
    ]
    if not options:
        return None
    return s.replace(old, rng.choice(options), 1)


def clause(s: str, rng: random.Random) -> str | None:
    """An entailed shorter claim: the main clause, or the reported content without its attribution."""
    m = re.match(r"^(.{25,}?)(, (?:which|who|while|as|after|according to|but|and)\b.*)$", s)
    if m:
        return m.group(1).rstrip(",") + "."
    m = re.match(r"^(.{25,}?), (?:[A-Z][\w.]*\s?){1,4} (?:said|says|told \w+|added)\.?$", s)
    if m:
        return m.group(1).strip('"“” ') + "."
    m = re.match(r"^(?:.{3,60}?) (?:said|says|announced|reported) (?:that |on \w+ that )?(.{25,})$", s)
    if m:
        text = m.group(1)
        return text[0].upper() + text[1:]
    return None


def corrupt(op: str, s: str, pool: list[str], rng: random.Random) -> str | None:
    """A contradicting claim made from sentence `s` by one FactCC-style edit (None if it does not apply)."""
    if op == "number":
        return change_number(s, rng)
    if op == "entity":
        return swap_entity(s, pool, rng)
    return antonym(s) if op == "antonym" else negate(s)


def good_sentence(s: str) -> bool:
    n = len(s.split())
    return 8 <= n <= 45 and not s.endswith("?") and s[:1].isupper() and "http" not in s and "\n" not in s


def news_articles(calib: bool) -> list[dict[str, Any]]:
    """RealTime QA (gold + retrieved) and FRANK valid articles as {key, title, sentences}."""
    arts: dict[str, dict[str, Any]] = {}
    rq = DATA / "realtimeqa"
    for path in (rq / "gold_articles_2022.jsonl", rq / "gcs_retrieved_articles_4weeks_2022.jsonl"):
        for r in read_jsonl(path):
            if r["doc_id"] not in arts and len(r.get("text", "")) > 800:
                arts[r["doc_id"]] = {
                    "key": r["doc_id"],
                    "title": (r.get("title") or "").split(" - ")[0],
                    "text": r["text"],
                }
    valid = {s["hash"] for s in read_jsonl(DATA / "frank" / "summaries.jsonl") if s["split"] == "valid"}
    for r in read_jsonl(DATA / "frank" / "articles.jsonl"):
        if r["hash"] in valid:
            arts[r["hash"]] = {"key": r["hash"], "title": "", "text": r["article"]}
    out = []
    for a in arts.values():
        if held_out(f"news{a['key']}") != calib:
            continue
        sents = [s.text for s in split_sentences(a["text"].replace("\n\n", "\n"))]
        a["sentences"] = [re.sub(r"\s+", " ", s).strip() for s in sents]
        out.append(a)
    return out


def news_pairs(
    rng: random.Random, calib: bool = False, per_article: int = 10, unrelated: float = 0.0
) -> list[dict[str, Any]]:
    arts = news_articles(calib)
    all_entities = [e for a in arts[:400] for s in a["sentences"][:20] for e in entities(s)]
    out = []
    for a in arts:
        sents = a["sentences"]
        pool = sorted({e for s in sents for e in entities(s)})
        idx = [i for i, s in enumerate(sents) if good_sentence(s)]
        for i in rng.sample(idx, min(per_article, len(idx))):
            s = sents[i]
            prev = sents[i - 1] if i > 0 and rng.random() < 0.5 else ""
            premise = premise_text(s, prev, a["title"] if rng.random() < 0.7 else "")
            kind = rng.random()
            if kind < 0.30:
                claim, label = (clause(s, rng) or s), ENTAILS
            elif kind < 0.62:
                claim = corrupt(rng.choice(["negate", "number", "entity", "antonym"]), s, pool, rng) or negate(s)
                label = CONTRADICTS
                if claim and rng.random() < 0.4:  # the same error in a shorter claim
                    claim = clause(claim, rng) or claim
            elif kind < 0.72:
                claim, label = swap_entity(s, all_entities, rng), NEUTRAL  # someone this article never mentions
            else:
                close = [
                    j
                    for j in range(max(0, i - 6), min(len(sents), i + 7))
                    if abs(j - i) > 1 and good_sentence(sents[j])
                ]
                claim, label = (sents[rng.choice(close)] if close else None), NEUTRAL
            if claim and claim != premise:
                out.append(pair(premise, claim, label, "news"))
            if unrelated and rng.random() < unrelated:  # another article's sentence: other names, no contradiction
                other = [x for x in rng.choice(arts)["sentences"] if good_sentence(x) and x not in sents]
                if other:
                    out.append(pair(premise, rng.choice(other), NEUTRAL, "news"))
    return out + frank_consistent_pairs(calib)


def modality_pairs(rng: random.Random, calib: bool = False) -> list[dict[str, Any]]:
    """Pairs on what news sentences report as demanded, planned, expected or refused (``modality.py``):
    the deed itself is neutral (refused: contradicts); the sentence restated with its modality, entails."""
    out = []
    for a in news_articles(calib):
        sents = a["sentences"]
        for i, s in enumerate(sents):
            if not good_sentence(s):
                continue
            for claim, label in modality_claims(s):
                prev = sents[i - 1] if i > 0 and rng.random() < 0.5 else ""
                premise = premise_text(s, prev, a["title"] if rng.random() < 0.7 else "")
                out.append(pair(premise, claim, label, "news-modality"))
    return out


def _overlap(a: str, b: str) -> float:
    wa, wb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return len(wa & wb) / max(1, len(wb))


def frank_consistent_pairs(calib: bool) -> list[dict[str, Any]]:
    """FRANK valid summary sentences that humans judged error-free, with their best-matching article sentence."""
    articles = {r["hash"]: r for r in read_jsonl(DATA / "frank" / "articles.jsonl")}
    out = []
    for s in read_jsonl(DATA / "frank" / "summaries.jsonl"):
        if s["split"] != "valid" or s["label"] != "CONSISTENT" or held_out(f"news{s['hash']}") != calib:
            continue
        art = [detokenize(x) for x in _list(articles[s["hash"]]["article_sentences"])]
        for claim in _list(s["summary_sentences"]):
            claim = detokenize(claim)
            scored = sorted(range(len(art)), key=lambda i: -_overlap(art[i], claim))
            if scored and _overlap(art[scored[0]], claim) >= 0.5:
                i = scored[0]
                out.append(pair(premise_text(art[i], art[i - 1] if i else "", ""), claim, ENTAILS, "news"))
    return out


def _list(value: Any) -> list[str]:
    if isinstance(value, list):
        return value
    import ast

    return list(ast.literal_eval(value))


def build(seed: int = 13, calib: bool = False, unrelated: float = 0.0) -> dict[str, list[dict[str, Any]]]:
    """All training (or calibration) pairs by stage: ``{"nli": [...], "domain": [...], "modality": [...]}``."""
    rng = random.Random(seed)
    domain = scifact_pairs(rng, calib) + climate_pairs(calib) + news_pairs(rng, calib, unrelated=unrelated)
    parts = {"nli": [] if calib else nli_pairs(rng), "domain": domain}
    return parts | {"modality": modality_pairs(random.Random(seed + 1), calib)}  # own generator: the rest unchanged


def dump(folder: Path, seed: int = 13, unrelated: float = 0.0, contrastive: bool = True) -> None:
    """Write the pairs as ``nli/domain/calib.jsonl.gz`` (and ``contrastive``, ``calib_contrastive``: all the
    contrastive pairs; ``train.py --contrastive N`` samples N of them) for ``python -m training.train --pairs`` on
    a machine without the data."""
    import gzip

    folder.mkdir(parents=True, exist_ok=True)
    calib = build(seed, calib=True)
    parts = build(seed, unrelated=unrelated) | {"calib": calib["domain"], "calib_modality": calib["modality"]}
    parts["fever"] = fever_pairs()  # read only by ``train.py --fever``
    if contrastive:
        from training.contrastive import contrastive_pairs  # spaCy and the behaviour generators

        parts |= {"contrastive": contrastive_pairs(), "calib_contrastive": contrastive_pairs(calib=True)}
    for name, rows in parts.items():
        with gzip.open(folder / f"{name}.jsonl.gz", "wt", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        print(f"{folder / name}.jsonl.gz: {len(rows)} pairs")


if __name__ == "__main__":
    import argparse
    from collections import Counter

    ap = argparse.ArgumentParser(description="Print the training pairs' counts and a sample, or dump them.")
    ap.add_argument("--dump", default="", help="write the pairs into this folder (for training.train --pairs)")
    args = ap.parse_args()
    if args.dump:
        dump(Path(args.dump))
        raise SystemExit
    for calib in (False, True):
        parts = build(calib=calib)
        for stage, rows in parts.items():
            print("calib" if calib else "train", stage, len(rows), Counter((r["source"], r["label"]) for r in rows))
    rng = random.Random(1)
    for r in rng.sample(build()["domain"], 25):
        print(r["label"], r["source"], "|", r["premise"][:150], "||", r["claim"][:150])
