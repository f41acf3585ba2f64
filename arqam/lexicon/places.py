"""The reviewed place lexicons of arqam/lexicon/data, loaded through the one validating loader into the
Vocabulary (`news_places`, `place_words`, `not_places`).

- `news_places.tsv`: places of the news that GeoNames lacks (camps, regions, governorates, districts,
  neighbourhoods) and reviewed names of places it has (the row's `id` links a GeoNames city or an ISO
  country: its canonical name and news spellings win over the generated ones).
- `place_words.tsv`: the words around place names: place-type words (قرية، مخيم ...), directions,
  locative words, name heads (عين، تل، دير ...) and words that are no name after a type word.
- `not_places.tsv`: names that are not places here (never), or only where a locative or type word says
  so (context), and names of bodies that contain a place name (قوات سوريا الديمقراطية: never).
"""

from __future__ import annotations

from dataclasses import dataclass

from arqam.lexicon.loader import LexiconError, read_tsv

# the kinds of places of the gazetteer (arqam/places)
GAZETTEER_KINDS = ("country", "admin1", "district", "region", "city", "town", "village", "camp", "neighbourhood", "site",
               "water")

WORD_ROLES = ("type", "weak_type", "direction", "locative", "name_head", "not_name", "attribute", "country_ref",
              "border")
BLOCKS = ("never", "context")
NEWS_PLACE_COLUMNS = ("name", "kind", "country", "admin1", "parent", "lat", "lon", "id", "aliases")


def _check(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise LexiconError(f"lexicon {name}: {value!r} is not one of {', '.join(allowed)}")
    return value


@dataclass(frozen=True)
class NewsPlace:
    """A row of news_places.tsv."""

    name: str  # canonical, as written
    key: str  # its match key
    kind: str  # GAZETTEER_KINDS
    country: str | None
    admin1: str | None
    parent: str | None  # the match key of the lexicon place it is in
    lat: float | None
    lon: float | None
    id: str | None  # geonames:<id> or iso:<alpha-2> when the row names a place of the generated gazetteer
    aliases: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class PlaceWords:
    """place_words.tsv by role: type words with the kind of place they name, and word sets."""

    types: dict[str, str]  # word -> GAZETTEER_KINDS (type and weak_type words)
    weak_type: frozenset[str]  # a type word that takes only a known or a definite name (منطقة، مطار)
    direction: frozenset[str]
    locative: frozenset[str]
    name_head: frozenset[str]
    not_name: frozenset[str]
    attribute: frozenset[str]  # a word before a place that makes it an attribute, not a location (سفير، قمة)
    country_ref: frozenset[str]  # a word that names the article's country (البلاد)
    border: frozenset[str]  # a word before «مع» that makes the place after it a neighbour (الحدودية مع سوريا)
    all_words: frozenset[str]  # every word of the file: none is a one-word place name


def _coordinate(row: dict, column: str, limit: float) -> float | None:
    if not row[column]:
        return None
    value = float(row[column])
    if not -limit <= value <= limit:
        raise LexiconError(f"lexicon news_places: {row['name_as_written']!r} has {column} {value}")
    return value


def news_places() -> tuple[NewsPlace, ...]:
    from arqam.text.normalize import normalize  # here: the match key itself reads a lexicon file

    rows = read_tsv("news_places", NEWS_PLACE_COLUMNS, key="name", optional=NEWS_PLACE_COLUMNS[2:])
    out = []
    for r in rows:
        ident = r["id"] or None
        if ident and not ident.startswith(("geonames:", "iso:")):
            raise LexiconError(f"lexicon news_places: {r['name_as_written']!r} has id {ident!r}")
        out.append(NewsPlace(r["name_as_written"], r["name"], _check("news_places", r["kind"], GAZETTEER_KINDS),
                             r["country"] or None, r["admin1"] or None, " ".join(normalize(r["parent"]).split()) or None,
                             _coordinate(r, "lat", 90), _coordinate(r, "lon", 180), ident,
                             tuple(a.strip() for a in r["aliases"].split("|") if a.strip())))
    keys = {p.key for p in out}
    for p in out:
        if p.parent and p.parent not in keys:
            raise LexiconError(f"lexicon news_places: the parent {p.parent!r} of {p.name!r} is no row")
    return tuple(out)


def place_words() -> PlaceWords:
    rows = read_tsv("place_words", ("word", "role", "kind"), key="word", optional=("kind",), unique=("word", "role"))
    by_role: dict[str, set[str]] = {role: set() for role in WORD_ROLES}
    types: dict[str, str] = {}
    for r in rows:
        by_role[_check("place_words", r["role"], WORD_ROLES)].add(r["word"])
        if r["role"] in ("type", "weak_type"):
            types[r["word"]] = _check("place_words", r["kind"], GAZETTEER_KINDS)
    return PlaceWords(types, *(frozenset(by_role[role]) for role in WORD_ROLES[1:]),
                      frozenset(r["word"] for r in rows))


def not_places() -> dict[str, str]:
    """Match key of a name -> never | context."""
    rows = read_tsv("not_places", ("name", "block", "note"), key="name", optional=("note",))
    return {r["name"]: _check("not_places", r["block"], BLOCKS) for r in rows}
