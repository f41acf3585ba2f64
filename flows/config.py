"""RunConfig: every setting of a run and its default, written once.

The command line (`arqam run`, `arqam bench`: option names, defaults and help come from the fields
below), the flow, the deployments and the bench all build a RunConfig and call `validate()` before
any work, so a bad value is one error line that names the setting, not a traceback half-way through
a run.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from arqam.ingest import DEFAULT_MAX_BYTES

TASK_RUNNERS = ("threads", "processes", "dask")


class ConfigError(ValueError):
    """A setting with a value a run cannot use; the message is one line naming it."""


def _opt(default, flag: str, help: str, **argparse_kwargs):
    """A RunConfig field with its command-line option (`flag`) and help text."""
    return field(default=default, metadata={"flag": flag, "help": help, **argparse_kwargs})


@dataclass(frozen=True)
class RunConfig:
    """The settings of one arqam run (see `validate` for what each accepts)."""

    inputs: tuple[str, ...] = _opt(("seeds",), "--input", "folders or files to read", nargs="+", metavar="PATH")
    warehouse: str = _opt("warehouse/data", "--warehouse", "warehouse directory", metavar="DIR")
    since: str | None = _opt(None, "--since", "only input files modified on or after this date (YYYY-MM-DD)", metavar="DATE")
    full_refresh: bool = _opt(False, "--full-refresh", "forget the lake and rebuild from the inputs")
    shard_size: int = _opt(2000, "--shard-size", "articles per shard, the unit of parallel work", type=int, metavar="N")
    dedupe_threshold: float = _opt(0.7, "--dedupe-threshold",
                                   "Jaccard similarity of character shingles for near duplicates", type=float,
                                   metavar="J")
    discrepancy_window_days: int = _opt(7, "--discrepancy-window", "days within which figures are compared", type=int,
                                       metavar="DAYS")
    max_bytes: int = _opt(DEFAULT_MAX_BYTES, "--max-bytes",
                          "most bytes of one article, of one record of a feed, and of what a compressed file "
                          "expands to; larger ones are quarantined", type=int, metavar="BYTES")
    max_article_chars: int = _opt(200_000, "--max-article-chars",
                                  "longest article (in characters) whose figures are extracted; a longer one is "
                                  "loaded and quarantined", type=int, metavar="N")
    article_seconds: float = _opt(60.0, "--article-seconds",
                                  "most seconds normalize + extract may spend on one article; one that takes longer "
                                  "is loaded and quarantined", type=float, metavar="SECONDS")
    lock_wait_seconds: float = _opt(600.0, "--lock-wait",
                                    "seconds to wait for another run on the same warehouse before failing", type=float,
                                    metavar="SECONDS")
    task_runner: str = _opt("threads", "--task-runner",
                            "how shard tasks run: threads with local worker processes, Prefect's process pool, or Dask",
                            choices=TASK_RUNNERS)
    dask_address: str | None = _opt(None, "--dask-address", "tcp://host:port of a Dask scheduler (with --task-runner dask)",
                                     metavar="ADDRESS")
    workers: int | None = _opt(None, "--workers",
                               "local worker processes (threads) or Dask workers (default: one per core)", type=int,
                               metavar="N")

    def __post_init__(self) -> None:
        if isinstance(self.inputs, str | os.PathLike):
            object.__setattr__(self, "inputs", (self.inputs,))
        object.__setattr__(self, "inputs", tuple(str(Path(p)) for p in self.inputs))
        if isinstance(self.warehouse, os.PathLike):
            object.__setattr__(self, "warehouse", str(self.warehouse))
        if isinstance(self.since, dt.date):
            object.__setattr__(self, "since", self.since.isoformat())

    # -- derived values
    @property
    def since_date(self) -> dt.date | None:
        return dt.date.fromisoformat(self.since) if self.since else None

    @property
    def worker_count(self) -> int:
        return self.workers or os.cpu_count() or 2

    def replace(self, **changes) -> RunConfig:
        return dataclasses.replace(self, **changes)

    def parameters(self) -> dict:
        """The settings as JSON values (the `runs` table's `parameters`)."""
        return {f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v for f in dataclasses.fields(self)}

    # -- validation
    def validate(self, check_paths: bool = True) -> RunConfig:
        """This config, or ConfigError naming the first bad setting; with `check_paths`, inputs must exist."""
        if not self.inputs:
            raise ConfigError(_bad("inputs", "must name at least one folder or file", "nothing"))
        if check_paths:
            for p in self.inputs:
                if not Path(p).exists():
                    raise ConfigError(f"input path does not exist: {p}")
        if not self.warehouse:
            raise ConfigError(_bad("warehouse", "must be a folder", repr(self.warehouse)))
        if check_paths and Path(self.warehouse).exists() and not Path(self.warehouse).is_dir():
            raise ConfigError(f"warehouse is not a folder: {self.warehouse}")
        if self.since is not None:
            try:
                dt.date.fromisoformat(str(self.since))
            except ValueError:
                raise ConfigError(_bad("since", "must be a date YYYY-MM-DD", repr(self.since))) from None
        if not isinstance(self.full_refresh, bool):
            raise ConfigError(_bad("full_refresh", "must be true or false", repr(self.full_refresh)))
        _whole("shard_size", self.shard_size, 1)
        _number("dedupe_threshold", self.dedupe_threshold, "must be a number in (0, 1]", lambda v: 0 < v <= 1)
        _whole("discrepancy_window_days", self.discrepancy_window_days, 0)
        _whole("max_bytes", self.max_bytes, 1)
        _whole("max_article_chars", self.max_article_chars, 1)
        _number("article_seconds", self.article_seconds, "must be a number of seconds > 0", lambda v: v > 0)
        _number("lock_wait_seconds", self.lock_wait_seconds, "must be a number of seconds >= 0", lambda v: v >= 0)
        if self.task_runner not in TASK_RUNNERS:
            raise ConfigError(_bad("task_runner", f"must be one of {', '.join(TASK_RUNNERS)}", repr(self.task_runner)))
        if self.dask_address is not None:
            if self.task_runner != "dask":
                raise ConfigError(_bad("dask_address", "needs task_runner dask (--task-runner dask)",
                                       repr(self.dask_address)))
            if "://" not in self.dask_address:
                raise ConfigError(_bad("dask_address", "must be an address like tcp://host:8786", repr(self.dask_address)))
        if self.workers is not None:
            _whole("workers", self.workers, 1)
        return self

    # -- the command line
    @classmethod
    def add_arguments(cls, parser: argparse.ArgumentParser, names: list[str] | None = None) -> None:
        """Options for the named settings (all by default), their defaults and help from the fields."""
        defaults = cls()
        for f in dataclasses.fields(cls):
            if names is not None and f.name not in names:
                continue
            meta = dict(f.metadata)
            flag, help_text = meta.pop("flag"), meta.pop("help")
            default = getattr(defaults, f.name)
            if f.type == "bool" or isinstance(default, bool):
                parser.add_argument(flag, dest=f.name, action="store_true", help=help_text)
                continue
            shown = " ".join(default) if isinstance(default, tuple) else default
            suffix = f" (default: {shown})" if default is not None else ""
            if isinstance(default, tuple):  # «--input a --input b» reads both (None: the default, see from_arguments)
                parser.add_argument(flag, dest=f.name, default=None, action="extend",
                                    help=help_text + "; may be given more than once" + suffix, **meta)
                continue
            parser.add_argument(flag, dest=f.name, default=default, help=help_text + suffix, **meta)

    @classmethod
    def from_arguments(cls, args: argparse.Namespace) -> RunConfig:
        """A RunConfig of the settings parsed by `add_arguments` (the others keep their defaults)."""
        defaults = cls()
        given = {f.name: getattr(args, f.name) for f in dataclasses.fields(cls) if hasattr(args, f.name)
                 and not (getattr(args, f.name) is None and isinstance(getattr(defaults, f.name), tuple))}
        return cls(**given)

    def cli_arguments(self, names: list[str] | None = None) -> list[str]:
        """`arqam run` options that give these settings (only those that differ from the defaults)."""
        defaults = type(self)()
        out: list[str] = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if (names is not None and f.name not in names) or value == getattr(defaults, f.name):
                continue
            flag = f.metadata["flag"]
            if isinstance(value, bool):
                out += [flag] if value else []
            elif isinstance(value, tuple):
                out += [flag, *value]
            elif value is not None:
                out += [flag, str(value)]
        return out


def _bad(name: str, rule: str, got: str) -> str:
    flag = next(f.metadata["flag"] for f in dataclasses.fields(RunConfig) if f.name == name)
    return f"{name} ({flag}) {rule}, got {got}"


def _whole(name: str, value: object, least: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise ConfigError(_bad(name, f"must be a whole number >= {least}", repr(value)))


def _number(name: str, value: object, rule: str, ok) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value or not ok(value):
        raise ConfigError(_bad(name, rule, repr(value)))


DEFAULTS = RunConfig()
