"""`arqam bench`: the flow over the real-news corpus, timed per stage, plus the language core alone.

Writes bench/results.json: end-to-end and per-stage seconds and articles per second of cold `arqam run`
processes (the median of --repeat runs), the shard stages' work summed over the worker processes,
claims per second, peak memory of the whole process tree, the incremental no-op re-run, the number
grammar and the attribution alone on the corpus text, Prefect's task overhead against the stage work,
and each target of the speed issue; and bench/profile_extract.txt, a profile of the slowest stage.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from flows.config import RunConfig

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
BENCH_SETTINGS = ["shard_size", "task_runner", "dask_address", "workers"]  # of RunConfig: `arqam bench` options


class MemorySampler:
    """Peak resident memory of this process and all its descendants (workers, Prefect's server), summed.

    Sampled every `interval` seconds in a thread; `peaks` also keeps the largest single process of each kind.
    """

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peak_total = 0.0
        self.peaks: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _kind(proc: psutil.Process) -> str:
        if proc.pid == os.getpid():
            return "bench"
        cmd = " ".join(proc.cmdline())
        if "uvicorn" in cmd or "prefect.server" in cmd:
            return "prefect_server"
        if "multiprocessing" in cmd:
            return "workers"
        return "flow_process" if "flows.cli" in cmd else "other"

    def sample(self) -> None:
        me = psutil.Process()
        total = 0.0
        for proc in [me, *me.children(recursive=True)]:
            try:
                mb = proc.memory_info().rss / 2**20
                kind = self._kind(proc)
            except psutil.Error:
                continue
            total += mb
            self.peaks[kind] = max(self.peaks.get(kind, 0.0), mb)
        self.peak_total = max(self.peak_total, total)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> MemorySampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


def corpus_files(corpus: Path) -> list[Path]:
    files = sorted(corpus.glob("*/articles.jsonl"))
    if not files:
        raise FileNotFoundError(f"no */articles.jsonl under {corpus}")
    return files


def _texts(files: list[Path], limit: int | None) -> list[str]:
    texts: list[str] = []
    for f in files:
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                texts.append(json.loads(line)["text"])
                if limit and len(texts) >= limit:
                    return texts
    return texts


def core_alone(files: list[Path], limit: int | None) -> dict:
    """The number grammar and the attribution alone, over the corpus text (no I/O, no Prefect)."""
    from arqam.attribution import Attribution
    from arqam.figures import find_figures
    from arqam.text.document import analyze

    texts = _texts(files, limit)
    t0 = time.perf_counter()
    docs = [analyze(t) for t in texts]
    t1 = time.perf_counter()
    found = [find_figures(d.tokens) for d in docs]
    t2 = time.perf_counter()
    with_figures = [d for d, f in zip(docs, found, strict=True) if f]
    for d in with_figures:  # the flow asks for speakers only where there are figures
        Attribution(d)
    t3 = time.perf_counter()
    n = len(texts)
    return {"articles": n, "figures": sum(map(len, found)), "articles_with_figures": len(with_figures),
            "analyze_articles_per_s": round(n / (t1 - t0), 1),
            "figure_grammar_articles_per_s": round(n / (t2 - t1), 1),
            "attribution_articles_per_s": round(len(with_figures) / (t3 - t2), 1)}


def task_overhead() -> dict:
    """Seconds per Prefect task run (an empty task) in this embedded setup."""
    from prefect import flow, task

    @task
    def nothing(i: int) -> int:
        return i

    @flow
    def many(n: int) -> None:
        nothing.map(range(n)).result()

    many(5)
    t0 = time.perf_counter()
    many(100)
    return {"seconds_per_task_run": round((time.perf_counter() - t0) / 100, 4)}


def _fixed_work(_: int = 0) -> float:
    """A fixed pure-Python workload (dict, str and int operations like the core's): its seconds."""
    t0 = time.perf_counter()
    seen: dict[str, int] = {}
    for i in range(6_000_000):
        w = str(i % 5003)
        seen[w] = seen.get(w, 0) + len(w)
    return time.perf_counter() - t0


def machine_speed() -> dict:
    """How fast this machine is right now, independent of arqam's code: the fixed workload in one process,
    then in as many processes as there are cores at once. Compare these across bench runs before comparing
    throughput: on a shared machine the same code can run twice as slow on a busy day."""
    import multiprocessing

    one = min(_fixed_work() for _ in range(3))
    cores = os.cpu_count() or 1
    with multiprocessing.get_context("spawn").Pool(cores) as pool:
        pool.map(_fixed_work, range(cores))  # started before the clock
        together = pool.map(_fixed_work, range(cores))
    return {"fixed_work_one_process_s": round(one, 3), "fixed_work_all_cores_s": round(max(together), 3),
            "all_cores_slowdown": round(max(together) / one, 2)}


# the targets of the speed issue (17): end to end, the flow body, normalize + extract per core, memory, the
# no-op re-run, and end to end against the floor pass
TARGETS = {"end_to_end_articles_per_s": (">=", 1000), "flow_articles_per_s": (">=", 1300),
           "analysis_articles_per_s_per_core": (">=", 2000), "peak_rss_mb": ("<", 1200), "noop_rerun_s": ("<=", 6.5),
           "end_to_end_vs_floor": ("<=", 20)}
SCALING = (0.1, 0.5)  # shares of the corpus run once more each, beside the full runs (every 10th, every 2nd article)


def floor_pass(files: list[Path]) -> float:
    """Seconds to read the same JSONL and split every text into words, in one process: the least any pipeline
    over this input does (end to end is reported as a multiple of it)."""
    t0 = time.perf_counter()
    words = 0
    for f in files:
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                words += len(json.loads(line)["text"].split())
    return time.perf_counter() - t0


def _met(value: float | None, op: str, target: float) -> bool:
    if value is None:
        return False
    return {">=": value >= target, "<": value < target, "<=": value <= target}[op]


def _sample_corpus(files: list[Path], path: Path, limit: int | None = None, every: int = 1) -> int:
    """Every `every`-th article of the corpus (spread over all its files), at most `limit` of them, into one
    JSONL: how many."""
    n = kept = 0
    with path.open("w", encoding="utf-8") as w:
        for f in files:
            with f.open(encoding="utf-8") as fh:
                for line in fh:
                    if n % every == 0:
                        w.write(line)
                        kept += 1
                        if limit and kept >= limit:
                            return kept
                    n += 1
    return kept


def _scaling(files: list[Path], opts: list[str], work: Path, full: tuple[dict, float, MemorySampler]) -> list[dict]:
    """One cold run on 10% and on 50% of the corpus, beside the full run: is memory flat, are the place and
    incident stages (aggregate) near-linear in the input size?"""
    points = []
    for share in SCALING:
        sample = work / f"share{share}.jsonl"
        _sample_corpus(files, sample, every=round(1 / share))
        with MemorySampler() as memory:
            result, seconds = _cli_run([str(sample)], str(work / f"wh{share}"), opts, work / f"share{share}.json")
        points.append(_point(share, result, seconds, memory))
    points.append(_point(1.0, *full))
    return points


def _point(share: float, result: dict, seconds: float, memory: MemorySampler) -> dict:
    n = result["counts"]["ingest"]["articles"]
    return {"share": share, "articles": n, "end_to_end_seconds": round(seconds, 2),
            "peak_rss_mb": round(memory.peak_total, 1),
            "aggregate_seconds": result["seconds"].get("aggregate"),
            "aggregate_ms_per_article": round(1000 * result["seconds"].get("aggregate", 0) / n, 3) if n else None}


def _stage_rates(seconds: dict[str, float], n: int) -> dict[str, dict]:
    return {stage: {"seconds": secs, "articles_per_s": round(n / secs, 1) if secs else None}
            for stage, secs in seconds.items()}


def profile_extract(files: list[Path], out: Path, n: int = 2000) -> None:
    """A pyinstrument profile of normalize + extract (the slowest stage) over n corpus articles, one process."""
    try:
        from pyinstrument import Profiler
    except ImportError:  # a dev dependency
        return
    from tasks.shards import analyze_rows

    articles = [{"article_id": str(i), "text_raw": t, "published": None, "date_source": None}
                for i, t in enumerate(_texts(files, n))]
    analyze_rows(articles[:50])  # lexicons loaded before the clock starts
    profiler = Profiler()
    profiler.start()
    analyze_rows(articles)
    profiler.stop()
    out.write_text(f"# pyinstrument profile of normalize + extract over {len(articles)} corpus articles, one process\n\n"
                   + profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")


def _cli_run(inputs: list[str], warehouse: str, opts: list[str], out: Path) -> tuple[dict, float]:
    """A fresh `arqam run` process, as the nightly job runs it (Python, imports and Prefect's start included):
    (its result, seconds)."""
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--input", *inputs, "--warehouse", warehouse,
                           "--result-json", str(out), *opts], capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"arqam run failed: {done.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8")), seconds


