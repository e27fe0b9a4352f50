"""Rules `antonym`, `substitute` and `quantifier` (factbot.verify.substitutions): each fires on a one-word change
of the sentence, each stays silent on the same sentence told another way, and a claim they catch is not called
SUPPORTED while its restatement is."""

from __future__ import annotations

import pytest

from factbot.verify.checks import check

# (rule, claim, sentence): the rule must stay silent (agreement, a restatement, or no like-for-like change).
SILENT = [
    ("antonym", "The parties are united on the budget.", "The parties are united on the budget again."),
    ("antonym", "He was found not guilty.", "He was found innocent."),  # negated on one side: agreement
    ("antonym", "Officials were sure of the result.", "Officials were certain of the result."),  # synonyms
    ("antonym", "The plan is still a long way off.", "The plan is on the table."),  # "on" is no adjective or verb
    ("substitute", "Putin said the talks had failed.", "Russian President Vladimir Putin said the talks had failed."),
    ("substitute", "The United States sent a reply.", "The US sent a reply."),  # an alias
    ("substitute", "Russia demanded that troops withdraw.", "Moscow demanded that troops withdraw."),  # its capital
    ("substitute", "The flooding hit Texas.", "The flooding hit Houston."),  # a city in it
    ("substitute", "The talks ended in April.", "The talks ended in June."),  # a date, for rule `month`
    ("substitute", "Mr Brown urged voters to back the plan.", "Gordon Brown urged voters to back the plan."),
    ("quantifier", "Some experts think the count is too low.", "All experts think the count is too low."),  # entailed
    ("quantifier", "Most parts of the park are closed.", "All parts of the park are closed."),
    ("quantifier", "All experts think the count is too low.", "Experts think the count is too low."),  # unquantified
    ("quantifier", "All experts agree.", "All experts agree, the report says."),
]

# (rule, claim, sentence): caught on both sides of a negation, or across a name's alias of another place.
FIRES = [
    ("antonym", "The parties are not divided.", "The parties are not united."),
    (
        "antonym",
        "Prices were higher than expected and sales were strong.",
        "Prices were higher than expected and sales were weak.",
    ),
    ("substitute", "Talks in Paris ended.", "Talks in Vienna ended."),
    ("quantifier", "None of the players came back.", "All of the players came back."),
    ("quantifier", "No travelers need a test.", "All travelers need a test."),
]


@pytest.mark.parametrize(("rule", "claim", "sentence"), SILENT, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(SILENT)])
def test_rule_is_silent_on_a_restatement_or_agreement(rule: str, claim: str, sentence: str) -> None:
    assert rule not in check(claim, sentence, sentence).fired


@pytest.mark.parametrize(("rule", "claim", "sentence"), FIRES, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(FIRES)])
def test_rule_fires_on_the_one_word_change(rule: str, claim: str, sentence: str) -> None:
    assert rule in check(claim, sentence, sentence).fired


VERDICTS = [  # (article, false claim, the rule that catches it, true restatement)
    (
        "EU split on sanctions. Ministers met in Brussels on Monday. "
        "The member states are united on the new sanctions.",
        "The member states are divided on the new sanctions.",
        "antonym",
        "The member states are united on the new sanctions.",
    ),
    (
        "Abbott recalls formula. Abbott makes the formula. The CDC said on Monday that the death rate may be 40%.",
        "Abbott said on Monday that the death rate may be 40%.",
        "substitute",
        "The CDC said on Monday that the death rate may be 40%.",
    ),
    (
        "Vitamin study. The trial ran for five years. "
        "Daily vitamin D may help prevent some adults from developing arthritis.",
        "Daily vitamin D may help prevent all adults from developing arthritis.",
        "quantifier",
        "Daily vitamin D may help prevent some adults from developing arthritis.",
    ),
]


@pytest.mark.parametrize(("text", "false", "rule", "true"), VERDICTS, ids=[r for _, _, r, _ in VERDICTS])
def test_a_changed_word_is_not_supported_and_the_restatement_is(
    bot, text: str, false: str, rule: str, true: str
) -> None:  # noqa: ANN001 - FactBot
    caught = bot.verify(false, against=[text])
    assert caught.label != "SUPPORTED"
    assert any(rule in e.rules for e in caught.evidence), [e.rules for e in caught.evidence]
    kept = bot.verify(true, against=[text])
    assert kept.label == "SUPPORTED" and not any(rule in e.rules for e in kept.evidence)


@pytest.mark.parametrize(
    ("a", "b", "one"),
    [("Moscow", "Russia", True), ("Russia", "Moscow", True), ("Houston", "Texas", True), ("US", "United States", True),
     ("Vienna", "Paris", False), ("Tokyo", "Russia", False)],
)  # fmt: skip
def test_one_place_is_an_alias_or_a_place_within_another(a: str, b: str, one: bool) -> None:
    from factbot.text.places import one_place

    assert one_place(a, b) is one
