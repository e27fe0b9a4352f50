"""The behaviour suite's generators (benchmarks/behaviour): each makes the edit its capability names, and
the items' labels follow from the edit. Real spaCy pipeline, real WordNet antonym table."""

from __future__ import annotations

import random

import pytest

from benchmarks.behaviour.generators import (
    antonym,
    antonym_table,
    change_number,
    flip_quantifier,
    hedge,
    negate,
    nlp,
    paraphrase,
    swap_entity,
    swap_roles,
)
from benchmarks.behaviour.items import CAPABILITIES, article_items
from factbot.types import Label


def parse(text: str):
    return nlp()(text)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Russia withdrew its troops from Moldova on Tuesday.", "Russia did not withdraw its troops"),
        ("The ministers are united on the budget.", "are not united"),
        ("The council has approved the plan for the new bridge.", "has not approved"),
        ("She wants a second referendum on independence next year.", "She does not want"),
    ],
)
def test_negate_negates_the_main_verb(sentence: str, expected: str) -> None:
    assert expected in negate(parse(sentence))


def test_negate_leaves_a_negated_sentence_alone() -> None:
    assert negate(parse("Russia did not withdraw its troops from Moldova.")) is None


@pytest.mark.parametrize(
    ("sentence", "word", "opposite"),
    [
        ("The two parties were united over the new budget plans.", "united", "divided"),
        ("The home side won the final against the visitors on Sunday.", "won", "lost"),
        ("Prices rose sharply across the country in the last quarter.", "rose", "fell"),
    ],
)
def test_antonym_uses_wordnet_and_keeps_the_inflection(sentence: str, word: str, opposite: str) -> None:
    claim = antonym(parse(sentence))
    assert claim == sentence.replace(word, opposite)


def test_antonym_table_comes_from_wordnet_both_ways() -> None:
    table = antonym_table()
    assert table[("win", "VERB")] in {"lose"} and table[("lose", "VERB")] in {"win", "keep"}
    assert len(table) > 2000


def test_hedge_makes_the_event_uncertain() -> None:
    claim = hedge(parse("The ministry sent two ferries to the island after the storm."), random.Random(0))
    assert claim != "The ministry sent two ferries to the island after the storm."
    assert any(m in claim for m in ("may have sent", "planned to send", "was expected to send"))


def test_change_number_changes_one_value() -> None:
    s = "The council received 246 letters supporting the plans in 2015."
    claim = change_number(parse(s), random.Random(1))
    assert claim != s and claim.split()[:3] == s.split()[:3]
    assert sum(a != b for a, b in zip(claim.split(), s.split(), strict=True)) == 1


def test_swap_entity_takes_another_name_of_the_same_kind() -> None:
    doc = parse("Angela Merkel met the delegation in Berlin on Monday.")
    claim = swap_entity(doc, {"PERSON": ["Angela Merkel", "Olaf Scholz"], "GPE": ["Berlin", "Paris"]}, random.Random(0))
    assert claim in {
        "Olaf Scholz met the delegation in Berlin on Monday.",
        "Angela Merkel met the delegation in Paris on Monday.",
    }


def test_swap_roles_swaps_subject_and_object() -> None:
    assert swap_roles(parse("Truss defeated Sunak in the leadership contest last year.")) == (
        "Sunak defeated Truss in the leadership contest last year."
    )


def test_flip_quantifier_needs_a_plural_noun() -> None:
    claim, word = flip_quantifier(parse("All members of the committee voted for the new rules."))
    assert word == "all" and claim.startswith("No members")
    assert flip_quantifier(parse("He remains jailed with no bond after the hearing.")) is None


def test_paraphrase_drops_or_moves_a_modifier_only() -> None:
    s = "On Tuesday, the inspectors visited the hospital in the capital."
    claim = paraphrase(parse(s), random.Random(0))
    assert claim and claim != s
    assert set(claim.lower().rstrip(".").replace(",", "").split()) <= set(
        s.lower().rstrip(".").replace(",", "").split()
    )


def test_article_items_label_every_item_by_its_capability(shipped_articles: list[dict]) -> None:
    pool = ["The weather service expects the heaviest snow of the decade in the north."]
    items = [it for a in shipped_articles for it in article_items(a, random.Random(0), pool)]
    assert {it.capability for it in items} >= {"negation_claim", "negation_evidence", "unrelated"}
    for it in items:
        assert it.accept == tuple(a.value for a in CAPABILITIES[it.capability].accept)
        assert it.gold == it.accept[0] and it.premise != it.claim
        assert (it.gold == Label.SUPPORTED) == (it.capability == "paraphrase")


@pytest.fixture
def shipped_articles() -> list[dict]:
    import json
    from pathlib import Path

    from factbot.text.sentences import split_sentences

    rows = [json.loads(line) for line in (Path(__file__).parent / "data" / "articles.jsonl").read_text().splitlines()]
    return [
        {
            "key": r.get("url") or r["title"],
            "title": r["title"],
            "sentences": [s.text for s in split_sentences(r["text"])],
        }
        for r in rows
    ]


def test_contrastive_pairs_are_minimal_pairs_with_twins(shipped_articles: list[dict]) -> None:
    from training.contrastive import pairs_from
    from training.data import CONTRADICTS, ENTAILS

    rows = pairs_from(shipped_articles, random.Random(0))
    flipped = [r for r in rows if r["source"] == "contrastive:negation_claim"]
    twins = [r for r in rows if r["source"] == "contrastive:twin"]
    assert flipped and twins
    assert all(r["label"] == CONTRADICTS for r in flipped) and all(r["label"] == ENTAILS for r in twins)
    assert len({(r["premise"], r["claim"]) for r in rows}) == len(rows)
    for r in flipped:  # the claim keeps the premise's words and adds a negation
        assert "not" in r["claim"].split() and r["claim"].split()[0] in r["premise"]
