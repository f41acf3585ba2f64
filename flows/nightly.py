"""The arqam flow: ingest -> dedupe -> normalize -> extract -> aggregate -> load.

Stages are tasks over Parquet shards (thousands of articles each), never one task per article.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
import uuid
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from arqam.ingest import DEFAULT_MAX_BYTES
from tasks.aggregate import aggregate
from tasks.dedupe import dedupe
from tasks.extract import extract_shard
from tasks.ingest import ingest
from tasks.lake import Lake
from tasks.load import load
from tasks.normalize import normalize_shard
from tasks.report import publish_artifacts

DEFAULT_WAREHOUSE = "warehouse/data"
DEFAULT_INPUTS = ["seeds"]


TASK_RUNNERS = ("threads", "processes", "dask")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def make_task_runner(kind: str = "threads", dask_address: str | None = None, workers: int | None = None):
    """The task runner of the shard stages: threads (default), local processes, or a Dask cluster.

    With `dask_address` (tcp://host:8786) the shards run on that cluster's workers; without it,
    "dask" starts a local cluster of `workers` processes for the run.
    """
    workers = workers or os.cpu_count() or 2
    if kind == "threads":
        return ThreadPoolTaskRunner(max_workers=workers)
    if kind == "processes":
        return ProcessPoolTaskRunner(max_workers=workers)
    if kind == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True})
    raise ValueError(f"task_runner must be one of {', '.join(TASK_RUNNERS)}, got {kind!r}")


@flow(name="arqam-shards", log_prints=True)
def process_shards(warehouse: str, shards: list[str], run_date: str) -> int:
    """Normalize and extract every new article shard, in parallel; returns the number of new claims."""
    normalized = normalize_shard.map(warehouse, shards, run_date)
    extracted = extract_shard.map(warehouse, shards, run_date)
    normalized.result()
    return sum(n for _, n in extracted.result())


@flow(name="arqam", task_runner=ThreadPoolTaskRunner(max_workers=2), log_prints=True)
def arqam_flow(
    inputs: list[str] | None = None,
    warehouse: str = DEFAULT_WAREHOUSE,
    since: str | None = None,
    full_refresh: bool = False,
    shard_size: int = 5000,
    dedupe_threshold: float = 0.7,
    discrepancy_window_days: int = 7,
    max_bytes: int = DEFAULT_MAX_BYTES,
    lock_wait_seconds: float = 600.0,
    take_lock: bool = True,
    task_runner: str = "threads",
    dask_address: str | None = None,
) -> dict:
    """Run every stage over `inputs` (folders or files) into the warehouse directory.

    The run holds the warehouse lock (a second run waits `lock_wait_seconds`, then fails);
    `take_lock=False` is for a caller that already holds it (the command line).
    """
    log = get_run_logger()
    inputs = [str(Path(p)) for p in (inputs or DEFAULT_INPUTS)]
    params = {"inputs": inputs, "warehouse": warehouse, "since": since, "full_refresh": full_refresh,
              "shard_size": shard_size, "dedupe_threshold": dedupe_threshold,
              "discrepancy_window_days": discrepancy_window_days, "max_bytes": max_bytes,
              "task_runner": task_runner, "dask_address": dask_address}
    runner = make_task_runner(task_runner, dask_address)
    run_id = str(flow_run.get_id() or uuid.uuid4())
    started = _now()
    run_date = started.date().isoformat()
    lake = Lake(warehouse)
    seconds: dict[str, float] = {}
    counts: dict[str, dict] = {}

    def timed(stage: str, fn, *args, **kwargs):
        t0 = time.perf_counter()
        out = fn(*args, **kwargs)
        seconds[stage] = round(time.perf_counter() - t0, 3)
        return out

    with lake.lock(lock_wait_seconds) if take_lock else contextlib.nullcontext():
        if full_refresh:
            lake.reset()
        ing = timed("ingest", ingest, inputs, warehouse, run_date, since, shard_size, max_bytes)
        counts["ingest"] = ing.counts
        if ing.shards or full_refresh or not lake.snapshot_path("clusters").exists():
            counts["dedupe"] = timed("dedupe", dedupe, warehouse, run_date, dedupe_threshold)
        else:  # no new article: the clusters stand
            counts["dedupe"] = {"skipped": True, "signed": 0,
                                "duplicates": sum(d is not None for d in lake.read_snapshot("clusters").column("duplicate_of").to_pylist())}
        shards = ing.shards
        t0 = time.perf_counter()
        n_claims_new = process_shards.with_options(task_runner=runner)(warehouse, shards, run_date) if shards else 0
        seconds["normalize+extract"] = round(time.perf_counter() - t0, 3)
        counts["extract"] = {"shards": len(shards), "claims_new": n_claims_new}
        # nothing new: the figures, clusters and marts of the last run still hold
        changed = bool(shards) or full_refresh or counts["dedupe"]["signed"] > 0 or not lake.db_path.exists()
        if changed:
            counts["aggregate"] = timed("aggregate", aggregate, warehouse, discrepancy_window_days)
        else:
            counts["aggregate"] = {"claims": lake.read_snapshot("claims").num_rows, "skipped": True}
        run_row = {
            "run_id": run_id, "flow_run_id": str(flow_run.get_id()) if flow_run.get_id() else None,
            "started_at": started, "finished_at": _now(), "parameters": params,
            "n_inputs": ing.counts["inputs"], "n_articles": ing.counts["articles"],
            "n_quarantined": ing.counts["quarantined"], "n_skipped_seen": ing.counts["skipped_seen"],
            "n_duplicates": counts["dedupe"]["duplicates"], "n_claims": counts["aggregate"]["claims"],
            "counts": counts, "seconds": seconds,
        }
        counts["load"] = load(warehouse, run_row, run_date, rebuild=changed)
    publish_artifacts(lake, counts)
    log.info("arqam run %s done: %s", run_id, {k: v for k, v in counts.items() if k != "load"})
    return {"run_id": run_id, "counts": counts, "seconds": seconds, "warehouse": str(lake.db_path)}
