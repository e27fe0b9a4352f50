"""Each check rule (factbot.verify.checks.RULES): it fires on its case and its paraphrase, it is recorded in
`CheckResult.fired`, and `rules_disabled` turns it (and only it) off, as the ablation benchmark does."""

from __future__ import annotations

import re

import pytest

from factbot.verify.checks import RULES, check, rules_disabled, verbatim

CASES = [
    ("month", "The talks ended in March.", "The talks ended in December after a long delay."),
    ("month", "Negotiations finished in June.", "Negotiations finished in October, officials said."),
    ("day", "He was arrested on March 22.", "He has been held since his arrest on March 25."),
    ("day", "The ship sank on May 3.", "Divers reached the ship that sank on May 9."),
    ("weekday", "The vote took place on Tuesday.", "The vote took place on Thursday in the capital."),
    ("weekday", "Ministers met on Monday.", "Ministers met on Friday to discuss the budget."),
    ("year", "The bridge opened in 2015.", "The bridge opened in 2012 after years of work."),
    ("year", "She joined the company in 1999.", "She joined the company in 2004 as an intern."),
    ("number", "The council received 300 letters.", "The council received 246 letters supporting the plans."),
    ("number", "Police arrested 12 people.", "Police arrested 40 people after the match."),
    ("name", "Macron met the delegation in Berlin.", "Scholz met the delegation in Berlin on Monday."),
    ("name", "Nadal won the final in Paris.", "Djokovic won the final in Paris on Sunday."),
    ("stance", "Russia rejected the proposal.", "Russia welcomed the proposal on Friday."),
    ("stance", "The union welcomed the offer.", "The union rejected the offer from management."),
    ("direction", "Prices rose in the last quarter.", "Prices fell in the last quarter."),
    ("direction", "Unemployment fell last year.", "Unemployment rose sharply last year."),
    ("comparison", "Exports were higher than imports.", "Imports were higher than exports last year."),
    ("opposite", "The home side won the final.", "The home side lost the final on penalties."),
    ("opposite", "The court found him guilty.", "The court found him innocent of all charges."),
    (
        "unasserted",
        "Moscow withdrew its troops from Moldova.",
        "Stoltenberg demanded that Moscow withdraw its troops from Moldova.",
    ),
    ("unasserted", "The company raised its prices.", "The company plans to raise its prices next year."),
    ("negation", "The minister resigned.", "The minister did not resign."),
    ("negation", "The board approved the merger.", "The board has not approved the merger."),
    ("roles", "Russia accused Ukraine of shelling the plant.", "Ukraine accused Russia of shelling the plant."),
    ("roles", "Sunak defeated Truss in the vote.", "Sunak was defeated by Truss in the vote of party members."),
    ("roles", "Google sued Microsoft over the patent.", "Microsoft sued Google over the patent on Monday."),
    ("antonym", "The two parties are divided on the budget.", "The two parties are united on the budget."),
    ("antonym", "Officials said the test was unsuccessful.", "Officials said the test was successful, a first."),
    ("substitute", "A man who lived in the city of Tokyo died.", "A man who lived in the city of Soma died."),
    (
        "substitute",
        "Abbott said on Monday that it was recalling the formula.",
        "The CDC said on Monday that it was recalling the formula.",
    ),
    ("quantifier", "All experts think the count is too low.", "Some experts think the count is too low."),
    (
        "quantifier",
        "The EU has faced no difficulties since the crisis began.",
        "The EU has faced many difficulties since the crisis began.",
    ),
]

# The same doer and undergoer, told another way: the `roles` rule must stay silent.
SAME_ROLES = [
    ("Truss defeated Sunak in the vote.", "Sunak was defeated by Truss in the vote of party members."),
    ("Ukraine accused Russia of shelling the plant.", "Ukraine accused Russia of shelling the plant again."),
    ("Biden criticized Trump.", "On Tuesday Joe Biden criticized Trump over the tariffs."),
    ("The FBI asked Apple for help.", "Apple refused the request, and the FBI asked Apple again."),
    ("Sweden and Finland met NATO.", "Finland and Sweden met NATO."),  # names joined alike: no order to swap
    ("Biden praised Obama.", "Obama was praised by many, and Biden praised Obama too."),
]

