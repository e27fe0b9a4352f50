"""Stage 6a's word lists and patterns: what the consistency checks (`factbot.verify.checks`) look for.

The plain word lists are data, in `words.tsv` with their source: words of change up or down, opposites
that are no change, capitalised words that are no name, slot words, negation fillers. Months and weekdays
come from `calendar`. What stays here is patterns: numbers, durations, years, ages and names; reporting
verbs of opposite stance; the frames that report a deed as demanded, planned, refused, denied or asked
about; modals; negators and the idioms that only look negative; scopes. English and hand-written: each
entry is there because a news claim needed it (see the model card in `factbot/models/verifier/README.md`).
"""

from __future__ import annotations

import calendar
import re
from pathlib import Path

WORDS_FILE = Path(__file__).with_name("words.tsv")


def _rows() -> list[tuple[str, str, str, str]]:
    """(list, group, side, entry) rows of `words.tsv`, in file order."""
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line.strip() and not line.startswith("#")]  # type: ignore[misc]


_ROWS = _rows()


def _entries(name: str, side: str = "-") -> list[str]:
    return [entry for lst, _, s, entry in _ROWS if lst == name and s == side]


def _groups(name: str) -> list[str]:
    return [group for lst, group, _, _ in _ROWS if lst == name]


def _entry(name: str, group: str, side: str) -> str:
    return next(entry for lst, g, s, entry in _ROWS if (lst, g, s) == (name, group, side))


MONTHS = tuple(m.casefold() for m in calendar.month_name if m)
WEEKDAYS = tuple(d.casefold() for d in calendar.day_name)
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
CAPITALIZED_STOP = frozenset(_entries("name_stop"))

