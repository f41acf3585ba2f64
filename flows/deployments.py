"""Deployments of arqam, served against the Prefect server in PREFECT_API_URL.

`nightly` runs on a cron schedule over the inbox folders; `rerun` has no schedule, so a user starts it from
the Prefect UI's Run form. Both run `served_run`, whose form offers only what a UI user should set: `inputs`
(under the inbox roots `arqam serve` was given; the roots themselves by default), `since` and `full_refresh`
(of the served warehouse). The warehouse, the other settings and the lock are the serving process's, fixed
when it starts: a form cannot point a run at another folder, read a file outside the roots, or switch the
lock off. Each deployment also has a Prefect concurrency limit of 1 (further runs wait in the queue), on top
of the warehouse's file lock, which also keeps `nightly`, `rerun` and command-line runs apart.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.runner import Runner
from prefect.schedules import Cron
from prefect.states import Failed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.callables import ParameterSchema
from pydantic import ConfigDict

from flows.cli import NIGHTLY_CRON
from flows.config import ConfigError, RunConfig
from flows.nightly import run_name, run_pipeline

SERVED_ENV = "ARQAM_SERVED"  # the serving process's settings, read by the runs it executes (its subprocesses)
FORM_SETTINGS = ("inputs", "since", "full_refresh")  # what a Run form may set; every other setting is served
ONE_AT_A_TIME = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE)


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


@dataclass(frozen=True)
class Served:
    """What `arqam serve` fixes for every run it executes: the inbox roots and the run settings (warehouse ...)."""

    inbox_roots: tuple[str, ...]
    base: RunConfig

    @classmethod
    def create(cls, inbox_roots: list[str], base: RunConfig) -> Served:
        roots = tuple(str(Path(r).resolve()) for r in inbox_roots)
        for root in roots:
            if not Path(root).is_dir():
                raise ConfigError(f"inbox folder does not exist: {root}")
        base = base.replace(inputs=roots, warehouse=str(Path(base.warehouse).resolve()), since=None, full_refresh=False)
        return cls(roots, base.validate())

    def to_env(self) -> str:
        return json.dumps({"inbox_roots": list(self.inbox_roots), "settings": self.base.parameters()})

    @classmethod
    def from_env(cls) -> Served:
        raw = os.environ.get(SERVED_ENV)
        if not raw:
            raise ConfigError(f"this flow runs only under `arqam serve` ({SERVED_ENV} is not set)")
        data = json.loads(raw)
        settings = {k: v for k, v in data["settings"].items() if k in {f.name for f in dataclasses.fields(RunConfig)}}
        return cls(tuple(data["inbox_roots"]), RunConfig(**settings))

    def config(self, inputs: list[str] | None, since: dt.date | str | None, full_refresh: bool) -> RunConfig:
        """The RunConfig of a run asked for in a form: every input must be under an inbox root (links resolved)."""
        chosen = list(inputs) if inputs else list(self.inbox_roots)
        for raw in chosen:
            path = Path(raw).resolve()
            if not any(path == Path(root) or path.is_relative_to(root) for root in self.inbox_roots):
                raise ConfigError(f"input {raw} is outside the inbox folders this server reads "
                                  f"({', '.join(self.inbox_roots)})")
        return self.base.replace(inputs=tuple(chosen), since=since, full_refresh=full_refresh).validate()


@flow(name="arqam", task_runner=ThreadPoolTaskRunner(max_workers=2), log_prints=True, flow_run_name=run_name)
def served_run(inputs: list[str] | None = None, since: dt.date | None = None, full_refresh: bool = False) -> dict:
    """Run arqam into the served warehouse (ingest, dedupe, normalize, extract, aggregate, load).

    Args:
        inputs: Folders or files to read, each under the inbox folders `arqam serve` was given (empty: all of them).
        since: Only input files modified on or after this day (empty: every file not read yet).
        full_refresh: Forget the lake and rebuild the warehouse from the inputs.
    """
    try:
        config = Served.from_env().config(inputs, since, full_refresh)
    except ConfigError as e:  # before any work: one line, no traceback
        get_run_logger().error("arqam: %s", e)
        return Failed(message=str(e))
    return run_pipeline(config)


class _ClosedSchema(ParameterSchema):
    """A parameter schema that also says `additionalProperties: false`."""

    model_config = ConfigDict(extra="allow")


def _closed(deployment):
    """The deployment, its parameter schema closed: with enforce_parameter_schema the server then refuses a run
    asked for with any parameter but those of the form (warehouse, take_lock ...), instead of accepting it."""
    schema = deployment._parameter_openapi_schema
    deployment._parameter_openapi_schema = _ClosedSchema(**schema.model_dump(), additionalProperties=False)
    return deployment


def deployments(served: Served, cron: str = NIGHTLY_CRON, timezone: str | None = None):
    """The nightly (scheduled) and rerun (on demand) deployments of `served_run`."""
    roots = ", ".join(served.inbox_roots)
    nightly = _closed(served_run.to_deployment(
        name="nightly",
        schedules=[Cron(cron, timezone=timezone or local_timezone())],
        concurrency_limit=ONE_AT_A_TIME,
        description=f"arqam over {roots} into {served.base.warehouse}, on the schedule '{cron}'.",
        tags=["arqam", "nightly"],
    ))
    rerun = _closed(served_run.to_deployment(
        name="rerun",
        parameters={"inputs": list(served.inbox_roots), "since": None, "full_refresh": False},
        concurrency_limit=ONE_AT_A_TIME,
        description=(f"Re-run arqam on demand into {served.base.warehouse}: inputs (under {roots}), since and "
                     "full_refresh in the Run form."),
        tags=["arqam", "rerun"],
    ))
    return nightly, rerun


def serve_deployments(served: Served, cron: str = NIGHTLY_CRON, timezone: str | None = None) -> None:
    """Register both deployments and execute their runs until interrupted."""
    os.environ[SERVED_ENV] = served.to_env()  # the runs (subprocesses of this one) read it
    from prefect.flows import _display_serve_start_message

    runner = _Runner(pause_on_shutdown=True)
    made = deployments(served, cron, timezone)
    for deployment in made:
        runner.add_deployment(deployment)
    _display_serve_start_message(*made)
    try:
        asyncio.run(_serve(runner))
    except KeyboardInterrupt:
        pass
    print("arqam: serve stopped", file=sys.stderr)


async def _serve(runner: Runner) -> None:
    asyncio.get_running_loop().set_exception_handler(_quiet_cancelled)
    await runner.start()


def _quiet_cancelled(loop: asyncio.AbstractEventLoop, context: dict) -> None:
    """The loop's error handler, but silent on a cancelled task: Python 3.11's stream callback reports a
    connection handler cancelled at shutdown (the runner's control channel) as an error (fixed in 3.12)."""
    if isinstance(context.get("exception"), asyncio.CancelledError):
        return
    loop.default_exception_handler(context)


class _Runner(Runner):
    """Prefect's runner, stopped by SIGTERM as by Ctrl-C: its own SIGTERM handler calls the runner's stop from
    inside the event loop, which leaves `coroutine 'Runner.astop' was never awaited` on the way out."""

    def handle_sigterm(self, *args, **kwargs) -> None:
        self._logger.info("SIGTERM received, shutting down")
        raise KeyboardInterrupt
