"""Where the CPU-bound shard work of a run executes: a local process pool, or the calling process.

Prefect tasks run in threads of the flow process (one embedded server, cheap task runs); the
Python work inside them is CPU-bound, so with threads alone it would use one core. Inside
`local_workers(n)` the shard functions of `tasks/shards.py` go to `n` worker processes that import
only the pure core and pyarrow (no Prefect), and each task thread waits for its shard. Outside it
(one shard, a Dask worker, Prefect's own process pool) the work runs inline.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import sys
import threading
import types
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

T = TypeVar("T")
_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_size = 0
_broken = False


def _warm_up() -> None:
    """Load the lexicons once per worker, before the first shard arrives."""
    from arqam.lexicon.vocab import vocabulary

    vocabulary()


def _ready() -> None:
    """A job that does nothing."""


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """While workers start, hide the caller's __main__ from them.

    A spawned worker re-runs the parent's main script (minus its `if __name__ == "__main__"` block) to
    find functions defined there. Ours live in `tasks.shards`, and a script that starts a run at its top
    level would have each worker start that run again, so workers are started with an empty __main__.
    """
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _get() -> ProcessPoolExecutor | None:
    global _pool
    with _lock:
        if _broken:
            return None
        if _pool is None and _size > 1:
            # spawned, not forked: the flow process runs threads and an event loop that a fork would copy mid-state
            _pool = ProcessPoolExecutor(max_workers=_size, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_warm_up)
            with _main_module_hidden():
                for _ in range(_size):  # one job per worker starts them all now
                    _pool.submit(_ready)
        return _pool


@contextlib.contextmanager
def local_workers(n: int, start_now: bool = False) -> Iterator[None]:
    """Within the block, `run` sends work to `n` worker processes (none when n <= 1).

    The workers start at the first `run`, or at once with `start_now` (they then load while the
    flow process does other work, such as ingest).
    """
    global _pool, _size, _broken
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
            pool, _pool, _size, _broken = _pool, None, 0, False
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def run(fn: Callable[..., T], *args) -> T:
    """fn(*args) on a worker of the current pool, or here when there is none.

    A pool whose workers died (killed for memory; or a main script that starts a run at import
    time, which spawned workers re-run) is dropped with a warning, and the work runs here.
    """
    global _broken
    pool = _get()
    if pool is not None:
        try:
            return pool.submit(fn, *args).result()
        except BrokenProcessPool:
            with _lock:
                if not _broken:
                    logging.getLogger("arqam").warning("local worker processes died; running the rest in this process")
                _broken = True
    return fn(*args)
