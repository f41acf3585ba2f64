"""A Prefect server for one command, started before anything else so that it loads in parallel.

Without PREFECT_API_URL, Prefect would start its temporary server at the first flow call: it
first imports the whole server package in this process (seconds), then waits for a subprocess
that imports it again. Here the subprocess (the same one Prefect starts: uvicorn on Prefect's
app, in ephemeral mode, on a free loopback port) starts first thing, this process does its own
imports meanwhile, and PREFECT_API_URL points the client at it. With PREFECT_API_URL already
set (a real server), nothing is started.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path


class ServerError(RuntimeError):
    """The embedded Prefect server did not come up."""


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class EmbeddedServer:
    """The server subprocess; `wait()` blocks until it answers."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        self._stderr = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would block the server
        app_dir = Path(importlib.util.find_spec("prefect").origin).parent.parent  # without importing prefect
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(app_dir), "--factory", "prefect.server.api.server:create_app",
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "error", "--lifespan", "on"],
            env={**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"},
            stdout=subprocess.DEVNULL, stderr=self._stderr)

    def wait(self, timeout: float | None = None) -> None:
        timeout = timeout or float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120"))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._stderr.seek(0)
                err = self._stderr.read().decode(errors="replace").strip().splitlines()
                raise ServerError(f"the embedded Prefect server exited with status {self.process.returncode}"
                                  + (f": {err[-1]}" if err else ""))
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        raise ServerError(f"the embedded Prefect server did not answer on {self.api_url} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._stderr.close()


@contextlib.contextmanager
def prefect_api() -> Iterator[EmbeddedServer | None]:
    """PREFECT_API_URL for the block: the configured server, or an embedded one started now.

    Enter it before importing Prefect; call `wait()` on the server before the first flow run.
    """
    if os.environ.get("PREFECT_API_URL"):
        yield None
        return
    server = EmbeddedServer()
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        yield server
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()
