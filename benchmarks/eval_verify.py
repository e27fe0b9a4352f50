"""Evaluate claim verification on public data, next to a baseline with no trained model.

    python -m benchmarks.eval_verify                      # reporting splits, shipped model vs baseline
    python -m benchmarks.eval_verify --calibrate          # fit thresholds on the tune splits, write them
    python -m benchmarks.eval_verify --tasks frank --limit 200
    python -m benchmarks.eval_verify --split tune --tasks scifact,climate,frank --judges shipped,onnx:DIR

Each headline figure comes with a 95% bootstrap interval (claims resampled), and every judge after the
first with its paired difference from the first judge: a retrained model (``onnx:DIR``, an export folder
with its calibrated ``config.json``) against the shipped one, on the tune split to choose, on the
reporting split to report.

Judges: ``shipped`` (factbot's trained verifier) and ``similarity`` (embedding similarity + the same
number/date/entity checks, no model). Run from the repo root; ``onnx:DIR`` is relative to it. Splits (see
../shared/eval-data/README.md):

- report: SciFact dev; Climate-FEVER claims with ``claim_id % 5 == 0``; FRANK test; AVeriTeC dev (report only).
- tune: the held-out calibration part of the training splits (SciFact train, Climate-FEVER other claims,
  FRANK valid), the same hash split as ``training/data.py``; never trained on.

``--calibrate`` grid-searches the support / refute thresholds and the gap factor for each judge on the tune
split: the best mean of SciFact 3-way macro-F1, Climate-FEVER sentence macro-F1 and FRANK balanced accuracy
whose pooled REFUTED precision is ≥ ``--min-refuted-precision`` (0.75; if no setting reaches it, the best
mean, with a warning), and writes them, with the precision reached, to ``factbot/models/verifier/config.json``.
With ``--folds K`` it also prints a K-fold estimate of the objective on claims the thresholds were not
fitted on (fit on K−1 folds of each task, score the fold left out): how much the fit flatters the figure.
``--tune-feedback FILE`` (off by default) adds users' feedback (a ``factbot feedback export`` file, judged
against ``--index``, the index it came from) as one more tune task, scored by 4-way macro-F1; with
``--tasks feedback`` it is the only one and ../shared/eval-data is not needed. The config records the tune
sources used.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file (python benchmarks/eval_verify.py): the repo root is the import root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from benchmarks.common import EVAL_DATA, ROOT, machine, one_run_at_a_time, record, require_eval_data
from factbot import FactBot
from factbot.config import get_settings
from factbot.store.embeddings import Embedder
from factbot.types import Article
from factbot.verify.judges import calibration_entry
from factbot.verify.verdicts import CONFLICTING, NEI, REFUTED, SUPPORTED, Thresholds, aggregate, conjunction
from training.data import detokenize, held_out, scifact_held_out

LABELS4 = [SUPPORTED, REFUTED, NEI, CONFLICTING]
CACHE = ROOT / "benchmarks" / ".cache"


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


class CachingEmbedder(Embedder):
    """The bot's embedder (given to `FactBot(embedder=...)`), embedding the same sentence once per run
    (articles recur)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cache: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            self.cache.update(zip(missing, super().encode(missing, batch_size), strict=True))
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, self.dimension))


# ---------------------------------------------------------------- datasets → items


def scifact_items(split: str) -> list[dict[str, Any]]:
    corpus = {d["doc_id"]: d for d in read_jsonl(EVAL_DATA / "scifact" / "corpus.jsonl")}
    name = "claims_dev.jsonl" if split == "report" else "claims_train.jsonl"
    out = []
    for c in read_jsonl(EVAL_DATA / "scifact" / name):
        if split == "tune" and not scifact_held_out(c):
            continue
        labels = {ev["label"] for sets in c["evidence"].values() for ev in sets}
        gold = SUPPORTED if "SUPPORT" in labels else REFUTED if "CONTRADICT" in labels else NEI
        docs = [int(d) for d in c["evidence"]] or c["cited_doc_ids"]
        against = [
            Article(text=" ".join(corpus[d]["abstract"]), title=corpus[d]["title"], source=f"scifact:{d}")
            for d in docs
            if d in corpus
        ]
        out.append({"claim": c["claim"], "gold": gold, "against": against})
    return out


