"""Ingest: input paths -> article shards and quarantine rows in the lake."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NONE

from arqam import schema
from arqam.ingest import parse_file, sha256
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


def read_manifest(lake: Lake) -> dict[str, dict]:
    """The files earlier runs read: source path -> {size, mtime_ns, records}."""
    return {r["source_path"]: r for r in lake.read_snapshot("manifest").to_pylist()}


def unchanged(known: dict | None, stat: os.stat_result) -> bool:
    """Is a file the one the manifest row `known` describes (same size and modification time)?"""
    return known is not None and (known["size"], known["mtime_ns"]) == (stat.st_size, stat.st_mtime_ns)


def unread_bytes(lake: Lake, inputs: list[str], since: dt.date | None = None) -> int:
    """Bytes of the input files that ingest will read (not in the manifest with the same size and
    modification time); 0 when the inputs cannot be listed (ingest then reports why)."""
    try:
        files = list_inputs(inputs, since)
        manifest = read_manifest(lake)
        stats = [(str(f), f.stat()) for f in files]
        return sum(st.st_size for path, st in stats if not unchanged(manifest.get(path), st))
    except (OSError, ValueError):
        return 0


def _quarantine_unreadable(path: Path, e: OSError) -> dict:
    return {"source_path": str(path), "line": None, "reason": "unreadable",
            "detail": f"{type(e).__name__}: {e.strerror or e}", "raw_sha256": sha256(str(path))}


@task(name="ingest", cache_policy=NONE, retries=2, retry_delay_seconds=2)
def ingest(lake: Lake, inputs: list[str], run_date: str, since: dt.date | None, shard_size: int,
           max_bytes: int) -> IngestResult:
    """Read inputs, quarantine bad ones, skip content already loaded, write new article shards.

    Shards are written as soon as they fill up, so memory stays flat however large the input. A file
    whose size and modification time match the manifest of an earlier run is not read again: its
    records count as already seen.
    """
    log = get_run_logger()
    files = list_inputs(inputs, since)
    loaded = lake.read("articles", ["article_id", "content_sha256"])
    done = {p.name for p in lake.files("extracted")}
    pending = [str(p) for p in lake.files("articles") if p.name not in done]  # from a run that died
    seen_hashes = set(loaded.column("content_sha256").to_pylist())
    seen_ids = dict(zip(loaded.column("article_id").to_pylist(), loaded.column("content_sha256").to_pylist(), strict=True))
    del loaded
    manifest = read_manifest(lake)
    batch: list[dict] = []
    quarantine: list[dict] = []
    shards = list(pending)
    n_articles = skipped = 0

    def flush() -> None:
        if batch:
            batch.sort(key=lambda r: r["article_id"])
            name = shard_name([r["content_sha256"] for r in batch])
            shards.append(lake.write_shard("articles", schema.table(batch, schema.ARTICLES), run_date, name))
            batch.clear()

    for path in files:
        try:
            stat = path.stat()
            known = manifest.get(str(path))
            if unchanged(known, stat):
                skipped += known["records"]
                continue
            data = path.read_bytes()
        except OSError as e:
            quarantine.append(_quarantine_unreadable(path, e))
            continue
        parsed = parse_file(str(path), data, max_bytes=max_bytes)
        del data
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
            batch.append(rec)
            n_articles += 1
            if len(batch) >= shard_size:
                flush()
        manifest[str(path)] = {"source_path": str(path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
                               "records": len(parsed.articles) + len(parsed.quarantine)}
    flush()
    if quarantine:
        name = shard_name([q["raw_sha256"] + q["source_path"] + str(q["line"]) for q in quarantine])
        lake.write_shard("quarantine", schema.table(quarantine, schema.QUARANTINE), run_date, name)
    lake.write_snapshot("manifest", schema.table(sorted(manifest.values(), key=lambda r: r["source_path"]),
                                                 schema.MANIFEST))
    counts = {"files": len(files), "inputs": n_articles + len(quarantine) + skipped, "articles": n_articles,
              "quarantined": len(quarantine), "skipped_seen": skipped, "pending_shards": len(pending)}
    assert counts["inputs"] == counts["articles"] + counts["quarantined"] + counts["skipped_seen"]
    log.info("ingest: %s", counts)
    return IngestResult(shards, counts)
