"""Aggregate: resolve speakers across articles, then build the marts (warehouse/marts/*.sql)."""

from __future__ import annotations

import pyarrow as pa
from prefect import get_run_logger, task
from prefect.cache_policies import NONE

from arqam import schema
from arqam.speakers import resolve_speakers
from tasks.lake import Lake
from tasks.sql import build_staging, connect, mart_sql, register_sources, sql_files

SPEAKER_COLUMNS = ("article_id", "speaker", "speaker_type", "speaker_role", "speaker_affiliation", "rule")


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
        for f in sql_files("marts"):
            counts[f.stem] = lake.copy_to_snapshot(con, f.stem, mart_sql(f.stem))
    finally:
        con.close()
    get_run_logger().info("aggregate: %s", counts)
    return counts
