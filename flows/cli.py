"""The `arqam` command: run the flow, query the warehouse read-only."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from flows.bench import BENCH_SETTINGS, DEFAULT_CORPUS
from flows.config import DEFAULTS, ConfigError, RunConfig

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection

NIGHTLY_CRON = "0 2 * * *"
# what `arqam serve` fixes for the runs it serves (a Run form sets only inputs, since and full_refresh)
SERVED_SETTINGS = [f for f in RunConfig.__dataclass_fields__ if f not in ("inputs", "since", "full_refresh")]


def _open_reader(warehouse) -> tuple[DuckDBPyConnection | None, int]:
    """A read-only connection to the warehouse, or None and the exit status after one clear line."""
    import duckdb

    from tasks.lake import Lake
    from tasks.sql import connect_reader, open_failure

    db = Lake(warehouse).db_path
    if not db.exists():
        return None, _die(f"no warehouse at {db}: run `arqam run` first")
    try:
        return connect_reader(db), 0
    except duckdb.Error as e:
        return None, _die(open_failure(db, e), 1)


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
    print(run_report(result))
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
    from tasks.progress import ConsoleFilter, bar_wanted

    filters = [Filter()] + ([ConsoleFilter()] if bar_wanted() else [])  # on a terminal the bar shows progress
    for h in handlers:
        for f in filters:
            h.addFilter(f)
    try:
        yield
    finally:
        for h in handlers:
            for f in filters:
                h.removeFilter(f)


def _flush_prefect_logs() -> None:
    from prefect.logging.handlers import APILogWorker

    with contextlib.suppress(Exception):
        APILogWorker.drain_all(timeout=10)


def summary(db_path: str, run_id: str | None = None, limit: int = 20) -> str:
    """What a run found: the claims it added to the warehouse (first_run_id = run_id; every claim without a run
    id), the largest figures first, as a table of speaker, figure, subject, event, day and article."""
    from arqam.figures import figure_text
    from tasks.sql import connect_reader

    con = connect_reader(db_path)
    try:
        rows = con.execute(
            """select coalesce(speaker, '(outlet)'), kind, value_low, value_high, subject, coalesce(event, ''),
                      coalesce(coalesce(statement_date, published)::varchar, '?'), article_id
               from claims where $run is null or first_run_id = $run
               order by subject = 'other', coalesce(value_high, value_low) desc nulls last, article_id, char_start
               limit $limit""", {"run": run_id, "limit": limit}).fetchall()
    finally:
        con.close()
    return _table(["speaker", "figure", "subject", "event", "day", "article"],
                  [(s, figure_text(k, lo, hi), sub, ev, d, a) for s, k, lo, hi, sub, ev, d, a in rows])


def run_report(result: dict) -> str:
    """The lines `arqam run` ends with: what this run added, its top new figures, where the warehouse and the
    report are."""
    from tasks.sql import connect_reader

    c, run_id, db = result["counts"], result["run_id"], result["warehouse"]
    con = connect_reader(db)
    try:
        new, total = con.execute("select count(*) filter (where first_run_id = ?), count(*) from claims",
                                 [run_id]).fetchone()
    finally:
        con.close()
    ing = c["ingest"]
    lines = [f"arqam: run {run_id}: {ing['articles']} new articles, {ing['quarantined']} quarantined, "
             f"{ing['skipped_seen']} already loaded; {new} new claims ({total} in {db})"]
    if new:
        lines += [f"top new figures of this run (all: arqam query \"select * from changes where run_id = '{run_id}'\"):",
                  summary(db, run_id)]
    report = Path(db).parent / "report.html"
    if report.exists():
        lines.append(f"arqam: report: {report}")
    return "\n".join(lines)


def cmd_diff(args: argparse.Namespace) -> int:

    from tasks.lineage import diff_sql

    con, failed = _open_reader(args.warehouse)
    if con is None:
        return failed
    try:
        runs = [r[0] for r in con.execute("select run_id from runs order by started_at").fetchall()]
        chosen = []
        for given in (args.run_a, args.run_b or (runs[-1] if runs else "")):
            found = [r for r in runs if r.startswith(given)]
            if len(found) != 1:
                what = "no run" if not found else f"{len(found)} runs"
                return _die(f"{what} of this warehouse has an id starting with {given!r} "
                            f"(runs: {', '.join(r[:8] for r in runs[-10:]) or 'none'})")
            chosen += found
        cur = con.execute(diff_sql(*chosen))
        headers, rows = [d[0] for d in cur.description], cur.fetchall()
    finally:
        con.close()
    print(render(headers, rows, args.format))
    return 0


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
    from arqam.lexicon.vocab import SUBJECTS

    if args.subject is not None and args.subject not in SUBJECTS:
        return _die(f"unknown subject {args.subject!r}: the subjects are {', '.join(SUBJECTS)}")
    folder = Path(args.out).parent
    if not folder.is_dir():
        return _die(f"the folder of --out does not exist: {folder} (create it first)")
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


FORMATS = ("table", "csv", "json", "markdown")


def _sql_of(args: argparse.Namespace) -> str | None:
    """The SQL to run: the argument, the file of -f, or standard input for `-`."""
    if args.file and args.sql:
        raise ValueError("give the SQL either as an argument or with -f FILE, not both")
    if args.file:
        if args.file == "-":
            return sys.stdin.read()
        path = Path(args.file)
        if not path.is_file():
            raise ValueError(f"SQL file does not exist: {path}")
        return path.read_text(encoding="utf-8")
    if args.sql == "-":
        return sys.stdin.read()
    if not args.sql:
        raise ValueError("no SQL: give it as an argument, with -f FILE, or `-` to read standard input")
    return args.sql


def render(headers: list[str], rows: list[tuple], fmt: str) -> str:
    """Rows as `fmt`: table (aligned text), csv, json (a list of objects) or markdown (a pipe table)."""
    if fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(headers)
        w.writerows(["" if v is None else v for v in r] for r in rows)
        return buf.getvalue().rstrip("\n")
    if fmt == "json":
        return json.dumps([dict(zip(headers, r, strict=True)) for r in rows], ensure_ascii=False, indent=1, default=str)
    if fmt == "markdown":
        cell = lambda v: "" if v is None else " ".join(str(v).split()).replace("|", "\\|")  # noqa: E731
        lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
        return "\n".join(lines + ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows])
    return _table(headers, rows)


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from tasks.sql import refusal

    try:
        sql = _sql_of(args)
    except (ValueError, OSError) as e:
        return _die(str(e))
    con, failed = _open_reader(args.warehouse)
    if con is None:
        return failed
    try:
        cur = con.execute(sql)
        headers = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchall() if headers else []
    except duckdb.Error as e:
        refused = refusal(e)
        return _die(f"query refused: {refused}" if refused else f"query failed: {str(e).splitlines()[0]}", 1)
    finally:
        con.close()
    if headers:
        print(render(headers, rows, args.format))
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
        for key in ("missed", "extra", "wrong_speaker", "wrong_subject", "wrong_event", "wrong_place", "traps"):
            for row in res.get(key, []):
                print(f"{key}: {row}")
    print(f"articles={res['articles']} gold={res['gold']} " + verdict(res)
          + (f" place={res['place']} place_country={res['place_country']}" if "place" in res else ""))
    return 0


PREFECT_DEFAULTS = {
    "PREFECT_LOGGING_LEVEL": "INFO",  # stage lines and progress, on the console and in the UI (--quiet: WARNING)
    # the embedded server migrates its database on first start: give it time on a cold machine
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
}


def _positive(text: str) -> int:
    """An argparse type: a whole number >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text!r}")
    return value


