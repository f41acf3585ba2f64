"""Dedupe: MinHash signatures of each new article shard, then clusters over every article loaded."""

from __future__ import annotations

import time

import numpy as np
from prefect import get_run_logger, task
from prefect.cache_policies import NONE

from arqam import schema
from arqam.dedupe import NUM_PERM, cluster_signatures
from tasks import pool
from tasks.lake import Lake
from tasks.shards import sign_shard


def unsigned_shards(lake: Lake) -> list[str]:
    """Article shards that have no signature shard yet (new, or left by a run that died)."""
    signed = {p.name for p in lake.files("minhash")}
    return [str(p) for p in lake.files("articles") if p.name not in signed]


@task(name="sign", cache_policy=NONE)
def sign(lake: Lake, shard: str, run_date: str) -> str:
    """Signatures of one article shard (on a local worker process when the run has them)."""
    return pool.run(sign_shard, lake, shard, run_date)


@task(name="cluster", cache_policy=NONE)
def cluster(lake: Lake, threshold: float, signed: int = 0) -> dict[str, int]:
    """Cluster every signed article: exact copies, then LSH near duplicates (Jaccard `threshold`)."""
    started = time.perf_counter()
    table = lake.read("minhash")
    sigs = (np.asarray(table.column("signature").combine_chunks().values, dtype=np.uint32).reshape(-1, NUM_PERM)
            if table.num_rows else np.zeros((0, NUM_PERM), dtype=np.uint32))
    clusters = cluster_signatures(table.column("article_id").to_pylist(), table.column("published").to_pylist(),
                                  table.column("exact_sha256").to_pylist(), sigs, threshold)
    rows = [{"article_id": a, "cluster_id": c, "duplicate_of": d} for a, (c, d) in sorted(clusters.items())]
    lake.write_snapshot("clusters", schema.table(rows, schema.CLUSTERS))
    counts = {"articles": len(rows), "clusters": len({r["cluster_id"] for r in rows}),
              "duplicates": sum(r["duplicate_of"] is not None for r in rows), "signed": signed,
              "cluster_seconds": round(time.perf_counter() - started, 3)}
    get_run_logger().info("dedupe: %s", counts)
    return counts
