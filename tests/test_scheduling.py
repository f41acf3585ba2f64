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
    (work / "extra").mkdir()
    log = open(work / "serve.log", "w")
    proc = subprocess.Popen([str(BIN / "arqam"), "serve", "--inbox", str(inbox), str(work / "extra"),
                             "--warehouse", str(work / "served-wh")],
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


def _create_run(api: str, deployment: dict, parameters: dict, proc) -> httpx.Response:
    def create():
        # the server answers 503 while its SQLite database is busy (the scheduler writes too): try again
        r = httpx.post(f"{api}/deployments/{deployment['id']}/create_flow_run", json={"parameters": parameters},
                       timeout=30)
        return None if r.status_code >= 500 else r

    return wait_for("the flow run to be created", create, 60, every=2, procs=((proc, "arqam serve"),))


def _final_state(api: str, run_id: str, proc) -> dict:
    def done():
        state = httpx.get(f"{api}/flow_runs/{run_id}", timeout=5).json()["state"]
        return state if state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

    return wait_for("the flow run to end", done, 400, every=2, procs=((proc, "arqam serve"),))


def test_rerun_from_the_api_completes_with_warehouse_and_artifacts(served):
    api, deps, work, proc = served
    inputs = work / "extra" / "rerun-input"
    shutil.copytree(SEEDS, inputs)
    warehouse = work / "served-wh"
    r = _create_run(api, deps["rerun"], {"inputs": [str(inputs)], "full_refresh": True}, proc)
    r.raise_for_status()
    run_id = r.json()["id"]
    state = _final_state(api, run_id, proc)
    assert state["type"] == "COMPLETED", f"flow run ended {state['type']}: see {work / 'serve.log'}"
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


def test_the_run_form_offers_inputs_since_and_full_refresh_only_one_run_at_a_time(served):
    api, deps, _, _ = served
    for deployment in deps.values():
        assert set(deployment["parameter_openapi_schema"]["properties"]) == {"inputs", "since", "full_refresh"}
        assert deployment["parameter_openapi_schema"]["additionalProperties"] is False
        assert deployment["enforce_parameter_schema"] is True
        assert deployment["global_concurrency_limit"]["limit"] == 1
        assert deployment["concurrency_options"]["collision_strategy"] == "ENQUEUE"


@pytest.mark.parametrize("parameters", [{"warehouse": "/tmp/elsewhere"}, {"take_lock": False},
                                        {"inputs": ["/etc"], "shard_size": 1}])
def test_the_server_refuses_any_other_parameter(served, parameters):
    api, deps, _, proc = served
    r = _create_run(api, deps["rerun"], parameters, proc)
    assert 400 <= r.status_code < 500, r.text


def test_a_rerun_outside_the_inbox_fails_with_one_clear_line_and_touches_nothing(served, tmp_path):
    api, deps, work, proc = served
    secret = tmp_path / "secret.txt"
    secret.write_text("قال المرصد إن 5 مدنيين قتلوا.", encoding="utf-8")
    r = _create_run(api, deps["rerun"], {"inputs": [str(secret)], "full_refresh": True}, proc)
    r.raise_for_status()
    state = _final_state(api, r.json()["id"], proc)
    assert state["type"] == "FAILED"
    assert f"input {secret} is outside the inbox folders this server reads" in state["message"]
    lake = work / "served-wh" / "lake" / "manifest" / "current.parquet"
    assert not lake.exists() or str(secret) not in lake.read_bytes().decode("utf-8", "ignore")


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
