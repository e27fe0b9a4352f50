"""Yes/no questions checked as claims (issue 40, item 2): the statement a question asks about (spaCy's parser),
and verify, the CLI and the chat answering "Yes — SUPPORTED" / "No — REFUTED"."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from factbot import FactBot
from factbot.interfaces.cli import main
from factbot.text.polar import polar_statement


@pytest.mark.parametrize(
    ("question", "statement"),
    [
        ("Did Borrell welcome the US response?", "Borrell did welcome the US response."),
        ("Has NATO ruled out membership for Ukraine?", "NATO has ruled out membership for Ukraine."),
        ("Isn't Moscow a party to the talks?", "Moscow isn't a party to the talks."),
        ("Is the US prepared to negotiate arms control?", "The US is prepared to negotiate arms control."),
        (
            "Did the European Union's foreign policy chief criticize the U.S. response?",
            "The European Union's foreign policy chief did criticize the U.S. response.",
        ),
        (
            "Were more than 100,000 troops massed near the border?",
            "More than 100,000 troops were massed near the border.",
        ),
        ("Can the talks resume in February?", "The talks can resume in February."),
        ("Didn't Blinken say the door stays open?", "Blinken didn't say the door stays open."),
        ("What did Stoltenberg demand?", None),  # a wh-question
        ("Borrell welcomed the response?", None),  # no auxiliary first: a statement with a question mark
        ("Did Borrell welcome the US response.", None),  # no question mark
        ("Is it?", None),  # nothing after the subject
    ],
)
def test_a_yes_no_question_reads_as_its_statement(question: str, statement: str | None) -> None:
    assert polar_statement(question) == statement


def test_verify_answers_a_yes_no_question(seeded_bot: FactBot) -> None:
    welcomed = seeded_bot.verify("Did Borrell welcome the US response?")
    assert welcomed.asked == "Did Borrell welcome the US response?"
    assert welcomed.claim == "Borrell did welcome the US response."
    assert welcomed.label == "SUPPORTED" and welcomed.reply() == "Yes", welcomed.to_dict()
    assert welcomed.to_dict()["asked"] == welcomed.asked
    criticized = seeded_bot.verify("Did Borrell criticize the US response?")
    assert criticized.label != "SUPPORTED" and criticized.reply() in ("No", "")
    statement = seeded_bot.verify("Borrell welcomed the US response.")
    assert statement.asked == "" and statement.reply() == ""  # a statement is no question


def test_cli_and_chat_say_yes_or_no(seeded_bot: FactBot) -> None:
    from factbot.interfaces.web import render

    index = str(seeded_bot.settings.index_dir)
    run = CliRunner().invoke(main, ["verify", "Did Borrell welcome the US response?", "--index", index])
    assert run.exit_code == 0 and "Yes — SUPPORTED" in run.output, run.output
    shown = render.render_verdict(seeded_bot.verify("Did Borrell welcome the US response?"), lambda _: (None, ""))
    assert 'class="fb-reply">Yes — </span>' in shown
