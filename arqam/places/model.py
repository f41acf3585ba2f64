"""The types of the place stage: gazetteer places, their mentions in a text, and the place of a figure."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from arqam.lexicon.places import GAZETTEER_KINDS

__all__ = ["GAZETTEER_KINDS", "How", "Located", "Mention", "NOWHERE", "Place", "Scope"]


class Scope(StrEnum):
    """Where the place of a figure was found."""

    CLAUSE = "clause"  # the nearest place of the figure's clause
    SENTENCE = "sentence"  # the nearest place of its sentence
    ARTICLE = "article"  # the article's main place (the most frequent of its first sentences)


class How(StrEnum):
    """How the mention was read and, for a name with several places, which one was chosen."""

    NAME = "name"  # a gazetteer name with one place
    TYPE_WORD = "type_word"  # a place-type word before a name the gazetteer lacks (قرية الشيخ مسكين)
    BY_CONTAINER = "by_container"  # the place inside the place named right after it (حي الوعر في حمص)
    BY_COUNTRY = "by_country"  # the place in the article's country
    BY_LEXICON = "by_lexicon"  # the reviewed news place (news_places.tsv) over other GeoNames entries
    BY_POPULATION = "by_population"  # the most populous
    COUNTRY_REF = "country_ref"  # a word for the country (البلاد): the article's country


@dataclass(frozen=True, slots=True)
class Place:
    """A place of the gazetteer."""

    id: str  # geonames:<id> | iso:<alpha-2> | lexicon:<name> | written:<name> (a type-word place)
    name: str  # canonical Arabic name
    kind: str  # GAZETTEER_KINDS
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None = None  # GeoNames admin1 code (the governorate, province or state it is in)
    population: int = 0
    lat: float | None = None
    lon: float | None = None
    parent: str | None = None  # id of the place it is in, when the lexicon says
    reviewed: bool = False  # named in news_places.tsv


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name in a text: its token span, the name as written (clitics off) and the places it may be."""

    start: int  # token index
    end: int  # token index, exclusive
    raw_start: int  # raw span of the name without its clitics
    raw_end: int
    written: str  # the name as written, clitics off (بالباغوز -> الباغوز)
    places: tuple[Place, ...]  # every candidate, best first after resolution
    how: How = How.NAME
    dateline: bool = False  # where the reporter writes, never a figure's place
    locative: bool = False  # introduced as a location: في حلب، بالعريش، قرب كيليس، مدينة حلب، جنوب لبنان
    attribute: bool = False  # of a person, body or event, not a location: سفير قطر، قمة طهران، دوق كامبريدج


@dataclass(frozen=True, slots=True)
class Located:
    """The place of a figure: the claim's place columns."""

    place: str | None = None
    place_name: str | None = None
    place_id: str | None = None
    country_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    place_rule: str | None = None

    def columns(self) -> dict:
        """The claim fields (Claim.place ... Claim.place_rule)."""
        return {"place": self.place, "place_name": self.place_name, "place_id": self.place_id,
                "country_code": self.country_code, "lat": self.lat, "lon": self.lon, "place_rule": self.place_rule}


NOWHERE = Located()
