"""The warehouse SQL (warehouse/*.sql) and the DuckDB views over the lake that it reads."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from tasks.lake import Lake, sql_string

SQL_DIR = Path(__file__).resolve().parent.parent / "warehouse"
SOURCES = {"src_articles": "articles", "src_normalized": "normalized", "src_clusters": "clusters", "src_claims": "claims",
           "src_incidents": "incidents", "src_incident_claims": "incident_claims"}
PARTITIONED = {"articles", "normalized"}


MEMORY_LIMIT = "1GB"  # per DuckDB connection that builds the marts or the warehouse; beyond it, DuckDB spills to disk
# the storage format the warehouse file is written in: DuckDB 2.x writes version 69 by default, which the DuckDB 1.x
# line (the duckdb-cli on PyPI, tools that embed 1.x) cannot open; every 1.x release reads v1.0.0 files
STORAGE_COMPATIBILITY = "v1.0.0"


def connect(lake: Lake, path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-write DuckDB connection (in memory, or on the file at `path`) with bounded memory: large joins
    and sorts spill to a folder in the warehouse instead of growing with the corpus."""
    config = {"storage_compatibility_version": STORAGE_COMPATIBILITY} if path else {}
    con = duckdb.connect(str(path) if path else ":memory:", config=config)
    spill = lake.warehouse / ".duckdb-spill"
    con.execute(f"set memory_limit = '{MEMORY_LIMIT}'")
    con.execute(f"set temp_directory = {sql_string(spill)}")
    return con


READER_CONFIG = {
    # a reader sees the warehouse file and nothing else: no COPY TO, ATTACH, EXPORT, file readers (read_csv,
    # read_text, glob ...), no extension installed or loaded; and no SET can undo that (the configuration is
    # locked, memory and threads included)
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "memory_limit": MEMORY_LIMIT,
    "lock_configuration": True,
}


def connect_reader(db_path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse file that can reach nothing else (READER_CONFIG)."""
    return duckdb.connect(str(db_path), read_only=True, config=dict(READER_CONFIG))


def open_failure(db_path: str | Path, e: duckdb.Error) -> str:
    """One line for a warehouse file that does not open."""
    first = str(e).splitlines()[0] if str(e) else type(e).__name__
    if "WAL" in first:
        return (f"cannot open the warehouse {db_path}: a stale write-ahead log {db_path}.wal is beside it (left by a "
                f"process killed while writing it); the next `arqam run` sets it aside, or move it away yourself")
    return f"cannot open the warehouse {db_path}: {first}"


def refusal(e: duckdb.Error) -> str | None:
    """The one-line reason a reader's query was refused by READER_CONFIG or read-only mode, else None."""
    first = str(e).splitlines()[0] if str(e) else type(e).__name__
    locked = "configuration has been locked" in first or "disabled through configuration" in first
    if isinstance(e, duckdb.PermissionException) or locked:
        return f"{first} (arqam query reads the warehouse only: no files, no attached databases, no extensions)"
    if "read-only mode" in first:
        return first
    return None


def sql_files(folder: str) -> list[Path]:
    return sorted((SQL_DIR / folder).glob("*.sql"))


def sql_text(*folders: str) -> str:
    """A fingerprint of the SQL in `folders`: a stage built from that SQL runs again when it changes."""
    h = hashlib.sha256()
    for folder in folders:
        for f in sql_files(folder):
            h.update(f"{folder}/{f.name}\n".encode() + f.read_bytes())
    return h.hexdigest()[:16]


def register_sources(con: duckdb.DuckDBPyConnection, lake: Lake) -> None:
    """src_* views over the lake's Parquet, read in place (empty tables of the right schema when absent)."""
    for view, layer in SOURCES.items():
        source = lake.sql_source(layer)
        if source is None:
            empty = lake.read(layer) if layer in PARTITIONED else lake.read_snapshot(layer)
            con.register(f"{view}_arrow", empty)
            source = f"{view}_arrow"
        con.execute(f"create or replace temp view {view} as select * from {source}")


def build_staging(con: duckdb.DuckDBPyConnection) -> None:
    for f in sql_files("staging"):
        con.execute(f"create or replace temp view {f.stem} as {f.read_text()}")


def mart_sql(name: str) -> str:
    return (SQL_DIR / "marts" / f"{name}.sql").read_text()
