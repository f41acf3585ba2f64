"""Fault injection for the tests: stop or kill the run at a named point (ARQAM_TEST_FAULT).

    ARQAM_TEST_FAULT=after-aggregate           the flow process kills itself (SIGKILL) there
    ARQAM_TEST_FAULT=in-load:pause=120         it writes <warehouse>/.fault-in-load, then sleeps 120 s

A killed process's children (the embedded Prefect server, local workers) are the test's to stop (it starts the
run in a session of its own and kills the group). Unset, `point` costs one dictionary look-up.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

POINTS = ("after-ingest", "after-sign", "after-shards", "after-aggregate", "in-load", "after-load")
ENV = "ARQAM_TEST_FAULT"


def point(name: str, warehouse: Path) -> None:
    """The run has reached `name` (one of POINTS): do what ARQAM_TEST_FAULT asks there, if anything."""
    spec = os.environ.get(ENV)
    if not spec:
        return
    where, _, action = spec.partition(":")
    if where != name:
        return
    if action.startswith("pause="):
        (warehouse / f".fault-{name}").touch()
        time.sleep(float(action.removeprefix("pause=")))
    else:
        os.kill(os.getpid(), signal.SIGKILL)
