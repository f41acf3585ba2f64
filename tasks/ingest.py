"""Ingest: input paths -> article shards and quarantine rows in the lake.

Every path found under an input is accounted for, and the run checks it: a file read (each of its records
an article, a quarantine row, or a record already loaded), a quarantine row (a dangling link, a folder
the run cannot read, a file it cannot open, a file whose reader failed), or a counted skip with its reason
(`SKIPS`). `inputs` is counted from the listing and from the readers as they split records, apart from
what becomes of them; a run whose outcomes do not add up to it fails (IngestCheckFailed) before it
records anything as read.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat as stat_kind
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
from prefect import get_run_logger, task
from prefect.cache_policies import NONE

from arqam import schema
from arqam.ingest import InputFile, clean_text, quarantine_row
from tasks.lake import Lake, retry_if_transient, shard_name

SKIPS = {  # reasons a path found under an input is not read (counted per run, never silent)
    "hidden": "a hidden file or folder (its name starts with a dot)",
    "not_a_file": "not a regular file (a FIFO, a socket or a device)",
    "link_loop": "a link to a folder that contains it",
    "listed_twice": "the same file as another path of the inputs (a link, or overlapping inputs)",
    "older_than_since": "modified before --since",
}


class IngestCheckFailed(RuntimeError):
    """The outcomes of ingest do not add up to its inputs: something was lost (a bug); nothing is recorded as read."""


@dataclass
class Listing:
    """What the input paths hold: files to read, quarantine rows for paths that cannot be listed, counted skips."""

    files: list[tuple[Path, str, os.stat_result]] = field(default_factory=list)  # (path, name as recorded, stat)
    quarantine: list[dict] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def skip(self, reason: str, path: Path) -> None:
        self.skipped[reason] += 1
        self.examples.setdefault(reason, [])
        if len(self.examples[reason]) < 5:
            self.examples[reason].append(display_path(path))

    def bad(self, path: Path, reason: str, detail: str) -> None:
        name = display_path(path)
        self.quarantine.append(quarantine_row(name, None, reason, detail, name))


@dataclass
class IngestResult:
    shards: list[str] = field(default_factory=list)  # article shards written by this run
    counts: dict = field(default_factory=dict)


def display_path(path: Path | str) -> str:
    """A path as the tables record it: undecodable bytes of a file name as \\xNN escapes, so it is valid text."""
    return clean_text(os.fsencode(path).decode("utf-8", "backslashreplace"))


def _os_detail(e: OSError) -> str:
    return f"{type(e).__name__}: {e.strerror or e}"


def list_inputs(inputs: list[str], since: dt.date | None = None) -> Listing:
    """Every path under the input paths (folders recursively, links followed), classified; files sorted by path."""
    out = Listing()
    found: list[tuple[Path, os.stat_result]] = []
    for raw in inputs:
        p = Path(raw)
        try:
            st = p.stat()
        except OSError as e:
            out.bad(p, "unreadable", _os_detail(e))
            continue
        if stat_kind.S_ISDIR(st.st_mode):
            _walk(p, [(st.st_dev, st.st_ino)], out, found)
        elif stat_kind.S_ISREG(st.st_mode):
            found.append((p, st))
        else:
            out.skip("not_a_file", p)
    seen: dict[tuple[int, int], Path] = {}
    for path, st in sorted(found, key=lambda f: f[0]):
        key = (st.st_dev, st.st_ino)
        if key in seen:
            out.skip("listed_twice", path)
        elif since is not None and dt.date.fromtimestamp(st.st_mtime) < since:
            seen[key] = path
            out.skip("older_than_since", path)
        else:
            seen[key] = path
            out.files.append((path, display_path(path), st))
    return out


def _walk(folder: Path, ancestors: list[tuple[int, int]], out: Listing, found: list) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        out.bad(folder, "unreadable_folder", f"{_os_detail(e)} (the files in it were not read)")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            out.skip("hidden", path)
            continue
        try:
            st = os.stat(entry.path)  # follows links
        except OSError as e:
            if entry.is_symlink():
                target = os.readlink(entry.path)
                if e.errno == errno.ELOOP:  # a link that points to itself, in the end
                    out.skip("link_loop", path)
                elif e.errno == errno.ENOENT:
                    out.bad(path, "dangling_link", f"link to {target}, which does not exist")
                else:
                    out.bad(path, "dangling_link", f"link to {target}: {_os_detail(e)}")
            else:
                out.bad(path, "unreadable", _os_detail(e))
            continue
        if stat_kind.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in ancestors:
                out.skip("link_loop", path)
            else:
                _walk(path, [*ancestors, key], out, found)
        elif stat_kind.S_ISREG(st.st_mode):
            found.append((path, st))
        else:
            out.skip("not_a_file", path)


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
        listing = list_inputs(inputs, since)
        manifest = read_manifest(lake)
        return sum(st.st_size for _, name, st in listing.files if not unchanged(manifest.get(name), st))
    except (OSError, ValueError):
        return 0


class _Ingest:
    """The state of one ingest: what the lake holds already, the batch being filled, the counts."""

    def __init__(self, lake: Lake, run_date: str, shard_size: int) -> None:
        self.lake, self.run_date, self.shard_size = lake, run_date, shard_size
        loaded = lake.read("articles", ["article_id", "content_sha256"])
        ids, hashes = loaded.column("article_id").to_pylist(), loaded.column("content_sha256").to_pylist()
        self.id_of_hash = dict(zip(hashes, ids, strict=True))
        self.hash_of_id = dict(zip(ids, hashes, strict=True))
        self.batch: list[dict] = []
        self.quarantine: list[dict] = []
        self.shards: list[str] = []
        self.inputs = self.articles = self.quarantined = self.skipped_seen = 0

    def bad(self, row: dict) -> None:
        self.quarantine.append(row)
        self.quarantined += 1

    def add(self, rec: dict) -> None:
        """One article read: new, already loaded, or refused (another text under a known id, a known text under
        another id)."""
        h, aid = rec["content_sha256"], rec["article_id"]
        if self.id_of_hash.get(h) == aid:
            self.skipped_seen += 1
            return
        if aid in self.hash_of_id:
            self.bad(quarantine_row(rec["source_path"], rec["line"], "duplicate_id",
                                    f"article_id {aid!r} already holds other text", h))
            return
        if h in self.id_of_hash:
            self.bad(quarantine_row(rec["source_path"], rec["line"], "duplicate_content",
                                    f"the same text as article {self.id_of_hash[h]!r}, already loaded", h))
            return
        self.id_of_hash[h] = aid
        self.hash_of_id[aid] = h
        self.batch.append(rec)
        self.articles += 1
        if len(self.batch) >= self.shard_size:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        self.batch.sort(key=lambda r: r["article_id"])
        try:
            table = schema.table(self.batch, schema.ARTICLES)
        except (pa.ArrowException, UnicodeError, TypeError, ValueError):
            table = self._table_without_bad_records()
        if table.num_rows:
            name = shard_name(table.column("content_sha256").to_pylist())
            self.shards.append(self.lake.write_shard("articles", table, self.run_date, name))
        self.batch.clear()

    def _table_without_bad_records(self) -> pa.Table:
        """The batch as a table, each record that Arrow refuses quarantined instead (a safety net: readers
        already give text fields)."""
        good = []
        for rec in self.batch:
            try:
                schema.table([rec], schema.ARTICLES)
                good.append(rec)
            except (pa.ArrowException, UnicodeError, TypeError, ValueError) as e:
                self.articles -= 1
                self.bad(quarantine_row(str(rec.get("source_path")), rec.get("line"), "bad_record",
                                        f"{type(e).__name__}: {e}", str(rec.get("content_sha256"))))
        return schema.table(good, schema.ARTICLES)

    def read(self, path: Path, name: str, max_bytes: int) -> InputFile | None:
        """Read one file into the batch; the reader (its counts and quarantine rows), or None when it failed."""
        try:
            stream = open(path, "rb")
        except OSError as e:
            self.inputs += 1
            self.bad(quarantine_row(name, None, "unreadable", _os_detail(e), name))
            return None
        with stream:
            f = InputFile(name, stream, max_bytes)
            records = f.articles()
            yielded = 0
            while True:
                try:
                    rec = next(records)
                except StopIteration:
                    break
                except Exception as e:  # noqa: BLE001 - one file's failure must not cost the run
                    self.inputs += yielded + f.quarantined + 1
                    self.quarantine.extend(f.quarantine)
                    self.quarantined += f.quarantined
                    reason = "unreadable" if isinstance(e, OSError) else "reader_error"
                    detail = _os_detail(e) if isinstance(e, OSError) else f"{type(e).__name__}: {e}"
                    self.bad(quarantine_row(name, None, reason, f"{detail} (the rest of the file was not read)", name))
                    return None
                yielded += 1
                self.add(rec)  # outside the reader's isolation: a failure to write the lake stops the run
        self.inputs += f.records
        self.quarantine.extend(f.quarantine)
        self.quarantined += f.quarantined
        return f


@task(name="ingest", cache_policy=NONE, retries=2, retry_delay_seconds=2, retry_condition_fn=retry_if_transient)
def ingest(lake: Lake, inputs: list[str], run_date: str, since: dt.date | None, shard_size: int,
           max_bytes: int) -> IngestResult:
    """Read inputs, quarantine bad ones, skip content already loaded, write new article shards.

    Shards are written as soon as they fill up, so memory stays flat however large the input. A file
    whose size and modification time match the manifest of an earlier run is not read again: its
    records count as already seen.
    """
    log = get_run_logger()
    listing = list_inputs(inputs, since)
    state = _Ingest(lake, run_date, shard_size)
    manifest = read_manifest(lake)
    state.inputs = len(listing.quarantine) + sum(listing.skipped.values())
    for row in listing.quarantine:
        state.bad(row)
    for path, name, st in listing.files:
        known = manifest.get(name)
        if unchanged(known, st):
            state.inputs += known["records"]
            state.skipped_seen += known["records"]
            continue
        f = state.read(path, name, max_bytes)
        if f is not None and not f.retry:
            manifest[name] = {"source_path": name, "size": st.st_size, "mtime_ns": st.st_mtime_ns, "records": f.records}
    skipped = sum(listing.skipped.values())
    counts = {"files": len(listing.files), "inputs": state.inputs, "articles": state.articles,
              "quarantined": state.quarantined, "skipped_seen": state.skipped_seen,
              "skipped": dict(sorted(listing.skipped.items())), "quarantine_rows": len(state.quarantine)}
    outcomes = state.articles + state.quarantined + state.skipped_seen + skipped
    if outcomes != state.inputs:
        raise IngestCheckFailed(
            f"ingest found {state.inputs} inputs but accounted for {outcomes} ({state.articles} articles, "
            f"{state.quarantined} quarantined, {state.skipped_seen} already loaded, {skipped} skipped): "
            "an input was lost, which is a bug; nothing was recorded as read")
    state.flush()
    if state.quarantine:
        name = shard_name([q["raw_sha256"] + q["source_path"] + str(q["line"]) + q["reason"] for q in state.quarantine])
        lake.write_shard("quarantine", schema.table(state.quarantine, schema.QUARANTINE), run_date, name)
    lake.write_snapshot("manifest", schema.table(sorted(manifest.values(), key=lambda r: r["source_path"]),
                                                 schema.MANIFEST))
    for reason, examples in listing.examples.items():
        log.info("ingest: skipped %d path(s), %s: %s", listing.skipped[reason], SKIPS[reason], ", ".join(examples))
    log.info("ingest: %s", counts)
    return IngestResult(state.shards, counts)
