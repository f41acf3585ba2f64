"""The whole pipeline on the seeds, end to end: real Prefect (embedded), real Parquet, real DuckDB."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from tasks.lake import Lake
from tests.conftest import ROOT, SEEDS, SHARED, query, run_cli, run_flow

GOLD = SHARED / "gold"
SCORER = SHARED / "tools" / "score_claims.py"
needs_gold = pytest.mark.skipif(not (GOLD.is_dir() and SCORER.exists()), reason="../shared/gold is absent")


def test_seed_run_fills_every_table(seed_run, seed_db):
    result, warehouse, _ = seed_run
    assert result["counts"]["ingest"] == {"files": 5, "inputs": 5, "articles": 5, "quarantined": 0,
                                          "skipped_seen": 0, "skipped": {}, "quarantine_rows": 0}
    for table in ("articles", "claims", "incidents", "incident_claims", "daily_figures", "speakers", "runs"):
        assert query(seed_db, f"select count(*) from {table}")[0][0] > 0, table
    # the seeds hold no two reports of one quantity in one incident: no discrepancy (the table is there)
    assert query(seed_db, "select count(*) from discrepancies") == [(0,)]
    assert query(seed_db, "select count(*) from quarantine")[0][0] == 0
    assert list((warehouse / "lake" / "articles").glob("run_date=*/part-*.parquet"))
    assert list((warehouse / "lake" / "extracted").glob("run_date=*/part-*.parquet"))


def test_every_claim_is_provable(seed_db):
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for aid, start, end, quote, sentence in query(seed_db, "select article_id, char_start, char_end, quote, sentence from claims"):
        assert texts[aid][start:end] == quote
        assert quote in sentence and sentence in texts[aid]


FIGURE_THRESHOLDS = ["--min-recall", "0.95", "--min-precision", "0.9", "--min-subject", "0.9", "--max-traps", "0"]


def score(db, *thresholds: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(SCORER), "--db", str(db), "--texts", "seeds", "--gold", str(GOLD), *thresholds]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)


@needs_gold
def test_gold_scorer_passes_on_the_seeds(seed_db):
    """Exactly the check of the figures issue."""
    out = score(seed_db, *FIGURE_THRESHOLDS)
    assert out.returncode == 0, out.stdout + out.stderr


@needs_gold
def test_gold_scorer_speakers(seed_db):
    """The attribution issue's check: speakers right on at least 95% of the found figures."""
    out = score(seed_db, *FIGURE_THRESHOLDS, "--min-speaker", "0.95")
    assert out.returncode == 0, out.stdout + out.stderr


def test_runs_row_records_the_prefect_run(seed_run, seed_db):
    result, _, inputs = seed_run
    run = query(seed_db, "select run_id, flow_run_id, parameters, counts, seconds, n_articles, n_claims, "
                         "finished_at - started_at from runs")
    assert len(run) == 1
    run_id, flow_run_id, params, counts, seconds, n_articles, n_claims, took = run[0]
    assert run_id == flow_run_id == result["run_id"]
    assert json.loads(params)["inputs"] == [str(inputs)]
    assert set(json.loads(counts)) == {"ingest", "dedupe", "extract", "aggregate"}
    assert set(json.loads(seconds)) == {"ingest", "dedupe", "normalize+extract", "aggregate", "load"}
    # the load time is the build's, recorded after it (the row is written before the build, then again)
    assert json.loads(seconds)["load"] > 0.005 and took.total_seconds() >= sum(json.loads(seconds).values()) - 0.01
    assert Lake(seed_run[1]).read("runs").column("seconds").to_pylist() == [seconds]
    assert n_articles == 5 and n_claims == query(seed_db, "select count(*) from claims")[0][0]


