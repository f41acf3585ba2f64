"""The one IO layer: where every layer of the Parquet lake lives, and how it is read and written.

Partitioned layers (one shard per batch of articles, named by the hash of its content, so a
re-run writes the same file): lake/<layer>/run_date=YYYY-MM-DD/part-<hash>.parquet.
Snapshots rebuilt by every run (clusters, claims, marts): lake/<name>/current.parquet.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from arqam import schema
from arqam.incidents.tables import INCIDENT_CLAIMS, INCIDENTS

LAYERS: dict[str, pa.Schema] = {
    "articles": schema.ARTICLES,
    "quarantine": schema.QUARANTINE,
    "normalized": schema.NORMALIZED,
    "minhash": schema.MINHASH,
    "extracted": schema.CLAIMS,
    "runs": schema.RUNS,
}
# A layer whose folder names the scheme of what it holds: signatures of an earlier MinHash scheme (128
# permutations, before one-permutation hashing) are not comparable, so a lake that has them signs every
# article again, once.
LAYER_DIRS = {"minhash": "minhash-oph"}
SNAPSHOTS: dict[str, pa.Schema | None] = {
    "manifest": schema.MANIFEST,
    "clusters": schema.CLUSTERS,
    "claims": schema.CLAIMS,
    "speakers": schema.SPEAKERS,
    "incidents": INCIDENTS,
    "incident_claims": INCIDENT_CLAIMS,
    "daily_figures": None,
    "discrepancies": None,
}
DB_NAME = "arqam.duckdb"
LOCK_NAME = ".arqam.lock"
_held: dict[Path, int] = {}  # warehouse locks this process holds, and how many times it entered each
_held_guard = threading.Lock()


class WarehouseLocked(RuntimeError):
    """Another run holds the warehouse."""


class WarehouseError(RuntimeError):
    """The warehouse folder cannot be used (not writable, say): one line saying what and where."""


PERMANENT_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT, errno.ENOENT, errno.ENOTDIR,
                    errno.EISDIR, errno.ENAMETOOLONG, errno.ELOOP}


def permanent(e: BaseException) -> bool:
    """An error that trying again at once will not cure: a full disk, a read-only or forbidden folder, a path that
    does not exist or is not what it should be (a file for a folder, a link loop)."""
    return isinstance(e, OSError) and e.errno in PERMANENT_ERRNOS or "No space left on device" in str(e)


def transient(e: BaseException) -> bool:
    """An I/O error that may go away if tried again (a busy network share, say); not a bug, not a full disk."""
    io_error = isinstance(e, OSError) or type(e).__name__ == "IOException"  # duckdb.IOException
    return io_error and not permanent(e)


def retry_if_transient(task, task_run, state) -> bool:
    """Prefect retry condition of the tasks that read inputs or write the warehouse: retry transient errors only."""
    try:
        state.result()
    except Exception as e:  # noqa: BLE001 - the task's own exception
        return transient(e)
    return False


def sql_string(value: object) -> str:
    """A DuckDB string literal (a path, say): single-quoted, inner quotes doubled."""
    return "'" + str(value).replace("'", "''") + "'"


def shard_name(keys: list[str]) -> str:
    """Deterministic shard file name from the content hashes it holds."""
    return "part-" + hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:16] + ".parquet"


def stage_key(*parts: object) -> str:
    """A fingerprint of what a stage's output is built from (shard names, settings, SQL text)."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:24]