NUM = r"\d+(?:[.,]\d+)*"
NUMBER = re.compile(rf"(?<![\w.])({NUM})(?:\s*(thousand|million|billion|trillion)\b)?", re.I)
DURATION = re.compile(
    r"\b(?:(\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|several)\s+)(day|week|fortnight|month|year|decade)s?(\s+and\s+a\s+half)?\b",
    re.I,
)
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
AGE = re.compile(r"\b[A-Z][\w'’-]*[a-z],\s+(\d{1,3}),\s")  # "Keith Allen, 27, of Columbus"
ENTITY = re.compile(r"\b([A-Z][\w'’-]*[a-z][\w'’-]*(?:\s+(?:of\s+|de\s+|al-)?[A-Z][\w'’-]*)*|[A-Z]{2,}(?:\.[A-Z]\.?)*)")
# Reporting verbs of opposite stance: "criticized" where the evidence says "welcomed" is a reversal.
STANCE = {
    "positive": re.compile(
        r"\b(?:welcom|prais|endors|applaud|hail|embrac|approv(?:e|ed|es|ing)\b|back(?:s|ed|ing)\b|support(?:s|ed|ing)?\b)",
        re.I,
    ),
    "negative": re.compile(
        r"\b(?:critici|criticis|condemn|reject|oppos|denounc|slam|blast|disapprov|deplor|lambast|decr(?:y|ied))",
        re.I,
    ),
}
# Words of change in one direction: a claim that something "fell" where the evidence says it "rose"
# (or "reduces" / "increases") states the reverse of what the evidence says about the same thing.
DIRECTION = {
    side: re.compile(rf"\b(?:{'|'.join(_entries('direction', side=side))})\b", re.I) for side in ("up", "down")
}
# Opposite words that are no change of direction: "would win every match" where the sentence says "lose".
OPPOSITES = [
    tuple(
        re.compile(rf"\b(?:{side})\b", re.I)
        for side in (_entry("opposite", group, "a"), _entry("opposite", group, "b"))
    )
    for group in dict.fromkeys(_groups("opposite"))
]
# Someone demands, urges, plans, promises or refuses that something be done: what follows is not reported
# as done.
FRAMED = re.compile(
    r"\b(?i:demand(?:s|ed|ing)?|insist(?:s|ed|ing)?|urg(?:e|es|ed|ing)|call(?:s|ed|ing)? (?:on|for)|"
    r"ask(?:s|ed|ing)?|press(?:es|ed|ing)?|plan(?:s|ned|ning)?|want(?:s|ed|ing)?|hop(?:es|ed|ing)|"
    r"aim(?:s|ed|ing)?|intend(?:s|ed|ing)?|promis(?:es|ed|ing)|pledg(?:es|ed|ing)|vow(?:s|ed|ing)?|"
    r"threaten(?:s|ed|ing)?|propos(?:es|ed|ing)|seek(?:s|ing)?|sought|(?<!in )order(?:s|ed|ing)?|"
    r"refus(?:e|es|ed|ing)|declin(?:e|es|ed|ing)|fail(?:s|ed|ing)?|reject(?:s|ed|ing)? calls|"
    # ... or denies that it was done: "dismissed as 'complete nonsense' claims that the station was ..."
    r"(?:den(?:y|ies|ied|ying)|dismiss(?:es|ed|ing)?|reject(?:s|ed|ing)?|refut(?:e|es|ed|ing)|"
    r"distanc(?:e|es|ed|ing)\s+(?:\w+\s+)?from)(?:\s+as\s+[^,;]{1,40}?)?\s+(?:the\s+)?"
    r"(?:claims?|suggestions?|reports?|allegations?|accusations?|speculation|rumou?rs?))\b"
    # ... that [Moscow / the alliance] <verb> ..., or ... [Russia] to <verb> ...
    # (a subject in lower case is passed over: "claims that the station was *dumbing* down")
    r"(?:\s+(?:that|for)\s+(?:(?:[A-Z][\w'’.-]*|the|a|an|its|their|his|her|all|some)\s+){0,4}"
    r"(?:[a-z]+\s+(?:was|were|is|are|had|has|have|would|will|could|did)\s+(?:not\s+)?)?(?P<that>[a-z]+)"
    r"|\s+(?:[\w'’.-]+\s+){0,4}?to\s+(?P<to>[a-z]+)"
    # ... a [mass] <deed>: "planned a mass protest", "demanded the withdrawal"
    r"|\s+(?:a|an|the)\s+(?P<noun>[a-z]+)(?:\s+(?P<noun2>[a-z]+))?)"
)
# A deed the evidence only says should, is to or is expected to be done: "Araf should be banned", "contracts
# were to be signed on Friday", "prices are expected to rise" (not "may", "could" or "likely": hedges in science).
MODAL = re.compile(
    r"\b(?i:should|must|ought to|would|(?:is|are|was|were)(?: (?:due|set|expected|scheduled|supposed))? to)"
    r"\s+(?:not\s+)?(?:have\s+)?be(?:en)?\s+(?P<deed>[a-z]+)"
    r"|\b(?i:(?:is|are|was|were) (?:due|set|expected|scheduled|supposed) to)\s+(?P<act>[a-z]+)"
)
# A claim that itself speaks of a demand, plan, refusal, obligation or future is left to the judge.
CLAIM_MODALITY = re.compile(
    r"\b(?:demand\w*|insist\w*|urg\w*|call\w*|ask\w*|press\w*|plan\w*|want\w*|hop\w*|aim\w*|intend\w*|"
    r"promis\w*|pledg\w*|vow\w*|threat\w*|propos\w*|seek\w*|sought|order\w*|told|tell\w*|will|would|"
    r"could|may|might|should|must|need\w*|ha(?:s|ve|d) to|ought|expect\w*|likely|going to|set to|due to|"
    r"toward\w*|tr(?:y|ies|ied|ying)|attempt\w*|prepar\w*|consider\w*|goal\w*|refus\w*|declin\w*|"
    r"fail\w*|reject\w*|den(?:y|ies|ied|ying)|dismiss\w*|refut\w*|distanc\w*|claim\w*|alleg\w*|accus\w*|"
    r"suggest\w*|rumou?r\w*|speculat\w*|whether|know\w*|knew|unaware|unclear|uncertain|question\w*|wonder\w*)\b",
    re.I,
)
# A deed asked about is not reported as done: "unaware ... whether or not any of them contracted HIV".
QUESTIONED = re.compile(r"\bwhether\b(?:\s+or\s+not\b)?", re.I)
# A comparison: "X was more popular than Y" and "Y was more popular than X" state opposite things.
COMPARATIVE = re.compile(
    r"\b(more|less|fewer|greater|larger|bigger|smaller|higher|lower|better|worse|older|younger|earlier|later|"
    r"stronger|weaker|richer|poorer|faster|slower|cheaper|longer|shorter)\b((?:\s+[\w'’-]+){0,8}?)\s+than\s+",
    re.I,
)
NEGATION = re.compile(r"\b(?:not|never|no|without)\b|n['’]t\b", re.I)
# A claim that says "not": the judge's own contradiction of it is suspect (`judged.Judged.negation_led`).
CLAIM_NEGATION = re.compile(r"\b(?:not|never|no(?!-)|without|nor|neither|nobody|nothing)\b|n['’]t\b", re.I)
# What negates the phrase after it, refusals and denials included; and phrases that only look negative.
NEGATOR = re.compile(
    r"\b(?:not|never|no|nor|neither|none|nothing|cannot|without|(?:refus|declin)(?:e|es|ed|ing) to|"
    r"fail(?:s|ed|ing)? to|den(?:y|ies|ied|ying)|avoid(?:s|ed|ing)?)\b|n['’]t\b",
    re.I,
)
NOT_NEGATING = re.compile(
    r"\b(?:not only|not just|not least|no doubt|no less|no more than|no longer than|nothing but|not to mention|"
    r"whether or not|if not|no sooner|not unlike)\b|(?:\bnot|n['’]t) (?:been )?(?:seen|heard from) since\b",
    re.I,
)
SCOPE_END = re.compile(
    r"[,;:()\"“”]|\b(?:but|because|although|though|while|whereas|which|who|when|unless|however|instead)\b", re.I
)
# Words between a negator and the head of what it negates: "would not *be* released", "no *such* change".
FILLER = frozenset(_entries("filler"))
WORD = re.compile(r"[A-Za-z][\w’'-]*")
TITLE_CASE = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]")  # a capitalized word, not opening a sentence
OPENS_SENTENCE = re.compile(r"(?:^|[.!?:;]\s+|[\"“‘(]\s*)$")
SLOT_WORDS = frozenset(_entries("slot"))
# Quantifying determiners by class (universal / existential / negative), for rule `quantifier`.
QUANTIFIERS = {entry: group for lst, group, _, entry in _ROWS if lst == "quantifier"}
