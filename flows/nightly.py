"""The arqam flow: ingest -> dedupe -> normalize -> extract -> aggregate -> load.

Stages are tasks over Parquet shards (thousands of articles each), never one task per article.
The flow owns the run's settings (one RunConfig, flows/config.py) and the one Lake of the warehouse,
which it hands to every task.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
import uuid

from prefect import flow, get_run_logger
from prefect.runtime import flow_run
from prefect.states import Failed
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from flows.config import TASK_RUNNERS, ConfigError, RunConfig
from tasks import faults
from tasks.aggregate import aggregate, linker_key
from tasks.dedupe import cluster, sign, unsigned_shards
from tasks.extract import normalize_extract, unanalyzed_shards
from tasks.ingest import ingest, unread_bytes
from tasks.lake import Lake, stage_key
from tasks.load import WAREHOUSE_FORMAT, load
from tasks.pool import local_workers
from tasks.progress import Progress
from tasks.report import publish_artifacts
from tasks.shards import ArticleBudget
from tasks.sql import sql_text

PRESTART_BYTES = 8 * 2**20  # new input from which local workers start before ingest (about 2,000 articles)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def make_task_runner(kind: str, dask_address: str | None, workers: int):
    """The task runner of the shard stages: threads (default: their work goes to the local worker processes
    of `tasks.pool`), Prefect's process pool, or a Dask cluster.

    With `dask_address` (tcp://host:8786) the shards run on that cluster's workers; without it,
    "dask" starts a local cluster of `workers` processes for the run.
    """
    if kind == "threads":
        return ThreadPoolTaskRunner(max_workers=workers + 1)  # + 1: the cluster task runs beside the shard tasks
    if kind == "processes":
        return ProcessPoolTaskRunner(max_workers=workers)
    if kind == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True})
    raise ValueError(f"task_runner must be one of {', '.join(TASK_RUNNERS)}, got {kind!r}")


def _brief(counts: object) -> str:
    """Counts as `key=value` pairs (nested ones and empty ones left out), for a stage's log line."""
    if not isinstance(counts, dict):
        return "" if counts is None else str(counts)
    return ", ".join(f"{k}={v:,}" if isinstance(v, int) else f"{k}={v}" for k, v in counts.items()
                     if not isinstance(v, dict | list) and v not in (None, {}))


def _standing_clusters(lake: Lake) -> dict:
    """Dedupe counts of a run that signed nothing new."""
    dup = lake.read_snapshot("clusters").column("duplicate_of")
    return {"skipped": True, "signed": 0, "duplicates": len(dup) - dup.null_count}


@flow(name="arqam-shards", log_prints=True, flow_run_name="shards")
def process_shards(lake: Lake, run_date: str, to_sign: list[str], to_analyze: list[str], cluster_key: str | None,
                   dedupe_threshold: float, budget: ArticleBudget) -> dict:
    """The shard stages, each over all its shards in parallel: dedupe (sign every shard, then cluster, unless
    `cluster_key` is None: the clusters are current), then normalize + extract, while the clusters are computed.

    Returns the stages' counts, wall seconds and worker seconds (the sum over shards of each stage's own work).
    """
    seconds: dict[str, float] = {}
    work: dict[str, float] = {}
    # largest shards first, so that no worker is left with a big one at the end
    to_sign, to_analyze = (sorted(s, key=lambda p: -os.path.getsize(p)) for s in (to_sign, to_analyze))
    log = get_run_logger()
    t0 = time.perf_counter()
    clustered = None
    if cluster_key is not None:
        signing = Progress(log, "dedupe (sign)", to_sign)
        signed = list(signing.track(sign.map(lake, to_sign, run_date), to_sign)) if to_sign else []
        seconds["dedupe"] = round(time.perf_counter() - t0, 3)
        faults.point("after-sign", lake.warehouse)
        # clustering (in this process) overlaps normalize + extract (on the workers): it needs only the signatures
        clustered = cluster.submit(lake, dedupe_threshold, len(signed))
    t1 = time.perf_counter()
    extracting = Progress(log, "normalize+extract", to_analyze)
    analyzed = list(extracting.track(normalize_extract.map(lake, to_analyze, run_date, budget), to_analyze)) \
        if to_analyze else []
    if to_analyze:
        seconds["normalize+extract"] = round(time.perf_counter() - t1, 3)
        for stage in ("normalize", "extract"):
            work[stage] = round(sum(a["seconds"][stage] for a in analyzed), 3)
    if clustered is not None:
        dedupe_counts = clustered.result()
        lake.mark_done("cluster", cluster_key)
    else:
        dedupe_counts = _standing_clusters(lake)
    extract_counts = {"shards": len(to_analyze), "claims_new": sum(a["claims"] for a in analyzed),
                      "over_budget": sum(a["over_budget"] for a in analyzed)}
    return {"dedupe": dedupe_counts, "extract": extract_counts, "seconds": seconds, "worker_seconds": work}


def run_name() -> str:
    """The flow run's name: nightly-YYYY-MM-DD for the nightly deployment, rerun-<inputs> for the rerun deployment,
    run-YYYY-MM-DD-<inputs> from the command line; with +since-DATE and +full-refresh when those are set."""
    from prefect.runtime import deployment

    params = flow_run.parameters or {}
    config = params.get("config")
    inputs = params.get("inputs") or (config.inputs if isinstance(config, RunConfig) else ())
    since = params.get("since") or (config.since if isinstance(config, RunConfig) else None)
    full = params.get("full_refresh") or (config.full_refresh if isinstance(config, RunConfig) else False)
    day = dt.date.today().isoformat()
    label = "+".join(os.path.basename(os.path.normpath(str(p))) or str(p) for p in inputs) or "inbox"
    if len(label) > 48:
        label = label[:45] + "..."
    extra = (f"+since-{since}" if since else "") + ("+full-refresh" if full else "")
    name = deployment.name
    if name == "nightly":
        return f"nightly-{day}{extra}"
    if name:
        return f"{name}-{label}{extra}"
    return f"run-{day}-{label}{extra}"


@flow(name="arqam", task_runner=ThreadPoolTaskRunner(max_workers=2), log_prints=True, flow_run_name=run_name)
def arqam_flow(config: RunConfig | None = None) -> dict:
    """Run every stage over `config.inputs` (folders or files) into `config.warehouse` (defaults: RunConfig's).

    The run holds the warehouse lock (a second run waits `lock_wait_seconds`, then fails). A bad setting fails
    the run before any work, with one line (no traceback, no retries).
    """
    try:
        checked = (config or RunConfig()).validate()
    except ConfigError as e:
        get_run_logger().error("arqam: %s", e)
        return Failed(message=str(e))
    return run_pipeline(checked)


def stage_keys(lake: Lake, config: RunConfig) -> dict[str, str]:
    """What each stage after the shard stages is built from, as a fingerprint: a stage runs again when the key
    it recorded on completion (lake/_stages) is missing or differs, i.e. its output is missing or older than
    its input."""
    keys = {"cluster": stage_key("cluster", lake.shard_names("articles"), config.dedupe_threshold)}
    keys["aggregate"] = stage_key("aggregate", keys["cluster"], lake.shard_names("extracted"),
                                  config.discrepancy_window_days, sql_text("staging", "marts"), linker_key())
    keys["load"] = stage_key("load", keys["aggregate"], lake.shard_names("normalized"), sql_text("staging"),
                             WAREHOUSE_FORMAT)
    keys["report"] = stage_key("report", keys["load"])
    return keys


def run_pipeline(config: RunConfig) -> dict:
    """The stages of one run, inside a flow run: the body of every flow that runs arqam.

    Each stage records what it completed in the lake, and a run starts each stage whose output is missing or
    older than its input: ingest (incremental: unread files), sign and normalize + extract (per shard: shards
    without their output), cluster, aggregate, load and the report (when the key of their input changed). A run
    that died at any point is finished by the next one.
    """
    body_started = time.perf_counter()
    log = get_run_logger()
    inputs = list(config.inputs)
    workers = config.worker_count
    run_id = str(flow_run.get_id() or uuid.uuid4())
    started = _now()
    run_date = started.date().isoformat()
    lake = Lake(config.warehouse)
    seconds: dict[str, float] = {}
    counts: dict[str, dict] = {}

    def timed(stage: str, fn, *args, **kwargs):
        t0 = time.perf_counter()
        out = fn(*args, **kwargs)
        seconds[stage] = round(time.perf_counter() - t0, 3)
        shown = out.counts if hasattr(out, "counts") else out
        log.info("stage %s: %s s, %s", stage, seconds[stage], _brief(shown))
        return out

    with lake.lock(config.lock_wait_seconds, notify=log.warning):
        aside = lake.set_aside_stale_wal()
        if aside:
            log.warning("set aside a stale write-ahead log beside %s (left by a process killed while writing it) "
                        "as %s", lake.db_path, aside.name)
        if config.full_refresh:
            lake.reset()
        # CPU-bound shard work goes to local worker processes, unless Dask or Prefect's process pool runs the tasks.
        # With a large input they start now and load while ingest reads it.
        local = config.task_runner == "threads"
        bulk = local and unread_bytes(lake, inputs, config.since_date) >= PRESTART_BYTES
        with local_workers(workers, start_now=True) if bulk else contextlib.nullcontext():
            ing = timed("ingest", ingest, lake, inputs, run_date, config.since_date, config.shard_size, config.max_bytes)
            counts["ingest"] = ing.counts
            faults.point("after-ingest", lake.warehouse)
            to_sign, to_analyze = unsigned_shards(lake), unanalyzed_shards(lake)
            cluster_key = stage_keys(lake, config)["cluster"]
            cluster_again = bool(to_sign) or not lake.stage_done("cluster", cluster_key)
            if cluster_again or to_analyze:
                with local_workers(min(workers, max(len(to_sign), len(to_analyze))) if local else 1):
                    runner = make_task_runner(config.task_runner, config.dask_address, workers)
                    shards = process_shards.with_options(task_runner=runner)(
                        lake, run_date, to_sign, to_analyze, cluster_key if cluster_again else None,
                        config.dedupe_threshold, ArticleBudget(config.max_article_chars, config.article_seconds))
            else:  # nothing new: no shard work at all
                shards = {"dedupe": _standing_clusters(lake), "extract": {"shards": 0, "claims_new": 0, "over_budget": 0},
                          "seconds": {}, "worker_seconds": {}}
        faults.point("after-shards", lake.warehouse)
        counts["dedupe"], counts["extract"] = shards["dedupe"], shards["extract"]
        seconds.update(shards["seconds"])
        for stage, key in (("dedupe", "dedupe"), ("normalize+extract", "extract")):
            log.info("stage %s: %s s, %s", stage, shards["seconds"].get(stage, 0), _brief(counts[key]))
        keys = stage_keys(lake, config)
        if lake.stage_done("aggregate", keys["aggregate"]):  # the figures, clusters and marts of the last run hold
            counts["aggregate"] = {"claims": lake.read_snapshot("claims").num_rows, "skipped": True}
        else:
            counts["aggregate"] = timed("aggregate", aggregate, lake, config.discrepancy_window_days)
            lake.mark_done("aggregate", keys["aggregate"], run_id=run_id)
        faults.point("after-aggregate", lake.warehouse)
        rebuild = not lake.stage_done("load", keys["load"]) or not lake.db_path.exists()
        run_row = {
            "run_id": run_id, "flow_run_id": str(flow_run.get_id()) if flow_run.get_id() else None,
            "started_at": started, "finished_at": _now(), "parameters": config.parameters(),
            "n_inputs": ing.counts["inputs"], "n_articles": ing.counts["articles"],
            "n_quarantined": ing.counts["quarantined"], "n_skipped_seen": ing.counts["skipped_seen"],
            "n_duplicates": counts["dedupe"]["duplicates"], "n_claims": counts["aggregate"]["claims"],
            "counts": counts, "seconds": seconds,
        }
        counts["load"] = timed("load", load, lake, run_row, run_date, keys["load"], rebuild=rebuild)
        faults.point("after-load", lake.warehouse)
        report_again = not lake.stage_done("report", keys["report"])
        timed("artifacts", publish_artifacts, lake, counts, rebuild_report=report_again)
        if report_again:
            lake.mark_done("report", keys["report"], run_id=run_id)
    log.info("arqam run %s done in %.1f s: %s new articles, %s claims in %s", run_id,
             time.perf_counter() - body_started, f"{ing.counts['articles']:,}", f"{counts['aggregate']['claims']:,}",
             lake.db_path)
    return {"run_id": run_id, "counts": counts, "seconds": seconds, "worker_seconds": shards["worker_seconds"],
            "flow_seconds": round(time.perf_counter() - body_started, 3), "warehouse": str(lake.db_path)}