# Swaps the parse alone misses: the names' order with the same words between them, and the claim's doer
# as the undergoer of its verb ("endorsed removing Cheney") where no doer is named.
SWAPPED_ROLES = [
    ("Aston Villa has urged Tim Sherwood to man up.", "Tim Sherwood has urged Aston Villa to man up."),
    ("Cheney removed the House GOP from her post.", "McCarthy publicly endorsed removing Cheney from her position."),
    ("Jackson selected Biden.", "In selecting Judge Ketanji Brown Jackson for the seat, Biden kept his pledge."),
]


VERBATIM = [  # rule `verbatim` is decided in judged.judge_evidence, not in `check`
    (
        "The United States handed Russia a written response.",
        "The United States handed Russia a written response.",
        True,
    ),
    ("the united states handed russia a written response", "The United States handed Russia a written response.", True),
    ("The United States handed Russia a response.", "The United States handed Russia a written response.", False),
    (
        "Russia handed the United States a written response.",
        "The United States handed Russia a written response.",
        False,
    ),
]


def test_every_rule_has_a_case() -> None:
    assert {rule for rule, _, _ in CASES} | {"verbatim"} == set(RULES)


def test_the_duration_rule_is_gone() -> None:  # it changed no verdict on any measured set (verify-checks.md)
    assert "duration" not in RULES
    assert not check("The strike lasted 10 days.", "The strike lasted 3 days before talks resumed.").fired


@pytest.mark.parametrize(("claim", "sentence", "same"), VERBATIM)
def test_verbatim_is_word_for_word_only_and_can_be_left_out(claim: str, sentence: str, same: bool) -> None:
    assert verbatim(claim, sentence) is same
    with rules_disabled(["verbatim"]):
        assert not verbatim(claim, sentence)


def test_a_claim_that_is_its_source_sentence_is_supported(bot) -> None:  # noqa: ANN001 - FactBot
    text = (
        "U.S. Ambassador John Sullivan delivered the document to the Russian Foreign Ministry in Moscow, "
        "Secretary of State Antony Blinken told reporters at the State Department. Talks continue."
    )
    claim = text.split(" Talks")[0]
    v = bot.verify(claim, against=[text])
    assert v.label == "SUPPORTED" and "verbatim" in v.evidence[0].rules


@pytest.mark.parametrize(("rule", "claim", "evidence"), CASES, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(CASES)])
def test_rule_fires_and_can_be_left_out(rule: str, claim: str, evidence: str) -> None:
    found = check(claim, evidence, evidence)
    assert rule in found.fired
    with rules_disabled([rule]):
        without = check(claim, evidence, evidence)
    assert rule not in without.fired
    # Only `antonym` may come in: it leaves to `direction` and `opposite` the words they read the other way.
    assert set(without.fired) - set(found.fired) <= {"antonym"}


