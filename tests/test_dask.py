"""Scale-out: the same flow on a local Dask cluster of 2 workers gives the same rows as the threaded run."""

from __future__ import annotations

import pytest

from tests.conftest import query, run_cli

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.slow

COLUMNS = "claim_id, article_id, char_start, char_end, kind, value_low, value_high, subject, event, speaker, channel"


def claims(db) -> list[tuple]:
    return query(db, f"select {COLUMNS} from claims order by claim_id")


def test_dask_cluster_gives_the_threaded_results(seed_run, seed_db, tmp_path):
    _, _, inputs = seed_run
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        out = run_cli("run", "--input", str(inputs), "--warehouse", str(tmp_path / "wh"), "--shard-size", "2",
                      "--task-runner", "dask", "--dask-address", cluster.scheduler_address)
    assert out.returncode == 0, out.stderr[-2000:]
    assert claims(tmp_path / "wh" / "arqam.duckdb") == claims(seed_db)
