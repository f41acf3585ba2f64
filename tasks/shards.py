"""Shard work: one Parquet shard of articles in, the next layers' shards out.

Plain functions over the pure core and the lake, with no Prefect import, so that they run in the
worker processes of `tasks/pool.py` as well as inline. Each returns what its Prefect task reports.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa

from arqam import schema
from arqam.dates import infer_published
from arqam.dedupe import dedupe_key, exact_hash, signatures
from arqam.document import Document, analyze
from arqam.extract import extract_document
from tasks.lake import Lake


def signature_table(articles: pa.Table) -> pa.Table:
    """MinHash signatures and exact hashes of an article table."""
    keys = [dedupe_key(t) for t in articles.column("text_raw").to_pylist()]
    sigs = signatures(keys)
    return pa.table({
        "article_id": articles.column("article_id"),
        "published": articles.column("published"),
        "exact_sha256": pa.array([exact_hash(k) for k in keys], pa.string()),
        "signature": pa.array(list(sigs), pa.list_(pa.uint32())),
    }, schema=schema.MINHASH)


def sign_shard(lake: Lake, shard: str, run_date: str) -> str:
    """Write the signatures of an article shard; returns the signature shard's path."""
    arts = lake.read_shard("articles", shard, ["article_id", "published", "text_raw"])
    return lake.write_shard("minhash", signature_table(arts), run_date, Path(shard).name)


def normalized_row(article_id: str, doc: Document, published_from_text) -> dict:
    """The `normalized` layer's row of an analysed article."""
    return {
        "article_id": article_id,
        "text_key": doc.keyed.key,
        "boilerplate_spans": [{"start": s, "end": e, "reason": r} for s, e, r in doc.boilerplate],
        "sentence_spans": [{"start": s, "end": e, "reason": None} for s, e in doc.sentences],
        "published_from_text": published_from_text,
    }


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a shard's rows pile up (each pass would walk them all);
    the core makes no reference cycles per article, so reference counting frees its objects."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def analyze_rows(articles: list[dict]) -> tuple[list[dict], list[dict], dict[str, float]]:
    """Normalize and extract articles, analysing each text once: (normalized rows, claims, seconds per stage)."""
    normalized: list[dict] = []
    claims: list[dict] = []
    seconds = {"normalize": 0.0, "extract": 0.0}
    with _collector_paused():
        _analyze_into(articles, normalized, claims, seconds)
    return normalized, claims, seconds


def _analyze_into(articles: list[dict], normalized: list[dict], claims: list[dict], seconds: dict[str, float]) -> None:
    for a in articles:
        t0 = time.perf_counter()
        doc = analyze(a["text_raw"])
        from_text = infer_published(doc)
        normalized.append(normalized_row(a["article_id"], doc, from_text))
        t1 = time.perf_counter()
        published, source = a["published"], a["date_source"]
        if published is None and from_text is not None:
            published, source = from_text, "text"
        claims.extend(extract_document(a["article_id"], doc, published, source))
        seconds["normalize"] += t1 - t0
        seconds["extract"] += time.perf_counter() - t1


def analyze_shard(lake: Lake, shard: str, run_date: str) -> dict:
    """Write the normalized and extracted shards of an article shard: {claims, seconds per stage}."""
    arts = lake.read_shard("articles", shard, ["article_id", "text_raw", "published", "date_source"]).to_pylist()
    normalized, claims, seconds = analyze_rows(arts)
    name = Path(shard).name
    lake.write_shard("normalized", schema.table(normalized, schema.NORMALIZED), run_date, name)
    lake.write_shard("extracted", schema.table(claims, schema.CLAIMS), run_date, name)
    return {"claims": len(claims), "seconds": {k: round(v, 3) for k, v in seconds.items()}}