# (rule, claim, evidence, the claim's words the finding points at, the evidence's; None: no span that side)
SPANS = [
    ("month", "The talks ended in March.", "The talks ended in December after a long delay.", "March", "December"),
    ("month", "The talks ended in March.", "The talks ended after a long delay.", "March", None),
    ("day", "He was arrested on March 22.", "He has been held since his arrest on March 25.", "March 22", "March 25"),
    ("weekday", "Ministers met on Monday.", "Ministers met on Friday to discuss the budget.", "Monday", "Friday"),
    ("year", "The bridge opened in 2015.", "The bridge opened in 2012 after years of work.", "2015", "2012"),
    ("number", "Police arrested 12 people.", "Police arrested 40 people after the match.", "12", "40"),
    ("number", "Police arrested 2.5 million people.", "Police arrested people after the match.", "2.5 million", None),
    ("name", "Nadal won the final in Paris.", "Djokovic won the final in Paris on Sunday.", "Nadal", None),
    ("name", "Troops left Belarus.", "Stoltenberg said troops from Ukraine left.", "Belarus", None),
    ("stance", "The union welcomed the offer.", "The union rejected the offer of pay.", "welcomed", "rejected"),
    ("direction", "Unemployment fell last year.", "Unemployment rose sharply last year.", "fell", "rose"),
    ("opposite", "The court found him guilty.", "The court found him innocent of all charges.", "guilty", "innocent"),
    ("negation", "The board approved the merger.", "The board has not approved the merger.", None, "not"),
    ("roles", "Russia accused Ukraine of shelling.", "Ukraine accused Russia of shelling.", "Russia", "Ukraine"),
    ("roles", "Trump criticized Biden.", "Trump was criticized by Joe Biden.", "Trump", "Joe Biden"),
    ("antonym", "The parties are divided.", "The parties are united.", "divided", "united"),
    ("substitute", "He lived in the city of Tokyo.", "He lived in the city of Soma.", "Tokyo", "Soma"),
    ("quantifier", "All experts agree.", "Some experts agree.", "All", "Some"),
]


@pytest.mark.parametrize(
    ("rule", "claim", "evidence", "in_claim", "in_evidence"), SPANS, ids=[f"{r[0]}-{i}" for i, r in enumerate(SPANS)]
)
def test_findings_are_typed_and_point_at_the_words(
    rule: str, claim: str, evidence: str, in_claim: str | None, in_evidence: str | None
) -> None:
    from factbot.verify.checks import KINDS

    found = [f for f in check(claim, evidence, evidence).findings if f.rule == rule]
    assert found, f"{rule} found nothing"
    f = found[0]
    assert f.kind in KINDS and f.message
    assert (claim[slice(*f.claim_span)] if f.claim_span else None) == in_claim
    assert (evidence[slice(*f.evidence_span)] if f.evidence_span else None) == in_evidence


@pytest.mark.parametrize(("claim", "sentence"), SAME_ROLES)
def test_roles_told_another_way_are_no_reversal(claim: str, sentence: str) -> None:
    assert "roles" not in check(claim, sentence, sentence).fired


@pytest.mark.parametrize(("claim", "sentence"), SWAPPED_ROLES)
def test_roles_swapped_in_word_order_or_undergone_are_found(claim: str, sentence: str) -> None:
    assert "roles" in check(claim, sentence, sentence).fired
    assert "roles" not in check(sentence, sentence, sentence).fired


def test_a_claim_with_the_roles_reversed_is_not_supported(bot) -> None:  # noqa: ANN001 - FactBot
    text = "Ukraine accused Russia of shelling the Zaporizhzhia nuclear plant on Friday."

    def accusing(v):  # noqa: ANN001, ANN202 - the verdict's evidence sentence that says who accused whom
        return next(e for e in v.evidence if "accused" in e.quote)

    reversed_roles = bot.verify("Russia accused Ukraine of shelling the Zaporizhzhia nuclear plant.", against=[text])
    assert reversed_roles.label != "SUPPORTED" and "roles" in accusing(reversed_roles).rules
    as_told = bot.verify("Ukraine accused Russia of shelling the Zaporizhzhia nuclear plant.", against=[text])
    assert as_told.label == "SUPPORTED" and "roles" not in accusing(as_told).rules


def test_rules_fire_nothing_on_a_restatement() -> None:
    claim = "The council received 246 letters in March 2015."
    assert check(claim, "In March 2015 the council received 246 letters.").fired == []


def test_unknown_rule_id_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown rule ids"), rules_disabled(["no-such-rule"]):
        pass


