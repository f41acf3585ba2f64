"""Progress of a shard stage: a log line per shard done (shards done / total, articles, articles per second),
on the console and in the Prefect UI; on a terminal the console shows one redrawn bar instead of those lines.

A record marked PROGRESS is left out by the console handlers while a bar is drawn (`console_filter`): the
Prefect UI keeps every line.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Iterator

import pyarrow.parquet as pq

PROGRESS = "arqam_progress"  # the attribute of a progress log record
_BAR = 30


def bar_wanted() -> bool:
    """A progress bar when standard error is a terminal; plain lines otherwise."""
    return sys.stderr.isatty()


class ConsoleFilter(logging.Filter):
    """Leaves progress lines out of a console handler (the bar shows them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, PROGRESS, False)


def rows_of(shard: str) -> int:
    """Articles in a shard, from its Parquet footer (nothing else is read)."""
    try:
        return pq.ParquetFile(shard).metadata.num_rows
    except OSError:
        return 0


class Progress:
    """Counts the shards of one stage as they finish and reports each (thread-safe)."""

    def __init__(self, log, stage: str, shards: list[str], bar: bool | None = None) -> None:
        self.log, self.stage = log, stage
        self.rows = {s: rows_of(s) for s in shards}
        self.total_rows = sum(self.rows.values())
        self.done = self.done_rows = 0
        self.started = time.perf_counter()
        self.bar = bar_wanted() if bar is None else bar
        self._guard = threading.Lock()

    def line(self) -> str:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        return (f"{self.stage}: {self.done}/{len(self.rows)} shards, {self.done_rows:,}/{self.total_rows:,} articles, "
                f"{self.done_rows / elapsed:,.0f} articles/s, {elapsed:.1f} s")

    def shard_done(self, shard: str) -> None:
        with self._guard:
            self.done += 1
            self.done_rows += self.rows.get(shard, 0)
            text = self.line()
        self.log.info(text, extra={PROGRESS: True})
        if self.bar:
            filled = int(_BAR * self.done / max(len(self.rows), 1))
            end = "\n" if self.done == len(self.rows) else ""
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (_BAR - filled)}] {text}\x1b[K{end}")
            sys.stderr.flush()

    def track(self, futures: list, shards: list[str]) -> Iterator:
        """The results of `futures` (one per shard, in the order of `shards`) as they complete."""
        from prefect.futures import as_completed

        shard_of = {id(f): s for f, s in zip(futures, shards, strict=True)}
        for future in as_completed(futures):
            result = future.result()
            self.shard_done(shard_of[id(future)])
            yield result
