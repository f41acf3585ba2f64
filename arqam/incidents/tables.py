"""The `incidents` and `incident_claims` tables: their pyarrow schemas and column descriptions, in one place
(warehouse/contract.yaml and the README's table are checked against them)."""

from __future__ import annotations

import pyarrow as pa

INCIDENT_COLUMNS: tuple[tuple[str, pa.DataType, str], ...] = (
    ("incident_id", pa.string(), "Deterministic id: a hash of the incident's first claim (earliest day, then "
                                 "publication, article and position)."),
    ("first_day", pa.date32(), "The earliest day of its figures (statement day, else publication or crawl day)."),
    ("last_day", pa.date32(), "The latest day of its figures; last_day - first_day never exceeds the window."),
    ("place_name", pa.string(), "Where it happened: the place its members name most (the more specific between "
                                "equals), canonical Arabic; NULL when no member has a place."),
    ("place_id", pa.string(), "That place's gazetteer id (claims.place_id)."),
    ("country_code", pa.string(), "ISO 3166-1 alpha-2 country of the incident; every member with a country has it."),
    ("lat", pa.float64(), "Latitude of the place (WGS84), when known."),
    ("lon", pa.float64(), "Longitude of the place."),
    ("family", pa.string(), "The event family its members share: violence (killed, wounded, killed_or_wounded, "
                            "missing, attacked, launched, captured, held, freed, displaced, evacuated), detentions "
                            "(detained, released), destruction, seizures."),
    ("event", pa.string(), "The headline event: the first of killed, killed_or_wounded, wounded, missing, detained, "
                           "captured, held ... that a member reports."),
    ("subject", pa.string(), "The headline subject: among the members of the headline event, the subject most "
                             "clusters report (ties: the more general, people before civilians)."),
    ("low", pa.float64(), "The smallest figure reported for the headline event and subject (a range's or vague "
                          "amount's low bound; an at-most's bound)."),
    ("best", pa.float64(), "The latest figure of the source most clusters cite for the headline event and subject "
                           "(exact or approximate value, a range's middle, an at-least's floor; a vague amount only "
                           "when that source gave nothing else)."),
    ("high", pa.float64(), "The largest figure reported for the headline event and subject (an at-least's floor "
                           "when nothing larger was said)."),
    ("best_claim_id", pa.string(), "The claim `best` comes from."),
    ("n_claims", pa.int64(), "Member claims (every event and subject of the incident)."),
    ("n_articles", pa.int64(), "Articles with a member claim."),
    ("n_clusters", pa.int64(), "Near-duplicate clusters with a member claim: a syndicated story counts once."),
    ("n_outlets", pa.int64(), "Outlets that carried it."),
    ("speakers", pa.list_(pa.string()), "The speakers of its figures (NULL speakers, the outlets' own voice, left out)."),
    ("outlets", pa.list_(pa.string()), "The outlets that carried it."),
)

INCIDENT_CLAIM_COLUMNS: tuple[tuple[str, pa.DataType, str], ...] = (
    ("incident_id", pa.string(), "The incident (incidents.incident_id)."),
    ("claim_id", pa.string(), "A member claim (claims.claim_id); a claim is in one incident at most."),
    ("article_id", pa.string(), "The claim's article."),
    ("cluster_id", pa.string(), "The article's near-duplicate cluster."),
    ("day", pa.date32(), "The day the claim is linked on (statement day, else publication or crawl day, moved back "
                         "when its clause says «الأسبوع الماضي»)."),
    ("source", pa.string(), "Who stands behind the figure: the speaker, or the outlet's own voice as 'outlet:<outlet>' "
                            "(one voice per outlet)."),
    ("role", pa.string(), "first_report (the first figure of its series: event and subject) | update (the same "
                          "source later, or a toll that grows) | disagreement (another source, a figure the series "
                          "did not have) | same (overlaps a figure reported before)."),
    ("link_rule", pa.string(), "The rule that put the claim in the incident: first | same_article | same_cluster | "
                               "same_place_story | similar_story | detail (a stock or measure of an article that names the "
                               "incident's target or means: the people on board the boat that sank; never compared in "
                               "discrepancies) (arqam/incidents/model.py:LinkRule)."),
    ("grows", pa.bool_(), "Its clause says the toll grows or is revised («ارتفعت حصيلة القتلى إلى»)."),
)


def _schema(columns: tuple[tuple[str, pa.DataType, str], ...]) -> pa.Schema:
    return pa.schema([pa.field(name, arrow, metadata={"description": doc}) for name, arrow, doc in columns])


INCIDENTS = _schema(INCIDENT_COLUMNS)
INCIDENT_CLAIMS = _schema(INCIDENT_CLAIM_COLUMNS)
DESCRIPTIONS = {"incidents": {n: d for n, _, d in INCIDENT_COLUMNS},
                "incident_claims": {n: d for n, _, d in INCIDENT_CLAIM_COLUMNS}}


def table(rows: list[dict], schema: pa.Schema) -> pa.Table:
    return pa.table({f.name: pa.array([r[f.name] for r in rows], f.type) for f in schema}, schema=schema)
