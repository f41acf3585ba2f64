"""Lineage: the run that first produced each article and claim, kept across re-runs and a full refresh; what each
run added and removed (claim_history, the changes view, arqam diff); runs as typed JSON; the run's own summary."""

from __future__ import annotations

import json
import shutil

import pytest

from flows.cli import run_report
from tests.conftest import ROOT, SEEDS, query, run_cli, run_flow

NEW_INPUT = ROOT / "tests" / "fixtures" / "marts" / "articles.jsonl"


@pytest.fixture(scope="module")
def three_runs(tmp_path_factory):
    """Run 1: seeds + five new articles; run 2: the same (nothing new); run 3: a full refresh of the seeds alone."""
    base = tmp_path_factory.mktemp("lineage")
    seeds, extra = base / "seeds", base / "extra.jsonl"
    shutil.copytree(SEEDS, seeds)
    shutil.copyfile(NEW_INPUT, extra)
    warehouse = base / "warehouse"
    results = [run_flow([seeds, extra], warehouse), run_flow([seeds, extra], warehouse),
               run_flow([seeds], warehouse, full_refresh=True)]
    return [r["run_id"] for r in results], warehouse / "arqam.duckdb", results


def test_every_row_of_a_first_run_has_that_run(seed_run, seed_db):
    run_id = seed_run[0]["run_id"]
    assert query(seed_db, "select distinct first_run_id from claims") == [(run_id,)]
    assert query(seed_db, "select distinct first_run_id from articles") == [(run_id,)]
    assert query(seed_db, "select run_id from runs") == [(run_id,)]
    assert query(seed_db, "select count(*) from changes where run_id = ? and change = 'added'", [run_id]) == \
        query(seed_db, "select count(*) from claims")


def test_runs_keep_typed_json(seed_db):
    types = dict(query(seed_db, "select column_name, data_type from information_schema.columns "
                                "where table_name = 'runs'"))
    assert types["parameters"] == types["counts"] == types["seconds"] == "JSON"
    articles, since, load = query(seed_db, "select counts->'ingest'->>'articles', parameters->>'since', "
                                           "(seconds->>'load')::double from runs")[0]
    assert int(articles) == 5 and since is None and load > 0


def test_first_run_ids_are_kept_by_later_runs_and_a_full_refresh(three_runs):
    (r1, r2, r3), db, _ = three_runs
    assert query(db, "select distinct first_run_id from claims") == [(r1,)]
    assert query(db, "select distinct first_run_id from articles") == [(r1,)]
    assert [r for (r,) in query(db, "select run_id from runs order by started_at")] == [r1, r2, r3]


def test_claims_no_longer_produced_are_removed_by_the_run_that_dropped_them(three_runs):
    (r1, r2, r3), db, _ = three_runs
    removed = query(db, "select article_id, removed_run_id from claim_history where removed_run_id is not null")
    assert removed and {r for _, r in removed} == {r3}
    fixture_ids = {json.loads(line)["id"] for line in NEW_INPUT.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert {a for a, _ in removed} <= fixture_ids
    assert query(db, "select count(*) from claims where article_id in (select article_id from claim_history "
                     "where removed_run_id is not null)") == [(0,)]
    changes = dict(query(db, "select run_id, count(*) from changes group by 1"))
    assert r2 not in changes  # a run that changed nothing added and removed nothing
    assert query(db, "select count(*) from changes where run_id = ? and change = 'removed'", [r3]) == \
        [(len(removed),)]


def test_diff_lists_what_a_run_added_and_removed(three_runs):
    (r1, r2, r3), db, _ = three_runs
    warehouse = str(db.parent)
    out = run_cli("diff", r1[:8], r3, "--warehouse", warehouse, "--format", "json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    removed = query(db, "select claim_id from claim_history where removed_run_id = ?", [r3])
    assert sorted(r["claim_id"] for r in rows if r["change"] == "removed") == sorted(c for (c,) in removed)
    assert not [r for r in rows if r["change"] == "added"]
    back = json.loads(run_cli("diff", r3, r1, "--warehouse", warehouse, "--format", "json").stdout)
    assert sorted(r["claim_id"] for r in back if r["change"] == "added") == sorted(c for (c,) in removed)
    assert json.loads(run_cli("diff", r1, r2, "--warehouse", warehouse, "--format", "json").stdout) == []


def test_the_summary_is_about_the_run(three_runs):
    (r1, r2, r3), db, results = three_runs
    first, second = run_report(results[0]), run_report(results[1])
    # (read after run 3: the claims of run 1 still in the warehouse)
    total = query(db, "select count(*) from claims where first_run_id = ?", [r1])[0][0]
    assert total > 0 and f"{total} new claims" in first and "top new figures" in first
    assert "0 new articles" in second and "0 new claims" in second and "top new figures" not in second
    assert "report:" in first and str(db.parent / "report.html") in first


def test_a_warehouse_without_lineage_gives_its_rows_its_latest_run(tmp_path):
    """A warehouse written before lineage: its rows keep the run that made them (the latest it records)."""
    import duckdb

    from tasks.lineage import previous_lineage

    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))
    con.execute("create table runs as select 'r0' as run_id, now() as started_at")
    con.execute("create table articles as select 'a1' as article_id")
    con.execute("create table claims as select 'c1' as claim_id, 'a1' as article_id, '5' as quote, 'exact' as kind, "
                "5.0 as value_low, 5.0 as value_high, 'people' as subject, null as event, null as speaker, "
                "date '2019-02-16' as published, null::date as statement_date")
    con.close()
    con = duckdb.connect()
    previous_lineage(con, old, lambda *a: None)
    assert con.execute("select * from prev_articles").fetchall() == [("a1", "r0")]
    assert con.execute("select claim_id, outlet, first_run_id, removed_run_id from prev_history").fetchall() == \
        [("c1", None, "r0", None)]
    previous_lineage(con, tmp_path / "missing.duckdb", lambda *a: None)
    assert con.execute("select count(*) from prev_history").fetchone() == (0,)
