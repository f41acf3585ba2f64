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
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
_pool: ProcessPoolExecutor | None = None


def _warm_up() -> None:
    """Load the lexicons once per worker, before the first shard arrives."""
    from arqam.extract import lexicons as extract_lexicons
    from arqam.figures import lexicons as figure_lexicons

    figure_lexicons()
    extract_lexicons()


@contextlib.contextmanager
def local_workers(n: int) -> Iterator[int]:
    """Send shard work to `n` worker processes for the duration of the block (inline when n <= 1).

    Workers are spawned, not forked: the flow process runs threads and an event loop that a fork
    would copy in an unknown state.
    """
    global _pool
    if n <= 1 or _pool is not None:
        yield 1 if _pool is None else _pool._max_workers
        return
    _pool = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn"), initializer=_warm_up)
    try:
        yield n
    finally:
        pool, _pool = _pool, None
        pool.shutdown(wait=True, cancel_futures=True)


def run(fn: Callable[..., T], *args) -> T:
    """fn(*args) on a worker of the current pool, or here when there is none."""
    if _pool is None:
        return fn(*args)
    return _pool.submit(fn, *args).result()
