"""The arqam flow: ingest -> dedupe -> normalize -> extract -> aggregate -> load.

Stages are tasks over Parquet shards (thousands of articles each), never one task per article.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
import uuid
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


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
) -> dict:
    """Run every stage over `inputs` (folders or files) into the warehouse directory.

    The run holds the warehouse lock (a second run waits `lock_wait_seconds`, then fails);
    `take_lock=False` is for a caller that already holds it (the command line).
    """
    log = get_run_logger()
    inputs = [str(Path(p)) for p in (inputs or DEFAULT_INPUTS)]
    params = {"inputs": inputs, "warehouse": warehouse, "since": since, "full_refresh": full_refresh,
              "shard_size": shard_size, "dedupe_threshold": dedupe_threshold,
              "discrepancy_window_days": discrepancy_window_days, "max_bytes": max_bytes}
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
        counts["dedupe"] = timed("dedupe", dedupe, warehouse, dedupe_threshold)
        shards = ing.shards
        t0 = time.perf_counter()
        normalized = normalize_shard.map(warehouse, shards, run_date)
        extracted = extract_shard.map(warehouse, shards, run_date)
        normalized.result()
        n_claims_new = sum(n for _, n in extracted.result())
        seconds["normalize+extract"] = round(time.perf_counter() - t0, 3)
        counts["extract"] = {"shards": len(shards), "claims_new": n_claims_new}
        counts["aggregate"] = timed("aggregate", aggregate, warehouse, discrepancy_window_days)
        run_row = {
            "run_id": run_id, "flow_run_id": str(flow_run.get_id()) if flow_run.get_id() else None,
            "started_at": started, "finished_at": _now(), "parameters": params,
            "n_inputs": ing.counts["inputs"], "n_articles": ing.counts["articles"],
            "n_quarantined": ing.counts["quarantined"], "n_skipped_seen": ing.counts["skipped_seen"],
            "n_duplicates": counts["dedupe"]["duplicates"], "n_claims": counts["aggregate"]["claims"],
            "counts": counts, "seconds": seconds,
        }
        counts["load"] = load(warehouse, run_row, run_date)
    publish_artifacts(lake, counts)
    log.info("arqam run %s done: %s", run_id, {k: v for k, v in counts.items() if k != "load"})
    return {"run_id": run_id, "counts": counts, "seconds": seconds, "warehouse": str(lake.db_path)}
