"""Normalize + extract: article shard -> normalized shard and claims shard (one row per figure).

One task per shard runs both stages, so each text is analysed (match key, tokens, sentences)
once; the work itself is `tasks.shards.analyze_shard`, on a local worker process when the run has them.
"""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NONE

from tasks import pool
from tasks.lake import Lake
from tasks.shards import ArticleBudget, analyze_shard


def unanalyzed_shards(lake: Lake) -> list[str]:
    """Article shards that have no extracted shard yet (new, or left by a run that died before extracting them)."""
    done = {p.name for p in lake.files("extracted")}
    return [str(p) for p in lake.files("articles") if p.name not in done]


@task(name="normalize-extract", cache_policy=NONE)
def normalize_extract(lake: Lake, shard: str, run_date: str, budget: ArticleBudget) -> dict:
    """{claims, over_budget, seconds: {normalize, extract}} of one article shard, each article within `budget`."""
    return pool.run(analyze_shard, lake, shard, run_date, budget)
