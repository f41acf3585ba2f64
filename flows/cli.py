"""The `arqam` command: run the flow, query the warehouse read-only."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from pathlib import Path

from flows.bench import BENCH_SETTINGS, DEFAULT_CORPUS
from flows.config import DEFAULTS, ConfigError, RunConfig

NIGHTLY_CRON = "0 2 * * *"
# what `arqam serve` fixes for the runs it serves (a Run form sets only inputs, since and full_refresh)
SERVED_SETTINGS = [f for f in RunConfig.__dataclass_fields__ if f not in ("inputs", "since", "full_refresh")]


def _die(msg: str, code: int = 2) -> int:
    print(f"arqam: error: {msg}", file=sys.stderr)
    return code


def _table(headers: list[str], rows: list[tuple]) -> str:
    cells = [[("" if v is None else str(v)) for v in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths, strict=True)).rstrip()  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in cells])


def cmd_run(args: argparse.Namespace) -> int:
    try:
        config = RunConfig.from_arguments(args).validate()
    except ConfigError as e:
        return _die(str(e))
    from flows.embedded import ServerError, prefect_api

    with prefect_api() as server:  # first, so that the server loads while this process imports the flow
        from flows.nightly import arqam_flow
        from tasks.lake import Lake, WarehouseError, WarehouseLocked

        try:
            # take the warehouse lock before the flow starts: a clear message, and no flow run for nothing
            # (the flow takes it again: the lock is re-entrant within a process)
            with Lake(config.warehouse).lock(config.lock_wait_seconds, notify=_note):
                if server is not None:
                    server.wait()
                try:
                    with _quiet_about_disk_errors():
                        result = arqam_flow(config)
                finally:
                    _flush_prefect_logs()  # before the embedded server stops
        except WarehouseLocked as e:
            return _die(str(e), 3)
        except WarehouseError as e:
            return _die(str(e), 4)
        except ServerError as e:
            return _die(str(e))
        except Exception as e:
            line = disk_failure(e)
            if line is None:
                raise
            # the temporary server stops now: logs still queued for it are not worth an error message of their own
            logging.raiseExceptions = False
            return _die(line, 4)
    if args.result_json:
        Path(args.result_json).write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    c = result["counts"]
    print(f"arqam: {c['ingest']['articles']} new articles, {c['ingest']['quarantined']} quarantined, "
          f"{c['ingest']['skipped_seen']} already loaded; {c['aggregate']['claims']} claims in {result['warehouse']}")
    print(summary(result["warehouse"]))
    return 0


def _note(message: str) -> None:
    print(f"arqam: note: {message}", file=sys.stderr)


KEPT = "nothing was lost: the previous warehouse is intact, and the next run finishes this one"


def disk_failure(e: BaseException) -> str | None:
    """One line for a run stopped by its disk (full, read-only, forbidden), else None (a bug: the traceback)."""
    import errno

    if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"no space left on device, writing {_io_path(e)} ({KEPT} once there is space)"
    if isinstance(e, OSError) and e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"cannot write {_io_path(e)}: {os.strerror(e.errno)} ({KEPT} once it can write there)"
    first = str(e).splitlines()[0] if str(e) else ""
    from_duckdb = type(e).__module__.split(".")[0] in ("duckdb", "_duckdb")
    if from_duckdb and "No space left on device" in first:
        return f"no space left on device: {first} ({KEPT} once there is space)"
    if from_duckdb and ("Read-only file system" in first or "Permission denied" in first):
        return f"cannot write the warehouse: {first} ({KEPT} once it can write there)"
    return None


def _io_path(e: OSError) -> str:
    """The file an I/O error is about (pyarrow names it only in its message)."""
    import re

    if e.filename:
        return str(e.filename)
    quoted = re.search(r"'([^']+)'", str(e))
    return quoted.group(1) if quoted else "the warehouse"


@contextlib.contextmanager
def _quiet_about_disk_errors():
    """While the flow runs, Prefect's console logs leave out the tracebacks of disk failures (the command prints
    one line for them; the Prefect UI still has the full logs)."""

    class Filter(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            exc = record.exc_info[1] if record.exc_info else None
            if exc is not None and disk_failure(exc) is not None:
                return False
            text = record.getMessage()
            return not (record.levelno >= logging.ERROR and any(
                s in text for s in ("No space left on device", "Read-only file system", "Permission denied")))

    handlers = [h for name in ("", "prefect", "prefect.flow_runs", "prefect.task_runs")
                for h in logging.getLogger(name).handlers if type(h).__name__ == "PrefectConsoleHandler"]
    quiet = Filter()
    for h in handlers:
        h.addFilter(quiet)
    try:
        yield
    finally:
        for h in handlers:
            h.removeFilter(quiet)


def _flush_prefect_logs() -> None:
    from prefect.logging.handlers import APILogHandler

    with contextlib.suppress(Exception):
        APILogHandler.flush()


def summary(db_path: str, limit: int = 40) -> str:
    """The short table `make run` prints: speaker, figure, subject, day."""
    from arqam.figures import figure_text
    from tasks.sql import connect_reader

    con = connect_reader(db_path)
    try:
        rows = con.execute(
            """select coalesce(speaker, '(outlet)'), kind, value_low, value_high, subject, coalesce(event, ''),
                      coalesce(coalesce(statement_date, published)::varchar, '?'), article_id
               from claims order by article_id, char_start limit ?""", [limit]).fetchall()
    finally:
        con.close()
    return _table(["speaker", "figure", "subject", "event", "day", "article"],
                  [(s, figure_text(k, lo, hi), sub, ev, d, a) for s, k, lo, hi, sub, ev, d, a in rows])


def cmd_serve(args: argparse.Namespace) -> int:
    if not os.environ.get("PREFECT_API_URL"):
        return _die("PREFECT_API_URL is not set: start a server with `prefect server start` and export "
                    "PREFECT_API_URL=http://127.0.0.1:4200/api")
    from flows.deployments import Served, serve_deployments

    try:
        served = Served.create(args.inbox, RunConfig.from_arguments(args))
    except ConfigError as e:
        return _die(str(e))
    serve_deployments(served, args.cron, args.timezone)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    import datetime as dt

    from tasks.lake import Lake

    db = Lake(args.warehouse).db_path
    if not db.exists():
        return _die(f"no warehouse at {db}: run `arqam run` first")
    try:
        since = dt.date.fromisoformat(args.since) if args.since else None
    except ValueError:
        return _die(f"--since must be a date YYYY-MM-DD, got {args.since!r}")
    import duckdb

    from tasks.sql import open_failure
    from tasks.timeline import build_report

    try:
        out = build_report(db, Path(args.out), args.subject, since)
    except duckdb.Error as e:
        return _die(open_failure(db, e), 1)
    print(f"arqam: report written to {out}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from flows.bench import run_bench

    corpus = Path(args.corpus)
    if not corpus.is_dir():
        return _die(f"corpus folder does not exist: {corpus}")
    try:
        config = RunConfig.from_arguments(args).validate(check_paths=False)
    except ConfigError as e:
        return _die(str(e))
    results = run_bench(corpus, Path(args.out), config, args.limit, args.repeat)
    print(json.dumps({k: results[k] for k in ("articles", "end_to_end_articles_per_s", "noop_rerun_s", "peak_rss_mb")}))
    print(f"arqam: benchmark written to {args.out}")
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from tasks.lake import Lake
    from tasks.sql import connect_reader, open_failure, refusal

    db = Lake(args.warehouse).db_path
    if not db.exists():
        return _die(f"no warehouse at {db}: run `arqam run` first")
    try:
        con = connect_reader(db)
    except duckdb.Error as e:
        return _die(open_failure(db, e), 1)
    try:
        cur = con.execute(args.sql)
        headers = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchall() if headers else []
    except duckdb.Error as e:
        refused = refusal(e)
        return _die(f"query refused: {refused}" if refused else f"query failed: {str(e).splitlines()[0]}", 1)
    finally:
        con.close()
    if headers:
        print(_table(headers, rows))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from arqam.evaluation import verdict
    from flows.evaluate import evaluate

    if not Path(args.gold).exists() and not any(Path(args.gold).parent.glob(Path(args.gold).name + "*claims.jsonl")):
        return _die(f"gold folder or prefix does not exist: {args.gold}")
    warehouse = None if args.core else Path(args.warehouse)
    if warehouse is not None:
        from tasks.lake import Lake

        if not Lake(warehouse).db_path.exists():
            return _die(f"no warehouse at {Lake(warehouse).db_path}: run `arqam run` first, or use --core")
    try:
        res = evaluate(args.gold, warehouse, args.texts, Path(args.corpus) if args.corpus else None, args.split,
                       details=args.details)
    except (FileNotFoundError, ValueError) as e:
        return _die(str(e))
    if args.json:
        Path(args.json).write_text(json.dumps(res, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    for key in ("subject_confusion", "event_confusion", "speaker_errors"):
        if res.get(key):
            print(f"{key}: " + ", ".join(f"{k} {v}" for k, v in list(res[key].items())[:12]))
    if args.details:
        for key in ("missed", "extra", "wrong_speaker", "wrong_subject", "wrong_event", "traps"):
            for row in res.get(key, []):
                print(f"{key}: {row}")
    print(f"articles={res['articles']} gold={res['gold']} " + verdict(res)
          + (f" place={res['place']}" if "place" in res else ""))
    return 0


PREFECT_DEFAULTS = {
    "PREFECT_LOGGING_LEVEL": "WARNING",
    # the embedded server migrates its database on first start: give it time on a cold machine
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
}


def main(argv: list[str] | None = None) -> int:
    for k, v in PREFECT_DEFAULTS.items():
        os.environ.setdefault(k, v)
    parser = argparse.ArgumentParser(prog="arqam", description="Who reported what figure on which day.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the pipeline on input folders or files")
    RunConfig.add_arguments(run)
    run.add_argument("--result-json", metavar="PATH", help="also write the run's counts and seconds per stage as JSON")
    run.set_defaults(fn=cmd_run)
    srv = sub.add_parser("serve", help="serve the nightly and rerun deployments against PREFECT_API_URL")
    srv.add_argument("--inbox", nargs="+", default=["seeds"], metavar="DIR",
                     help="the inbox folders: what the nightly run reads, and the only place a rerun from the UI may "
                          "read from (default: seeds)")
    RunConfig.add_arguments(srv, SERVED_SETTINGS)
    srv.add_argument("--cron", default=NIGHTLY_CRON, help=f"nightly schedule (default: {NIGHTLY_CRON}, 02:00)")
    srv.add_argument("--timezone", default=None, help="IANA time zone of the schedule (default: this machine's)")
    srv.set_defaults(fn=cmd_serve)
    rep = sub.add_parser("report", help="write a self-contained HTML timeline of who said what, per subject")
    rep.add_argument("--warehouse", default=DEFAULTS.warehouse)
    rep.add_argument("--subject", help="only this subject (civilians, fighters, ...)")
    rep.add_argument("--since", help="only figures on or after this day (YYYY-MM-DD)")
    rep.add_argument("--out", default="report.html", help="the HTML file to write (default: report.html)")
    rep.set_defaults(fn=cmd_report)
    bench = sub.add_parser("bench", help="time the flow over the real-news corpus; writes bench/results.json")
    bench.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    bench.add_argument("--out", default="bench/results.json")
    RunConfig.add_arguments(bench, BENCH_SETTINGS)
    bench.add_argument("--limit", type=int, help="only the first N articles")
    bench.add_argument("--repeat", type=int, default=1, help="cold runs to time; the median is reported (default: 1)")
    bench.set_defaults(fn=cmd_bench)
    query = sub.add_parser("query", help="run SQL on the warehouse, read-only")
    query.add_argument("sql")
    query.add_argument("--warehouse", default=DEFAULTS.warehouse)
    query.set_defaults(fn=cmd_query)
    ev = sub.add_parser("eval", help="score the warehouse's claims against a gold folder of labelled figures")
    ev.add_argument("--gold", required=True, help="a gold folder (*claims.jsonl, traps, optional; docs/evaluation.md) "
                                                  "or a file prefix such as ../shared/gold/dev/dev_")
    ev.add_argument("--warehouse", default=DEFAULTS.warehouse, help=f"warehouse directory (default: {DEFAULTS.warehouse})")
    ev.add_argument("--core", action="store_true",
                    help="score the core run in-process on the gold articles instead of a warehouse (no Prefect)")
    ev.add_argument("--texts", help="folder of <article_id>.txt (default: the gold folder's texts/, articles.jsonl "
                                    "or ids.txt read from --corpus)")
    ev.add_argument("--corpus", help=f"corpus folder for a gold folder that keeps only ids (default: {DEFAULT_CORPUS})")
    ev.add_argument("--split", choices=("a", "b"), help="only the half of the articles a hash of the id assigns")
    ev.add_argument("--details", action="store_true", help="also print every miss, extra and wrong field")
    ev.add_argument("--json", metavar="PATH", help="also write the scores as JSON")
    ev.set_defaults(fn=cmd_eval)
    args = parser.parse_args(argv)
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
