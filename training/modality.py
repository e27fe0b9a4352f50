"""Synthetic news pairs about what was *said, wanted or refused* rather than done.

The FactCC-style edits in ``data.py`` (negation, swapped names, numbers, antonyms) never teach the
verifier that a demand, a plan or a forecast is not the event itself: it called "Moscow withdrew its
troops" SUPPORTED from "Stoltenberg demanded that Moscow withdraw troops" and "NATO will close its
doors to Ukraine" from a sentence that only shares its words. From a news sentence that reports an
event as demanded, planned, expected or refused, these pairs are made (the claim's verb put in the past
tense by rule, irregular verbs from a table):

- demanded / urged / called on Y to V → "Y V-ed ..." : neutral (the demand is not the deed);
- plans / wants / is expected / promised to V, will / would / could V → "X V-ed ..." : neutral;
- refused / failed / declined to V → "X V-ed ..." : contradicts;
- the same sentence restated with its modality kept ("demanded that Y V" → "called for Y to V",
  "refused to V" → "did not V") : entails, so the model learns that the modality, not the tense or the
  wording, decides.
"""

from __future__ import annotations

import re

ENTAILS, NEUTRAL, CONTRADICTS = 0, 1, 2

# fmt: off
IRREGULAR = {
    "be": "was", "become": "became", "begin": "began", "break": "broke", "bring": "brought", "build": "built",
    "buy": "bought", "choose": "chose", "come": "came", "cut": "cut", "do": "did", "draw": "drew", "drive": "drove",
    "fall": "fell", "fight": "fought", "find": "found", "forgive": "forgave", "get": "got", "give": "gave",
    "go": "went", "grow": "grew", "hold": "held", "keep": "kept", "know": "knew", "lay": "laid", "lead": "led",
    "leave": "left", "lend": "lent", "let": "let", "lose": "lost", "make": "made", "meet": "met", "pay": "paid",
    "put": "put", "quit": "quit", "rise": "rose", "run": "ran", "say": "said", "see": "saw", "seek": "sought",
    "sell": "sold", "send": "sent", "set": "set", "shut": "shut", "sit": "sat", "speak": "spoke", "spend": "spent",
    "stand": "stood", "strike": "struck", "swear": "swore", "take": "took", "teach": "taught", "tell": "told",
    "think": "thought", "throw": "threw", "undertake": "undertook", "understand": "understood", "win": "won",
    "withdraw": "withdrew", "write": "wrote", "hit": "hit", "feel": "felt", "hear": "heard",
    "overturn": "overturned", "stop": "stopped", "ban": "banned", "plan": "planned", "drop": "dropped",
    "admit": "admitted", "commit": "committed", "submit": "submitted", "cancel": "canceled", "ship": "shipped",
    "wear": "wore", "rebuild": "rebuilt", "bear": "bore", "bid": "bid", "fly": "flew", "eat": "ate",
}
NOT_VERBS = {
    "actually", "again", "all", "also", "always", "be", "both", "each", "either", "even", "eventually", "first",
    "further", "get", "have", "immediately", "just", "later", "like", "likely", "love", "need", "never", "next",
    "not", "now", "only", "probably", "really", "soon", "still", "then", "ultimately", "want",
}
# fmt: on
# A subject at the start of the sentence or of a clause (after "that", a comma or a colon): a name, or a
# short noun phrase ("the council", "its ships"); one found mid-phrase ("from around the state") is not one.
SUBJECT = (
    r"(?:^|(?<=, )|(?<=that )|(?<=: ))"
    r"(?P<who>[A-Z][\w.'’-]*(?: (?:of |and |the |de |for )*[A-Z][\w.'’-]*){0,5}"
    r"|(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts) (?:[A-Z][\w.'’-]* )*[a-z]+(?: [a-z]+)?)"
)
ADVERB = r"(?:(?:also|later|then|again|repeatedly|previously|reportedly|once|now|had|has|have) )?"
REST = r"(?P<verb>[a-z]+) (?P<rest>[^;:]{8,})$"
DEMAND = re.compile(
    rf"\b(?P<agent>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){{0,3}}|[Hh]e|[Ss]he|[Tt]hey|[Ii]t) {ADVERB}"
    rf"(?:demanded|demands|insisted|insists|asked|proposed|recommended) that {SUBJECT} (?:should )?{REST}"
)
URGE = re.compile(
    rf"\b(?P<agent>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){{0,3}}|[Hh]e|[Ss]he|[Tt]hey|[Ii]t) {ADVERB}"
    rf"(?:urged|urges|called on|calls on|asked|asks|pressed|presses|encouraged|ordered|orders) {SUBJECT} to {REST}"
)
INTEND = re.compile(
    rf"{SUBJECT} {ADVERB}(?:plans|planned|wants|wanted|hopes|hoped|aims|aimed|intends|intended|promised|pledged|vowed|"
    rf"threatened|proposed|offered|agreed|tried|is expected|are expected|was expected|were expected|is set|are set|"
    rf"is likely|are likely|is scheduled|are scheduled|is due|seeks|sought|is seeking|are seeking) to {REST}"
)
MODAL = re.compile(rf"{SUBJECT} (?P<modal>will|would|could|may|might|should) {REST}")
REFUSE = re.compile(
    rf"{SUBJECT} {ADVERB}(?:refused|refuses|declined|declines|failed|fails|was unable|were unable|is unable) to {REST}"
)
ATTRIBUTION = re.compile(r",? (?:he|she|they|officials|[A-Z][\w.]*(?: [A-Z][\w.]*){0,2}) (?:said|says|added)\.?$")


