"""Which place a mention is, and where a figure happened.

A name with several gazetteer places is resolved by, in order: the place named right after it that
contains it («حي الوعر في حمص», «بلدة جسرين بريف دمشق»), the kind a type word before it asks for
(«ولاية جورجيا»: a state, not the country), the article's country (the country most named in the
article, by its own mentions and those of places with one country), the reviewed news places, then
population. A figure's place is the nearest place of its clause, else of its sentence, else the
article's main place (the most frequent place of its first sentences). A dateline is never used.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import NamedTuple

from arqam.places.gazetteer import Gazetteer
from arqam.places.model import NOWHERE, How, Located, Mention, Place, Scope
from arqam.text.document import Document


class Words(NamedTuple):
    """The words the resolver reads: where a clause ends, and the words for a country («البلاد»)."""

    clause_break: frozenset[str]
    country_ref: frozenset[str]

_CONTAINER_GAP = 2  # tokens between a place and the place that contains it («X في Y»، «X بمحافظة Y»)
LEAD_SENTENCES = 3  # the article's main place is the most frequent of its first sentences
_KIND_RANK = {"neighbourhood": 0, "site": 0, "camp": 0, "village": 1, "town": 1, "city": 2, "district": 3,
              "admin1": 4, "region": 4, "water": 5, "country": 6}
_CHAIN_GAP = 3  # tokens between a place and the place around it in a chain («أغري بشرق تركيا»)
_KIND_GROUPS = {"city": "settlement", "town": "settlement", "village": "settlement", "camp": "settlement",
                "neighbourhood": "settlement", "district": "district", "admin1": "admin1", "region": "region",
                "country": "country", "site": "site", "water": "water"}


def _country_of(m: Mention) -> str | None:
    """The one country of a mention's places, if they all share it."""
    countries = {p.country for p in m.places}
    return next(iter(countries)) if len(countries) == 1 else None


