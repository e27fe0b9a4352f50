"""Question answering on RealTime QA (../shared/eval-data/realtimeqa), factbot vs a plain LangChain RAG.

Indexes the 254 gold 2022 articles together with the 711 retrieved distractor articles, then for each
2022 question that has a gold article reports:
  (a) recall@5: a gold article among the top 5 sources (factbot: cited, then retrieved; baseline:
      the documents of its top 5 similarity-search chunks);
  (b) multiple-choice accuracy: the choice best supported by the system's evidence passages, each
      headed by its article's title (the same support function for both systems);
  (c) "none of the above" variants (questions_nota.jsonl) whose gold choice was removed: how often
      the system picks "None of the above", next to the variants that kept the gold choice;
  (d) answerable vs unanswerable: factbot should answer the indexed 2022 questions and abstain on
      questions from later years, whose articles are not indexed (abstention threshold);
  (e) ask latency p50/p95.
factbot is asked each question as of the date it was asked (`as_of=question_date`), as a user asks a
news quiz question in its week: "this week" in a question then means the week before that date.
recall@5 is also reported without it (as of today, years after every indexed article, so no time
window applies), which is how factbot ranked before it read time words.
Thresholds (abstention, NOTA) are calibrated on June–August 2022 questions only and reported on the
later 2022 questions (the split named in issue 3).

    python -m benchmarks.eval_qa [--limit N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file (python benchmarks/eval_qa.py): the repo root is the import root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, one_run_at_a_time, record, require_eval_data

CACHE = ROOT / "benchmarks" / ".cache" / "realtimeqa"
NOTA = "None of the above"
MIN_ARTICLE_CHARS = 500  # the shortest real gold article has 629 characters


def load(data: Path) -> dict[str, Any]:
    rt = data / "realtimeqa"
    rows = lambda name: [json.loads(line) for line in (rt / name).open()]  # noqa: E731
    gold = rows("gold_articles_2022.jsonl")
    retrieved = rows("gcs_retrieved_articles_4weeks_2022.jsonl")
    gold_urls: dict[str, set[str]] = defaultdict(set)
    gold_has_text: set[str] = set()  # 14 gold articles are a scraped ad-feedback form (210 characters), no article
    for a in gold:
        gold_urls[a["question_id"]].add(a["url"])
        if len(a.get("text") or "") >= MIN_ARTICLE_CHARS:
            gold_has_text.add(a["question_id"])
    # The gold file has no titles; 27 of its articles are also among the retrieved ones, with a title.
    titles = {a["url"]: a["title"] for a in retrieved if a.get("title")}
    articles: dict[str, dict[str, str]] = {}
    for a in gold + retrieved:
        if a.get("text") and a["url"] not in articles:
            articles[a["url"]] = {
                "text": a["text"],
                "url": a["url"],
                "title": a.get("title") or titles.get(a["url"], ""),
                "published": a.get("publish_date") or "",
            }
    questions = rows("questions.jsonl")
    nota = rows("questions_nota.jsonl")
    return {
        "articles": list(articles.values()),
        "gold": gold_urls,
        "gold_has_text": gold_has_text,
        "questions": questions,
        "nota": nota,
    }


def is_tune(q: dict[str, Any]) -> bool:
    """June–August 2022: the calibration split."""
    return q["question_date"][:7] in ("2022/06", "2022/07", "2022/08")


def index_articles(cache: Path, articles: list[dict[str, str]], progress: bool = True) -> Any:
    """A FactBot over `cache / "factbot"` holding `articles` (JSONL rows as `FactBot.ingest` reads them).
    Every run ingests them again: unchanged articles are skipped, a change to cleaning or titles is picked up."""
    from factbot import FactBot

    cache.mkdir(parents=True, exist_ok=True)
    bot = FactBot(index_dir=cache / "factbot")
    src = cache / "articles.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in articles))
    t0 = time.perf_counter()
    report = bot.ingest([src], progress=progress)
    print(f"factbot index {cache.name}: {report.summary()} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return bot


def build_indexes(articles: list[dict[str, str]]) -> tuple[Any, Any]:
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    bot = index_articles(CACHE, articles)
    baseline = Chroma(
        collection_name="baseline", embedding_function=bot.embedder, persist_directory=str(CACHE / "langchain")
    )
    if baseline._collection.count() == 0:
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        docs = splitter.split_documents(
            [Document(page_content=a["text"], metadata={"url": a["url"]}) for a in articles]
        )
        for i in range(0, len(docs), 2000):
            baseline.add_documents(docs[i : i + 2000])
    return bot, baseline


class Support:
    """How well passages support a choice, judged sentence by sentence (the same function for both systems).

    For each sentence of the passages: the share of the choice's own words it contains, weighted by how
    much of the question (IDF-weighted, IDF from the factbot index over the same articles) it also
    covers, mixed 0.7 / 0.3 with the cosine of "question + choice" and the sentence. A choice scores its
    best sentence. Chosen on the tune split only: per-sentence scoring beat whole-passage scoring there
    (0.825 vs 0.757 for factbot's 8 contexts, 0.786 vs 0.767 for the baseline's chunks) and was flat
    (0.816-0.825) for 4 to 24 factbot contexts, so the choice is not a lucky passage count.
    """

    QUESTION_ALPHA = 0.25  # a sentence covering none of the question still counts this much
    DENSE_WEIGHT = 0.3

    def __init__(self, embedder: Any, inverse_frequency: Any) -> None:
        self.embedder = embedder
        self.inverse_frequency = inverse_frequency

    def scores(self, question: str, choices: list[str], passages: list[str]) -> list[float]:
        import math

        from factbot.text.sentences import split_sentences
        from factbot.text.terms import query_terms, stems

        sentences = [s.text for p in passages for s in split_sentences(p)]
        if not sentences:
            return [0.0] * len(choices)
        sentence_stems = [stems(s) for s in sentences]
        q_stems = [s for t in query_terms(question) for s in stems(t)]
        weights = {t: math.log1p(self.inverse_frequency(t)) for t in q_stems}
        total = sum(weights.values()) or 1.0
        q_cover = [sum(w for t, w in weights.items() if t in ss) / total for ss in sentence_stems]
        dense = self.embedder.encode([f"{question} {c}" for c in choices]) @ self.embedder.encode(sentences).T
        out = []
        for i, choice in enumerate(choices):
            own = {s for t in query_terms(choice) for s in stems(t)} or stems(choice)
            words = own - set(q_stems) or own  # the words that tell this choice from the question
            best = 0.0
            for j, ss in enumerate(sentence_stems):
                lexical = len(words & ss) / len(words) * (self.QUESTION_ALPHA + q_cover[j]) / (self.QUESTION_ALPHA + 1)
                best = max(best, (1 - self.DENSE_WEIGHT) * lexical + self.DENSE_WEIGHT * float(dense[i, j]))
            out.append(best)
        return out


def best_threshold(pos: list[float], neg: list[float]) -> float:
    """The cut maximising balanced accuracy of `score >= cut` (pos) vs `< cut` (neg)."""
    cands = sorted(set(pos + neg))
    best, best_acc = 0.0, -1.0
    for c in cands:
        acc = (sum(p >= c for p in pos) / max(len(pos), 1) + sum(n < c for n in neg) / max(len(neg), 1)) / 2
        if acc > best_acc:
            best, best_acc = c, acc
    return best


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))] if s else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="Questions per split (0 = all).")
    args = parser.parse_args()
    one_run_at_a_time()

    from factbot.answer.extractive import is_answer_sentence
    from factbot.ingest.documents import doc_id_for, title_from_url

    data = load(require_eval_data())
    bot, baseline = build_indexes(data["articles"])
    support = Support(bot.embedder, bot._stores.registry.inverse_frequency)  # the index's IDF: no facade method yet
    gold_ids = {qid: {doc_id_for(u) for u in urls} for qid, urls in data["gold"].items()}

    answerable = [q for q in data["questions"] if q["question_id"] in gold_ids]
    later = [q for q in data["questions"] if q["question_date"][:4] in ("2023", "2024")]
    unanswerable = {
        "tune": [q for q in later if q["question_date"].startswith("2023")][:150],
        "report": [q for q in later if q["question_date"].startswith("2024")][:150],
    }
    nota_items = [n for n in data["nota"] if n["question_id"].removesuffix("_nota") in gold_ids]
    if args.limit:
        answerable = [q for q in answerable if is_tune(q)][: args.limit] + [q for q in answerable if not is_tune(q)][
            : args.limit
        ]

    # The baseline's passages get the same titles factbot shows: the article's own, else its URL slug's.
    title_of = {a["url"]: a["title"] or title_from_url(a["url"]) for a in data["articles"]}

    def titled(title: str, text: str) -> str:
        """A passage as both systems show it: its article's title, then the text. With titles on the
        tune split: factbot MC 0.874 -> 0.893, baseline 0.786 -> 0.806 (for 4 to 16 factbot contexts
        alike: 0.883-0.903 vs 0.874-0.883 without)."""
        return f"{title.rstrip('.')}. {text}" if title else text

    def as_of(q: dict[str, Any]) -> str:
        """The date the question was asked ("2022/06/16"): what "this week" in it counts back from."""
        return q["question_date"]

    def factbot_run(q: dict[str, Any], dated: bool = True) -> dict[str, Any]:
        when = as_of(q) if dated else None  # None: today, long after every indexed article
        answer = bot.ask(q["question"], as_of=when)
        evidence = bot.evidence(q["question"], as_of=when)
        docs: list[str] = [c.doc_id for c in answer.citations]
        for e in evidence:
            if e.doc_id not in docs:
                docs.append(e.doc_id)
        # The contexts of the eight best evidence sentences: with per-sentence support, 4 to 24 contexts
        # scored 0.816-0.825 on the tune split; 8 is inside that plateau.
        passages = list(dict.fromkeys(titled(e.title, e.context) for e in evidence[:8]))
        top = max((e.score for e in evidence if is_answer_sentence(e)), default=0.0)
        return {"docs": docs[:5], "passages": passages, "top": top, "abstained": answer.abstained}

    def baseline_run(q: dict[str, Any]) -> dict[str, Any]:
        hits = baseline.similarity_search(q["question"], k=5)
        docs = list(dict.fromkeys(doc_id_for(h.metadata["url"]) for h in hits))
        passages = [titled(title_of.get(h.metadata["url"], ""), h.page_content) for h in hits[:4]]
        return {"docs": docs[:5], "passages": passages}

    results: dict[str, dict[str, list[Any]]] = {s: defaultdict(list) for s in ("factbot", "baseline")}
    # (e) latency in a pass of its own, as a serving process sees it: model loaded, one warm-up question,
    # then the reporting questions back to back (nothing of the evaluation runs in between).
    bot.ask("What happened this week?")
    for q in answerable:
        if not is_tune(q):
            t0 = time.perf_counter()
            bot.ask(q["question"], as_of=as_of(q))
            results["factbot"]["report_latency"].append(time.perf_counter() - t0)
    runs: dict[tuple[str, str], dict[str, Any]] = {}
    for q in answerable:
        split = "tune" if is_tune(q) else "report"
        for system, fn in (("factbot", factbot_run), ("baseline", baseline_run)):
            r = fn(q)
            runs[(system, q["question_id"])] = r
            gold = gold_ids[q["question_id"]]
            scores = support.scores(q["question"], q["choices"], r["passages"])
            chosen = max(range(len(scores)), key=scores.__getitem__)
            res = results[system]
            res[f"{split}_recall"].append(bool(gold & set(r["docs"])))
            if q["question_id"] in data["gold_has_text"]:
                res[f"{split}_recall_text"].append(bool(gold & set(r["docs"])))
            res[f"{split}_mc"].append(chosen in q["answer_index"])
            if system == "factbot":
                undated = factbot_run(q, dated=False)
                res[f"{split}_recall_undated"].append(bool(gold & set(undated["docs"])))
                res[f"{split}_top"].append(r["top"])
                res[f"{split}_answered"].append(not r["abstained"])
    for split, qs in unanswerable.items():
        for q in qs:
            evidence = bot.evidence(q["question"], as_of=as_of(q))
            results["factbot"][f"{split}_neg_top"].append(
                max((e.score for e in evidence if is_answer_sentence(e)), default=0.0)
            )

    # NOTA: choose "None of the above" when no remaining choice is supported well enough.
    nota_scores: dict[str, dict[str, list[tuple[float, bool]]]] = {s: defaultdict(list) for s in results}
    for n in nota_items:
        qid = n["question_id"].removesuffix("_nota")
        split = "tune" if n["question_date"][:7] in ("2022/06", "2022/07", "2022/08") else "report"
        gold_removed = n["choices"][n["answer_index"][0]] == NOTA
        options = [c for c in n["choices"] if c != NOTA]
        for system in results:
            r = runs.get((system, qid)) or (factbot_run if system == "factbot" else baseline_run)(
                {"question": n["question"], "question_date": n["question_date"]}
            )
            best = max(support.scores(n["question"], options, r["passages"]), default=0.0)
            nota_scores[system][split].append((best, gold_removed))

    fb = results["factbot"]
    abstain_cut = best_threshold(fb["tune_top"], fb["tune_neg_top"])
    rows = ["| figure (reporting split: Sep–Nov 2022 questions) | factbot | LangChain baseline |", "|---|---:|---:|"]
    mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")  # noqa: E731
    n_report = len(fb["report_recall"])
    rows.append(f"| questions with a gold article | {n_report} | {n_report} |")
    rows.append(
        f"| (a) recall@5 | {mean(fb['report_recall']):.3f} | {mean(results['baseline']['report_recall']):.3f} |"
    )
    rows.append(
        f'| (a) recall@5 without the question date ("this week" then counts back from today) | '
        f"{mean(fb['report_recall_undated']):.3f} | - |"
    )
    n_text = len(fb["report_recall_text"])
    rows.append(
        f"| (a) recall@5, questions whose gold article has text (n={n_text}; {n_report - n_text} gold articles are "
        f"a scraped ad form) | {mean(fb['report_recall_text']):.3f} | "
        f"{mean(results['baseline']['report_recall_text']):.3f} |"
    )
    ad_hits = {
        system: round(sum(results[system]["report_recall"]) - sum(results[system]["report_recall_text"]))
        for system in results
    }
    rows.append(
        f"| (a) of which questions whose gold article is an ad form, found (among {n_report - n_text}) | "
        f"{ad_hits['factbot']} | {ad_hits['baseline']} |"
    )
    rows.append(
        f"| (b) multiple-choice accuracy | {mean(fb['report_mc']):.3f} | {mean(results['baseline']['report_mc']):.3f} |"
    )
    for system in ("factbot", "baseline"):
        tune = nota_scores[system]["tune"]
        cut = best_threshold([s for s, removed in tune if not removed], [s for s, removed in tune if removed])
        report = nota_scores[system]["report"]
        removed = [s < cut for s, r in report if r]
        kept = [s >= cut for s, r in report if not r]
        results[system]["nota"] = [mean(removed), mean(kept), len(removed), len(kept), cut]
    fbn, bln = results["factbot"]["nota"], results["baseline"]["nota"]
    rows.append(f"| (c) NOTA, gold removed: picks None of the above (n={fbn[2]}) | {fbn[0]:.3f} | {bln[0]:.3f} |")
    rows.append(f"| (c) NOTA, gold kept: does not (n={fbn[3]}) | {fbn[1]:.3f} | {bln[1]:.3f} |")
    ans = [t >= abstain_cut for t in fb["report_top"]]
    neg = [t < abstain_cut for t in fb["report_neg_top"]]
    rows.append(f"| (d) answers indexed questions (abstain cut {abstain_cut:.3f}) | {mean(ans):.3f} | - |")
    rows.append(f"| (d) abstains on 2024 questions, not indexed (n={len(neg)}) | {mean(neg):.3f} | - |")
    lat = fb["report_latency"]
    rows.append(
        f"| (e) ask latency p50 / p95 (ms, {bot.stats()['chunks']} chunks) | "
        f"{1000 * statistics.median(lat):.0f} / {1000 * pct(lat, 0.95):.0f} | - |"
    )
    rows.append("")
    rows.append(
        f"Tune split (Jun–Aug 2022, n={len(fb['tune_recall'])}): factbot recall@5 "
        f"{mean(fb['tune_recall']):.3f}, MC {mean(fb['tune_mc']):.3f}; baseline recall@5 "
        f"{mean(results['baseline']['tune_recall']):.3f}, MC {mean(results['baseline']['tune_mc']):.3f}. "
        f"Calibrated on it: abstention threshold {abstain_cut:.3f}; NOTA cuts factbot {fbn[4]:.3f}, "
        f"baseline {bln[4]:.3f}."
    )
    verdict = (
        mean(fb["report_recall"]) >= 0.9
        and mean(fb["report_recall"]) > mean(results["baseline"]["report_recall"])
        and mean(fb["report_mc"]) > mean(results["baseline"]["report_mc"])
    )
    rows.append(f"Goal (recall@5 ≥ 0.9 and above baseline; MC above baseline): {'PASS' if verdict else 'FAIL'}")
    text_recall = mean(fb["report_recall_text"])
    verdict_text = (
        text_recall >= 0.9
        and text_recall > mean(results["baseline"]["report_recall_text"])
        and mean(fb["report_mc"]) > mean(results["baseline"]["report_mc"])
    )
    rows.append(
        "Same goal with recall@5 counted on the questions whose gold article has text: "
        f"{'PASS' if verdict_text else 'FAIL'}"
    )
    record(
        "QA on RealTime QA 2022",
        "\n".join(rows),
        "python -m benchmarks.eval_qa" + (f" --limit {args.limit}" if args.limit else ""),
    )


if __name__ == "__main__":
    main()
