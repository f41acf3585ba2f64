"""The Claim: one figure with its value, what it counts, what happened, who said it and when.

This is the one definition of the `claims` table: its pyarrow schema (`CLAIM_SCHEMA`), the column
contract (warehouse/contract.yaml is checked against it) and the data dictionary (every column's
description lives here, beside its type).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field, fields

import pyarrow as pa

TRACE_FIELDS = ("figure", "subject", "event", "speaker", "date", "registry")


@dataclass(frozen=True)
class Trace:
    """The named rule of each stage that produced a claim (the `rule` column, a STRUCT)."""

    figure: str  # the number grammar: digits, words, approx+digits, range:between, digits+at_least_after ...
    subject: str  # a SubjectRule of arqam/figures/typing.py: noun_after, group, others, civilian_setting, fled ...
    event: str  # an EventRule of arqam/figures/typing.py: casualty_noun, predicate, clause, implied, measure ...
    speaker: str  # the attribution rule: name, role+name, organization, anonymous, alias, anaphora, outlet_voice ...
    date: str  # published, اليوم, امس, weekday, explicit_date ...
    registry: str | None = None  # the warehouse speaker registry's rule when it renamed the speaker (surname, role)


TRACE_TYPE = pa.struct([(name, pa.string()) for name in TRACE_FIELDS])


_REQUIRED = object()


def _col(description: str, arrow: pa.DataType, default=_REQUIRED):
    meta = {"description": description, "arrow": arrow}
    return field(metadata=meta) if default is _REQUIRED else field(default=default, metadata=meta)


@dataclass(frozen=True)
class Claim:
    """One figure of one article (a row of `claims`)."""

    claim_id: str = _col("Deterministic id: a hash of article_id, char_start and char_end.", pa.string())
    article_id: str = _col("The article (articles.article_id).", pa.string())
    char_start: int = _col("Start of the figure phrase in the article's raw text (Python str index; in DuckDB "
                           "substr(text_raw, char_start + 1, char_end - char_start)).", pa.int32())
    char_end: int = _col("End of the figure phrase (exclusive).", pa.int32())
    quote: str = _col("The figure phrase as written: text_raw[char_start:char_end].", pa.string())
    sentence: str = _col("The whole sentence that holds the figure.", pa.string())
    sentence_start: int = _col("Where that sentence starts in the raw text.", pa.int32())
    kind: str = _col("exact | approx (حوالي، نحو) | range (من 400 إلى 600) | at_least (أكثر من) | at_most (أقل من) "
                     "| vague (عشرات، آلاف).", pa.string())
    value_low: float | None = _col("Low bound (exact and approx: the value; at_most: NULL; vague plural of a unit U: "
                                   "3U).", pa.float64())
    value_high: float | None = _col("High bound (exact and approx: the value; at_least: NULL; vague: 10U).",
                                    pa.float64())
    subject: str = _col("What is counted: civilians, fighters, soldiers, police, children, women, people, displaced, "
                        "refugees, detainees, journalists, sites, villages, towns, attacks, airstrikes, rockets, "
                        "vehicles, weapons, area_km2, distance_m, distance_km, money, percent, other.", pa.string())
    event: str | None = _col("What happened to it, from the figure's own predicate: killed, wounded, "
                             "killed_or_wounded, captured, detained, released, freed, evacuated, displaced, missing, "
                             "held, present, seized, attacked, launched, destroyed, paid, other; NULL when the text "
                             "says nothing.", pa.string())
    speaker: str | None = _col("Who the text attributes the figure to, in the fullest form known; NULL: the outlet's "
                               "own voice.", pa.string())
    speaker_type: str | None = _col("person | organization | agency | anonymous, NULL with the outlet's voice.",
                                    pa.string())
    speaker_role: str | None = _col("The speaker's role when stated (مدير المركز الإعلامي لقوات سوريا الديمقراطية).",
                                    pa.string())
    speaker_affiliation: str | None = _col("The organization the speaker belongs to or speaks for, when known.",
                                           pa.string())
    channel: str | None = _col("The medium the speaker spoke to (رويترز in «قال لرويترز»), NULL when not stated.",
                               pa.string())
    published: dt.date | None = _col("The article's date.", pa.date32())
    date_source: str | None = _col("Where `published` comes from: metadata (the `published` field), the name of "
                                    "another date field of the record (crawled, date, pubDate, datePublished), text, "
                                    "or NULL.", pa.string())
    statement_date: dt.date | None = _col("The day the figure was stated (اليوم، أمس، a weekday, resolved against "
                                          "published).", pa.date32())
    statement_offset_days: int | None = _col("The statement day as an offset from publication, kept when "
                                             "published is unknown.", pa.int32())
    confidence: float = _col("0..1: how far the rules that read the figure are trusted.", pa.float64())
    rule: Trace = _col("The named rule of each stage: STRUCT(figure, subject, event, speaker, date, registry).",
                       TRACE_TYPE)
    place: str | None = _col("Where the figure happened, as written in the text (بالباغوز -> الباغوز); NULL when the "
                             "text names no place. A dateline is where the reporter is, never the figure's place.",
                             pa.string(), None)
    place_name: str | None = _col("The place's canonical Arabic name.", pa.string(), None)
    place_id: str | None = _col("The place's gazetteer id (geonames:<id> for GeoNames, iso:<code> for a country, "
                                "lexicon:<name> for a place of the news-places lexicon).", pa.string(), None)
    country_code: str | None = _col("ISO 3166-1 alpha-2 country of the place.", pa.string(), None)
    lat: float | None = _col("Latitude of the place (WGS84), when the gazetteer knows it.", pa.float64(), None)
    lon: float | None = _col("Longitude of the place.", pa.float64(), None)
    place_rule: str | None = _col("The named rule that chose the place (clause, sentence, article, type_word ...).",
                                  pa.string(), None)
    outlet: str | None = _col("The article's outlet (articles.outlet).", pa.string(), None)
    first_run_id: str | None = _col("The run that first produced this claim (runs.run_id).", pa.string(), None)

    def row(self) -> dict:
        """The claim as a row dict (the trace as a dict, for the STRUCT column)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["rule"] = asdict(self.rule)
        return out


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Claim))
DESCRIPTIONS: dict[str, str] = {f.name: f.metadata["description"] for f in fields(Claim)}
CLAIM_SCHEMA = pa.schema([(f.name, f.metadata["arrow"]) for f in fields(Claim)])


def claim_id(article_id: str, start: int, end: int) -> str:
    """Deterministic id of a claim: hash of article id and span."""
    return hashlib.sha256(f"{article_id}\x1f{start}\x1f{end}".encode()).hexdigest()[:20]


def claims_table(claims: list[Claim]) -> pa.Table:
    """A pyarrow table of claims, in the claims schema."""
    rows = [c.row() for c in claims]
    return pa.table({f.name: pa.array([r[f.name] for r in rows], f.type) for f in CLAIM_SCHEMA}, schema=CLAIM_SCHEMA)
