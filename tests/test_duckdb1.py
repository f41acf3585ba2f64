"""The warehouse file opens in DuckDB 1.x (the duckdb-cli on PyPI, tools that embed 1.x), not only in 2.x."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT


def _is_1x(cli: Path) -> bool:
    try:
        out = subprocess.run([str(cli), "--version"], capture_output=True, text=True, timeout=60)
    except OSError:
        return False
    return out.returncode == 0 and out.stdout.startswith("v1.")


@pytest.fixture(scope="module")
def duckdb1(tmp_path_factory) -> Path:
    """A DuckDB 1.x command line: .venv/bin/duckdb (make setup installs duckdb-cli), else one installed from PyPI
    into a throwaway venv; skipped with the reason when neither can be had."""
    here = Path(sys.executable).parent / "duckdb"
    if _is_1x(here):
        return here
    target = tmp_path_factory.mktemp("duckdb1-venv")
    venv.create(target, with_pip=True)
    try:
        out = subprocess.run([str(target / "bin" / "python"), "-m", "pip", "install", "--quiet", "duckdb-cli<2"],
                             capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        pytest.skip("duckdb-cli < 2 could not be installed in 600 s")
    cli = target / "bin" / "duckdb"
    if out.returncode != 0 or not _is_1x(cli):
        pytest.skip(f"duckdb-cli < 2 could not be installed: {(out.stderr or out.stdout).strip()[-300:]}")
    return cli


def _json_query(cli: Path, db: Path, sql: str) -> list[dict]:
    out = subprocess.run([str(cli), "-readonly", "-json", str(db), "-c", sql], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "HOME": str(db.parent)})
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout or "[]")


def test_duckdb_1x_reads_every_table_of_the_warehouse(duckdb1, seed_db, tmp_path):
    db = tmp_path / "arqam.duckdb"
    shutil.copyfile(seed_db, db)  # the CLI may not leave anything beside the session's warehouse
    contract = yaml.safe_load((ROOT / "warehouse" / "contract.yaml").read_text(encoding="utf-8"))
    for table in contract:
        rows = _json_query(duckdb1, db, f"select count(*) as n from {table}")
        assert rows[0]["n"] >= 0, table
    claims = _json_query(duckdb1, db, "select count(*) as n, count(first_run_id) as with_run from claims")[0]
    assert claims["n"] > 0 and claims["with_run"] == claims["n"]
    runs = _json_query(duckdb1, db, "select counts->'ingest'->>'articles' as articles from runs")
    assert runs and runs[0]["articles"] is not None
    comments = _json_query(duckdb1, db, "select count(*) as n, count(comment) as described from duckdb_columns() "
                                        "where schema_name = 'main' and not internal")[0]
    assert comments["described"] == comments["n"] > 0
