"""Aggregate: resolve speakers across articles, then build the marts (warehouse/marts/*.sql)."""

from __future__ import annotations

import duckdb
from prefect import get_run_logger, task
from prefect.cache_policies import NONE

from arqam import schema
from arqam.speakers import resolve_speakers
from tasks.lake import Lake
from tasks.sql import build_staging, mart_sql, register_sources, sql_files


@task(name="aggregate", cache_policy=NONE)
def aggregate(warehouse: str, discrepancy_window_days: int = 7) -> dict[str, int]:
    lake = Lake(warehouse)
    extracted = lake.read("extracted").to_pylist()
    claims, speakers = resolve_speakers(sorted(extracted, key=lambda c: (c["article_id"], c["char_start"])))
    lake.write_snapshot("claims", schema.table(claims, schema.CLAIMS))
    lake.write_snapshot("speakers", schema.table(speakers, schema.SPEAKERS))
    counts = {"claims": len(claims), "speakers": len(speakers)}
    con = duckdb.connect()
    try:
        con.execute(f"set variable discrepancy_window_days = {int(discrepancy_window_days)}")
        register_sources(con, lake)
        build_staging(con)
        for f in sql_files("marts"):
            table = con.sql(mart_sql(f.stem)).to_arrow_table()
            lake.write_snapshot(f.stem, table)
            counts[f.stem] = table.num_rows
    finally:
        con.close()
    get_run_logger().info("aggregate: %s", counts)
    return counts
