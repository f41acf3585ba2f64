"""Lineage of the warehouse: which run first produced each article and claim, and what each run added and removed.

The current warehouse file is the record: a load reads the first_run_id of every article and the claim_history
of the file it is about to replace (opened read-only; the run holds the warehouse lock), so a row keeps the run
that first produced it across re-runs, rebuilds and full refreshes, and a claim that is no longer produced stays in
claim_history with the run that removed it. `changes` (a view) and `arqam diff` read claim_history.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from arqam import schema
from tasks.lake import sql_string

HISTORY = (("claim_id", "varchar"), ("article_id", "varchar"), ("outlet", "varchar"), ("quote", "varchar"),
           ("kind", "varchar"), ("value_low", "double"), ("value_high", "double"), ("subject", "varchar"),
           ("event", "varchar"), ("speaker", "varchar"), ("day", "date"), ("first_run_id", "varchar"),
           ("removed_run_id", "varchar"))
DESCRIBED = ", ".join(name for name, _ in HISTORY[:11])  # the claim's own columns


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {r[0] for r in con.execute("select column_name from duckdb_columns() where database_name = 'prev' "
                                      "and table_name = ?", [table]).fetchall()}


def previous_lineage(con: duckdb.DuckDBPyConnection, db_path: Path, warn: Callable[..., None]) -> None:
    """Temp tables prev_runs (the runs table), prev_articles (article_id, first_run_id) and prev_history
    (claim_history's columns) from the warehouse file at `db_path`: empty when there is none. A file of an arqam before lineage gives its rows the
    latest run it records."""
    con.register("runs_schema", schema.RUNS.empty_table())
    con.execute("create or replace temp table prev_runs as select * from runs_schema")
    con.unregister("runs_schema")
    con.execute("create or replace temp table prev_articles (article_id varchar, first_run_id varchar)")
    con.execute("create or replace temp table prev_history (" + ", ".join(f"{n} {t}" for n, t in HISTORY) + ")")
    if not db_path.exists():
        return
    try:
        con.execute(f"attach {sql_string(db_path)} as prev (read_only)")
    except duckdb.Error as e:
        warn("load: the current warehouse does not open (%s): every row is taken as new", str(e).splitlines()[0])
        return
    try:
        runs = _columns(con, "runs")
        last = con.execute("select max_by(run_id, started_at) from prev.runs").fetchone()[0] if runs else None
        if runs:  # the runs a full refresh forgot from the lake stay in the warehouse
            kept = [c for c in schema.RUNS.names if c in runs]
            con.execute(f"insert into prev_runs by name select {', '.join(kept)} from prev.runs")
        articles = _columns(con, "articles")
        if articles:
            first = "first_run_id" if "first_run_id" in articles else "null"
            con.execute(f"insert into prev_articles select article_id, coalesce({first}, $last) from prev.articles",
                        {"last": last})
        if _columns(con, "claim_history"):
            con.execute("insert into prev_history by name select * from prev.claim_history")
            return
        claims = _columns(con, "claims")
        if claims:
            picked = [n for n, _ in HISTORY[:10] if n in claims]
            first = "first_run_id" if "first_run_id" in claims else "null"
            con.execute(f"insert into prev_history by name select {', '.join(picked)}, "
                        f"coalesce(statement_date, published) as day, coalesce({first}, $last) as first_run_id "
                        f"from prev.claims", {"last": last})
    finally:
        con.execute("detach prev")


def build_lineage(con: duckdb.DuckDBPyConnection, run_id: str | None) -> None:
    """claim_history: every claim of `claims`, then every earlier claim no longer there, removed by `run_id` unless
    an earlier run removed it; `claims` must have its first_run_id already."""
    con.execute(f"""
        create table claim_history as
        select {DESCRIBED.replace('day', 'coalesce(statement_date, published) as day')}, first_run_id,
               null::varchar as removed_run_id
        from claims
        union all
        select {DESCRIBED}, h.first_run_id, coalesce(h.removed_run_id, $run)
        from prev_history as h
        where h.claim_id not in (select claim_id from claims)
        order by first_run_id, article_id, claim_id""", {"run": run_id})


def create_changes_view(con: duckdb.DuckDBPyConnection) -> None:
    """The `changes` view over claim_history and runs."""
    con.execute(f"""
        create or replace view changes as
        select h.first_run_id as run_id, r.started_at, 'added' as change, {DESCRIBED}
        from claim_history as h left join runs as r on r.run_id = h.first_run_id
        union all
        select h.removed_run_id, r.started_at, 'removed', {DESCRIBED}
        from claim_history as h left join runs as r on r.run_id = h.removed_run_id
        where h.removed_run_id is not null""")


def present_after(run_id: str) -> str:
    """SQL of the claims (claim_history rows) present in the warehouse right after run `run_id` (runs.run_id)."""
    at = f"(select started_at from runs where run_id = {sql_string(run_id)})"
    return (f"select h.* from claim_history as h join runs as f on f.run_id = h.first_run_id "
            f"left join runs as r on r.run_id = h.removed_run_id "
            f"where f.started_at <= {at} and (h.removed_run_id is null or r.started_at > {at})")


def diff_sql(run_a: str, run_b: str) -> str:
    """SQL of the claims present after run_b and not after run_a (added), and the reverse (removed)."""
    a, b = present_after(run_a), present_after(run_b)
    return (f"with a as ({a}), b as ({b}) "
            f"select 'added' as change, {DESCRIBED} from b where claim_id not in (select claim_id from a) "
            f"union all select 'removed', {DESCRIBED} from a where claim_id not in (select claim_id from b) "
            f"order by change, day nulls last, article_id, claim_id")