def _add_run(sub) -> None:
    run = sub.add_parser("run", help="run the pipeline on input folders or files",
                         description="Run the Prefect flow: ingest -> dedupe -> normalize -> extract -> aggregate -> load.")
    RunConfig.add_arguments(run)
    run.add_argument("--result-json", metavar="PATH", help="also write the run's counts and seconds per stage as JSON")
    run.add_argument("--quiet", action="store_true",
                     help="print warnings and the summary only, not Prefect's INFO lines (stage lines, progress)")
    run.set_defaults(fn=cmd_run)


def _add_serve(sub) -> None:
    srv = sub.add_parser("serve", help="serve the nightly and rerun deployments against PREFECT_API_URL")
    srv.add_argument("--inbox", nargs="+", default=["seeds"], metavar="DIR",
                     help="the inbox folders: what the nightly run reads, and the only place a rerun from the UI may "
                          "read from (default: seeds)")
    RunConfig.add_arguments(srv, SERVED_SETTINGS)
    srv.add_argument("--cron", default=NIGHTLY_CRON, help=f"nightly schedule (default: {NIGHTLY_CRON}, 02:00)")
    srv.add_argument("--timezone", default=None, help="IANA time zone of the schedule (default: this machine's)")
    srv.add_argument("--quiet", action="store_true", help="log warnings only (default: INFO, as in the Prefect UI)")
    srv.set_defaults(fn=cmd_serve)