def past(verb: str) -> str | None:
    """The simple past of a base-form verb, by rule and a table of irregular ones (None if not a verb)."""
    if verb in NOT_VERBS or verb.endswith("ly") or len(verb) < 3 and verb not in IRREGULAR:
        return None
    if verb in IRREGULAR:
        return IRREGULAR[verb]
    if verb.endswith("e"):
        return verb + "d"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ied"
    if re.search(r"[^aeiou][aeiou][bdgmnprt]$", verb) and len(verb) <= 4:
        return verb + verb[-1] + "ed"
    return verb + "ed"


def _sentence(*parts: str) -> str:
    text = " ".join(p.strip() for p in parts if p.strip())
    text = ATTRIBUTION.sub("", text.rstrip(" .\"”'")).rstrip(" ,")
    return text[:1].upper() + text[1:] + "."


def modality_claims(sentence: str) -> list[tuple[str, int]]:
    """(claim, label) pairs made from one news sentence, or none if it reports no demand, plan or refusal."""
    out: list[tuple[str, int]] = []
    for pattern, label in (
        (DEMAND, NEUTRAL),
        (URGE, NEUTRAL),
        (INTEND, NEUTRAL),
        (MODAL, NEUTRAL),
        (REFUSE, CONTRADICTS),
    ):
        m = pattern.search(sentence)
        if not m or not (done := past(m["verb"])):
            continue
        who, rest = m["who"], m["rest"]
        out.append((_sentence(who, done, rest), label))
        if pattern in (DEMAND, URGE):
            out.append((_sentence(m["agent"], "called for", who, "to", m["verb"], rest), ENTAILS))
        elif pattern is REFUSE:
            out.append((_sentence(who, "did not", m["verb"], rest), ENTAILS))
        elif pattern is MODAL and m["modal"] == "will" and who not in ("I", "We", "You", "They"):
            plural = who.split()[-1].endswith("s") and not who.split()[-1].endswith("ss")
            out.append((_sentence(who, "are" if plural else "is", "going to", m["verb"], rest), ENTAILS))
        break  # one pattern per sentence: the first (outermost) reported one
    return out
