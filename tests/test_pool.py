"""Local worker processes: the same rows as inline work, and a dead pool falls back to this process."""

from __future__ import annotations

import logging
import os

import pytest

from tasks import pool
from tests.conftest import query, run_flow

pytestmark = pytest.mark.slow


def _die_on_a_worker(parent: int) -> str:
    if os.getpid() != parent:
        os._exit(3)  # a worker killed mid-shard (out of memory, say)
    return "ran here"


def test_work_runs_on_other_processes_and_inline_without_a_pool():
    assert pool.run(os.getpid) == os.getpid()
    with pool.local_workers(2, start_now=True):
        assert pool.run(os.getpid) != os.getpid()
    assert pool.run(os.getpid) == os.getpid()


def test_a_broken_pool_falls_back_to_this_process(caplog):
    with pool.local_workers(2), caplog.at_level(logging.WARNING, logger="arqam"):
        assert pool.run(_die_on_a_worker, os.getpid()) == "ran here"
        assert pool.run(os.getpid) == os.getpid()
    assert "worker processes died" in caplog.text


COLUMNS = "claim_id, article_id, char_start, char_end, kind, value_low, value_high, subject, event, speaker, channel, rule"


def test_local_workers_give_the_inline_rows(seed_run, seed_db, tmp_path):
    """Shards of 2 articles on 2 worker processes: the rows of the one-shard, inline seed run."""
    _, _, inputs = seed_run
    result = run_flow([inputs], tmp_path / "wh", shard_size=2, workers=2)
    assert result["counts"]["extract"]["shards"] == 3
    sql = f"select {COLUMNS} from claims order by claim_id"
    assert query(tmp_path / "wh" / "arqam.duckdb", sql) == query(seed_db, sql)
    assert query(tmp_path / "wh" / "arqam.duckdb", "select cluster_id, duplicate_of from articles order by 1") == \
        query(seed_db, "select cluster_id, duplicate_of from articles order by 1")
