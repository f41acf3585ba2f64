"""Ingest: input paths -> article shards and quarantine rows in the lake."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NONE

from arqam import schema
from arqam.ingest import DEFAULT_MAX_BYTES, parse_file, sha256
from tasks.lake import Lake, shard_name


@dataclass
class IngestResult:
    shards: list[str] = field(default_factory=list)  # article shards to normalize and extract
    counts: dict[str, int] = field(default_factory=dict)


def list_inputs(inputs: list[str], since: dt.date | None = None) -> list[Path]:
    """Every file under the input paths (folders recursively), sorted; hidden files skipped."""
    files: list[Path] = []
    for raw in inputs:
        p = Path(raw)
        if not p.exists():
            raise FileNotFoundError(f"input path does not exist: {p}")
        if p.is_dir():
            files.extend(f for f in sorted(p.rglob("*")) if f.is_file() and not any(
                part.startswith(".") for part in f.relative_to(p).parts))
        else:
            files.append(p)
    if since is not None:
        files = [f for f in files if dt.date.fromtimestamp(f.stat().st_mtime) >= since]
    return sorted(dict.fromkeys(files))


@task(name="ingest", cache_policy=NONE, retries=2, retry_delay_seconds=2)
def ingest(inputs: list[str], warehouse: str, run_date: str, since: str | None = None,
           shard_size: int = 5000, max_bytes: int = DEFAULT_MAX_BYTES) -> IngestResult:
    """Read inputs, quarantine bad ones, skip content already loaded, write new article shards."""
    log = get_run_logger()
    lake = Lake(warehouse)
    files = list_inputs(inputs, dt.date.fromisoformat(since) if since else None)
    loaded = lake.read("articles", ["article_id", "content_sha256"])
    done = {p.name for p in lake.files("extracted")}
    pending = [str(p) for p in lake.files("articles") if p.name not in done]  # from a run that died
    seen_hashes = set(loaded.column("content_sha256").to_pylist())
    seen_ids = dict(zip(loaded.column("article_id").to_pylist(), loaded.column("content_sha256").to_pylist(), strict=True))
    articles: list[dict] = []
    quarantine: list[dict] = []
    skipped = 0
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as e:
            quarantine.append({"source_path": str(path), "line": None, "reason": "unreadable",
                               "detail": f"{type(e).__name__}: {e.strerror or e}", "raw_sha256": sha256(str(path))})
            continue
        parsed = parse_file(str(path), data, max_bytes=max_bytes)
        quarantine.extend(parsed.quarantine)
        for rec in parsed.articles:
            if rec["content_sha256"] in seen_hashes:
                skipped += 1
                continue
            if rec["article_id"] in seen_ids:
                quarantine.append({"source_path": rec["source_path"], "line": rec["line"], "reason": "duplicate_id",
                                   "detail": f"article_id {rec['article_id']!r} already holds other text",
                                   "raw_sha256": rec["content_sha256"]})
                continue
            seen_hashes.add(rec["content_sha256"])
            seen_ids[rec["article_id"]] = rec["content_sha256"]
            articles.append(rec)
    articles.sort(key=lambda r: r["article_id"])
    shards = list(pending)
    for i in range(0, len(articles), shard_size):
        batch = articles[i : i + shard_size]
        name = shard_name([r["content_sha256"] for r in batch])
        shards.append(lake.write_shard("articles", schema.table(batch, schema.ARTICLES), run_date, name))
    if quarantine:
        name = shard_name([q["raw_sha256"] + q["source_path"] + str(q["line"]) for q in quarantine])
        lake.write_shard("quarantine", schema.table(quarantine, schema.QUARANTINE), run_date, name)
    counts = {"files": len(files), "inputs": len(articles) + len(quarantine) + skipped, "articles": len(articles),
              "quarantined": len(quarantine), "skipped_seen": skipped, "pending_shards": len(pending)}
    assert counts["inputs"] == counts["articles"] + counts["quarantined"] + counts["skipped_seen"]
    log.info("ingest: %s", counts)
    return IngestResult(shards, counts)