def _write_atomic(table: pa.Table, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():  # the write failed (a full disk, say): no half-written file is left behind
            tmp.unlink()
    return path


class Lake:
    """Paths and Parquet I/O of a warehouse directory."""

    def __init__(self, warehouse: str | os.PathLike) -> None:
        self.warehouse = Path(warehouse)
        self.root = self.warehouse / "lake"

    @property
    def db_path(self) -> Path:
        return self.warehouse / DB_NAME

    def layer_dir(self, layer: str) -> Path:
        return self.root / LAYER_DIRS.get(layer, layer)

    def partition(self, layer: str, run_date: str) -> Path:
        return self.layer_dir(layer) / f"run_date={run_date}"

    def write_shard(self, layer: str, table: pa.Table, run_date: str, name: str) -> str:
        return str(_write_atomic(table.cast(LAYERS[layer]), self.partition(layer, run_date) / name))

    def files(self, layer: str) -> list[Path]:
        return sorted(self.layer_dir(layer).glob("run_date=*/*.parquet"))

    def shard_for(self, layer: str, name: str) -> Path | None:
        found = sorted(self.layer_dir(layer).glob(f"run_date=*/{name}"))
        return found[-1] if found else None

    def read_shard(self, layer: str, path: str | os.PathLike, columns: list[str] | None = None) -> pa.Table:
        return pq.read_table(path, schema=LAYERS[layer], columns=columns, partitioning=None)

    def read(self, layer: str, columns: list[str] | None = None) -> pa.Table:
        """Every shard of a partitioned layer, as one table of the layer's schema."""
        files = self.files(layer)
        if not files:
            sch = LAYERS[layer]
            return sch.empty_table().select(columns) if columns else sch.empty_table()
        return pa.concat_tables([self.read_shard(layer, f, columns) for f in files])

    def snapshot_path(self, name: str) -> Path:
        return self.root / name / "current.parquet"

    def write_snapshot(self, name: str, table: pa.Table) -> str:
        sch = SNAPSHOTS[name]
        return str(_write_atomic(table.cast(sch) if sch is not None else table, self.snapshot_path(name)))

    def read_snapshot(self, name: str) -> pa.Table:
        path = self.snapshot_path(name)
        if path.exists():
            return pq.read_table(path, partitioning=None)
        sch = SNAPSHOTS[name]
        if sch is None:
            raise FileNotFoundError(f"snapshot {name} has not been built: {path}")
        return sch.empty_table()

    def sql_source(self, layer: str) -> str | None:
        """A DuckDB `read_parquet` expression over a layer's shards or a snapshot; None when it has no file yet.

        DuckDB reads the files in place, only the columns a query needs, without pyarrow loading them first.
        """
        files = self.files(layer) if layer in LAYERS else [p for p in [self.snapshot_path(layer)] if p.exists()]
        if not files:
            return None
        paths = ", ".join(sql_string(f) for f in files)
        return f"read_parquet([{paths}], hive_partitioning = false)"

    def copy_to_snapshot(self, con, name: str, sql: str) -> int:
        """Write the result of a DuckDB query as snapshot `name` (streamed by DuckDB, swapped in whole); its row count."""
        path = self.snapshot_path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            n = con.execute(f"copy ({sql}) to {sql_string(tmp)} (format parquet)").fetchone()[0]
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
        return int(n)

    # what each stage completed: lake/_stages/<stage>.json, written atomically once the stage's output is in place
    def stage_path(self, stage: str) -> Path:
        return self.root / "_stages" / f"{stage}.json"

    def stage_done(self, stage: str, key: str) -> bool:
        """Did `stage` complete from the input that `key` fingerprints? (Missing, or built from other input: no.)"""
        try:
            return json.loads(self.stage_path(stage).read_text(encoding="utf-8")).get("key") == key
        except (OSError, ValueError):
            return False

    def mark_done(self, stage: str, key: str, **info) -> None:
        """Record that `stage` completed from the input `key` fingerprints (atomically, and synced to disk)."""
        path = self.stage_path(stage)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        record = {"stage": stage, "key": key, "done_at": dt.datetime.now(dt.UTC).isoformat(), **info}
        try:
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(record, f, sort_keys=True, default=str)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()

    def shard_names(self, layer: str) -> list[str]:
        """The shards of a layer as run_date=D/part-x.parquet, sorted: what a stage key is made of."""
        return sorted(f"{p.parent.name}/{p.name}" for p in self.files(layer))

    def reset(self) -> None:
        """Full refresh: forget every layer (the DuckDB file stays until the new one replaces it)."""
        if self.root.exists():
            shutil.rmtree(self.root)

    @contextlib.contextmanager
    def lock(self, wait_seconds: float = 600.0, notify=None) -> Iterator[None]:
        """Hold the warehouse for one run; a second run waits, then fails with a clear error (WarehouseLocked).

        The lock is an flock on `.arqam.lock`, which the system releases when its holder dies, so a lock file
        left by a killed run never blocks: the next run takes it over and says so (`notify`, one line). The file
        names its holder (pid, host, since when) for the message a waiting run gives. Re-entrant within a
        process: the command line takes the lock before it starts the flow, and the flow, which takes it too,
        then holds it already. A warehouse folder that cannot be written is WarehouseError, before any work.
        """
        key = self.warehouse.resolve()
        with _held_guard:
            reentered = key in _held
            if reentered:
                _held[key] += 1
        if reentered:
            try:
                yield
            finally:
                with _held_guard:
                    _held[key] -= 1
            return
        path = self.warehouse / LOCK_NAME
        try:
            self.warehouse.mkdir(parents=True, exist_ok=True)
            f = open(path, "a+", encoding="utf-8")
        except OSError as e:
            raise WarehouseError(f"cannot write the warehouse folder {self.warehouse}: {e.strerror or e} "
                                 f"(nothing was read or changed)") from None
        with f:
            deadline = time.monotonic() + wait_seconds
            while True:
                try:
                    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise WarehouseLocked(
                            f"warehouse {self.warehouse} is in use by another arqam run ({_holder(f) or 'lock ' + str(path)}); "
                            f"waited {wait_seconds:.0f} s") from None
                    time.sleep(0.5)
            previous = _holder(f)
            if previous and notify is not None:
                notify(f"took over the lock of warehouse {self.warehouse}, left by {previous}, which is no longer running")
            try:
                f.seek(0)
                f.truncate()
                f.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                    "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}))
                f.flush()
            except OSError as e:
                fcntl.flock(f, fcntl.LOCK_UN)
                raise WarehouseError(f"cannot write the warehouse folder {self.warehouse}: {e.strerror or e} "
                                     f"(nothing was read or changed)") from None
            with _held_guard:
                _held[key] = 1
            try:
                yield
            finally:
                with _held_guard:
                    del _held[key]
                with contextlib.suppress(OSError):
                    f.seek(0)
                    f.truncate()
                fcntl.flock(f, fcntl.LOCK_UN)

    def set_aside_stale_wal(self) -> Path | None:
        """Move a write-ahead log left beside the warehouse file (by a process killed while writing it; arqam's
        loads leave none) out of the way, kept under another name: every open would fail on it. Call it holding
        the lock. The new name, or None when there was none."""
        wal = self.db_path.with_name(self.db_path.name + ".wal")
        if not wal.exists():
            return None
        aside = wal.with_name(f"{wal.name}.stale-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}")
        os.replace(wal, aside)
        return aside


def _holder(f) -> str | None:
    """Who the lock file says holds (or last held) the lock: 'pid 123 on host since ...', or None."""
    try:
        f.seek(0)
        info = json.loads(f.read() or "null")
        return f"arqam run pid {info['pid']} on {info['host']} since {info['since']}" if info else None
    except (OSError, ValueError, KeyError, TypeError):
        return None
