"""`arqam bench`: the flow over the real-news corpus, timed per stage, plus the language core alone.

Writes bench/results.json: end-to-end and per-stage articles per second, claims per second, peak
memory (RSS of this process and its children), the incremental no-op re-run, the number grammar and
the attribution alone on the corpus text, and Prefect's task overhead against the stage work.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def peak_rss_mb() -> float:
    """Peak resident memory of this process and of its finished children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def corpus_files(corpus: Path) -> list[Path]:
    files = sorted(corpus.glob("*/articles.jsonl"))
    if not files:
        raise FileNotFoundError(f"no */articles.jsonl under {corpus}")
    return files


def core_alone(files: list[Path], limit: int | None) -> dict:
    """The number grammar and the attribution alone, over the corpus text (no I/O, no Prefect)."""
    from arqam.attribution import ArticleSpeakers
    from arqam.document import analyze
    from arqam.figures import find_figures

    texts = []
    for f in files:
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                texts.append(json.loads(line)["text"])
                if limit and len(texts) >= limit:
                    break
        if limit and len(texts) >= limit:
            break
    t0 = time.perf_counter()
    docs = [analyze(t) for t in texts]
    t1 = time.perf_counter()
    n_figs = sum(len(find_figures(d.tokens)) for d in docs)
    t2 = time.perf_counter()
    for d in docs:
        ArticleSpeakers(d)
    t3 = time.perf_counter()
    n = len(texts)
    return {"articles": n, "figures": n_figs,
            "analyze_articles_per_s": round(n / (t1 - t0), 1),
            "figure_grammar_articles_per_s": round(n / (t2 - t1), 1),
            "attribution_articles_per_s": round(n / (t3 - t2), 1)}


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


def run_bench(corpus: Path, out: Path, task_runner: str = "processes", limit: int | None = None,
              shard_size: int = 5000) -> dict:
    from flows.nightly import arqam_flow

    files = corpus_files(corpus)
    work = Path(tempfile.mkdtemp(prefix="arqam-bench-"))
    try:
        inputs = [str(f) for f in files]
        if limit:
            sample = work / "sample.jsonl"
            with sample.open("w", encoding="utf-8") as w:
                n = 0
                for f in files:
                    for line in f.open(encoding="utf-8"):
                        w.write(line)
                        n += 1
                        if n >= limit:
                            break
                    if n >= limit:
                        break
            inputs = [str(sample)]
        wh = work / "warehouse"
        t0 = time.perf_counter()
        first = arqam_flow(inputs=inputs, warehouse=str(wh), shard_size=shard_size, task_runner=task_runner)
        e2e = time.perf_counter() - t0
        t1 = time.perf_counter()
        second = arqam_flow(inputs=inputs, warehouse=str(wh), shard_size=shard_size, task_runner=task_runner)
        noop = time.perf_counter() - t1
        n_articles = first["counts"]["ingest"]["articles"]
        stages = {stage: {"seconds": secs, "articles_per_s": round(n_articles / secs, 1) if secs else None}
                  for stage, secs in first["seconds"].items()}
        results = {
            "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "platform": platform.platform()},
            "corpus": [str(f) for f in files], "limit": limit, "task_runner": task_runner, "shard_size": shard_size,
            "articles": n_articles, "quarantined": first["counts"]["ingest"]["quarantined"],
            "claims": first["counts"]["aggregate"]["claims"],
            "marts": {k: first["counts"]["aggregate"].get(k) for k in ("speakers", "daily_figures", "discrepancies")},
            "duplicates": first["counts"]["dedupe"]["duplicates"], "clusters": first["counts"]["dedupe"]["clusters"],
            "end_to_end_seconds": round(e2e, 2),
            "end_to_end_articles_per_s": round(n_articles / e2e, 1),
            "claims_per_s": round(first["counts"]["aggregate"]["claims"] / e2e, 1),
            "stages": stages,
            "noop_rerun_s": round(noop, 2),
            "noop_rerun": {"articles": second["counts"]["ingest"]["articles"],
                           "skipped_seen": second["counts"]["ingest"]["skipped_seen"], "seconds": second["seconds"]},
            "core_alone": core_alone(files, limit or 5000),
            "prefect": task_overhead(),
            "peak_rss_mb": peak_rss_mb(),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return results
