"""A run killed at any stage boundary, or inside load, is finished by the next run: the warehouse then equals
that of a clean run over the same input (ARQAM_TEST_FAULT, tasks/faults.py, is the kill switch)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tasks.faults import POINTS
from tests.conftest import ROOT, query, run_flow

pytestmark = pytest.mark.slow
NEW_INPUT = ROOT / "tests" / "fixtures" / "marts" / "articles.jsonl"  # five articles, a syndicated copy among them
TABLES = ("articles", "claims", "incidents", "incident_claims", "daily_figures", "speakers", "discrepancies", "quarantine")


def tables(db: Path) -> dict[str, list]:
    """Every warehouse table but `runs` (one row per run, and the killed run is one more), rows sorted, without
    columns that name a run (first_run_id): they differ between two runs by nature."""
    out = {}
    for t in TABLES:
        cols = [c for (c,) in query(db, f"select column_name from (describe {t})") if not c.endswith("run_id")]
        out[t] = sorted(map(repr, query(db, f"select {', '.join(cols)} from {t}")))
    return out


@pytest.fixture(scope="module")
def base(seed_run, tmp_path_factory):
    """The seed warehouse, and what a clean run of the seeds plus new input makes of it."""
    _, warehouse, seeds = seed_run
    work = tmp_path_factory.mktemp("resume")
    clean = work / "clean"
    shutil.copytree(warehouse, clean)
    run_flow([seeds, NEW_INPUT], clean)
    return warehouse, seeds, tables(clean / "arqam.duckdb"), work


def _killed_run(warehouse: Path, seeds: Path, point: str) -> subprocess.Popen:
    env = {**os.environ, "ARQAM_TEST_FAULT": point}
    return subprocess.Popen([sys.executable, "-m", "flows.cli", "run", "--input", str(seeds), str(NEW_INPUT),
                             "--warehouse", str(warehouse)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)


def test_a_run_killed_at_each_stage_boundary_and_in_load_is_finished_by_the_next(base):
    warehouse, seeds, clean, work = base
    before = tables(warehouse / "arqam.duckdb")
    runs = {}
    for point in POINTS:  # the killed runs, two at a time (each its own warehouse)
        wh = work / point
        shutil.copytree(warehouse, wh)
        runs[point] = _killed_run(wh, seeds, point)
        while sum(p.poll() is None for p in runs.values()) >= 2:
            time.sleep(0.5)
    for point, proc in runs.items():
        try:
            _, err = proc.communicate(timeout=600)
        finally:
            with __import__("contextlib").suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # what the dead run left: its Prefect server, its workers
        assert proc.returncode == -signal.SIGKILL, f"{point}: the run was not killed there ({proc.returncode}): {err[-800:]}"
        db = work / point / "arqam.duckdb"
        # the killed run left a readable warehouse: the old one, or (killed after load) the new one
        assert tables(db) in (before, clean), point
    for point in POINTS:  # each rerun finishes what its killed run left, with nothing new to read
        again = run_flow([seeds, NEW_INPUT], work / point)
        assert again["counts"]["ingest"]["articles"] == 0, point
        assert tables(work / point / "arqam.duckdb") == clean, point
        assert not list((work / point).glob(".arqam.duckdb.*.tmp*")), point
        assert (work / point / "report.html").exists()
