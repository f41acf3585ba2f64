"""pyarrow schemas of every layer of the lake, in one place."""

from __future__ import annotations

import pyarrow as pa

from arqam.claims import CLAIM_SCHEMA

SPAN = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("reason", pa.string())])

ARTICLES = pa.schema([
    ("article_id", pa.string()),
    ("source_path", pa.string()),
    ("line", pa.int32()),
    ("outlet", pa.string()),
    ("url", pa.string()),
    ("title", pa.string()),
    ("published", pa.date32()),
    ("date_source", pa.string()),
    ("text_raw", pa.string()),
    ("content_sha256", pa.string()),
    ("encoding", pa.string()),
    ("extra", pa.string()),  # JSON of unknown input fields
])

QUARANTINE = pa.schema([
    ("source_path", pa.string()),
    ("line", pa.int32()),
    ("reason", pa.string()),
    ("detail", pa.string()),
    ("raw_sha256", pa.string()),
])

MANIFEST = pa.schema([  # input files already read, to skip unchanged ones
    ("source_path", pa.string()),
    ("size", pa.int64()),
    ("mtime_ns", pa.int64()),
    ("records", pa.int64()),
])

MINHASH = pa.schema([
    ("article_id", pa.string()),
    ("published", pa.date32()),
    ("exact_sha256", pa.string()),  # of the normalized text
    ("signature", pa.list_(pa.uint32())),
])

CLUSTERS = pa.schema([
    ("article_id", pa.string()),
    ("cluster_id", pa.string()),
    ("duplicate_of", pa.string()),
])

NORMALIZED = pa.schema([
    ("article_id", pa.string()),
    ("text_key", pa.string()),
    ("boilerplate_spans", pa.list_(SPAN)),
    ("sentence_spans", pa.list_(SPAN)),
    ("published_from_text", pa.date32()),
])

CLAIMS = CLAIM_SCHEMA  # arqam/claims.py: the one definition of a claim

SPEAKERS = pa.schema([
    ("speaker", pa.string()),
    ("speaker_type", pa.string()),
    ("role", pa.string()),
    ("affiliation", pa.string()),
    ("aliases", pa.list_(pa.string())),
    ("roles", pa.list_(pa.string())),
    ("n_claims", pa.int64()),
    ("n_articles", pa.int64()),
])

RUNS = pa.schema([
    ("run_id", pa.string()),
    ("flow_run_id", pa.string()),
    ("started_at", pa.timestamp("us", tz="UTC")),
    ("finished_at", pa.timestamp("us", tz="UTC")),
    ("parameters", pa.string()),  # JSON
    ("n_inputs", pa.int64()),
    ("n_articles", pa.int64()),
    ("n_quarantined", pa.int64()),
    ("n_skipped_seen", pa.int64()),
    ("n_duplicates", pa.int64()),
    ("n_claims", pa.int64()),
    ("counts", pa.string()),  # JSON: per stage
    ("seconds", pa.string()),  # JSON: per stage
])


def empty(schema: pa.Schema) -> pa.Table:
    return schema.empty_table()


def table(rows: list[dict], schema: pa.Schema) -> pa.Table:
    """A table of `schema` from row dicts (missing keys are NULL, extra keys ignored)."""
    return pa.table({f.name: pa.array([r.get(f.name) for r in rows], f.type) for f in schema}, schema=schema)
