"""Claim verification: the shipped verifier, the checks, the pipeline on the seed article, `against=`,
compound claims, the CLI, and the LLM judge through a local fake of a chat-model provider."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from conftest import SEED_DEMAND
from factbot import FactBot
from factbot.config import VerifySettings
from factbot.errors import ConfigError, QueryError
from factbot.interfaces.cli import main as cli
from factbot.types import Verdict
from factbot.verify.checks import check
from factbot.verify.judged import CONFLICT_OVERLAP, Thresholds, claim_overlap
from factbot.verify.judges import SHIPPED_DIR, OnnxJudge, calibration, load_judge
from factbot.verify.modality import negation, unasserted
from factbot.verify.splitting import negated, split_claim
from factbot.verify.values import numbers, truecase
from factbot.verify.verdicts import aggregate, configured_thresholds

PINNED = Path(__file__).parent / "data" / "verifier_pinned.json"
SUPPORTED_CLAIM = "Stoltenberg demanded that Russia withdraw its troops from Moldova."
REFUTED_CLAIM = "Borrell criticized the US response."


def assert_citable(bot: FactBot, v: Verdict) -> None:
    """Every evidence quote is exactly the stored text at its offsets, numbered from 1."""
    for n, e in enumerate(v.evidence, start=1):
        assert e.n == n
        assert bot.document_text(e.doc_id)[e.start : e.end] == e.quote
    for sub in v.subclaims:
        assert_citable(bot, sub)


# --- the shipped model -----------------------------------------------------------------------


def test_shipped_model_loads_offline_and_gives_the_pinned_outputs() -> None:
    pinned = json.loads(PINNED.read_text())
    judge = OnnxJudge()
    probs = judge.judge([(p["premise"], p["claim"]) for p in pinned])
    for p, row in zip(pinned, probs, strict=True):
        assert np.allclose(row, p["probs"], atol=0.02), (p["claim"], row.tolist(), p["probs"])
        assert int(np.argmax(row)) == ["entails", "neutral", "contradicts"].index(p["label"])


def test_a_pair_is_judged_the_same_whatever_is_judged_beside_it() -> None:
    # The int8 model scales its activations per batch: batched, a pair's probabilities moved with its neighbours.
    pairs = [(p["premise"], p["claim"]) for p in json.loads(PINNED.read_text())]
    judge = OnnxJudge()
    alone = np.concatenate([judge.judge([pair]) for pair in pairs])
    together = judge.judge(pairs[::-1])[::-1]
    assert np.array_equal(alone, together)


def test_a_claim_longer_than_the_model_input_is_judged() -> None:
    long_claim = " ".join(["Borrell welcomed the response of the United States to Russia's proposals."] * 40)
    probs = OnnxJudge().judge([("Borrell welcomed the U.S. response.", long_claim)])
    assert probs.shape == (1, 3) and abs(float(probs.sum()) - 1.0) < 1e-4


def test_a_judge_without_calibrated_thresholds_says_so(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"labels": ["entails", "neutral", "contradicts"]}))
    with caplog.at_level("WARNING", logger="factbot.verify.verdicts"):
        uncalibrated = configured_thresholds(VerifySettings(model=f"onnx:{tmp_path}"))
    assert uncalibrated == Thresholds() and "no calibrated thresholds" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="factbot.verify.verdicts"):
        shipped = configured_thresholds(VerifySettings(model="shipped"))
    assert shipped != Thresholds() and not caplog.text


def test_judge_specs(tmp_path: Path) -> None:
    assert load_judge("shipped").name.startswith("onnx:")
    # A retrained export (onnx:<dir>) brings its own calibrated thresholds.
    config = json.loads((SHIPPED_DIR / "config.json").read_text())
    config["calibration"]["shipped"] = {"support": 0.8, "refute": 0.9, "gap_factor": 0.3}
    (tmp_path / "config.json").write_text(json.dumps(config))
    assert calibration(f"onnx:{tmp_path}") == config["calibration"]["shipped"]
    assert calibration("shipped")["support"] < 0.8
    with pytest.raises(ConfigError, match="Unknown verify.model"):
        load_judge("nli-from-the-moon")
    with pytest.raises(ConfigError, match="FACTBOT_LLM"):
        load_judge("llm")


# --- checks and claim splitting --------------------------------------------------------------


def test_checks_find_conflicting_values() -> None:
    assert check(
        "Russia published draft treaties in March.", "Russia published draft treaties in mid-December."
    ).conflicts
    assert numbers("more than 100,000 troops") == [100_000.0]
    assert numbers("It came two weeks later, after 10 days of talks.") == []  # durations are not plain numbers
    sentence = "The Secretary General also demanded that Moscow withdraw troops from Ukraine, Georgia and Moldova."
    found = check("Stoltenberg demanded that Russia withdraw its troops from Belarus.", sentence, sentence)
    assert any("Belarus" in c for c in found.conflicts)
    agree = check(
        "Russia has massed more than 100,000 troops.", "Russia has massed more than 100,000 troops near Ukraine."
    )
    assert not agree.conflicts and not agree.gaps
    # A month only in the sentence before dates something else: the cited sentence must show the conflict.
    later = "The written response came a month and a half after Moscow made those demands public."
    found = check("Russia published two draft treaties in March.", f"Russia acted in mid-December. {later}", later)
    assert not found.conflicts and found.gaps == ["the evidence does not mention March"]


def test_a_claim_in_lower_case_borrows_the_capitals_of_its_evidence() -> None:
    evidence = ["NATO chief Jens Stoltenberg said the US and May met. The alliance met."]
    assert truecase("stoltenberg said nato met in brussels.", evidence) == "Stoltenberg said NATO met in brussels."
    assert truecase("the UNK said nato may meet the us.", evidence) == "the UNK said NATO may meet the US."
    assert truecase("Then Stoltenberg said nato met.", evidence) == "Then Stoltenberg said nato met."  # names: as typed
    assert truecase("the alliance met.", evidence) == "the alliance met."  # "The" only opens a sentence


def test_checks_find_a_reversed_stance_only_about_the_same_names() -> None:
    welcomed = "Josep Borrell welcomed the U.S. response."
    found = check("Borrell criticized the US response.", welcomed, welcomed)
    assert found.conflicts == ["the claim says 'criticized', the evidence says 'welcomed'"]
    assert not check("Borrell praised the US response.", welcomed).conflicts
    assert not check("Borrell did not criticize the US response.", welcomed).conflicts  # negation: left to the model
    assert not check("Blinken criticized the US response.", welcomed).conflicts  # another person: a gap
    # Russia is named only in the title: Borrell's welcome says nothing about Russia's stance.
    titled = f"US delivers written response to Russia's security proposals. {welcomed}"
    assert not check("Russia rejected the US response.", titled, welcomed).conflicts
    assert check("Borrell rejected the US response.", titled, welcomed).conflicts


def test_checks_find_a_change_stated_the_other_way() -> None:
    fell = "Unemployment in the euro area fell to 6.8 percent in January."
    assert check("Unemployment in the euro area rose in January.", fell).reversals == [
        "the claim says 'rose', the evidence says 'fell'"
    ]
    assert not check("Unemployment in the euro area dropped in January.", fell).reversals
    assert not check("Unemployment in the euro area did not rise in January.", fell).reversals  # negated
    both = "Unemployment fell in January after it rose in December."
    assert not check("Unemployment rose in January.", both).reversals  # both ways: left to the model


def test_a_reversed_change_turns_shared_words_into_contradiction(bot: FactBot) -> None:
    text = "Unemployment in the euro area fell to 6.8 percent in January, the statistics office said."
    # The judge alone reads "rose" against "fell" as entailment (shared words); the reversal check reads it
    # as contradiction, and the citation says why.
    reversed_claim = "Unemployment in the euro area rose to 6.8 percent in January."
    raw = bot.judge.judge([(text, reversed_claim)])[0]
    v = bot.verify(reversed_claim, against=[text])
    assert v.label == "REFUTED", (v.label, raw.tolist())
    assert v.evidence[0].checks == ("the claim says 'rose', the evidence says 'fell'",)
    assert bot.verify("Unemployment in the euro area fell to 6.8 percent in January.", against=[text]).label == (
        "SUPPORTED"
    )


def test_checks_find_a_deed_only_demanded_or_planned() -> None:
    demand = (
        "The Secretary General also demanded that Moscow withdraw troops from Ukraine, Georgia and Moldova, "
        "where they are stationed without the consent of the host countries."
    )
    for claim in ("Russia withdrew its troops from Moldova.", "Russian troops have been withdrawn from Georgia."):
        assert unasserted(claim, demand) == (
            "the evidence says 'demanded that Moscow withdraw': it does not report this as done"
        )
    assert unasserted("The council closed the pool.", "The council plans to close the pool in June.")
    assert unasserted("The council closed the pool.", "Residents urged the council to close the pool.")
    assert unasserted("Saudi Arabia increased production.", "Saudi Arabia has refused to increase production.")
    assert unasserted("Saudi Arabia refused to increase production.", "It refused to increase production.") is None
    # Claims about the demand itself, or about what the sentence does state, are left to the judge.
    for claim in (
        "Stoltenberg demanded that Russia withdraw its troops from Moldova.",
        "Stoltenberg said Russia must withdraw its troops from Moldova.",
        "Stoltenberg told Moscow to withdraw its troops.",
        "Russian troops are stationed in Moldova.",  # stated as done, in the relative clause
        "Russia agreed with NATO on its troops in Moldova.",  # "with" is no form of "withdraw"
    ):
        assert unasserted(claim, demand) is None, claim
    assert (
        unasserted("The council closed the pool.", "The council closed the pool, which residents asked it to keep.")
        is None
    )
    # The sentence before counts when the sentence itself never names the deed (the judge reads both).
    later = "He said that NATO would not compromise on the right of each nation to choose its own path."
    assert unasserted("Russia withdrew its troops from Moldova.", later, before=demand)
    assert unasserted("Russia withdrew its troops.", "Russia withdrew its troops in March.", before=demand) is None


def test_a_demand_is_not_read_as_the_deed(seeded_bot: FactBot) -> None:
    # The judge alone gave "Russia withdrew its troops from Moldova." SUPPORTED (76%) from Stoltenberg's
    # demand that Moscow withdraw them, and from the sentence after it (which it reads with the demand).
    # v2 calls it REFUTED (the article says the troops "are stationed" there); never SUPPORTED.
    v = seeded_bot.verify("Russia withdrew its troops from Moldova.")
    assert v.label in ("NOT_ENOUGH_INFO", "REFUTED"), v.to_dict()
    if v.label == "NOT_ENOUGH_INFO":  # the demand is listed, with the reason it does not support
        assert any(SEED_DEMAND in e.quote and "not report this as done" in " ".join(e.checks) for e in v.evidence)
    from factbot.verify.modality import unasserted  # the check itself still reads the demand as no deed

    assert unasserted("Russia withdrew its troops from Moldova.", SEED_DEMAND)
    assert seeded_bot.verify("Stoltenberg demanded that Russia withdraw its troops from Moldova.").label == "SUPPORTED"


def test_checks_find_what_one_side_negates() -> None:
    no_concessions = "Blinken said that the response made no concessions on the core principles."
    found = negation("The US made concessions on core principles.", no_concessions)
    assert found and found.reason == "the evidence negates 'concessions': 'no concessions'" and not found.agrees
    assert negation("The document will be released.", "The document would not be released publicly, he said.")
    assert negation("Oil output was cut.", "Saudi Arabia has refused to cut oil output.")
    welcomed = "The EU's foreign policy chief, Josep Borrell, welcomed the U.S. response."
    found = negation("Borrell did not welcome the US response.", welcomed)
    assert found and found.reason == "the claim negates 'welcome', the evidence says 'welcomed'"
    # A sentence with a negation of its own still states what the claim negates, if it does not negate that.
    found = negation("Borrell did not welcome the response.", "Borrell welcomed the response but did not say why.")
    assert found and not found.agrees
    found = negation("The document would not be released.", "The document would not be released publicly.")
    assert found and found.agrees
    found = negation("Russia did not respond to the proposals.", "Russia has not yet responded to the proposals.")
    assert found and found.agrees
    # Idioms, a negation of something else, a sentence about something else.
    assert negation("The ministers met in Paris.", "Not only the ministers met in Paris, but their deputies.") is None
    assert negation("The woman married 10 men.", "She pleaded not guilty to charges that she married 10 men.") is None
    assert negation("The US made concessions on core principles.", "Talks on arms control were not ruled out.") is None
    assert negation("Billy was last seen on Saturday at home.", "Billy hasn't been seen since Saturday.") is None
    assert negation("Patients not in care died at the same rate.", "Patients in care died at a lower rate.") is None
    # The sentence before counts when the sentence never names the negated word (the judge reads both).
    after = '"There is no change, there will be no change," he said of the open door policy.'
    assert check("The US made concessions on core principles.", after, before=no_concessions).unasserted
    assert check("The US made concessions on core principles.", no_concessions).reversals
    # Negated inside a demand or plan, or denied, it neither supports nor refutes, negated in the claim
    # too or not; unless the claim speaks of that demand or denial itself, or the demand is another clause's.
    demand = "Russia asked for promises that the alliance would not expand further east."
    for claim in ("The alliance will expand further east.", "The alliance will not expand further east."):
        found = check(claim, demand)
        assert found.moot and not found.reversals, claim
    assert not check("Russia asked for promises that the alliance would not expand.", demand).moot
    assert check("Moscow plans an invasion.", "Moscow denies it plans an invasion.").moot
    assert not check("Moscow denies it plans an invasion.", "Moscow denies it plans an invasion.").moot
    refused = "The US answered Moscow's demands for guarantees, but refused to close NATO's door to Ukraine."
    assert not check("The US refused to close NATO's door to Ukraine.", refused).moot


def test_checks_read_news_apostrophes_irregular_verbs_and_word_families() -> None:
    # News text writes "don’t" with a typographic apostrophe: it was no negation, so "I don’t have a
    # problem" was read as stating the claim's "has a problem", and as refuting "does not have" one.
    curly = "‘But listen, I don’t have a problem with anyone having an opinion,’ the coach said."
    found = negation("The coach said he has a problem with anyone having an opinion.", curly)
    assert found and not found.agrees
    found = negation("The coach said he does not have a problem with anyone having an opinion.", curly)
    assert found and found.agrees
    # "made no apologies" negates what "apologised" states, though the stemmer keeps the two apart.
    assert negation("The minister apologised for the delay.", "The minister said she made no apologies for the delay.")
    # A demand's deed in an irregular past form ("to give" / "gave"), or named by a noun ("a protest").
    assert unasserted(
        "The premier gave workers Monday off.", "The Greens called on the premier to give workers Monday off."
    )
    planned = "Fans have planned a mass protest against the owner on Saturday."
    assert unasserted("Fans protested against the owner on Saturday.", planned)
    assert unasserted("Fans planned a protest against the owner.", planned) is None  # the claim says "planned"
    assert check("Sick days fell in April.", "Sick days jumped in April.").reversals
    # Opposites that are no change of direction, stated one way on each side.
    lose = "The coach said his side would lose every remaining match this season."
    assert check("The coach said his side would win every remaining match.", lose).reversals
    assert not check("The coach said his side would lose every remaining match.", lose).reversals
    assert not check("The side will win or lose.", "The side would lose the match.").reversals  # both ways
    # A day of the month: the sentence's own date decides, though the sentence before names the claim's.
    arrest = "He has been in jail since his arrest on March 25."
    before = "The thefts ran from May 1 to March 22."
    found = check("He was arrested on March 22.", f"{before} {arrest}", sentence=arrest, before=before)
    assert found.conflicts == ["the claim says March 22, the evidence says March 25"]
    assert not check("He was arrested on March 25.", arrest).conflicts
    # An age set off by commas conflicts with no other number of the claim.
    plea = "Keith Moran, 27, of Dayton pleaded not guilty on Monday to charges including robbery."
    assert not check("Keith Moran pleaded not guilty to 19 counts.", plea).conflicts
    assert check("Keith Moran pleaded not guilty to 19 counts.", "Moran pleaded not guilty to 27 counts.").conflicts


def test_a_sentence_that_negates_what_the_claim_negates_does_not_refute_it(bot: FactBot) -> None:
    # The judge leans to contradiction when both sides say "not": it refuted both claims (63%, 67%).
    text = (
        '"We cannot compromise on the core principles on which the security of our alliance rests,"'
        " Stoltenberg told a news conference."
    )
    for claim in ("Stoltenberg said NATO would not compromise.", "NATO will not compromise on core principles."):
        assert check(claim, text).agreed, claim
        v = bot.verify(claim, against=[text])
        assert v.label != "REFUTED" and v.evidence and text.startswith(v.evidence[0].quote[:20]), v.to_dict()
    # With all the claim's words there, and the word never stated un-negated, it is support: the judge
    # gave "I don’t have a problem ..." 98% contradiction for "... does not have a problem ...".
    curly = "‘But listen, I don’t have a problem with anyone having an opinion,’ said Carver, the coach."
    claim = "Carver said he does not have a problem with anyone having an opinion."
    assert check(claim, curly).agreed_only
    v = bot.verify(claim, against=[curly])
    assert v.label == "SUPPORTED" and v.evidence[0].stance == "supports", v.to_dict()
    assert bot.verify("Carver said he has a problem with anyone having an opinion.", against=[curly]).label == (
        "REFUTED"
    )
    # Not when the sentence also states the word, or lacks another of the claim's words.
    mixed = "There was no association with bladder cancer; use was associated with prostate cancer."
    assert not check("Use is not associated with prostate cancer.", mixed).agreed_only
    assert not check(
        "Use is not associated with prostate cancer.", "Use was not associated with bladder cancer."
    ).agreed_only


def test_a_negated_sentence_does_not_support_the_claim(seeded_bot: FactBot) -> None:
    # The judge read "it made no concessions on the core principles" as support for the claim that the
    # US made them (SUPPORTED 94%), and Russia's demand for promises that the alliance "would not expand
    # further east" as support for "The alliance will expand further east." (95%).
    v = seeded_bot.verify("The US made concessions on core principles.")
    assert v.label == "REFUTED", v.to_dict()
    assert any("no concessions" in e.quote and e.stance == "contradicts" for e in v.evidence)
    # Never SUPPORTED. v2 gives REFUTED (42%) where NOT_ENOUGH_INFO is right: a known error of v2, in its
    # model card's limitations.
    v = seeded_bot.verify("The alliance will expand further east.")
    assert v.label != "SUPPORTED", v.to_dict()
    assert seeded_bot.verify("Blinken said the response made no concessions.").label == "SUPPORTED"


def test_a_sentence_does_not_contradict_by_its_context(seeded_bot: FactBot) -> None:
    # The judge reads each sentence after the one before it. It gave the true "Blinken said the document
    # would not be released publicly." REFUTED (94%) from the sentence after the one that says so ("He
    # said he expected to speak with ... Lavrov"), which has none of the claim's words.
    v = seeded_bot.verify("Blinken said the document would not be released publicly.")
    assert v.label == "SUPPORTED", v.to_dict()
    assert "would not be released publicly" in v.evidence[0].quote
    assert not any(e.stance == "contradicts" and "Lavrov" in e.quote for e in v.evidence)


def test_headings_are_not_evidence(seeded_bot: FactBot) -> None:
    # The article's headings ("NATO sends its own proposals", "Europe consulted") were judged with the
    # sentence before them and cited: "Europe consulted" as support (80%) for "The US refused to respond
    # in writing.".
    headings = {"NATO sends its own proposals", "Europe consulted"}
    for claim in ("The US refused to respond in writing.", "NATO will never expand further east."):
        v = seeded_bot.verify(claim)
        assert v.evidence and not headings & {e.quote for e in v.evidence}, v.to_dict()


def test_compound_claims_are_split_but_lists_of_names_are_not() -> None:
    assert split_claim("Borrell welcomed the response and Stoltenberg rejected the open door principle.") == [
        "Borrell welcomed the response.",
        "Stoltenberg rejected the open door principle.",
    ]
    assert len(split_claim("Moscow must withdraw troops from Ukraine, Georgia and Moldova.")) == 1
    assert len(split_claim("Blinken and Borrell praised the response.")) == 1
    # Sentences of a claim typed in lower case, but not an abbreviation in a cased claim.
    assert split_claim("the UNK arrow was found. it is 50 years old.") == [
        "the UNK arrow was found.",
        "it is 50 years old.",
    ]
    assert len(split_claim("Prices rose 5 pct. in 2020.")) == 1


# --- the pipeline on the seed article -------------------------------------------------------


def test_seed_claims_get_the_right_verdicts(seeded_bot: FactBot) -> None:
    supported = seeded_bot.verify(SUPPORTED_CLAIM)
    assert supported.label == "SUPPORTED", supported.to_dict()
    assert "withdraw troops from Ukraine, Georgia and Moldova" in supported.evidence[0].quote
    assert supported.evidence[0].stance == "supports"
    refuted = seeded_bot.verify(REFUTED_CLAIM)
    assert refuted.label == "REFUTED", refuted.to_dict()
    assert "welcomed the U.S. response" in refuted.evidence[0].quote
    assert refuted.evidence[0].stance == "contradicts"
    unrelated = seeded_bot.verify("Apple released a new iPhone with a titanium frame.")
    assert unrelated.label == "NOT_ENOUGH_INFO"
    assert unrelated.evidence and all(e.stance == "neutral" for e in unrelated.evidence)
    for v in (supported, refuted, unrelated):
        assert_citable(seeded_bot, v)
        assert 0.0 <= v.confidence <= 1.0
        assert v.to_dict()["label"] == v.label


def test_a_wrong_date_or_place_is_refuted_by_the_checks(seeded_bot: FactBot) -> None:
    v = seeded_bot.verify("Russia published two draft treaties in March.")
    assert v.label == "REFUTED", v.to_dict()
    assert "mid-December" in v.evidence[0].quote and any("March" in n for n in v.notes)
    # The check decides, but the verdict reports the judge's score (calibrated) rather than certainty.
    shown = seeded_bot.thresholds().calibrated("REFUTED", v.evidence[0].score)
    assert v.evidence[0].checks and v.confidence == round(shown, 4) < 1.0
    v = seeded_bot.verify("Stoltenberg demanded that Russia withdraw its troops from Belarus.")
    assert v.label != "SUPPORTED", v.to_dict()


def test_compound_claim_is_the_conjunction_of_its_parts(seeded_bot: FactBot) -> None:
    v = seeded_bot.verify(
        "Borrell welcomed the U.S. response and Stoltenberg demanded that Moscow withdraw troops from Moldova."
    )
    assert [s.label for s in v.subclaims] == ["SUPPORTED", "SUPPORTED"] and v.label == "SUPPORTED"
    mixed = seeded_bot.verify(f"{SUPPORTED_CLAIM[:-1]} and Borrell criticized the US response.")
    assert [s.label for s in mixed.subclaims] == ["SUPPORTED", "REFUTED"] and mixed.label == "REFUTED"
    assert_citable(seeded_bot, mixed)


def test_a_claim_typed_in_lower_case_is_checked_like_one_with_capitals(seeded_bot: FactBot) -> None:
    mixed = seeded_bot.verify(
        "stoltenberg demanded that russia withdraw its troops from moldova. borrell criticized the us response."
    )
    assert [s.label for s in mixed.subclaims] == ["SUPPORTED", "REFUTED"] and mixed.label == "REFUTED"
    # Names are found by their capitals in the article: the wrong country is a conflict, the wrong person a gap.
    belarus = seeded_bot.verify("stoltenberg demanded that russia withdraw its troops from belarus.")
    assert belarus.label == "REFUTED" and any("Belarus" in n for n in belarus.notes), belarus.to_dict()
    blinken = seeded_bot.verify("blinken demanded that russia withdraw its troops from moldova.")
    assert blinken.label != "SUPPORTED", blinken.to_dict()
    # Its clauses are found once its names have the article's capitals; a list of names still is one subject.
    compound = seeded_bot.verify(
        "borrell welcomed the us response and stoltenberg demanded that russia withdraw its troops from belarus."
    )
    assert [s.label for s in compound.subclaims] == ["SUPPORTED", "REFUTED"], compound.to_dict()
    assert compound.subclaims[1].claim.startswith("Stoltenberg demanded") and compound.label == "REFUTED"
    assert not seeded_bot.verify("blinken and borrell welcomed the response.").subclaims
    assert_citable(seeded_bot, mixed)
    assert_citable(seeded_bot, compound)


def test_against_given_texts_checks_without_indexing(bot: FactBot) -> None:
    text = "Russia published two draft treaties in mid-December. The United States replied in January."
    refuted = bot.verify("Russia published two draft treaties in March.", against=[text])
    assert refuted.label == "REFUTED"
    assert text[refuted.evidence[0].start : refuted.evidence[0].end] == refuted.evidence[0].quote
    assert bot.verify("The United States replied in January.", against=[text]).label == "SUPPORTED"
    assert bot.verify("Brazil won the World Cup.", against=[text]).label == "NOT_ENOUGH_INFO"
    assert bot.stats()["documents"] == 0


def test_a_conflict_decides_only_in_evidence_about_the_same_thing(bot: FactBot) -> None:
    same = "The harbour bridge reopened after repairs in December, the city said."
    other = "The city museum opened its new wing in December, the mayor said."
    claim = "The harbour bridge reopened after repairs in March."
    v = bot.verify(claim, against=[same])
    assert v.label == "REFUTED" and any("March" in c for e in v.evidence for c in e.checks)
    # The same month conflict in a sentence about something else is no evidence against the claim.
    assert bot.verify(claim, against=[other]).label == "NOT_ENOUGH_INFO"
    assert CONFLICT_OVERLAP <= claim_overlap(claim, same) < 1.0  # all but "March"
    assert claim_overlap(claim, other) < CONFLICT_OVERLAP
    assert claim_overlap("In 2022, 40 ships.", "Ships.") == 1.0  # numbers are the checks' business


def test_conflicting_sources(bot: FactBot) -> None:
    texts = [
        "Officials said the bridge reopened to traffic on Monday after repairs.",
        "The bridge did not reopen to traffic on Monday, officials said, because repairs were delayed.",
    ]
    v = bot.verify("The bridge reopened to traffic on Monday.", against=texts)
    assert v.label in {"CONFLICTING", "SUPPORTED", "REFUTED"}
    if v.label == "CONFLICTING":
        assert {e.stance for e in v.evidence} == {"supports", "contradicts"}


def test_one_source_that_says_both_shows_both(bot: FactBot) -> None:
    # The stronger side decides, but a reader shown only the contradicting sentence of an article
    # that also states the claim cannot weigh them (before: only the deciding side was listed).
    text = "The mayor said the library will close in June. The library will not close in June, the council decided."
    v = bot.verify("The library will close in June.", against=[text])
    assert v.label in {"SUPPORTED", "REFUTED"}
    assert {e.stance for e in v.evidence} == {"supports", "contradicts"}
    assert all(e.quote in text for e in v.evidence)
    assert any("same source also has a sentence" in n for n in v.notes)


def test_bad_claims_are_refused(seeded_bot: FactBot) -> None:
    for bad in ("", "   ", "\x00\x01"):
        with pytest.raises(QueryError):
            seeded_bot.verify(bad)
    with pytest.raises(QueryError):
        seeded_bot.verify("Borrell said " + "very " * 3000 + "much.")
    assert seeded_bot.stats()["documents"] == 1


def test_similarity_baseline_judge(index_dir: Path, seed_path: Path) -> None:
    bot = FactBot(index_dir, settings={"verify": {"model": "similarity"}})
    bot.ingest([seed_path])
    v = bot.verify("Russia published two draft treaties in March.")
    assert v.judge == "similarity" and v.label in {"REFUTED", "NOT_ENOUGH_INFO"}
    bot.close()


# --- CLI -------------------------------------------------------------------------------------


def test_cli_verify_json_and_file(index_dir: Path, seed_path: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(seed_path), "--index", str(index_dir)]).exit_code == 0
    result = runner.invoke(cli, ["verify", REFUTED_CLAIM, "--json", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["label"] == "REFUTED" and data["evidence"][0]["quote"]
    claims = tmp_path / "claims.txt"
    claims.write_text(f"{SUPPORTED_CLAIM}\n\n{REFUTED_CLAIM}\n")
    result = runner.invoke(cli, ["verify", "--file", str(claims), "--json", "--index", str(index_dir)])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["label"] for r in rows] == ["SUPPORTED", "REFUTED"]
    bad = runner.invoke(cli, ["verify", "--file", str(claims), "--as-of", "soon", "--index", str(index_dir)])
    assert bad.exit_code == 1 and bad.output.count("not a date") == 1  # once, not once per claim
    text = runner.invoke(cli, ["verify", REFUTED_CLAIM, "--index", str(index_dir)]).output
    assert "REFUTED" in text and "contradicts" in text
    assert runner.invoke(cli, ["verify", "--index", str(index_dir)]).exit_code != 0


# --- LLM judge through a local fake provider ------------------------------------------------


class LabelsChatModel(BaseChatModel):
    """A fake provider answering a fixed JSON reply (or raising, to play an unreachable server)."""

    reply: str = ""
    fail: bool = False

    @property
    def _llm_type(self) -> str:
        return "labels-fake"

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> ChatResult:
        if self.fail:
            raise ConnectionError("connection refused")
        pairs = str(messages[-1].content).count("CLAIM:")
        content = self.reply or json.dumps({"labels": ["contradicts"] * pairs})
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=content))])


def test_llm_judge_and_its_fallback(index_dir: Path, seed_path: Path) -> None:
    settings = {"verify": {"model": "llm"}}
    bot = FactBot(index_dir, settings=settings, llm=LabelsChatModel())
    bot.ingest([seed_path])
    v = bot.verify("Borrell welcomed the U.S. response.")
    assert v.judge == "llm" and v.label == "REFUTED"  # the fake says "contradicts" to everything
    assert_citable(bot, v)
    bot.close()
    down = FactBot(index_dir, settings=settings, llm=LabelsChatModel(fail=True))
    v = down.verify(SUPPORTED_CLAIM)
    assert v.label == "SUPPORTED" and "unreachable" in v.notes[0]
    down.close()
    garbled = FactBot(index_dir, settings=settings, llm=LabelsChatModel(reply="I think it is true!"))
    assert garbled.verify(SUPPORTED_CLAIM).label == "NOT_ENOUGH_INFO"
    garbled.close()


def test_support_read_from_the_sentence_before_is_cited_with_it(bot: FactBot) -> None:
    # The judge reads each sentence with the one before it. "She has also criticised ..." holds none of
    # the claim's words, yet the judge may support the claim from the sentence before: the reader must
    # see that sentence too, or the quote does not show what the verdict rests on.
    from factbot.ingest.documents import build_document
    from factbot.types import Article
    from factbot.verify.candidates import given_evidence
    from factbot.verify.judged import context_led, judge_evidence
    from factbot.verify.verdicts import aggregate

    text = (
        "The first minister refused to rule out a second independence referendum on Tuesday. "
        "She has also criticised the pledge to hold a vote on Europe. "
        "Turnout in the poll was high."
    )
    claim = "The first minister refused to rule out a second independence referendum."
    doc_text = build_document(Article(text=text, source="given text 1")).text
    judged = judge_evidence(claim, given_evidence([text]), bot.judge)
    led = [j for j in judged if j.read_from is not None]
    assert [j.evidence.quote[:12] for j in led] == ["She has also"]
    quote, start, end = led[0].cited()
    assert quote == doc_text[start:end] and quote.startswith("The first minister refused") and quote.endswith("Europe.")
    # A sentence that holds the claim's words itself is cited alone, and so is one whose sentence before
    # adds nothing.
    assert all(j.cited() == (j.evidence.quote, j.evidence.start, j.evidence.end) for j in judged if j not in led)
    assert not context_led(claim, "A poll was published on Wednesday.", "Turnout was high.")
    assert not context_led(claim, "The minister refused to rule out a referendum.", "The first minister spoke.")
    v = aggregate(claim, judged, bot.thresholds(), "test", shown=3)
    assert v.evidence and all(doc_text[e.start : e.end] == e.quote for e in v.evidence), v.to_dict()


def test_checks_read_comparisons_denied_claims_open_questions_and_far_negations() -> None:
    from factbot.verify.values import compared, direction

    # A comparison stated the other way round: the judge read shared words as support (0.97).
    poll = (
        "A poll reveals that a referendum on membership of the European Union was more popular with voters"
        " north of the border than another independence ballot."
    )
    assert compared("Another independence referendum was more popular than an EU referendum.", poll)
    assert compared("An EU referendum was more popular than another independence referendum.", poll) is None
    assert check("Wages were higher than prices.", "Prices were higher than wages.").reversals
    assert not check("Prices were higher than wages.", "Prices were higher than wages last year.").reversals
    # A negation of something else in the sentence does not hide its direction of change; one before
    # the word of change does.
    jump = "The decision not to grant the holiday was condemned, and one expert warned of a big jump in sick days."
    assert direction(jump) == "up" and check("The expert warned of a drop in sick days.", jump).reversals
    assert direction("Sick days did not rise.") is None and direction("There was no increase in sick days.") is None
    # What a sentence dismisses or denies as claims, and what it asks "whether" of, it does not report as done.
    dismissed = "Roger Wright dismissed as 'complete nonsense' claims that the station was dumbing down."
    assert unasserted("Roger Wright agreed that the station was dumbing down.", dismissed)
    assert unasserted("Roger Wright dismissed claims that the station was dumbing down.", dismissed) is None
    assert unasserted("The station is the least popular of the stations.", dismissed) is None  # not its deed
    unaware = "The lawyer says he is unaware whether or not any of the victims contracted HIV through Allen."
    assert unasserted("The victims contracted HIV from Allen.", unaware)
    assert unasserted("The lawyer does not know whether the victims contracted HIV.", unaware) is None


def test_avoiding_a_thing_negates_it() -> None:
    # "mainly avoiding injury" was read as stating "injury", so "Hazard was not injured." got a reversal.
    assert not check("Hazard was not injured.", "Hazard has played every game, mainly avoiding injury.").reversals
    assert check("Hazard was not injured.", "Hazard has played every game despite an injury.").reversals


def test_what_should_or_is_to_be_done_is_not_reported_as_done() -> None:
    # The judge gave 0.96 entailment to each pair (BBC articles of FRANK test, once split into sentences).
    signed = "Contracts were to be signed on Friday."
    assert unasserted("The Hinkley Point contracts were signed on Friday.", signed)
    banned = "Commission chairman Dick Pound said Russia's athletics federation, Araf, should be banned from Rio 2016."
    assert unasserted("Russia's athletics federation has been banned from Rio 2016.", banned)
    assert unasserted("Prices rose sharply.", "Prices are expected to rise sharply next year.")
    # A claim about the plan itself, or a sentence stating the deed, is left to the judge.
    assert unasserted("The contracts were due to be signed on Friday.", signed) is None
    assert unasserted("Prices rose sharply.", "Prices rose sharply, and would be higher without the subsidy.") is None


def test_a_negation_governs_the_words_just_after_its_head() -> None:
    # "without this scale of cuts" negates "cuts": it had been read as stating them, against the claim.
    sentence = "Debt and the deficit could have been reduced without this scale of cuts, the minister said."
    found = negation("The deficit could have been reduced without cuts on this scale.", sentence)
    assert found is not None and found.agrees
    assert not check("The deficit could have been reduced without cuts on this scale.", sentence).reversals
    assert check("The deficit was reduced with cuts on this scale.", sentence).reversals


def test_sentences_run_together_are_cited_one_by_one(bot: FactBot) -> None:
    # BBC articles in FRANK join paragraphs without a space: the citation must still be the one sentence.
    text = (
        'Mr Swinney said the cuts were "a political choice".But Ms Baillie said the Scottish government '
        "should focus on its new powers.The Sentencing Council said the change would need no new law."
    )
    v = bot.verify("Swinney said the cuts were a political choice.", against=[text])
    assert v.label == "SUPPORTED", v.to_dict()
    assert v.evidence[0].quote == 'Mr Swinney said the cuts were "a political choice".', v.to_dict()


def test_the_judge_alone_does_not_refute_a_claim_that_says_not(bot: FactBot) -> None:
    # First trained on SNLI, where "not" in a hypothesis marks contradiction, the shipped judge contradicts
    # claims that say "not" from their wording: it REFUTED (92%) the true "Serena Williams did not rule out
    # a return ..." from '... said "you never know" to a return ...'. On news claims such contradictions
    # were wrong more often than right, so with no check behind them they do not make REFUTED.
    text = (
        "Little more than two weeks after she was knocked out of the US Open, Serena Williams has teased her"
        " potential return to the sport. And on Wednesday, the 23-time grand slam champion said “you never know”"
        " to a return to competitive tennis in the future."
    )
    claim = "Serena Williams did not rule out a return to competitive tennis."
    assert negated(claim) and configured_thresholds(VerifySettings()).negated_refutes is False
    v = bot.verify(claim, against=[text])
    assert v.label == "NOT_ENOUGH_INFO", v.to_dict()
    assert "you never know" in v.evidence[0].quote and v.evidence[0].probs[2] > 0.5  # shown, as the judge read it
    assert any("says 'not'" in note for note in v.notes)
    # The same judged evidence, the judge's contradiction counted: REFUTED, as before.
    (part, judged), *_ = bot.judge_claim(claim, against=[text])
    counted = dataclasses.replace(bot.thresholds(), negated_refutes=True)
    assert aggregate(part, judged, counted, "shipped").label == "REFUTED"
    assert configured_thresholds(VerifySettings(negated_refutes=True)) == counted  # a user can ask for that
    # A negated claim that a check contradicts (the word stated un-negated) is still REFUTED.
    said = "Blinken said the document would be released publicly on Friday."
    assert bot.verify("The document will not be released publicly.", against=[said]).label == "REFUTED"
    # Words that only look negative.
    assert not negated("Dartmouth's no-loan initiative starts in June.")
    assert not negated("The tax was not only unfair but unworkable.")
    assert negated("Mack Rutherford was not yet 17.") and negated("She never said it.")


def test_checks_read_a_name_the_claim_uses_elsewhere_and_words_free_of_a_thing() -> None:
    # "a trip to the Ukrainian city of Uzhhorod" was REFUTED (the slot after "to" held another name) by "a
    # trip to Uzhhorod, Ukraine"; "error-free returns" by "returns ... with no errors" (a negation reversed).
    claim = "Jill Biden made an unannounced trip to the Ukrainian city of Uzhhorod on Mother's Day."
    text = "Jill Biden spent part of Mother’s Day making an unannounced trip to Uzhhorod, Ukraine, a small city."
    assert not check(claim, text, text).conflicts
    troops = "Stoltenberg demanded that Russia withdraw troops from Ukraine, Georgia and Moldova."
    assert check("Stoltenberg demanded that Russia withdraw its troops from Belarus.", troops, troops).conflicts
    claim = "Chuck Rettig called finishing last year's error-free individual returns a major milestone."
    text = "“Completing the individual returns filed last year with no errors is a major milestone,” said Chuck Rettig."
    assert not check(claim, text, text).reversals
    wrong = "Chuck Rettig said the individual returns filed last year had errors."
    assert check(wrong, text, text).reversals


@pytest.mark.parametrize(("right_share", "label"), [(0.95, "SUPPORTED"), (0.55, "NOT_ENOUGH_INFO")])
def test_a_verdict_below_the_precision_gate_is_not_enough_info(bot: FactBot, right_share: float, label: str) -> None:
    from dataclasses import replace

    from factbot.verify.candidates import given_evidence
    from factbot.verify.judged import judge_evidence
    from factbot.verify.verdicts import aggregate

    claim = "The city council approved the harbour budget on Tuesday."
    judged = judge_evidence(claim, given_evidence([claim + " Work starts in May."]), bot.judge)
    # Verdicts with this deciding score were right `right_share` of the time; factbot needs 0.8.
    odds = ("SUPPORTED", (0.0, 1.0), (right_share, right_share))
    gated = replace(bot.thresholds(), support=0.05, confidence=(odds,), gate=0.8, gated_labels=("SUPPORTED",))
    v = aggregate(claim, judged, gated, "test")
    assert v.label == label, v.to_dict()
    leaning = [n for n in v.notes if n.startswith("The evidence leans SUPPORTED")]
    assert bool(leaning) == (label == "NOT_ENOUGH_INFO") and v.evidence
    assert aggregate(claim, judged, replace(gated, gate=0.0), "test").label == "SUPPORTED"  # the gate off
