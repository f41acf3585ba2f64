"""A claim as the linker sees it (a Mention): its family, subject group, day, place, source and clause reading."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from arqam.incidents import cues
from arqam.incidents.cues import Reading, read_clause
from arqam.incidents.model import DETAIL_SUBJECTS_NOT, Exclusion, family, subject_group

CONTAINED_KM = 60.0  # two places this close are the same place or one inside the other (a town in its district)


@dataclass(frozen=True)
class Place:
    place_id: str
    name: str | None
    country: str | None
    lat: float | None
    lon: float | None

    @property
    def is_country(self) -> bool:
        return self.place_id.startswith("iso:")


@dataclass
class Mention:
    """One claim of the linker's input, read once."""

    index: int  # the claim's position in the input
    claim_id: str
    article_id: str
    cluster_id: str
    char_start: int
    family: str | None
    group: str | None
    event: str | None
    subject: str
    day: int | None  # ordinal of the day the figure belongs to (its statement day, shifted by a «past» cue)
    reading: Reading
    place: Place | None
    country: str | None
    source: str  # the speaker, or the outlet's own voice, one per outlet
    published: int | None
    kind: str
    low: float | None
    high: float | None
    named_elsewhere: bool = False  # its sentence names a place its article's title and lead do not (link.py)
    circumstances: frozenset[str] = frozenset()  # what its sentence says was hit and how (cues.circumstances)

    @property
    def exclusion(self) -> Exclusion | None:
        if self.family is None:
            return None
        if self.group is None:
            return Exclusion.NO_SUBJECT
        return self.reading.exclusion

    @property
    def linkable(self) -> bool:
        return self.family is not None and self.exclusion is None

    @property
    def detail(self) -> bool:
        """A figure that makes no incident of its own but can tell one (a stock or a measure: the people on board,
        the distance from the coast), when nothing in its clause says it is a total, an earlier time or another
        incident (link.py attaches it to the incident group of its article whose target or means it names)."""
        if self.linkable or self.subject in DETAIL_SUBJECTS_NOT or not self.circumstances:
            return False
        if self.family is None and self.event not in (None, "present", "other"):
            return False
        r = self.reading
        return r.exclusion is None and not r.shift_days and not r.separate

    @property
    def elsewhere(self) -> bool:
        """Told as another incident than the one before it in the article (another time, «حادث منفصل»)."""
        return self.reading.separate or self.reading.shift_days != 0 or self.named_elsewhere


def _ordinal(day: dt.date | None) -> int | None:
    return day.toordinal() if day is not None else None


def source_of(row: dict) -> str:
    """Who stands behind a figure: its speaker, else the voice of its outlet (per outlet)."""
    return row.get("speaker") or f"outlet:{row.get('outlet') or row.get('article_id')}"


def place_of(row: dict) -> Place | None:
    if not row.get("place_id"):
        return None
    return Place(row["place_id"], row.get("place_name"), row.get("country_code"), row.get("lat"), row.get("lon"))


def mention(index: int, row: dict) -> Mention:
    """Read a claim row: claim columns, `cluster_id` and `day` (the day to link on: statement day, else published)."""
    fam = family(row.get("event"))
    day = row.get("day") or row.get("statement_date") or row.get("published")
    reading = Reading()
    circumstances: frozenset[str] = frozenset()
    if row.get("sentence"):
        circumstances = cues.circumstances(row["sentence"])
    if row.get("sentence") and (fam is not None or circumstances):  # a member, or a possible detail
        start = row["char_start"] - (row.get("sentence_start") or 0)
        reading = read_clause(row["sentence"], start, start + row["char_end"] - row["char_start"], day)
    ordinal = _ordinal(day)
    if ordinal is not None:
        ordinal += reading.shift_days
    return Mention(index, row["claim_id"], row["article_id"], row.get("cluster_id") or row["article_id"],
                   row["char_start"], fam, subject_group(row.get("subject")), row.get("event"), row.get("subject"),
                   ordinal, reading, place_of(row), row.get("country_code"), source_of(row),
                   _ordinal(row.get("published")), row.get("kind"), row.get("value_low"), row.get("value_high"),
                   circumstances=circumstances)


def _km(a: Place, b: Place) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def same_or_contained(a: Place, b: Place) -> bool:
    """The same place, or one within the other: one id; a country and a place in it; two places within
    CONTAINED_KM (a village and its governorate's seat); a place without coordinates and another of its
    country (nothing says they differ)."""
    if a.place_id == b.place_id:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.is_country or b.is_country:
        return True
    km = _km(a, b)
    return km is None or km <= CONTAINED_KM
