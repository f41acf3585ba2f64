"""Where the CPU-bound shard work of a run executes: a local process pool, or the calling process.

Prefect tasks run in threads of the flow process (one embedded server, cheap task runs); the
Python work inside them is CPU-bound, so with threads alone it would use one core. Inside
`local_workers(n)` the shard functions of `tasks/shards.py` go to `n` worker processes that import
only the pure core and pyarrow (no Prefect), and each task thread waits for its shard. Outside it
(one shard, a Dask worker, Prefect's own process pool) the work runs inline.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_size = 0


def _warm_up() -> None:
    """Load the lexicons once per worker, before the first shard arrives."""
    from arqam.extract import lexicons as extract_lexicons
    from arqam.figures import lexicons as figure_lexicons

    figure_lexicons()
    extract_lexicons()


def _ready() -> None:
    """A no-op job: submitting one per worker makes the pool start them all."""


def _get() -> ProcessPoolExecutor | None:
    global _pool
    with _lock:
        if _pool is None and _size > 1:
            # spawned, not forked: the flow process runs threads and an event loop that a fork would copy mid-state
            _pool = ProcessPoolExecutor(max_workers=_size, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_warm_up)
            for _ in range(_size):
                _pool.submit(_ready)
        return _pool


@contextlib.contextmanager
def local_workers(n: int, start_now: bool = False) -> Iterator[None]:
    """Within the block, `run` sends work to `n` worker processes (none when n <= 1).

    The workers start at the first `run`, or at once with `start_now` (they then load while the
    flow process does other work, such as ingest).
    """
    global _pool, _size
    if n <= 1 or _size:
        yield
        return
    _size = n
    try:
        if start_now:
            _get()
        yield
    finally:
        with _lock:
            pool, _pool, _size = _pool, None, 0
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def run(fn: Callable[..., T], *args) -> T:
    """fn(*args) on a worker of the current pool, or here when there is none."""
    pool = _get()
    if pool is None:
        return fn(*args)
    return pool.submit(fn, *args).result()
