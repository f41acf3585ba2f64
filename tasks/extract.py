"""Extract: article shard -> claims shard (one row per figure)."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NONE

from arqam import schema
from arqam.extract import extract_article
from tasks.lake import Lake


def extract_rows(articles: list[dict]) -> list[dict]:
    rows: list[dict] = []
    for a in articles:
        rows.extend(extract_article(a["article_id"], a["text_raw"], a["published"], a["date_source"]))
    return rows


@task(name="extract", cache_policy=NONE)
def extract_shard(warehouse: str, shard: str, run_date: str) -> tuple[str, int]:
    lake = Lake(warehouse)
    arts = lake.read_shard("articles", shard, ["article_id", "text_raw", "published", "date_source"]).to_pylist()
    rows = extract_rows(arts)
    path = lake.write_shard("extracted", schema.table(rows, schema.CLAIMS), run_date, Path(shard).name)
    return path, len(rows)
