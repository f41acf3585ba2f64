"""A read-only warehouse folder, a stale lock, a stale .wal and a full disk: each one clear line, nothing lost.

Read-only folders and a full disk are made for real where the test may mount (a read-only bind mount, a
tmpfs of a few megabytes); elsewhere those tests skip with the reason. A stale lock and a stale .wal need
nothing special.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT, query, run_cli, run_flow

pytestmark = pytest.mark.slow
NEW_INPUT = ROOT / "tests" / "fixtures" / "marts" / "articles.jsonl"
TABLES = ("articles", "claims", "daily_figures", "speakers", "discrepancies", "quarantine")


def tables(db: Path) -> dict[str, list]:
    """Every warehouse table but `runs` (one row per run, and the killed run is one more), rows sorted, without
    columns that name a run (first_run_id): they differ between two runs by nature."""
    out = {}
    for t in TABLES:
        cols = [c for (c,) in query(db, f"select column_name from (describe {t})") if not c.endswith("run_id")]
        out[t] = sorted(map(repr, query(db, f"select {', '.join(cols)} from {t}")))
    return out


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@contextlib.contextmanager
def read_only(folder: Path):
    """`folder` read-only for real: a read-only bind mount (as root, file modes do not stop writes), else
    file modes; skip where neither can be had."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")] if p.is_dir()}
        for p in modes:
            p.chmod(0o555)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    if not (_mount("--bind", str(folder), str(folder)) and _mount("-o", "remount,bind,ro", str(folder))):
        subprocess.run(["umount", str(folder)], capture_output=True)
        pytest.skip("cannot make a read-only folder here (no permission to mount, and root ignores file modes)")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.fixture(scope="module")
def base(seed_run, tmp_path_factory):
    """The seeds' warehouse, and every table of a clean run of the seeds plus new input on top of it."""
    _, warehouse, seeds = seed_run
    clean = tmp_path_factory.mktemp("faults") / "clean"
    shutil.copytree(warehouse, clean)
    run_flow([seeds, NEW_INPUT], clean)
    return warehouse, seeds, tables(clean / "arqam.duckdb")


def _run(seeds: Path, wh: Path, *extra: str):
    return run_cli("run", "--input", str(seeds), str(NEW_INPUT), "--warehouse", str(wh), *extra)


def test_a_read_only_warehouse_folder_is_one_line_and_changes_nothing(base, tmp_path):
    warehouse, seeds, clean = base
    wh = tmp_path / "wh"
    shutil.copytree(warehouse, wh)
    before = tables(wh / "arqam.duckdb")
    with read_only(wh):
        out = _run(seeds, wh)
    assert out.returncode == 4, out.stderr
    [line] = out.stderr.strip().splitlines()
    assert line in (f"arqam: error: cannot write the warehouse folder {wh}: {why} (nothing was read or changed)"
                    for why in ("Read-only file system", "Permission denied"))
    assert tables(wh / "arqam.duckdb") == before
    run_flow([seeds, NEW_INPUT], wh)  # the next run, in this process
    assert tables(wh / "arqam.duckdb") == clean


def test_a_read_only_lake_stops_the_run_in_one_line_and_the_next_run_finishes(base, tmp_path):
    warehouse, seeds, clean = base
    wh = tmp_path / "wh"
    shutil.copytree(warehouse, wh)
    before = tables(wh / "arqam.duckdb")
    with read_only(wh / "lake"):
        out = _run(seeds, wh)
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 4 and len(lines) == 1, out.stderr
    assert lines[0].startswith(f"arqam: error: cannot write {wh}/lake/") and "nothing was lost" in lines[0]
    assert tables(wh / "arqam.duckdb") == before
    run_flow([seeds, NEW_INPUT], wh)  # the next run, in this process
    assert tables(wh / "arqam.duckdb") == clean


def test_a_stale_lock_is_taken_over_with_one_note(base, tmp_path):
    warehouse, seeds, clean = base
    wh = tmp_path / "wh"
    shutil.copytree(warehouse, wh)
    dead = 2**22 + 17  # no process has this pid (pid_max is at most 2**22)
    (wh / ".arqam.lock").write_text(json.dumps({"pid": dead, "host": "old-host", "since": "2026-11-30T02:00:00+00:00"}))
    out = _run(seeds, wh)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().splitlines() == [
        f"arqam: note: took over the lock of warehouse {wh}, left by arqam run pid {dead} on old-host since "
        "2026-11-30T02:00:00+00:00, which is no longer running"]
    assert tables(wh / "arqam.duckdb") == clean
    assert (wh / ".arqam.lock").read_text() == ""  # released


def _stale_wal(next_to: Path) -> None:
    other = next_to.parent / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("set checkpoint_threshold = '1TB'")
    con.execute("create table t as select 1 as x")
    shutil.copyfile(str(other) + ".wal", str(next_to) + ".wal")
    con.close()
    other.unlink()
    with contextlib.suppress(FileNotFoundError):
        Path(str(other) + ".wal").unlink()


def test_a_stale_wal_is_one_line_for_readers_and_set_aside_by_the_next_run(base, tmp_path):
    warehouse, seeds, clean = base
    wh = tmp_path / "wh"
    shutil.copytree(warehouse, wh)
    db = wh / "arqam.duckdb"
    _stale_wal(db)
    out = run_cli("query", "select count(*) from claims", "--warehouse", str(wh))
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        f"arqam: error: cannot open the warehouse {db}: a stale write-ahead log {db}.wal is beside it (left by a "
        "process killed while writing it); the next `arqam run` sets it aside, or move it away yourself"]
    wal = Path(str(db) + ".wal").read_bytes()
    out = _run(seeds, wh)
    assert out.returncode == 0, out.stderr
    notes = out.stderr.strip().splitlines()
    assert len(notes) == 1 and "set aside a stale write-ahead log beside" in notes[0]
    [aside] = wh.glob("arqam.duckdb.wal.stale-*")
    assert aside.read_bytes() == wal  # kept, under another name
    assert tables(db) == clean


def test_a_full_disk_is_one_line_loses_nothing_and_the_next_run_finishes(base, tmp_path):
    warehouse, seeds, clean = base
    disk = tmp_path / "disk"
    disk.mkdir()
    used = sum(p.stat().st_size for p in warehouse.rglob("*") if p.is_file())
    if not _mount("-t", "tmpfs", "-o", f"size={used + 600 * 1024}", "tmpfs", str(disk)):
        pytest.skip("cannot mount a small tmpfs here to fill a disk for real (needs root and mount permission)")
    try:
        wh = disk / "wh"
        shutil.copytree(warehouse, wh)
        before = tables(wh / "arqam.duckdb")
        out = _run(seeds, wh)
        lines = out.stderr.strip().splitlines()
        assert out.returncode == 4 and len(lines) == 1, out.stderr
        assert lines[0].startswith("arqam: error: no space left on device") and "nothing was lost" in lines[0]
        assert tables(wh / "arqam.duckdb") == before
        assert not list(wh.rglob(".*.tmp")) and not list(wh.glob(".arqam.duckdb.*"))
        assert _mount("-o", "remount,size=256m", str(disk))
        run_flow([seeds, NEW_INPUT], wh)  # the next run, in this process
        assert tables(wh / "arqam.duckdb") == clean
    finally:
        subprocess.run(["umount", str(disk)], check=True)
