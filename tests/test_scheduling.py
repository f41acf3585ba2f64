"""A real Prefect server: `arqam serve` registers both deployments, a UI-style re-run completes with
artifacts, the scheduler creates upcoming nightly runs, and the deployment page renders in Chromium."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import pytest

from tests.conftest import ROOT, SEEDS

BIN = Path(sys.executable).parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def wait_for(what: str, fn, timeout: float, every: float = 1.0, procs: tuple = ()):
    deadline = time.monotonic() + timeout
    while True:
        for p, name in procs:
            assert p.poll() is None, f"{name} exited early with status {p.returncode}"
        try:
            value = fn()
            if value:
                return value
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(every)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A Prefect server on a free loopback port, with its own home; stopped at the end."""
    home = tmp_path_factory.mktemp("prefect-server")
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_API_URL": api,
           "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_LOGGING_LEVEL": "WARNING"}
    log = open(home / "server.log", "w")
    proc = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for("the Prefect server", lambda: httpx.get(f"{api}/health", timeout=5).status_code == 200, 180,
                 procs=((proc, "prefect server"),))
        yield api, env, home
    finally:
        stop(proc)
        log.close()


@pytest.fixture(scope="module")
def served(server, tmp_path_factory):
    """`arqam serve` against the server; stopped before the server."""
    api, env, home = server
    work = tmp_path_factory.mktemp("served")
    inbox = work / "inbox"
    shutil.copytree(SEEDS, inbox)
    log = open(work / "serve.log", "w")
    proc = subprocess.Popen([str(BIN / "arqam"), "serve", "--inbox", str(inbox), "--warehouse", str(work / "nightly-wh")],
                            cwd=ROOT, env={**env, "PREFECT_LOGGING_LEVEL": "INFO"}, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deps = wait_for("both deployments", lambda: _deployments(api), 120, procs=((proc, "arqam serve"),))
        yield api, deps, work, proc
    finally:
        stop(proc)
        log.close()


def _deployments(api: str) -> dict | None:
    out = {}
    for name in ("nightly", "rerun"):
        r = httpx.get(f"{api}/deployments/name/arqam/{name}", timeout=5)
        if r.status_code != 200:
            return None
        out[name] = r.json()
    return out


def test_rerun_from_the_api_completes_with_warehouse_and_artifacts(served):
    api, deps, work, proc = served
    inputs = work / "rerun-input"
    shutil.copytree(SEEDS, inputs)
    warehouse = work / "rerun-wh"
    body = {"parameters": {"config": {"inputs": [str(inputs)], "warehouse": str(warehouse), "full_refresh": True}}}

    def create():
        # the server answers 503 while its SQLite database is busy (the scheduler writes too): try again
        r = httpx.post(f"{api}/deployments/{deps['rerun']['id']}/create_flow_run", json=body, timeout=30)
        if r.status_code >= 500:
            return None
        r.raise_for_status()
        return r.json()["id"]

    run_id = wait_for("the rerun flow run to be created", create, 60, every=2, procs=((proc, "arqam serve"),))

    def finished():
        state = httpx.get(f"{api}/flow_runs/{run_id}", timeout=5).json()["state"]["type"]
        assert state not in ("FAILED", "CRASHED", "CANCELLED"), f"flow run ended {state}: see {work / 'serve.log'}"
        return state == "COMPLETED"

    wait_for("the rerun flow run to complete", finished, 400, every=2, procs=((proc, "arqam serve"),))
    con = duckdb.connect(str(warehouse / "arqam.duckdb"), read_only=True)
    try:
        assert con.execute("select count(*) from claims").fetchone()[0] > 20
        assert con.execute("select flow_run_id from runs").fetchall() == [(run_id,)]
    finally:
        con.close()
    arts = httpx.post(f"{api}/artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [run_id]}}}, timeout=10).json()
    by_key = {a["key"]: a for a in arts}
    assert {"arqam-counts", "arqam-figures"} <= set(by_key)
    assert "مصطفى بالي" in by_key["arqam-figures"]["data"]


def test_the_scheduler_creates_upcoming_nightly_runs(served):
    api, deps, _, proc = served
    nightly = deps["nightly"]
    assert nightly["schedules"] and nightly["schedules"][0]["schedule"]["cron"] == "0 2 * * *"

    def scheduled():
        body = {"deployments": {"id": {"any_": [nightly["id"]]}}, "flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}}}
        return httpx.post(f"{api}/flow_runs/filter", json=body, timeout=10).json()

    runs = wait_for("scheduled nightly runs", scheduled, 120, every=2, procs=((proc, "arqam serve"),))
    assert all(r["expected_start_time"] for r in runs)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs Debian's chromium)")
def test_the_deployment_page_renders_in_chromium(served, tmp_path):
    api, deps, _, _ = served
    url = api.removesuffix("/api") + f"/deployments/deployment/{deps['rerun']['id']}"
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=15000", "--window-size=1400,1000"]
    shot = tmp_path / "deployment.png"
    subprocess.run(flags + [f"--screenshot={shot}", url], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000
    dom = subprocess.run(flags + ["--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    assert "rerun" in dom and "arqam" in dom
