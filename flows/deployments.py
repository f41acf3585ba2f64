"""Deployments of the arqam flow, served against the Prefect server in PREFECT_API_URL.

`nightly` runs on a cron schedule over the inbox folder; `rerun` has no schedule and takes the
flow's parameters, so a user can start it from the Prefect UI's Run form.
"""

from __future__ import annotations

import os
from pathlib import Path

from prefect import serve
from prefect.schedules import Cron

from flows.config import RunConfig
from flows.nightly import arqam_flow

NIGHTLY_CRON = "0 2 * * *"


def local_timezone() -> str:
    """The machine's IANA time zone (TZ, /etc/timezone, /etc/localtime), UTC when unknown."""
    if os.environ.get("TZ"):
        return os.environ["TZ"]
    etc = Path("/etc/timezone")
    if etc.exists() and etc.read_text().strip():
        return etc.read_text().strip()
    localtime = Path("/etc/localtime")
    if localtime.is_symlink() and "zoneinfo/" in str(localtime.resolve()):
        return str(localtime.resolve()).split("zoneinfo/", 1)[1]
    return "UTC"


def deployments(inbox: str, warehouse: str, cron: str = NIGHTLY_CRON, timezone: str | None = None):
    """The nightly (scheduled) and rerun (on demand) deployments."""
    inbox, warehouse = str(Path(inbox).resolve()), str(Path(warehouse).resolve())
    nightly = arqam_flow.to_deployment(
        name="nightly",
        schedules=[Cron(cron, timezone=timezone or local_timezone())],
        parameters={"config": RunConfig(inputs=(inbox,), warehouse=warehouse).parameters()},
        description=f"arqam over {inbox} into {warehouse}, on the schedule '{cron}'.",
        tags=["arqam", "nightly"],
    )
    rerun = arqam_flow.to_deployment(
        name="rerun",
        parameters={"config": RunConfig(inputs=(inbox,), warehouse=warehouse).parameters()},
        description="Re-run arqam on demand: set inputs, since, full_refresh and warehouse in the Run form.",
        tags=["arqam", "rerun"],
    )
    return nightly, rerun


def serve_deployments(inbox: str, warehouse: str, cron: str = NIGHTLY_CRON, timezone: str | None = None) -> None:
    """Register both deployments and execute their runs until interrupted."""
    serve(*deployments(inbox, warehouse, cron, timezone), print_starting_message=True)
