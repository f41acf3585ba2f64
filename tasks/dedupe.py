"""Dedupe: MinHash signatures of new article shards, then clusters over every article loaded."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
from prefect import get_run_logger, task
from prefect.cache_policies import NONE

from arqam import schema
from arqam.dedupe import NUM_PERM, cluster_signatures, dedupe_key, exact_hash, signatures
from tasks.lake import Lake


def signature_table(articles: pa.Table) -> pa.Table:
    keys = [dedupe_key(t) for t in articles.column("text_raw").to_pylist()]
    sigs = signatures(keys)
    return pa.table({
        "article_id": articles.column("article_id"),
        "published": articles.column("published"),
        "exact_sha256": pa.array([exact_hash(k) for k in keys], pa.string()),
        "signature": pa.array(list(sigs), pa.list_(pa.uint32())),
    }, schema=schema.MINHASH)


@task(name="dedupe", cache_policy=NONE)
def dedupe(warehouse: str, run_date: str, threshold: float = 0.7) -> dict[str, int]:
    """Sign the article shards that have no signatures yet, then cluster all articles."""
    lake = Lake(warehouse)
    signed = {p.name for p in lake.files("minhash")}
    new = [p for p in lake.files("articles") if p.name not in signed]
    for shard in new:
        arts = lake.read_shard("articles", shard, ["article_id", "published", "text_raw"])
        lake.write_shard("minhash", signature_table(arts), run_date, Path(shard).name)
    table = lake.read("minhash")
    sigs = (np.asarray(table.column("signature").combine_chunks().values, dtype=np.uint32).reshape(-1, NUM_PERM)
            if table.num_rows else np.zeros((0, NUM_PERM), dtype=np.uint32))
    clusters = cluster_signatures(table.column("article_id").to_pylist(), table.column("published").to_pylist(),
                                  table.column("exact_sha256").to_pylist(), sigs, threshold)
    rows = [{"article_id": a, "cluster_id": c, "duplicate_of": d} for a, (c, d) in sorted(clusters.items())]
    lake.write_snapshot("clusters", schema.table(rows, schema.CLUSTERS))
    counts = {"articles": len(rows), "clusters": len({r["cluster_id"] for r in rows}),
              "duplicates": sum(r["duplicate_of"] is not None for r in rows), "signed": len(new)}
    get_run_logger().info("dedupe: %s", counts)
    return counts
