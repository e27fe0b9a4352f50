"""Stage 0, yes/no questions: "Did Borrell welcome the US response?" read as the statement it asks about,
"Borrell did welcome the US response.", so that it can be verified like a claim.

Contract: `polar_statement(text)` → the statement, or None when `text` is not a yes/no question (no final
"?", a wh-word, or no auxiliary verb opening it before its subject). The statement keeps the question's
words and their order, the auxiliary (and a "not" / "n't" on it) moved behind the subject: "Has NATO ruled
out membership?" → "NATO has ruled out membership."; "Isn't Moscow a party to the talks?" → "Moscow isn't
a party to the talks.". Read with spaCy's parser (`factbot.text.nlp`): the subject is the auxiliary's
clause's nominal subject and everything it governs.
"""

from __future__ import annotations

from factbot.text.nlp import nlp

SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
NEGATIONS = frozenset({"not", "n't", "nt"})


def polar_statement(text: str) -> str | None:
    """The statement a yes/no question asks about, or None (see the module's contract)."""
    stripped = text.strip()
    if not stripped.endswith("?"):
        return None
    doc = nlp()(stripped.rstrip("?").rstrip())
    words = [t for t in doc if not t.is_space]
    if len(words) < 3 or words[0].pos_ != "AUX":
        return None
    aux_end = 1
    while aux_end < len(words) and words[aux_end].lower_ in NEGATIONS:
        aux_end += 1
    end = _subject_end(doc, words[aux_end].i)
    if end is None or end >= len(doc):
        return None
    aux = doc[words[0].i : words[aux_end - 1].i + 1].text
    aux = aux[0].lower() + aux[1:]
    subject_text = doc[words[aux_end].i : end].text
    rest = doc[end:].text
    statement = " ".join(part for part in (subject_text[0].upper() + subject_text[1:], aux, rest) if part)
    return statement.replace(" n't", "n't") + "."


def _subject_end(doc: object, start: int) -> int | None:
    """Where the subject that begins at token `start` ends (exclusive): the parser's nominal subject whose
    phrase begins there, else the noun chunk that begins there (with a possessor's "'s" and the chunk after
    it), else None. The small parser often misreads questions, hence the second way."""
    for token in doc:  # type: ignore[attr-defined]
        if token.dep_ in SUBJECTS:
            phrase = [t.i for t in token.subtree if t.i >= start]
            if phrase and phrase[0] == start and phrase == list(range(start, phrase[-1] + 1)):
                return phrase[-1] + 1
    chunks = list(doc.noun_chunks)  # type: ignore[attr-defined]
    end = next((c.end for c in chunks if c.start == start), None)
    while end is not None and doc[end - 1].tag_ == "POS":  # "the Union's" + "foreign policy chief"
        end = next((c.end for c in chunks if c.start == end), None)
    return end
