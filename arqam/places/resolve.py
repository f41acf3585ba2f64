"""Which place a mention is, and where a figure happened.

A name with several gazetteer places is resolved by, in order: the place named right after it that
contains it («حي الوعر في حمص», «بلدة جسرين بريف دمشق»), the kind a type word before it asks for
(«ولاية جورجيا»: a state, not the country), the article's country (the country its located mentions
name most) unless the local candidate is a small namesake of a country or a world city, the reviewed
news places, then population. A figure's place is the nearest place of its clause, else of its
sentence, else the article's main place (the first place of its lead, widened to the place there that
holds the others). A dateline is never used; docs/places.md has the rules by name.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

from arqam.places.gazetteer import Gazetteer
from arqam.places.mentions import FREE_POPULATION
from arqam.places.model import NOWHERE, How, Located, Mention, Place, Scope
from arqam.text.document import Document


class Cues(NamedTuple):
    """What the resolver reads of the words around the mentions, found once per article (article.py)."""

    breaks: list[int]  # token indexes where a clause ends, in order
    country_refs: list[int]  # token indexes of a word for the country («البلاد»، «للبلاد»), in order
    glue: Callable[[int], bool]  # may the token join a chain of places (a comma, في, بشرق, a type word)?


WORLD_CITY = 1_000_000  # a city this big is meant by its name wherever the story is
_CONTAINER_GAP = 2  # tokens between a place and the place that contains it («X في Y»، «X بمحافظة Y»)
LEAD_SENTENCES = 3  # the article's main place is named in its first sentences
_KIND_RANK = {"neighbourhood": 0, "site": 0, "camp": 0, "village": 1, "town": 1, "city": 2, "district": 3,
              "admin1": 4, "region": 4, "water": 5, "country": 6}
ORIGIN_GAP = 2  # words between a figure and the «من» of its people's origin («أربعة منهم من فلوريدا»)
_CHAIN_GAP = 3  # tokens between a place and the place around it in a chain («أغري بشرق تركيا»)
_KIND_GROUPS = {"city": "settlement", "town": "settlement", "village": "settlement", "camp": "settlement",
                "neighbourhood": "settlement", "district": "district", "admin1": "admin1", "region": "region",
                "country": "country", "site": "site", "water": "water"}


def _country_of(m: Mention) -> str | None:
    """The one country of a mention's places, if they all share it, or the country it names first."""
    countries = {p.country for p in m.places}
    if len(countries) == 1:
        return next(iter(countries))
    return m.places[0].country if m.places[0].kind == "country" else None  # «لبنان» over a namesake village


