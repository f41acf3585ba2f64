"""Normalize: article shard -> match keys, boilerplate spans, sentences, dates from text."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NONE

from arqam import schema
from arqam.dates import infer_published
from arqam.document import analyze
from tasks.lake import Lake


def normalize_rows(articles: list[dict]) -> list[dict]:
    rows = []
    for a in articles:
        doc = analyze(a["text_raw"])
        rows.append({
            "article_id": a["article_id"],
            "text_key": doc.keyed.key,
            "boilerplate_spans": [{"start": s, "end": e, "reason": r} for s, e, r in doc.boilerplate],
            "sentence_spans": [{"start": s, "end": e, "reason": None} for s, e in doc.sentences],
            "published_from_text": infer_published(doc),
        })
    return rows


@task(name="normalize", cache_policy=NONE)
def normalize_shard(warehouse: str, shard: str, run_date: str) -> str:
    lake = Lake(warehouse)
    arts = lake.read_shard("articles", shard, ["article_id", "text_raw"]).to_pylist()
    return lake.write_shard("normalized", schema.table(normalize_rows(arts), schema.NORMALIZED), run_date, Path(shard).name)