def _add_report(sub) -> None:
    rep = sub.add_parser("report", help="write a self-contained HTML timeline of who said what, per subject")
    rep.add_argument("--warehouse", default=DEFAULTS.warehouse, metavar="DIR",
                     help=f"warehouse directory (default: {DEFAULTS.warehouse})")
    rep.add_argument("--subject", help="only this subject (civilians, fighters, ...: docs/tables.md lists them)")
    rep.add_argument("--since", metavar="DATE", help="only figures on or after this day (YYYY-MM-DD)")
    rep.add_argument("--out", default="report.html", metavar="PATH",
                     help="the HTML file to write, in a folder that exists (default: report.html)")
    rep.set_defaults(fn=cmd_report)


def _add_bench(sub) -> None:
    bench = sub.add_parser("bench", help="time the flow over the real-news corpus; writes bench/results.json")
    bench.add_argument("--corpus", default=str(DEFAULT_CORPUS), metavar="DIR",
                       help=f"folder of the real-news corpus, read in place (default: {DEFAULT_CORPUS})")
    bench.add_argument("--out", default="bench/results.json", metavar="PATH",
                       help="the results file to write (default: bench/results.json)")
    RunConfig.add_arguments(bench, BENCH_SETTINGS)
    bench.add_argument("--limit", type=_positive, metavar="N", help="only the first N articles")
    bench.add_argument("--repeat", type=_positive, default=1, metavar="N",
                       help="cold runs to time; the median is reported (default: 1)")
    bench.set_defaults(fn=cmd_bench)


def _add_query(sub) -> None:
    query = sub.add_parser("query", help="run SQL on the warehouse, read-only",
                           description="Run SQL on the warehouse, read-only: tables and columns are in docs/tables.md, "
                                       "ready-made queries in warehouse/queries/.")
    query.add_argument("sql", nargs="?", help="the SQL to run; `-` reads it from standard input")
    query.add_argument("-f", "--file", metavar="FILE", help="read the SQL from FILE (`-`: standard input)")
    query.add_argument("--format", choices=FORMATS, default="table",
                       help="how to print the rows: table (aligned text), csv, json or markdown (default: table)")
    query.add_argument("--warehouse", default=DEFAULTS.warehouse, metavar="DIR",
                       help=f"warehouse directory (default: {DEFAULTS.warehouse})")
    query.set_defaults(fn=cmd_query)


def _add_diff(sub) -> None:
    diff = sub.add_parser("diff", help="the claims one run added and removed compared with another",
                          description="The claims present after RUN_B but not after RUN_A (added) and the reverse "
                                      "(removed). Run ids are in the runs table (a unique prefix is enough).")
    diff.add_argument("run_a", metavar="RUN_A", help="the earlier run (runs.run_id, or a unique prefix of it)")
    diff.add_argument("run_b", metavar="RUN_B", nargs="?",
                      help="the later run (default: the latest run)")
    diff.add_argument("--format", choices=FORMATS, default="table",
                      help="how to print the rows: table, csv, json or markdown (default: table)")
    diff.add_argument("--warehouse", default=DEFAULTS.warehouse, metavar="DIR",
                      help=f"warehouse directory (default: {DEFAULTS.warehouse})")
    diff.set_defaults(fn=cmd_diff)


def _add_eval(sub) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    """The `arqam` command line (every subcommand and option, each with its help)."""
    from arqam import __version__

    parser = argparse.ArgumentParser(prog="arqam", description="Who reported what figure on which day.")
    parser.add_argument("--version", action="version", version=f"arqam {__version__}",
                        help="print arqam's version and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (_add_run, _add_serve, _add_report, _add_bench, _add_query, _add_diff, _add_eval):
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for k, v in PREFECT_DEFAULTS.items():
        os.environ.setdefault(k, v)
    if getattr(args, "quiet", False):
        os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
