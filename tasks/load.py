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
from tasks.dictionary import comment_statements
from tasks.lake import Lake, retry_if_transient, shard_name
from tasks.lineage import build_lineage, create_changes_view, previous_lineage
from tasks.sql import STORAGE_COMPATIBILITY, build_staging, connect, register_sources

TABLES = ("articles", "claims", "incidents", "incident_claims", "daily_figures", "speakers", "discrepancies", "quarantine",
          "runs", "claim_history")
# what a warehouse file is made of beyond the lake: its storage format and the lineage and comments load adds.
# Part of the load stage's key, so that a warehouse written by an earlier arqam is rebuilt once.
WAREHOUSE_FORMAT = f"{STORAGE_COMPATIBILITY}/lineage-1/comments-1"


def build_database(lake: Lake, path: Path, run_id: str | None = None) -> dict[str, int]:
    """Create every warehouse table in a new DuckDB file at `path`; rows new to the warehouse get `run_id` as
    their first_run_id (the others keep the one the current warehouse file gives them)."""
    con = connect(lake, path)
    counts = {}
    try:
        register_sources(con, lake)
        build_staging(con)
        previous_lineage(con, lake.db_path, get_run_logger().warning)
        con.execute("create table articles as select s.*, coalesce(p.first_run_id, $run)::varchar as first_run_id "
                    "from stg_articles as s left join prev_articles as p using (article_id) order by article_id",
                    {"run": run_id})
        for name in ("claims", "incidents", "incident_claims", "daily_figures", "speakers", "discrepancies"):
            source = lake.sql_source(name)
            if source is None:
                con.register(f"{name}_arrow", lake.read_snapshot(name))
                source = f"{name}_arrow"
            if name == "claims":
                con.execute(f"create table claims as select c.* replace (coalesce(h.first_run_id, $run)::varchar as "
                            f"first_run_id) from {source} as c left join prev_history as h using (claim_id) "
                            f"order by c.article_id, c.char_start, c.claim_id", {"run": run_id})
                faults.point("in-load", lake.warehouse)  # half-way through the build (the fault tests stop here)
            else:
                con.execute(f"create table {name} as select * from {source}")
        build_lineage(con, run_id)
        _load_run_tables(con, lake)
        create_changes_view(con)
        _comment(con)
        for name in TABLES:
            counts[name] = con.execute(f"select count(*) from {name}").fetchone()[0]
        con.execute("checkpoint")
    finally:
        con.close()
    return counts


def _load_run_tables(con: duckdb.DuckDBPyConnection, lake: Lake) -> None:
    """(Re)create the quarantine and runs tables from the lake (the runs' nested fields as JSON). The runs of
    temp table prev_runs that the lake no longer has (a full refresh forgets the lake) are kept."""
    con.register("quarantine_arrow", lake.read("quarantine"))
    # an input quarantined again by a later run is one row
    con.execute("create or replace table quarantine as select distinct * from quarantine_arrow "
                "order by source_path, line, reason")
    con.unregister("quarantine_arrow")
    con.register("runs_arrow", lake.read("runs"))
    typed = "* replace (parameters::json as parameters, counts::json as counts, seconds::json as seconds)"
    con.execute(f"""create or replace table runs as
        with lake as (select distinct {typed} from runs_arrow),
        kept as (select {typed} from prev_runs where run_id not in (select run_id from lake))
        select * from lake union all by name select * from kept order by started_at""")
    con.unregister("runs_arrow")


def _comment(con: duckdb.DuckDBPyConnection) -> None:
    """The description of every table and column (docs/tables.md) as its DuckDB comment."""
    present = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    for statement in comment_statements(present):
        try:
            con.execute(statement)
        except duckdb.Error as e:  # a column the contract has and the table not: test_contract says which
            get_run_logger().warning("load: %s", str(e).splitlines()[0])


def refresh_run_tables(lake: Lake, path: Path) -> dict[str, int]:
    """A run that changed no figures: a copy of the warehouse with its quarantine and runs tables renewed."""
    shutil.copyfile(lake.db_path, path)
    con = connect(lake, path)
    try:
        con.execute("create temp table prev_runs as select * from runs")
        _load_run_tables(con, lake)
        _comment(con)
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
        counts = build_database(lake, tmp, run_row["run_id"]) if rebuild or not lake.db_path.exists() else refresh_run_tables(lake, tmp)
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