CF = {"SUPPORTS": SUPPORTED, "REFUTES": REFUTED, "NOT_ENOUGH_INFO": NEI, "DISPUTED": CONFLICTING}


def climate_items(split: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(sentence-level items, claim-level items)."""
    sentences, claims = [], []
    for c in read_jsonl(EVAL_DATA / "climate-fever" / "climate-fever.jsonl"):
        report = int(c["claim_id"]) % 5 == 0
        if (split == "report") != report or (split == "tune" and not held_out(f"climate{c['claim_id']}")):
            continue
        arts = [
            Article(text=ev["evidence"], title=ev["article"], source=f"wikipedia:{ev['evidence_id']}")
            for ev in c["evidences"]
        ]
        for ev, art in zip(c["evidences"], arts, strict=True):
            sentences.append({"claim": c["claim"], "gold": CF[ev["evidence_label"]], "against": [art]})
        claims.append({"claim": c["claim"], "gold": CF[c["claim_label"]], "against": arts})
    return sentences, claims


def _list(value: Any) -> list[str]:
    import ast

    return value if isinstance(value, list) else list(ast.literal_eval(value))


def frank_items(split: str) -> list[dict[str, Any]]:
    articles = {r["hash"]: r for r in read_jsonl(EVAL_DATA / "frank" / "articles.jsonl")}
    out = []
    for s in read_jsonl(EVAL_DATA / "frank" / "summaries.jsonl"):
        wanted = "test" if split == "report" else "valid"
        if s["split"] != wanted or (split == "tune" and not held_out(f"news{s['hash']}")):
            continue
        art = articles[s["hash"]]
        text = " ".join(detokenize(x) for x in _list(art["article_sentences"]))
        claim = " ".join(detokenize(x) for x in _list(s["summary_sentences"]))
        gold = SUPPORTED if s["label"] == "CONSISTENT" else "INCONSISTENT"
        out.append(
            {
                "claim": claim,
                "gold": gold,
                "dataset": s["dataset"],
                "group": s["hash"],
                "against": [Article(text=text, source=f"frank:{s['hash']}")],
            }
        )
    return out


def quoted_items(split: str, limit: int = 300) -> list[dict[str, Any]]:
    """Claims that quote their source: per FRANK article of the split (tune: valid, held out; report: test),
    one sentence of 8–40 words (the first such after the opening one), checked against the article. Gold
    SUPPORTED by construction: what rule `verbatim` exists for, and what no other rule may break."""
    wanted = "test" if split == "report" else "valid"
    hashes = {
        s["hash"]
        for s in read_jsonl(EVAL_DATA / "frank" / "summaries.jsonl")
        if s["split"] == wanted and (split != "tune" or held_out(f"news{s['hash']}"))
    }
    out = []
    for art in read_jsonl(EVAL_DATA / "frank" / "articles.jsonl"):
        if art["hash"] not in hashes or len(out) >= limit:
            continue
        sentences = [detokenize(x) for x in _list(art["article_sentences"])]
        claim = next((x for x in sentences[1:] if 8 <= len(x.split()) <= 40), None)
        if claim:
            text = " ".join(sentences)
            against = [Article(text=text, source=f"frank:{art['hash']}")]
            out.append({"claim": claim, "gold": SUPPORTED, "against": against})
    return out


# ---------------------------------------------------------------- running and scoring


def judge_items(bot: FactBot, items: list[dict[str, Any]], name: str) -> float:
    """Attach each item's judged parts (before thresholds); returns seconds spent."""
    t0 = time.time()
    for i, item in enumerate(items, 1):
        item["parts"] = bot.judge_claim(item["claim"], against=item["against"])
        if i % 200 == 0:
            print(f"  {name}: {i}/{len(items)} ({(time.time() - t0) / i * 1000:.0f} ms/claim)", flush=True)
    return time.time() - t0


def verdict(item: dict[str, Any], th: Thresholds) -> Any:
    parts = [aggregate(p, j, th, "eval") for p, j in item["parts"]]
    return parts[0] if len(parts) == 1 else conjunction(item["claim"], parts, "eval")


def macro_f1(gold: list[str], pred: list[str], labels: list[str]) -> float:
    f1s = []
    for c in labels:
        tp = sum(g == c and p == c for g, p in zip(gold, pred, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold, pred, strict=True))
        fn = sum(g == c and p != c for g, p in zip(gold, pred, strict=True))
        f1s.append(2 * tp / max(1, 2 * tp + fp + fn))
    return float(np.mean(f1s))


def three_way(label: str) -> str:
    return NEI if label == CONFLICTING else label


def balanced_accuracy(gold: list[bool], pred: list[bool]) -> float:
    pos = [p for g, p in zip(gold, pred, strict=True) if g]
    neg = [not p for g, p in zip(gold, pred, strict=True) if not g]
    return float(np.mean([np.mean(pos) if pos else 0.0, np.mean(neg) if neg else 0.0]))


def score(task: str, items: list[dict[str, Any]], th: Thresholds) -> dict[str, Any]:
    return figures(task, items, [verdict(it, th).label for it in items])


def figures(task: str, items: list[dict[str, Any]], labels: list[str]) -> dict[str, Any]:
    """A task's figures from its items' gold labels and the predicted ones."""
    gold = [it["gold"] for it in items]
    out: dict[str, Any] = {}
    if task in ("scifact", "climate-sentence"):
        pred3 = [three_way(x) for x in labels]
        out["macro_f1"] = macro_f1(gold, pred3, [SUPPORTED, REFUTED, NEI])
        out["confusion"] = Counter(zip(gold, pred3, strict=True))
        refuted = [g for g, p in zip(gold, pred3, strict=True) if p == REFUTED]
        out["refuted_precision"] = sum(g == REFUTED for g in refuted) / len(refuted) if refuted else float("nan")
    elif task in ("climate-claim", "averitec", "feedback"):
        out["accuracy"] = float(np.mean([g == p for g, p in zip(gold, labels, strict=True)]))
        out["macro_f1"] = macro_f1(gold, labels, LABELS4)
    elif task == "quoted":  # every claim is a sentence of its article: SUPPORTED is right
        out["accuracy"] = float(np.mean([p == SUPPORTED for p in labels]))
    elif task == "frank":
        for ds in ("all", "cnndm", "bbc"):
            sel = [i for i, it in enumerate(items) if ds == "all" or it["dataset"] == ds]
            out[f"bacc_{ds}"] = balanced_accuracy(
                [gold[i] == SUPPORTED for i in sel], [labels[i] == SUPPORTED for i in sel]
            )
    return out


HEADLINE = {
    "scifact": "macro_f1",
    "climate-sentence": "macro_f1",
    "climate-claim": "accuracy",
    "frank": "bacc_all",
    "feedback": "macro_f1",
    "quoted": "accuracy",
}


def interval(
    task: str, items: list[dict[str, Any]], labels: list[str], other: list[str] | None = None, n: int = 1000
) -> tuple[float, float]:
    """95% bootstrap interval of the task's headline figure or, given `other` labels for the same items,
    of the difference between the two (paired: the same resamples). What is resampled is the claim (a
    Climate-FEVER claim's five sentences, FRANK's summaries of one article go together), not the item."""
    groups: dict[str, list[int]] = {}
    for i, it in enumerate(items):
        groups.setdefault(it.get("group", it["claim"]), []).append(i)
    keys = list(groups)
    rng = np.random.default_rng(0)
    values = []
    for _ in range(n):
        idx = [i for g in rng.integers(0, len(keys), len(keys)) for i in groups[keys[g]]]
        sub = [items[i] for i in idx]
        value = figures(task, sub, [labels[i] for i in idx])[HEADLINE[task]]
        if other is not None:
            value -= figures(task, sub, [other[i] for i in idx])[HEADLINE[task]]
        values.append(value)
    lo, hi = np.percentile(values, [2.5, 97.5])
    return float(lo), float(hi)


# ---------------------------------------------------------------- calibration


def refuted_precision(tasks: dict[str, list[dict[str, Any]]], th: Thresholds) -> float:
    """Share of REFUTED verdicts that are right, pooled over the tasks (FRANK: the summary is inconsistent)."""
    right = called = 0
    for items in tasks.values():
        for it in items:
            if verdict(it, th).label == REFUTED:
                called += 1
                right += it["gold"] in (REFUTED, "INCONSISTENT")
    return right / called if called else float("nan")


def calibrate(
    tasks: dict[str, list[dict[str, Any]]], min_precision: float, negated_refutes: bool = True
) -> tuple[Thresholds, float, float]:
    """Grid search on the tune split (see the module docstring); returns (thresholds, objective, REFUTED
    precision). A gap always weakens evidence (gap factor < 1: the checks stay on). If no setting reaches
    `min_precision`, the best objective wins and a warning says so. `negated_refutes` is kept as the
    judge's calibration has it, not searched: it was set from the news claims (see the model card),
    which the tune split's mean macro-F1 does not weigh."""
    scored = []
    grid = np.round(np.arange(0.30, 0.96, 0.05), 2)
    for gap in (0.3, 0.5, 0.7):
        for s in grid:
            for r in grid:
                th = Thresholds(float(s), float(r), gap, negated_refutes)
                parts = [score(t, items, th) for t, items in tasks.items()]
                value = float(np.mean([p.get("macro_f1", p.get("bacc_all", 0.0)) for p in parts]))
                scored.append((value, th))
    scored.sort(key=lambda x: -x[0])
    for value, th in scored:
        precision = refuted_precision(tasks, th)
        if not precision < min_precision:  # nan (never REFUTED) passes
            return th, value, precision
    value, th = scored[0]
    precision = refuted_precision(tasks, th)
    print(
        f"WARNING: no thresholds reach REFUTED precision {min_precision} on the tune split;"
        f" the best objective is used ({precision:.2f})"
    )
    return th, value, precision


def cross_validate(
    tasks: dict[str, list[dict[str, Any]]], min_precision: float, folds: int, negated_refutes: bool = True
) -> list[str]:
    """K-fold check of `calibrate`: per fold, the thresholds fitted without it and the objective on it."""
    order = {t: np.random.default_rng(7).permutation(len(items)) for t, items in tasks.items()}
    lines, held = [], []
    for k in range(folds):
        out = {t: {int(i) for i in order[t][k::folds]} for t in tasks}
        fit = {t: [it for i, it in enumerate(items) if i not in out[t]] for t, items in tasks.items()}
        rest = {t: [it for i, it in enumerate(items) if i in out[t]] for t, items in tasks.items()}
        th, value, _ = calibrate(fit, min_precision, negated_refutes)
        parts = {t: score(t, items, th) for t, items in rest.items()}
        heldout = float(np.mean([p.get("macro_f1", p.get("bacc_all", 0.0)) for p in parts.values()]))
        held.append(heldout)
        lines.append(f"fold {k + 1}/{folds}: {th}, fitted {value:.3f}, held out {heldout:.3f}")
    lines.append(f"{folds}-fold held-out objective {np.mean(held):.3f} (folds {min(held):.3f}-{max(held):.3f})")
    return lines


def write_calibration(spec: str, th: Thresholds, value: float, precision: float, sources: dict[str, int]) -> None:
    """Where factbot reads them (`calibration_entry`): the shipped model's config, or an export's own. New
    thresholds drop the judge's confidence map, fitted for the old ones (refit: `benchmarks.calibrate_confidence`)."""
    path, key = calibration_entry(spec)
    config = json.loads(path.read_text())
    config.setdefault("calibration", {})[key] = {
        "support": th.support,
        "refute": th.refute,
        "gap_factor": th.gap_factor,
        "negated_refutes": th.negated_refutes,
        "tune_objective": round(value, 4),
        "tune_refuted_precision": round(precision, 4),
        "tune_sources": sources,
    }
    path.write_text(json.dumps(config, indent=2) + "\n")


# ---------------------------------------------------------------- AVeriTeC and speed (report only)

AVERITEC = {"SUPPORTED": SUPPORTED, "REFUTED": REFUTED, "NOT_ENOUGH_INFO": NEI, "CONFLICTING": CONFLICTING}


def averitec_items(limit: int) -> tuple[list[dict[str, Any]], list[Article]]:
    rows = list(read_jsonl(EVAL_DATA / "averitec" / "dev_flat.jsonl"))[: limit or None]
    docs = []
    for r in rows:
        for j, qa in enumerate(r["evidence_qa"]):
            if qa.get("answer") and qa.get("answer_type") != "Unanswerable":
                docs.append(
                    Article(
                        text=f"{qa['question']}: {qa['answer']}.",
                        title="",
                        source=f"averitec:{r['claim_id']}:{j}",
                        url=qa.get("source_url") or "",
                    )
                )
    return [{"claim": r["claim"], "gold": AVERITEC[r["label"]]} for r in rows], docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", default="scifact,scifact-open,climate,frank,averitec,speed")
    ap.add_argument("--judges", default="shipped,similarity")
    ap.add_argument("--calibrate", action="store_true", help="fit thresholds on the tune split and save them")
    ap.add_argument("--min-refuted-precision", type=float, default=0.75, help="calibration's floor (pooled)")
    ap.add_argument("--folds", type=int, default=0, help="with --calibrate: K-fold held-out objective too")
    ap.add_argument("--limit", type=int, default=0, help="at most N items per task (quick runs)")
    ap.add_argument("--split", choices=["report", "tune"], default="report", help="tune: compare judges there")
    ap.add_argument("--feedback", default="", help="score the judges on this `factbot feedback export` file")
    ap.add_argument("--index", default="index", help="with --feedback: the index the feedback came from")
    ap.add_argument("--tune-feedback", default="", help="with --calibrate: feedback export file as a tune task")
    args = ap.parse_args()
    if args.feedback:
        from benchmarks.eval_feedback import run as run_feedback

        table = "| judge | task | items | result | time |\n|---|---|---|---|---|\n"
        print(table + "\n".join(run_feedback(Path(args.feedback), Path(args.index), args.judges.split(","))))
        return
    one_run_at_a_time()
    split = "tune" if args.calibrate else args.split
    tasks = args.tasks.split(",")
    if args.tune_feedback and not args.calibrate:
        ap.error("--tune-feedback goes with --calibrate")
    if set(tasks) - {"feedback"}:
        require_eval_data()
    data: dict[str, list[dict[str, Any]]] = {}
    if "scifact" in tasks:
        data["scifact"] = scifact_items(split)
    if "climate" in tasks:
        data["climate-sentence"], claims = climate_items(split)
        if not args.calibrate:
            data["climate-claim"] = claims
    if "frank" in tasks:
        data["frank"] = frank_items(split)
    if args.limit:
        data = {k: v[: args.limit] for k, v in data.items()}
    tmp = Path(tempfile.mkdtemp(prefix="factbot-eval-"))
    rows: list[str] = []
    first: dict[str, list[str]] = {}  # the first judge's labels per task, for paired differences
    try:
        for spec in args.judges.split(","):
            settings = {"verify": {"model": spec}}
            embedder = CachingEmbedder(get_settings(settings).model)  # the configured model: a new index records it
            bot = FactBot(tmp / spec, settings=settings, embedder=embedder)
            times = {}
            for task, items in data.items():
                times[task] = judge_items(bot, items, f"{spec} {task}")
            if args.tune_feedback:
                from benchmarks.eval_feedback import judge_tune_items, tune_items

                data["feedback"] = tune_items(Path(args.tune_feedback))
                if not data["feedback"]:
                    sys.exit(f"{args.tune_feedback}: no verdict feedback with a known right label to tune on.")
                judge_tune_items(data["feedback"], Path(args.index), spec)
            if args.calibrate:
                keep = bot.thresholds().negated_refutes
                th, value, precision = calibrate(data, args.min_refuted_precision, keep)
                write_calibration(spec, th, value, precision, {t: len(v) for t, v in data.items()})
                print(f"{spec}: calibrated {th} (tune objective {value:.3f}, REFUTED precision {precision:.3f})")
                if args.folds > 1:
                    for line in cross_validate(data, args.min_refuted_precision, args.folds, keep):
                        print(f"{spec}: {line}")
                continue
            th = bot.thresholds()
            for task, items in data.items():
                labels = [verdict(it, th).label for it in items]
                result = figures(task, items, labels)
                shown = {k: v for k, v in result.items() if k != "confusion"}
                lo, hi = interval(task, items, labels)
                rows.append(
                    f"| {spec} | {task} | {len(items)} | "
                    + ", ".join(f"{k} {v:.3f}" for k, v in shown.items())
                    + f"; {HEADLINE[task]} 95% interval [{lo:.3f}, {hi:.3f}] | {times[task]:.0f} s |"
                )
                if task in first:
                    diff = result[HEADLINE[task]] - figures(task, items, first[task])[HEADLINE[task]]
                    lo, hi = interval(task, items, labels, first[task])
                    rows.append(
                        f"| {spec} − {args.judges.split(',')[0]} | {task} | {len(items)} | "
                        f"{HEADLINE[task]} {diff:+.3f}, 95% interval [{lo:+.3f}, {hi:+.3f}] (paired) | |"
                    )
                else:
                    first[task] = labels
                if "confusion" in result:
                    conf = result["confusion"]
                    rows.append(
                        f"| {spec} | {task} confusion (gold→pred) | | "
                        + "; ".join(f"{g[:3]}→{p[:3]} {n}" for (g, p), n in sorted(conf.items()))
                        + " | |"
                    )
            if "scifact-open" in tasks:
                rows += run_scifact_open(spec, th, args.limit)
            if "averitec" in tasks:
                rows += run_averitec(spec, args.limit, th)
            if "speed" in tasks and spec == "shipped":
                rows += run_speed(bot)
            bot.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if rows:
        table = "| judge | task | items | result | time |\n|---|---|---|---|---|\n" + "\n".join(rows)
        if args.limit:  # a quick run is not a result
            print(table)
        else:
            title = "Claim verification (reporting splits)" if split == "report" else "Claim verification (tune split)"
            record(title, table, " ".join(["python -m benchmarks.eval_verify", *sys.argv[1:]]))


def run_averitec(spec: str, limit: int, th: Thresholds) -> list[str]:
    items, docs = averitec_items(limit)
    index = CACHE / f"averitec-{limit or 'all'}"
    bot = FactBot(index, settings={"verify": {"model": spec}})
    if bot.stats()["documents"] == 0:
        bot.ingest_articles(docs)
    t0 = time.time()
    for it in items:
        it["parts"] = bot.judge_claim(it["claim"])
    seconds = time.time() - t0
    result = score("averitec", items, th)
    dist = Counter(verdict(it, th).label for it in items)
    bot.close()
    return [
        f"| {spec} | averitec (open retrieval over {len(docs)} evidence answers) | {len(items)} | "
        f"accuracy {result['accuracy']:.3f}, macro_f1 {result['macro_f1']:.3f}; predicted {dict(dist)} "
        f"| {seconds:.0f} s |"
    ]


def run_scifact_open(spec: str, th: Thresholds, limit: int) -> list[str]:
    """Verify SciFact dev claims against an index of all 5,183 abstracts: label macro-F1, and evidence
    recall (share of SUPPORT/CONTRADICT claims with a gold rationale sentence among the judged evidence)."""
    corpus = list(read_jsonl(EVAL_DATA / "scifact" / "corpus.jsonl"))
    bot = FactBot(CACHE / "scifact", settings={"verify": {"model": spec}})
    if bot.stats()["documents"] < len(corpus):
        bot.ingest_articles(
            Article(text=" ".join(d["abstract"]), title=d["title"], source=f"scifact:{d['doc_id']}") for d in corpus
        )
    by_id = {d["doc_id"]: d for d in corpus}
    items = scifact_items("report")[: limit or None]
    claims = list(read_jsonl(EVAL_DATA / "scifact" / "claims_dev.jsonl"))[: limit or None]
    t0 = time.time()
    found = []
    for it, c in zip(items, claims, strict=True):
        it["parts"] = bot.judge_claim(it["claim"])
        if c["evidence"]:
            gold = {
                " ".join(by_id[int(d)]["abstract"][i].split())
                for d, sets in c["evidence"].items()
                for ev in sets
                for i in ev["sentences"]
            }
            quotes = {" ".join(j.evidence.quote.split()) for _, judged in it["parts"] for j in judged}
            found.append(any(q in g or g in q for q in quotes for g in gold))
    seconds = time.time() - t0
    result = score("scifact", items, th)
    bot.close()
    return [
        f"| {spec} | scifact open retrieval ({len(corpus)} abstracts) | {len(items)} | "
        f"macro_f1 {result['macro_f1']:.3f}, evidence recall {np.mean(found):.3f} | {seconds:.0f} s |"
    ]


def run_speed(bot: FactBot) -> list[str]:
    """Pairs/s of the judge and single-claim latency over the RealTime QA eval index, if cached."""
    items = scifact_items("report")
    pairs = [(a.text[:400], it["claim"]) for it in items for a in it["against"]][:256]
    bot.judge.judge(pairs[:8])
    t0 = time.time()
    bot.judge.judge(pairs)
    rate = len(pairs) / (time.time() - t0)
    rows = [f"| shipped | judge throughput | {len(pairs)} pairs | {rate:.0f} pairs/s | |"]
    index = CACHE / "realtimeqa" / "factbot"  # built by eval_qa; without it only throughput is measured
    if (index / "registry.sqlite3").exists():
        big = FactBot(index)
        chunks = big.stats()["chunks"]
        claims = [it["claim"] for it in items[:40]] + [
            "The Federal Reserve raised interest rates by three quarters of a point.",
            "Queen Elizabeth II died at Balmoral in September 2022.",
        ] * 5
        big.verify(claims[0])
        lat = []
        for c in claims:
            t = time.time()
            big.verify(c)
            lat.append((time.time() - t) * 1000)
        big.close()
        rows.append(
            f"| shipped | verify latency, index of {chunks} chunks | {len(lat)} claims | "
            f"p50 {np.percentile(lat, 50):.0f} ms, p95 {np.percentile(lat, 95):.0f} ms, "
            f"{1000 / np.mean(lat):.1f} claims/s | |"
        )
    else:
        rows.append(
            "| shipped | verify latency | | not measured: `python -m benchmarks.eval_qa` builds the index it needs | |"
        )
    print(machine())
    return rows


if __name__ == "__main__":
    main()
