"""Dedupe: cluster every loaded article (exact and near duplicates) into the clusters snapshot."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NONE

from arqam import schema
from arqam.dedupe import Item, cluster
from tasks.lake import Lake


@task(name="dedupe", cache_policy=NONE)
def dedupe(warehouse: str, threshold: float = 0.7) -> dict[str, int]:
    lake = Lake(warehouse)
    arts = lake.read("articles", ["article_id", "published", "text_raw"])
    items = [Item(a, p, t) for a, p, t in zip(*(arts.column(c).to_pylist() for c in arts.column_names), strict=True)]
    clusters = cluster(items, threshold=threshold)
    rows = [{"article_id": a, "cluster_id": c, "duplicate_of": d} for a, (c, d) in sorted(clusters.items())]
    lake.write_snapshot("clusters", schema.table(rows, schema.CLUSTERS))
    counts = {"articles": len(rows), "clusters": len({r["cluster_id"] for r in rows}),
              "duplicates": sum(r["duplicate_of"] is not None for r in rows)}
    get_run_logger().info("dedupe: %s", counts)
    return counts