def run_bench(corpus: Path, out: Path, config: RunConfig | None = None, limit: int | None = None,
              repeat: int = 1) -> dict:
    """Time `repeat` cold runs (each a fresh `arqam run` with the settings of `config` into a new warehouse),
    report the median one, then the incremental no-op re-run over the same input."""
    from flows.embedded import prefect_api

    files = corpus_files(corpus)
    speed = machine_speed()
    work = Path(tempfile.mkdtemp(prefix="arqam-bench-"))
    config = config or RunConfig()
    opts = config.cli_arguments(BENCH_SETTINGS)
    try:
        inputs = [str(f) for f in files]
        if limit:
            _sample_corpus(files, work / "sample.jsonl", limit=limit)
            inputs = [str(work / "sample.jsonl")]
        runs = []
        for r in range(repeat):
            wh = str(work / f"warehouse{r}")
            with MemorySampler() as memory:
                result, seconds = _cli_run(inputs, wh, opts, work / f"run{r}.json")
            runs.append((result, seconds, memory))
            if r < repeat - 1:
                shutil.rmtree(wh)
        median_run = sorted(runs, key=lambda x: x[1])[(len(runs) - 1) // 2]
        first, e2e, _ = median_run
        memory = max((x[2] for x in runs), key=lambda m: m.peak_total)  # the worst of the runs
        second, noop = _cli_run(inputs, wh, opts, work / "noop.json")
        scaling = _scaling(files, opts, work, median_run) if not limit else []
        floor = floor_pass(files) if not limit else floor_pass([Path(inputs[0])])
        with prefect_api() as server:
            if server is not None:
                server.wait()
            overhead = task_overhead()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    n_articles = first["counts"]["ingest"]["articles"]
    n_claims = first["counts"]["aggregate"]["claims"]
    n_shards = first["counts"]["extract"]["shards"]
    n_task_runs = 2 * n_shards + 5  # sign and normalize-extract per shard; ingest, cluster, aggregate, load, artifacts
    results = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "platform": platform.platform(),
                    **speed},
        "corpus": [str(f) for f in files], "limit": limit, "repeat": repeat, "task_runner": config.task_runner,
        "shard_size": config.shard_size,
        "workers": config.worker_count,
        "articles": n_articles, "quarantined": first["counts"]["ingest"]["quarantined"], "claims": n_claims,
        "marts": {k: first["counts"]["aggregate"].get(k) for k in ("speakers", "daily_figures", "discrepancies")},
        "duplicates": first["counts"]["dedupe"]["duplicates"], "clusters": first["counts"]["dedupe"]["clusters"],
        # the median of `repeat` cold runs (all of them in end_to_end_seconds_runs)
        "end_to_end_seconds": round(e2e, 2),
        "end_to_end_seconds_runs": [round(x[1], 2) for x in runs],
        "end_to_end_articles_per_s": round(n_articles / e2e, 1),
        "claims_per_s": round(n_claims / e2e, 1),
        # the flow body alone, as when a server is already up (a nightly run of `arqam serve`)
        "flow_seconds": first["flow_seconds"],
        "flow_articles_per_s": round(n_articles / first["flow_seconds"], 1),
        "stages": _stage_rates(first["seconds"], n_articles),
        # before the flow body runs: Python and module imports, Prefect's server start, the flow run's creation
        "prefect_start_seconds": round(e2e - first["flow_seconds"], 2),
        # in the flow body but in no stage: subflow run, pool start, bookkeeping
        "outside_stages_seconds": round(first["flow_seconds"] - sum(first["seconds"].values()), 2),
        # the work of the shard stages summed over the worker processes, and its rate on one core
        "worker_seconds": {stage: {"seconds": secs, "articles_per_s_per_core": round(n_articles / secs, 1) if secs else None}
                           for stage, secs in first["worker_seconds"].items()},
        "peak_rss_mb": round(memory.peak_total, 1),
        "peak_rss_mb_by_process": {k: round(v, 1) for k, v in sorted(memory.peaks.items())},
        "noop_rerun_s": round(noop, 2),
        "noop_rerun": {"articles": second["counts"]["ingest"]["articles"],
                       "skipped_seen": second["counts"]["ingest"]["skipped_seen"], "seconds": second["seconds"]},
        "core_alone": core_alone(files, limit or 5000),
        "prefect": {**overhead, "task_runs": n_task_runs,
                    "share_of_end_to_end": round(n_task_runs * overhead["seconds_per_task_run"] / e2e, 4)},
    }
    analysis = sum(first["worker_seconds"].values())
    results["analysis_articles_per_s_per_core"] = round(n_articles / analysis, 1) if analysis else None
    results["floor_seconds"] = round(floor, 6)  # a few seed articles read in well under a millisecond
    results["end_to_end_vs_floor"] = round(e2e / floor, 1) if floor else None
    results["scaling"] = scaling
    results["targets"] = {k: {"target": f"{op} {v}", "value": results[k], "met": _met(results[k], op, v)}
                          for k, (op, v) in TARGETS.items()}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    profile_extract(files, out.parent / "profile_extract.txt")
    return results