def test_rerun_is_idempotent_and_full_refresh_rebuilds_the_same_query(seed_run, tmp_path):
    _, warehouse, inputs = seed_run
    work = tmp_path / "wh"
    shutil.copytree(warehouse, work)
    db = work / "arqam.duckdb"
    before = query(db, "select * exclude (rule) from claims order by claim_id")
    again = run_flow([inputs], work)
    assert again["counts"]["ingest"]["articles"] == 0 and again["counts"]["ingest"]["skipped_seen"] == 5
    assert again["counts"]["extract"]["claims_new"] == 0
    assert query(db, "select * exclude (rule) from claims order by claim_id") == before
    assert query(db, "select count(*) from runs") == [(2,)]
    refreshed = run_flow([inputs], work, full_refresh=True)
    assert refreshed["counts"]["ingest"]["articles"] == 5
    after = query(db, "select * exclude (rule) from claims order by claim_id")
    assert after == before
    ids = [r[0] for r in after]
    assert len(ids) == len(set(ids))


def test_missing_input_is_one_clear_line_and_status_2(tmp_path):
    out = run_cli("run", "--input", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "wh"))
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [f"arqam: error: input path does not exist: {tmp_path / 'nope'}"]
    assert not (tmp_path / "wh").exists()


def test_query_is_read_only(seed_db):
    wh = str(seed_db.parent)
    out = run_cli("query", "select speaker, count(*) as n from claims where speaker = 'مصطفى بالي' group by 1",
                  "--warehouse", wh)
    assert out.returncode == 0, out.stderr
    assert "مصطفى بالي" in out.stdout
    bad = run_cli("query", "create table x as select 1", "--warehouse", wh)
    assert bad.returncode == 1 and "read-only" in bad.stderr.lower()


def test_a_run_killed_during_load_leaves_the_previous_warehouse(seed_run, tmp_path):
    _, warehouse, inputs = seed_run
    work = tmp_path / "wh"
    shutil.copytree(warehouse, work)
    db = work / "arqam.duckdb"
    before = query(db, "select count(*), sum(value_low) from claims")
    env = {**os.environ, "ARQAM_TEST_FAULT": "in-load:pause=120"}
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", "--input", str(inputs), "--warehouse",
                             str(work), "--full-refresh"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while not (work / ".fault-in-load").exists():
            assert proc.poll() is None, "the run ended before reaching load"
            assert time.monotonic() < deadline, "the run never reached load"
            time.sleep(0.2)
        assert list(work.glob(".arqam.duckdb.*.tmp")), "load is not building a temporary database"
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert query(db, "select count(*), sum(value_low) from claims") == before
    (work / ".fault-in-load").unlink()
    out = run_cli("run", "--input", str(inputs), "--warehouse", str(work))
    assert out.returncode == 0, out.stderr
    assert not list(work.glob(".arqam.duckdb.*.tmp"))
    assert query(db, "select count(*), sum(value_low) from claims") == before


def test_an_overlapping_run_waits_then_fails_clearly_and_readers_keep_working(seed_run, tmp_path):
    from tasks.lake import Lake

    _, warehouse, inputs = seed_run
    work = tmp_path / "wh"
    shutil.copytree(warehouse, work)
    with Lake(work).lock():
        out = run_cli("run", "--input", str(inputs), "--warehouse", str(work), "--lock-wait", "1")
        assert query(work / "arqam.duckdb", "select count(*) from claims")[0][0] > 0
    assert out.returncode == 3
    assert "is in use by another arqam run" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_signatures_of_an_earlier_scheme_are_signed_again(seed_run, tmp_path):
    """A lake whose signatures predate one-permutation MinHash: the next run signs every article again."""
    _, warehouse, inputs = seed_run
    copy = tmp_path / "wh"
    shutil.copytree(warehouse, copy)
    lake = copy / "lake"
    (lake / "minhash-oph").rename(lake / "minhash")  # where the earlier scheme kept its signatures
    result = run_flow([inputs], copy)
    assert result["counts"]["ingest"]["articles"] == 0 and result["counts"]["dedupe"]["signed"] == 1
    sql = "select article_id, cluster_id, duplicate_of from articles order by 1"
    assert query(copy / "arqam.duckdb", sql) == query(warehouse / "arqam.duckdb", sql)
