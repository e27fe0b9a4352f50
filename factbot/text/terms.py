"""Words of plain text: query terms (what the keyword index and every overlap measure count), base forms
and light stems. The one place these are defined, so retrieval, answers and checks count words alike.

Contracts: `query_terms(text)` → lower-cased content words in order, no repeats, no stop words;
`stem(word)` and `base_form(word)` → a lower-cased key (same key ⇒ treated as the same word);
`stems(text)` → the set of stems of its words; `ends_sentence(text)` → whether it ends as a statement does.
"""

from __future__ import annotations

import re

_STOPWORDS = frozenset(
    """a an and are as at be been but by did do does for from had has have he her his how i in into is it
    its me of on or our she so than that the their them then there these they this to was we were what
    when where which who whom whose why will with would you your about after also any can could said says
    say tell told""".split()
)
_WORD = re.compile(r"\w+", re.UNICODE)


def query_terms(text: str) -> list[str]:
    """Content words of a query, lower-cased, stop words removed, in order, without repeats."""
    seen: dict[str, None] = {}
    for w in _WORD.findall(text.lower()):
        if w not in _STOPWORDS and (len(w) > 1 or w.isdigit()):
            seen.setdefault(w, None)
    return list(seen)


# Irregular past forms of common news verbs, so that "gave" matches "give" ("called on Baird to give
# workers Monday off" against "Baird gave workers Monday off"). Forms that are also other words ("left",
# "found", "saw", "lead") are left out.
_IRREGULAR = dict(
    pair.split(":")
    for pair in """
    gave:give given:give took:take taken:take made:make sent:send held:hold paid:pay told:tell met:meet won:win
    lost:lose sold:sell bought:buy brought:bring kept:keep began:begin begun:begin rose:rise risen:rise
    fell:fall fallen:fall grew:grow grown:grow came:come became:become went:go gone:go ran:run wrote:write
    written:write spoke:speak spoken:speak chose:choose chosen:choose broke:break broken:break struck:strike
    fought:fight caught:catch taught:teach built:build spent:spend sought:seek withdrew:withdraw
    withdrawn:withdraw knew:know known:know shown:show drove:drive driven:drive forgot:forget forgotten:forget
    stood:stand understood:understand thought:think threw:throw thrown:throw flew:fly flown:fly ate:eat
    eaten:eat drew:draw drawn:draw froze:freeze frozen:freeze hid:hide hidden:hide shot:shoot fled:flee
    sank:sink sunk:sink swore:swear sworn:swear wore:wear worn:wear woke:wake arose:arise arisen:arise
    """.split()
)


def base_form(word: str) -> str:
    """The word in lower case, an irregular past form as its present ("gave" → "give")."""
    w = word.lower()
    return _IRREGULAR.get(w, w)


def stem(word: str) -> str:
    """A light suffix stripper, enough to match "demand"/"demanded"/"demands" and "gave"/"give" (not
    linguistics)."""
    w = base_form(word)
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    return w[:-1] if len(w) > 4 and w.endswith("e") else w


def ends_sentence(text: str) -> bool:
    """Whether text ends as a sentence does (full stop, ?, !, or a closing quote or bracket): a line
    that does not, and is short, is a heading ("NATO sends its own proposals"), not a statement."""
    return bool(re.search(r"[.!?\"”’)]\s*$", text))


def stems(text: str) -> set[str]:
    """Stemmed words of a text."""
    return {stem(w) for w in re.findall(r"\w+", text.lower())}