class Resolver:
    """Resolves the mentions of one article and places its figures."""

    def __init__(self, mentions: list[Mention], gaz: Gazetteer, doc: Document, words: Words,
                 type_kinds: dict[int, str], sections: list[int] = ()) -> None:
        self.gaz, self.doc, self.words = gaz, doc, words
        self.sentences = [doc.tokens_in(s, e) for s, e in doc.sentences]  # token spans
        self.sections = sorted(sections)  # token indexes where a dateline opens a section
        usable = [m for m in mentions if not m.dateline]
        self.country = self._article_country(usable)
        self.mentions = [self._resolve(m, usable, type_kinds.get(m.start - 1)) for m in usable]
        self.mentions = [self._with_country(k, m) for k, m in enumerate(self.mentions)]
        self._main: dict[int, Mention | None] = {}

    @staticmethod
    def _article_country(mentions: list[Mention]) -> str | None:
        votes = Counter(c for c in map(_country_of, mentions) if c)
        return votes.most_common(1)[0][0] if votes else None

    def _resolve(self, m: Mention, mentions: list[Mention], type_kind: str | None) -> Mention:
        if len(m.places) < 2:
            return m
        following = next((n for n in mentions if m.end <= n.start <= m.end + _CONTAINER_GAP), None)
        if following is not None:
            inside = [p for p in m.places for outer in following.places[:1]
                      if outer.id != p.id and self.gaz.contains(outer.id, p.id)]
            if inside:
                return replace(m, places=(inside[0], *[p for p in m.places if p is not inside[0]]),
                               how=How.BY_CONTAINER)
        cands = list(m.places)
        if type_kind:
            kind = [p for p in cands if _KIND_GROUPS[p.kind] == _KIND_GROUPS[type_kind]]
            cands = kind or cands
        local = [p for p in cands if p.country == self.country]
        if local:
            return self._chosen(m, local[0], How.BY_COUNTRY)
        return self._chosen(m, cands[0], How.BY_LEXICON if cands[0].reviewed else How.BY_POPULATION)

    @staticmethod
    def _chosen(m: Mention, place: Place, how: How) -> Mention:
        return replace(m, places=(place, *[p for p in m.places if p is not place]), how=how)

    def _with_country(self, k: int, m: Mention) -> Mention:
        """A type-word place takes the country of the place named right after it, else the article's."""
        place = m.places[0]
        if m.how is not How.TYPE_WORD or place.country:
            return m
        following = next((n for n in self.mentions[k + 1:] if m.end <= n.start <= m.end + _CONTAINER_GAP), None)
        country = following.places[0].country if following is not None else self.country
        return replace(m, places=(replace(place, country=country),))

    # -- the figure's place -----------------------------------------------------------------------
    def _clause(self, start: int, end: int, sentence: tuple[int, int]) -> tuple[int, int]:
        a, b = sentence
        tokens, breaks = self.doc.tokens, self.words.clause_break
        lo = next((k + 1 for k in range(start - 1, a - 1, -1) if tokens[k].text in breaks), a)
        hi = next((k for k in range(end, b) if tokens[k].text in breaks), b)
        return lo, hi

    def _nearest(self, start: int, end: int, lo: int, hi: int) -> Mention | None:
        """The first place after the figure in [lo, hi), else the last before it («قتل 5 في حلب»: a place
        after the figure is where it happened; one before is often its source's: «مصادر في ريف دمشق»)."""
        inside = [m for m in self.mentions if lo <= m.start and m.end <= hi and not m.attribute]
        after = [m for m in inside if m.start >= end]
        before = [m for m in inside if m.end <= start]
        found = after[0] if after else (before[-1] if before else None)
        return self._innermost(found) if found is not None else None

    def _innermost(self, m: Mention) -> Mention:
        """The place inside the chosen one that the text names next to it («أغري بشرق تركيا»، «الأهواز، جنوب
        غربي إيران»): the most specific of a chain."""
        k = self.mentions.index(m)
        for n in (self.mentions[k - 1] if k else None, self.mentions[k + 1] if k + 1 < len(self.mentions) else None):
            if n is not None and not n.attribute and (n.end <= m.start <= n.end + _CHAIN_GAP
                                                    or m.end <= n.start <= m.end + _CHAIN_GAP) and self._inside(n, m):
                return n
        return m

    def _inside(self, inner: Mention, outer: Mention) -> bool:
        a, b = inner.places[0], outer.places[0]
        if a.id == b.id:
            return False
        return self.gaz.contains(b.id, a.id) or (b.kind == "country" and a.kind != "country" and a.country == b.country)

    def main(self, at: int) -> Mention | None:
        """The main place of the article (of its section, when datelines open sections: a news roundup).

        Of the places its first sentences name (those named as locations first), in the country they name
        most, the most specific (a town before its governorate, a governorate before its country), then the
        most frequent, then the first: a lead names its story's place at its finest."""
        section = max((d for d in self.sections if d <= at), default=0)
        if section not in self._main:
            lead = [(a, b) for a, b in self.sentences if a >= section][:LEAD_SENTENCES]
            usable = [m for m in self.mentions if m.start >= section and not m.attribute]
            pool = [m for m in usable if lead and m.start < lead[-1][1]]
            pool = [m for m in pool if m.locative] or pool
            self._main[section] = self._finest(pool) if pool else self._frequent(usable)
        return self._main[section]

    @staticmethod
    def _frequent(pool: list[Mention]) -> Mention | None:
        """The most frequent place (the first named of a tie), when the lead names none."""
        counts = Counter(m.places[0].id for m in pool)
        return max(pool, key=lambda m: (counts[m.places[0].id], -m.start)) if pool else None

    @staticmethod
    def _finest(pool: list[Mention]) -> Mention:
        countries = Counter(m.places[0].country for m in pool)
        top = countries.most_common(1)[0][0]
        counts = Counter(m.places[0].id for m in pool)
        return min((m for m in pool if m.places[0].country == top),
                   key=lambda m: (_KIND_RANK[m.places[0].kind], -counts[m.places[0].id], m.start))

    def _country_ref(self, lo: int, hi: int) -> Located | None:
        """«في أنحاء البلاد»: a word for the country in the clause names the country of the main place."""
        ref = next((k for k in range(lo, hi) if self.doc.tokens[k].text in self.words.country_ref), None)
        main = self.main(lo) if ref is not None else None
        code = main.places[0].country if main is not None else self.country
        country = self.gaz.place(f"iso:{code}") if code and ref is not None else None
        if country is None:
            return None
        written = self.doc.raw[slice(*self.doc.token_raw_span(ref, ref + 1))]
        return Located(written, country.name, country.id, country.country, country.lat, country.lon,
                       f"{Scope.CLAUSE}:{How.COUNTRY_REF}")

    def place_for(self, start: int, end: int, sentence: tuple[int, int]) -> Located:
        """The place of the figure at tokens [start, end) of the sentence at token span `sentence`."""
        lo, hi = self._clause(start, end, sentence)
        found = self._nearest(start, end, lo, hi)
        if found is not None:
            return located(found, Scope.CLAUSE)
        ref = self._country_ref(lo, hi)
        if ref is not None:
            return ref
        for scope, found in ((Scope.SENTENCE, self._nearest(start, end, *sentence)), (Scope.ARTICLE, self.main(start))):
            if found is not None:
                return located(found, scope)
        return NOWHERE


def located(m: Mention, scope: Scope) -> Located:
    """The claim's place columns for a mention chosen by a scope."""
    p = m.places[0]
    known = m.how is not How.TYPE_WORD
    return Located(m.written, p.name, p.id if known else None, p.country, p.lat, p.lon, f"{scope}:{m.how}")
