"""Shared fixtures: an isolated Prefect home, and a warehouse built from the seeds once per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"

# Prefect's embedded server keeps its state in PREFECT_HOME: one per test session, never the user's.
_PREFECT_HOME = tempfile.mkdtemp(prefix="arqam-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ.pop("PREFECT_API_URL", None)
for key, value in {
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
}.items():
    os.environ.setdefault(key, value)


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_PREFECT_HOME, ignore_errors=True)


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of a read-only query on a warehouse file."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def run_flow(inputs: list, warehouse, **settings) -> dict:
    """The flow in this process (its embedded Prefect server) over `inputs` into `warehouse`, other settings by name."""
    from flows.config import RunConfig
    from flows.nightly import arqam_flow

    return arqam_flow(RunConfig(inputs=tuple(str(p) for p in inputs), warehouse=str(warehouse), **settings))


def run_cli(*args: str, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run the `arqam` command of this environment."""
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory):
    """The flow run once in-process on a copy of the seeds: (result, warehouse dir, inputs dir)."""
    base = tmp_path_factory.mktemp("seedrun")
    inputs = base / "seeds"
    shutil.copytree(SEEDS, inputs)
    warehouse = base / "warehouse"
    result = run_flow([inputs], warehouse)
    return result, warehouse, inputs


@pytest.fixture(scope="session")
def seed_db(seed_run) -> Path:
    return seed_run[1] / "arqam.duckdb"
