"""Shard work: one Parquet shard of articles in, the next layers' shards out.

Plain functions over the pure core and the lake, with no Prefect import, so that they run in the
worker processes of `tasks/pool.py` as well as inline. Each returns what its Prefect task reports.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from arqam import schema
from arqam.claims import Claim, claims_table
from arqam.dates import infer_published
from arqam.dedupe import dedupe_key, exact_hash, signatures
from arqam.extract import extract_document
from arqam.ingest import quarantine_row
from arqam.text.document import Document, analyze
from tasks.lake import Lake


@dataclass(frozen=True)
class ArticleBudget:
    """What one article may cost normalize + extract: longer ones, or ones that take longer, are quarantined
    (the article stays in `articles`; it gets no claims) instead of stalling their shard."""

    max_chars: int
    seconds: float


class ArticleTimeout(Exception):
    """An article took longer than its budget."""


class Watchdog:
    """Raise ArticleTimeout in the thread that runs an `article()` block still running after `seconds`.

    One watcher thread per batch polls the article in progress and, past its time, sets the exception
    asynchronously (PyThreadState_SetAsyncExc): it is raised at the next Python instruction of the working
    thread, so it stops pure-Python work (the core) in a worker process's main thread and in a Prefect task
    thread alike. A timeout that fires just as the block ends may be raised by the `with` statement itself:
    callers catch ArticleTimeout around it.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._tid = threading.get_ident()
        self._guard = threading.Lock()
        self._started: float | None = None
        self._fired = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="arqam-article-watchdog", daemon=True)

    def __enter__(self) -> Watchdog:
        if self.seconds != float("inf"):
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _watch(self) -> None:
        every = min(0.25, self.seconds / 4)
        while not self._stop.wait(every):
            with self._guard:
                if self._started is not None and not self._fired and time.monotonic() - self._started > self.seconds:
                    self._fired = True
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._tid), ctypes.py_object(ArticleTimeout))

    @contextlib.contextmanager
    def article(self) -> Iterator[None]:
        with self._guard:
            self._started, self._fired = time.monotonic(), False
        try:
            yield
        finally:
            with self._guard:
                self._started = None
                if self._fired:  # set, and maybe not raised yet: clear it, this thread is past the work
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._tid), None)


def signature_table(articles: pa.Table) -> pa.Table:
    """MinHash signatures and exact hashes of an article table."""
    keys = [dedupe_key(t) for t in articles.column("text_raw").to_pylist()]
    sigs = signatures(keys)
    return pa.table({
        "article_id": articles.column("article_id"),
        "published": articles.column("published"),
        "exact_sha256": pa.array([exact_hash(k) for k in keys], pa.string()),
        "signature": pa.array(list(sigs), pa.list_(pa.uint32())),
    }, schema=schema.MINHASH)


def sign_shard(lake: Lake, shard: str, run_date: str) -> str:
    """Write the signatures of an article shard; returns the signature shard's path."""
    arts = lake.read_shard("articles", shard, ["article_id", "published", "text_raw"])
    return lake.write_shard("minhash", signature_table(arts), run_date, Path(shard).name)


def normalized_row(article_id: str, doc: Document, published_from_text) -> dict:
    """The `normalized` layer's row of an analysed article."""
    return {
        "article_id": article_id,
        "text_key": doc.keyed.key,
        "boilerplate_spans": [{"start": s, "end": e, "reason": r} for s, e, r in doc.boilerplate],
        "sentence_spans": [{"start": s, "end": e, "reason": None} for s, e in doc.sentences],
        "published_from_text": published_from_text,
    }


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a shard's rows pile up (each pass would walk them all);
    the core makes no reference cycles per article, so reference counting frees its objects."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def analyze_rows(articles: list[dict], budget: ArticleBudget | None = None
                 ) -> tuple[list[dict], list[Claim], dict[str, float], list[dict]]:
    """Normalize and extract articles, analysing each text once, each within `budget` (None: no limit):
    (normalized rows, claims, seconds per stage, quarantine rows of the articles over budget)."""
    normalized: list[dict] = []
    claims: list[Claim] = []
    over: list[dict] = []
    seconds = {"normalize": 0.0, "extract": 0.0}
    budget = budget or ArticleBudget(max_chars=2**62, seconds=float("inf"))
    with _collector_paused(), Watchdog(budget.seconds) as watchdog:
        for a in articles:
            _analyze_one(a, budget, watchdog, normalized, claims, seconds, over)
    return normalized, claims, seconds, over


def _over_budget(a: dict, reason: str, detail: str) -> dict:
    return quarantine_row(a.get("source_path") or a["article_id"], a.get("line"), reason,
                          f"article {a['article_id']!r}: {detail}; it is loaded, its figures are not extracted",
                          a.get("content_sha256") or a["article_id"])


def _analyze_one(a: dict, budget: ArticleBudget, watchdog: Watchdog, normalized: list, claims: list, seconds: dict,
                 over: list) -> None:
    text = a["text_raw"]
    if len(text) > budget.max_chars:
        over.append(_over_budget(a, "too_long_to_extract", f"{len(text)} characters, over {budget.max_chars} "
                                 "(--max-article-chars)"))
        return
    t0 = time.perf_counter()
    try:
        with watchdog.article():
            doc = analyze(text)
            from_text = infer_published(doc)
            t1 = time.perf_counter()
            published, source = a["published"], a["date_source"]
            if published is None and from_text is not None:
                published, source = from_text, "text"
            found = extract_document(a["article_id"], doc, published, source, a.get("outlet"))
    except ArticleTimeout:
        over.append(_over_budget(a, "extract_timeout", f"normalize + extract took over {budget.seconds:g} s "
                                 "(--article-seconds)"))
        return
    except Exception as e:  # noqa: BLE001 - a bug of the core costs its article, not the shard and the run
        where = traceback.extract_tb(e.__traceback__)[-1]
        over.append(_over_budget(a, "extract_error", f"normalize + extract failed: {type(e).__name__}: {e} "
                                 f"({os.path.basename(where.filename)}:{where.lineno}; a bug: please report it)"))
        return
    normalized.append(normalized_row(a["article_id"], doc, from_text))
    claims.extend(found)
    seconds["normalize"] += t1 - t0
    seconds["extract"] += time.perf_counter() - t1


def analyze_shard(lake: Lake, shard: str, run_date: str, budget: ArticleBudget | None = None) -> dict:
    """Write the normalized and extracted shards of an article shard, and the quarantine rows of its articles
    over budget: {claims, over_budget, seconds per stage}. The extracted shard, written last, marks it done."""
    arts = lake.read_shard("articles", shard, ["article_id", "source_path", "line", "text_raw", "published",
                                               "date_source", "content_sha256", "outlet"]).to_pylist()
    normalized, claims, seconds, over = analyze_rows(arts, budget)
    name = Path(shard).name
    lake.write_shard("normalized", schema.table(normalized, schema.NORMALIZED), run_date, name)
    if over:
        lake.write_shard("quarantine", schema.table(over, schema.QUARANTINE), run_date, "budget-" + name)
    lake.write_shard("extracted", claims_table(claims), run_date, name)
    return {"claims": len(claims), "over_budget": len(over), "seconds": {k: round(v, 3) for k, v in seconds.items()}}