class Resolver:
    """Resolves the mentions of one article and places its figures."""

    def __init__(self, mentions: list[Mention], gaz: Gazetteer, doc: Document, cues: Cues,
                 type_kinds: dict[int, str], sections: list[int] = (), origins: frozenset[int] = frozenset()) -> None:
        self.gaz, self.doc = gaz, doc
        self._origins = origins  # where mentions start that tell where the people a figure counts come from
        self._breaks, self._refs, self.glue = cues
        self.sentences = [doc.tokens_in(s, e) for s, e in doc.sentences]  # token spans
        self._sentence_starts = [a for a, _ in self.sentences]
        self.sections = sorted(sections)  # token indexes where a dateline opens a section
        usable = [m for m in mentions if not m.dateline]
        self.country = self._article_country(usable)
        self.mentions = [self._resolve(m, usable[k + 1:k + 3], type_kinds.get(m.start - 1))
                         for k, m in enumerate(usable)]
        self.mentions = [self._with_country(k, m) for k, m in enumerate(self.mentions)]
        self._starts = [m.start for m in self.mentions]
        self._main: dict[int, Mention | None] = {}

    @staticmethod
    def _article_country(mentions: list[Mention]) -> str | None:
        located = [m for m in mentions if not m.attribute] or mentions  # «سفير قطر» is no vote for Qatar
        votes = Counter(c for c in map(_country_of, located) if c)
        return votes.most_common(1)[0][0] if votes else None

    def _resolve(self, m: Mention, nexts: list[Mention], type_kind: str | None) -> Mention:
        """The place of a mention among its candidates (`nexts`: the mentions after it)."""
        if len(m.places) < 2:
            return m
        following = next((n for n in nexts if m.end <= n.start <= m.end + _CONTAINER_GAP), None)
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
        # a country or a world city over a small namesake in the article's country («إيران», «القاهرة» in an
        # American story); a reviewed or a big local place stays («طرابلس» in a Lebanese one)
        major = [p for p in cands if p.kind == "country" or p.population >= WORLD_CITY]
        if local and not (major and not type_kind and major[0] is not local[0] and not local[0].reviewed
                          and local[0].population < FREE_POPULATION):
            return self._chosen(m, local[0], How.BY_COUNTRY)
        best = major[0] if major and not type_kind else cands[0]
        return self._chosen(m, best, How.BY_LEXICON if best.reviewed else How.BY_POPULATION)

    @staticmethod
    def _chosen(m: Mention, place: Place, how: How) -> Mention:
        return replace(m, places=(place, *[p for p in m.places if p is not place]), how=how)

    def _with_country(self, k: int, m: Mention) -> Mention:
        """A type-word place takes the country of the place named right after it, else the article's."""
        place = m.places[0]
        if m.how is not How.TYPE_WORD or place.country:
            return m
        following = next((n for n in self.mentions[k + 1:k + 3] if m.end <= n.start <= m.end + _CONTAINER_GAP
                          and not n.attribute), None)
        country = following.places[0].country if following is not None else self.country
        return replace(m, places=(replace(place, country=country),))

    # -- the figure's place -----------------------------------------------------------------------
    def _clause(self, start: int, end: int, sentence: tuple[int, int]) -> tuple[int, int]:
        a, b = sentence
        k = bisect_left(self._breaks, start)
        lo = self._breaks[k - 1] + 1 if k and self._breaks[k - 1] >= a else a
        k = bisect_left(self._breaks, end)
        hi = self._breaks[k] if k < len(self._breaks) and self._breaks[k] < b else b
        return lo, hi

    def _nearest(self, start: int, end: int, lo: int, hi: int, moving: bool = False) -> Mention | None:
        """The first place after the figure in [lo, hi), else the last before it («قتل 5 في حلب»: a place
        after the figure is where it happened; one before is often its source's: «مصادر في ريف دمشق»)."""
        i, j = bisect_left(self._starts, lo), bisect_left(self._starts, hi)
        inside = [k for k in range(i, j) if self.mentions[k].end <= hi and not self.mentions[k].attribute
                  and not self._origin(end, self.mentions[k], moving)]
        # a country named bare is mostly an actor («التحالف الذي تقوده السعودية في اليمن», «المدعومين من إيران»)
        inside = [k for k in inside if self.mentions[k].locative or self.mentions[k].places[0].kind != "country"] or inside
        after = next((k for k in inside if self.mentions[k].start >= end), None)
        before = next((k for k in reversed(inside) if self.mentions[k].end <= start), None)
        found = after if after is not None else before
        return self._innermost(found) if found is not None else None

    def _origin(self, end: int, m: Mention, moving: bool) -> bool:
        """«وشخصان من المغرب»، «80 من دول أفريقية»: a place after a count and «من» tells where the people counted
        come from, not where it happened, for every figure of the clause; the place a figure's people moved from
        is its own («نزوح 5 آلاف من حلب»)."""
        return m.start in self._origins and not (moving and end <= m.start - 1 <= end + ORIGIN_GAP)

    def _innermost(self, k: int) -> Mention:
        """The place inside the chosen one that the text names next to it («أغري بشرق تركيا»، «الأهواز، جنوب
        غربي إيران»): the most specific of a chain, joined by commas, locative, direction or type words only
        («حمورية وحزة ومناطق متفرقة في الغوطة» is a list, not a chain)."""
        m = self.mentions[k]
        for n in (self.mentions[k - 1] if k else None, self.mentions[k + 1] if k + 1 < len(self.mentions) else None):
            if n is None or n.attribute or not self._inside(n, m):
                continue
            gap = range(n.end, m.start) if n.end <= m.start else range(m.end, n.start)
            if len(gap) <= _CHAIN_GAP and all(self.glue(g) for g in gap):
                return n
        return m

    def _inside(self, inner: Mention, outer: Mention) -> bool:
        a, b = inner.places[0], outer.places[0]
        if a.id == b.id:
            return False
        return self.gaz.contains(b.id, a.id) or (b.kind == "country" and a.kind != "country" and a.country == b.country)

    def main(self, at: int) -> Mention | None:
        """The main place of the article (of its section, when datelines open sections: a news roundup).

        The first place its first sentences name (those named as locations first), widened to the place named
        there that holds every place they name in its country (a lead that names towns of a region and the
        region is about the region); when the lead names none, the most frequent place."""
        k = bisect_right(self.sections, at)
        section = self.sections[k - 1] if k else 0
        if section not in self._main:
            si = bisect_left(self._sentence_starts, section)
            lead = self.sentences[si:si + LEAD_SENTENCES]
            i = bisect_left(self._starts, section)
            usable = [m for m in self.mentions[i:] if not m.attribute]
            pool = [m for m in usable if lead and m.start < lead[-1][1]]
            pool = [m for m in pool if m.locative] or pool
            self._main[section] = self._covering(pool) if pool else self._frequent(usable)
        return self._main[section]

    @staticmethod
    def _frequent(pool: list[Mention]) -> Mention | None:
        """The most frequent place (the first named of a tie), when the lead names none."""
        counts = Counter(m.places[0].id for m in pool)
        return max(pool, key=lambda m: (counts[m.places[0].id], -m.start)) if pool else None

    def _holds(self, outer: Place, inner: Place) -> bool:
        return outer.id == inner.id or self.gaz.contains(outer.id, inner.id) or (
            outer.kind == "country" and inner.country == outer.country)

    def _covering(self, pool: list[Mention]) -> Mention:
        """The first place of the lead, or the finest place named in the lead that holds every place the lead
        names below its country's level («حمورية ... جسرين وعربين ... الغوطة الشرقية»: the region)."""
        first = pool[0]
        if first.places[0].kind == "country":
            return first
        below = [m for m in pool if m.places[0].kind != "country" and m.places[0].country == first.places[0].country]
        holding = [m for m in below if all(self._holds(m.places[0], n.places[0]) for n in below)]
        return min(holding, key=lambda m: (_KIND_RANK[m.places[0].kind], m.start)) if holding else first

    def _country_ref(self, lo: int, hi: int, scope: Scope) -> Located | None:
        """«في أنحاء البلاد»، «للبلاد»: a word for the country names the country of the main place."""
        k = bisect_left(self._refs, lo)
        ref = self._refs[k] if k < len(self._refs) and self._refs[k] < hi else None
        if ref is None:
            return None
        main = self.main(lo)
        code = main.places[0].country if main is not None else self.country
        country = self.gaz.place(f"iso:{code}") if code else None
        if country is None:
            return None
        written = self.doc.raw[slice(*self.doc.token_raw_span(ref, ref + 1))]
        return Located(written, country.name, country.id, country.country, country.lat, country.lon,
                       f"{scope}:{How.COUNTRY_REF}")

    def place_for(self, start: int, end: int, sentence: tuple[int, int], moving: bool = False) -> Located:
        """The place of the figure at tokens [start, end) of the sentence at token span `sentence`: the nearest
        place of its clause, a word for the country in it, the same in its sentence, else the article's main
        place. A place the people counted come from is not it, unless they moved (`moving`: «نزوح 5 آلاف من حلب»
        is where they fled)."""
        lo, hi = self._clause(start, end, sentence)
        found = self._nearest(start, end, lo, hi, moving)
        if found is not None:
            return located(found, Scope.CLAUSE)
        ref = self._country_ref(lo, hi, Scope.CLAUSE)
        if ref is not None:
            return ref
        found = self._nearest(start, end, *sentence, moving)
        if found is not None:
            return located(found, Scope.SENTENCE)
        ref = self._country_ref(*sentence, Scope.SENTENCE)
        if ref is not None:
            return ref
        found = self.main(start)
        return located(found, Scope.ARTICLE) if found is not None else NOWHERE


def located(m: Mention, scope: Scope) -> Located:
    """The claim's place columns for a mention chosen by a scope."""
    p = m.places[0]
    known = m.how is not How.TYPE_WORD
    return Located(m.written, p.name, p.id if known else None, p.country, p.lat, p.lon, f"{scope}:{m.how}")
