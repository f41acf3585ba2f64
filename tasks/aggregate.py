"""Aggregate: resolve speakers across articles, link claims into incidents, then build the marts
(warehouse/marts/*.sql)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow as pa
from prefect import get_run_logger, task
from prefect.cache_policies import NONE

import arqam.incidents as incidents_package
from arqam import schema
from arqam.incidents import link_claims
from arqam.incidents.tables import INCIDENT_CLAIMS, INCIDENTS
from arqam.incidents.tables import table as incident_table
from arqam.speakers import resolve_speakers
from tasks.lake import Lake
from tasks.sql import build_staging, connect, mart_sql, register_sources, sql_files

SPEAKER_COLUMNS = ("article_id", "speaker", "speaker_type", "speaker_role", "speaker_affiliation", "rule")
_INCIDENTS = Path(incidents_package.__file__).resolve().parent
_LEXICON = _INCIDENTS.parent / "lexicon" / "data"


def linker_key() -> str:
    """A fingerprint of the incident linker (its code and word lists): the aggregate stage runs again when it changes."""
    h = hashlib.sha256()
    for f in sorted(_INCIDENTS.glob("*.py")) + [_LEXICON / "incident_cues.tsv", _LEXICON / "common_words.tsv"]:
        h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()[:16]


@task(name="aggregate", cache_policy=NONE)
def aggregate(lake: Lake, discrepancy_window_days: int) -> dict[str, int]:
    claims = lake.read("extracted").sort_by([("article_id", "ascending"), ("char_start", "ascending")])
    # the registry reads and rewrites only the speaker columns; the rest of each claim stays in Arrow
    resolved, speakers = resolve_speakers(claims.select(list(SPEAKER_COLUMNS)).to_pylist())
    for column in ("speaker", "rule"):
        f = claims.schema.field(column)
        claims = claims.set_column(claims.schema.get_field_index(column), f, pa.array([c[column] for c in resolved], f.type))
    lake.write_snapshot("claims", claims)
    lake.write_snapshot("speakers", schema.table(speakers, schema.SPEAKERS))
    counts = {"claims": len(claims), "speakers": len(speakers)}
    con = connect(lake)
    try:
        con.execute(f"set variable discrepancy_window_days = {int(discrepancy_window_days)}")
        register_sources(con, lake)
        build_staging(con)
        counts.update(link_incidents(con, lake, discrepancy_window_days))
        register_sources(con, lake)  # the incident snapshots, which the marts read
        for f in sql_files("marts"):
            counts[f.stem] = lake.copy_to_snapshot(con, f.stem, mart_sql(f.stem))
    finally:
        con.close()
    get_run_logger().info("aggregate: %s", counts)
    return counts


def link_incidents(con, lake: Lake, window_days: int) -> dict[str, int]:
    """Link the claims snapshot into incidents (arqam.incidents) and write the incidents and incident_claims
    snapshots; claims are read through the stg_link_input view (their article's cluster, title, lead and day)."""
    cur = con.execute("select * from stg_link_input")
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    incidents, members, left_out = link_claims(rows, int(window_days))
    incidents.sort(key=lambda r: (r["first_day"] is None, r["first_day"] or 0, r["incident_id"]))
    members.sort(key=lambda r: (r["incident_id"], r["day"] is None, r["day"] or 0, r["claim_id"]))
    lake.write_snapshot("incidents", incident_table(incidents, INCIDENTS))
    lake.write_snapshot("incident_claims", incident_table(members, INCIDENT_CLAIMS))
    return {"incidents": len(incidents), "incident_claims": len(members),
            **{f"not_linked_{k}": v for k, v in sorted(left_out.items())}}
