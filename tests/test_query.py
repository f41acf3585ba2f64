"""`arqam query` reads the warehouse and nothing else: every way out is refused with one clear line."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli


@pytest.mark.parametrize("sql", [
    "copy claims to '{tmp}/out.csv'",
    "copy (select 1) to '{wh}/lake/manifest/current.parquet' (format parquet)",
    "export database '{tmp}/export'",
    "attach '{tmp}/new.duckdb' as new",
    "select * from read_csv('/etc/passwd')",
    "select * from read_text('/etc/passwd')",
    "select * from read_blob('/etc/hostname')",
    "select * from read_parquet('{wh}/lake/claims/current.parquet')",
    "select * from glob('/root/*')",
    "install httpfs",
    "load httpfs",
    "set enable_external_access = true",
    "set lock_configuration = false",
    "set memory_limit = '100GB'",
    "create table stolen as select 1",
])
def test_every_way_out_is_refused_in_one_line(sql, seed_db, tmp_path):
    wh = seed_db.parent
    out = run_cli("query", sql.format(tmp=tmp_path, wh=wh), "--warehouse", str(wh))
    assert out.returncode == 1, out.stdout
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("arqam: error: query refused: "), out.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_reading_the_warehouse_still_works(seed_db):
    out = run_cli("query", "select count(*) as n from claims where subject = 'civilians'", "--warehouse", str(seed_db.parent))
    assert out.returncode == 0 and out.stdout.splitlines()[0].strip() == "n"
