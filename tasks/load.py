"""Load: build the DuckDB warehouse from the lake in a temporary file and swap it in atomically.

A reader never sees a half-built warehouse, and a run that dies during load leaves the
previous warehouse file intact (DESIGN.md: DuckDB locks, os.replace, stale .wal files).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from pathlib import Path

import duckdb
from prefect import get_run_logger, task
from prefect.cache_policies import NONE

from arqam import schema
from tasks import faults
from tasks.lake import Lake, retry_if_transient, shard_name
from tasks.sql import build_staging, connect, register_sources

TABLES = ("articles", "claims", "incidents", "incident_claims", "daily_figures", "speakers", "discrepancies", "quarantine",
          "runs")


def build_database(lake: Lake, path: Path) -> dict[str, int]:
    """Create every warehouse table in a new DuckDB file at `path`."""
    con = connect(lake, path)
    counts = {}
    try:
        register_sources(con, lake)
        build_staging(con)
        con.execute("create table articles as select * from stg_articles order by article_id")
        for name in ("claims", "incidents", "incident_claims", "daily_figures", "speakers", "discrepancies"):
            source = lake.sql_source(name)
            if source is None:
                con.register(f"{name}_arrow", lake.read_snapshot(name))
                source = f"{name}_arrow"
            con.execute(f"create table {name} as select * from {source}")
            if name == "claims":
                faults.point("in-load", lake.warehouse)  # half-way through the build (the fault tests stop here)
        _load_run_tables(con, lake)
        for name in TABLES:
            counts[name] = con.execute(f"select count(*) from {name}").fetchone()[0]
        con.execute("checkpoint")
    finally:
        con.close()
    return counts


def _load_run_tables(con: duckdb.DuckDBPyConnection, lake: Lake) -> None:
    """(Re)create the quarantine and runs tables from the lake."""
    for name, order in (("quarantine", "source_path, line, reason"), ("runs", "started_at")):
        con.register(f"{name}_arrow", lake.read(name))
        # an input quarantined again by a later run is one row
        con.execute(f"create or replace table {name} as select distinct * from {name}_arrow order by {order}")
        con.unregister(f"{name}_arrow")


def refresh_run_tables(lake: Lake, path: Path) -> dict[str, int]:
    """A run that changed no figures: a copy of the warehouse with its quarantine and runs tables renewed."""
    shutil.copyfile(lake.db_path, path)
    con = connect(lake, path)
    try:
        _load_run_tables(con, lake)
        counts = {name: con.execute(f"select count(*) from {name}").fetchone()[0] for name in TABLES}
        con.execute("checkpoint")
    finally:
        con.close()
    return counts


def swap_in(lake: Lake, tmp: Path) -> None:
    """Replace the warehouse file atomically; a stale .wal beside it (which would make every open fail) is set
    aside first."""
    lake.set_aside_stale_wal()
    os.replace(tmp, lake.db_path)


@task(name="load", cache_policy=NONE, retries=1, retry_delay_seconds=2, retry_condition_fn=retry_if_transient)
def load(lake: Lake, run_row: dict, run_date: str, key: str, rebuild: bool = True) -> dict[str, int]:
    """Write this run's `runs` row, build the warehouse in a temp file, swap it in, then record the stage as
    done from the lake state `key` fingerprints.

    With rebuild=False (nothing but run bookkeeping changed) the current warehouse is copied and only its
    quarantine and runs tables are renewed. The runs row goes into the build with a provisional load time;
    once the build is done, the lake's row and the new file's row get the real one, then the file is swapped in.
    """
    started = time.perf_counter()
    tmp = lake.warehouse / f".{lake.db_path.name}.{os.getpid()}.tmp"
    for stale in lake.warehouse.glob(f".{lake.db_path.name}.*.tmp*"):  # left by a run that was killed
        stale.unlink()
    _write_run_row(lake, run_row, run_date, started)
    try:
        counts = build_database(lake, tmp) if rebuild or not lake.db_path.exists() else refresh_run_tables(lake, tmp)
        row = _write_run_row(lake, run_row, run_date, started)
        con = connect(lake, tmp)
        try:
            con.execute("update runs set seconds = ?, finished_at = ? where run_id = ?",
                        [row["seconds"], row["finished_at"], row["run_id"]])
            con.execute("checkpoint")
        finally:
            con.close()
        swap_in(lake, tmp)
        if rebuild:
            lake.mark_done("load", key, run_id=run_row["run_id"])
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            if leftover.exists():
                leftover.unlink()
    get_run_logger().info("load: %s", counts)
    return counts


def _write_run_row(lake: Lake, run_row: dict, run_date: str, started: float) -> dict:
    """Write the run's row to the lake with the load seconds so far and the time now as finished_at:
    the row as written (nested fields JSON-encoded)."""
    seconds = {**run_row["seconds"], "load": round(time.perf_counter() - started, 3)}
    row = _encode({**run_row, "seconds": seconds, "finished_at": dt.datetime.now(dt.UTC)})
    lake.write_shard("runs", schema.table([row], schema.RUNS), run_date, shard_name([row["run_id"]]))
    return row


def _encode(row: dict) -> dict:
    """JSON-encode the nested fields of a runs row."""
    return {k: json.dumps(v, sort_keys=True, ensure_ascii=False, default=str) if k in ("parameters", "counts", "seconds")
            else v for k, v in row.items()}