def test_verdict_evidence_records_the_rules_that_fired(bot) -> None:  # noqa: ANN001 - FactBot
    text = "The council received 246 letters supporting the plans in March. A decision is due next week."
    v = bot.verify("The council received 900 letters supporting the plans in March.", against=[text])
    cited = v.evidence[0]
    assert "number" in cited.rules and "month" not in cited.rules
    assert v.to_dict()["evidence"][0]["rules"] == list(cited.rules)
    [number] = [f for f in cited.findings if f.rule == "number"]
    assert number.kind == "conflict" and text[slice(*number.evidence_span)] == "246"  # document offsets
    assert v.claim[slice(*number.claim_span)] == "900"
    shown = v.to_dict()["evidence"][0]["findings"]
    assert {"rule": "number", "kind": "conflict"}.items() <= shown[0].items() and shown[0]["evidence_span"]


@pytest.mark.parametrize(("raw", "shown"), [(0.2, 0.3), (0.5, 0.5), (0.9, 0.7), (0.99, 0.7), (0.1, 0.3)])
def test_confidence_map_interpolates_and_clips(raw: float, shown: float) -> None:
    from factbot.verify.judged import Thresholds

    th = Thresholds(confidence=(("SUPPORTED", (0.2, 0.5, 0.9), (0.3, 0.5, 0.7)),))
    assert th.calibrated("SUPPORTED", raw) == pytest.approx(shown)
    assert th.calibrated("REFUTED", raw) == raw  # no map for the label: the raw score


def test_shipped_confidence_maps_are_increasing_probabilities(bot) -> None:  # noqa: ANN001 - FactBot
    maps = bot.thresholds().confidence
    assert {label for label, _, _ in maps} >= {"SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"}
    for label, xs, ys in maps:
        assert label in {"SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO", "CONFLICTING"}
        assert list(xs) == sorted(xs) and list(ys) == sorted(ys) and all(0.0 <= y <= 1.0 for y in ys)


# --- the word lists are data (factbot/verify/words.tsv) -----------------------------------------


def _word(entry: str) -> str:
    """A word an entry matches: its first alternatives, its optional parts left out ("surg(?:e|es)" → "surge")."""
    entry = entry.split("|")[0] if "(" not in entry else entry
    entry = re.sub(r"\(\?:([^|)]*)[^)]*\)\??", r"\1", entry)
    return re.sub(r"\\w\*|-\?|\?", "", entry)


def _rows(name: str) -> list[tuple[str, str, str]]:
    from factbot.verify.lexicon import WORDS_FILE

    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    return [(group, side, entry) for lst, group, side, entry in rows if lst == name]


def test_the_word_list_file_names_its_source_and_every_list() -> None:
    from factbot.verify.lexicon import WORDS_FILE

    text = WORDS_FILE.read_text(encoding="utf-8")
    assert "# Source:" in text
    for name in ("direction", "opposite", "name_stop", "slot", "filler", "quantifier"):
        assert _rows(name), name
        assert f"# {name}" in text  # each list is described in the header


@pytest.mark.parametrize(("group", "side", "entry"), _rows("direction"), ids=lambda x: str(x)[:20])
def test_each_word_of_change_reads_as_its_direction(group: str, side: str, entry: str) -> None:
    from factbot.verify.values import direction

    word = _word(entry)
    assert direction(f"Prices {word} in the last quarter.") == side, word


@pytest.mark.parametrize("group", sorted({g for g, _, _ in _rows("opposite")}))
def test_each_pair_of_opposites_is_a_reversal(group: str) -> None:
    sides = {side: _word(entry) for g, side, entry in _rows("opposite") if g == group}
    claim, sentence = f"The court said it was {sides['a']} there.", f"The court said it was {sides['b']} there."
    assert "opposite" in check(claim, sentence, sentence).fired, sides
    assert "opposite" not in check(claim, claim, claim).fired
