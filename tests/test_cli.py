"""The `arqam` command as a user meets it: --version, query formats and SQL from a file or standard input,
report's refusals, numeric options, help text for every option, and a README that documents every command and
option (as sqlite-utils' docs test does)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from arqam import __version__
from flows.cli import build_parser, render
from tests.conftest import ROOT, run_cli

SQL = "select claim_id, kind, value_low, speaker from claims order by claim_id limit 3"


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if a.option_strings and a.dest != "help"]


def test_version():
    out = run_cli("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"arqam {__version__}"


def test_every_option_has_help_text():
    missing = [f"{name} {a.option_strings[0]}" for name, p in _subcommands().items() for a in _options(p)
               if not a.help or a.help == argparse.SUPPRESS]
    missing += [f"{name} {a.dest}" for name, p in _subcommands().items() for a in p._actions
                if not a.option_strings and not a.help]
    assert missing == []


def test_the_readme_documents_every_command_and_option():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [f"arqam {name}" for name in _subcommands() if f"arqam {name}" not in readme]
    for name, parser in _subcommands().items():
        for action in _options(parser):
            flag = max(action.option_strings, key=len)
            if not re.search(rf"`[^`]*{re.escape(flag)}\b", readme):
                missing.append(f"arqam {name} {flag}")
    assert missing == [], "the README does not document: " + ", ".join(missing)


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_query_formats(seed_db, fmt):
    out = run_cli("query", SQL, "--warehouse", str(seed_db.parent), "--format", fmt)
    assert out.returncode == 0, out.stderr
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out.stdout)))
        assert len(rows) == 3 and list(rows[0]) == ["claim_id", "kind", "value_low", "speaker"]
    elif fmt == "json":
        rows = json.loads(out.stdout)
        assert len(rows) == 3 and set(rows[0]) == {"claim_id", "kind", "value_low", "speaker"}
    elif fmt == "markdown":
        lines = out.stdout.strip().splitlines()
        assert lines[0] == "| claim_id | kind | value_low | speaker |" and lines[1] == "|---|---|---|---|"
        assert len(lines) == 5
    else:
        assert out.stdout.splitlines()[0].split() == ["claim_id", "kind", "value_low", "speaker"]


def test_markdown_and_csv_keep_awkward_cells_in_their_cell():
    rows = [("a|b", "line\nbreak", None, 1.5)]
    md = render(["x", "y", "z", "w"], rows, "markdown").splitlines()
    assert md[2] == "| a\\|b | line break |  | 1.5 |"
    assert list(csv.reader(io.StringIO(render(["x", "y", "z", "w"], rows, "csv"))))[1] == ["a|b", "line\nbreak", "",
                                                                                           "1.5"]


def test_query_reads_sql_from_a_file_and_from_stdin(seed_db, tmp_path):
    f = tmp_path / "q.sql"
    f.write_text(SQL, encoding="utf-8")
    from_file = run_cli("query", "-f", str(f), "--warehouse", str(seed_db.parent), "--format", "json")
    from_stdin = subprocess.run([sys.executable, "-m", "flows.cli", "query", "-", "--warehouse", str(seed_db.parent),
                                 "--format", "json"], input=SQL, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert from_file.returncode == from_stdin.returncode == 0, from_file.stderr + from_stdin.stderr
    assert json.loads(from_file.stdout) == json.loads(from_stdin.stdout) and len(json.loads(from_file.stdout)) == 3


def test_query_from_a_file_stays_read_only(seed_db, tmp_path):
    f = tmp_path / "q.sql"
    f.write_text("delete from claims", encoding="utf-8")
    out = run_cli("query", "-f", str(f), "--warehouse", str(seed_db.parent))
    assert out.returncode == 1 and "read-only" in out.stderr and len(out.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("args, message", [
    (["-f", "/nonexistent/q.sql"], "SQL file does not exist"),
    ([], "no SQL"),
    (["select 1", "-f", "x.sql"], "not both"),
])
def test_query_without_sql_is_one_line(seed_db, args, message):
    out = run_cli("query", *args, "--warehouse", str(seed_db.parent))
    assert out.returncode == 2 and message in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_report_refuses_an_unknown_subject_listing_the_known_ones(seed_db, tmp_path):
    out = run_cli("report", "--warehouse", str(seed_db.parent), "--subject", "nosuch", "--out", str(tmp_path / "r.html"))
    assert out.returncode == 2 and "unknown subject 'nosuch'" in out.stderr and "civilians" in out.stderr
    assert not (tmp_path / "r.html").exists()


def test_report_refuses_an_out_folder_that_does_not_exist(seed_db, tmp_path):
    target = tmp_path / "missing" / "r.html"
    out = run_cli("report", "--warehouse", str(seed_db.parent), "--out", str(target))
    assert out.returncode == 2 and "does not exist" in out.stderr and not target.parent.exists()


@pytest.mark.parametrize("args", [["run", "--shard-size", "0"], ["run", "--workers", "-1"],
                                  ["bench", "--limit", "0"], ["bench", "--repeat", "-2"]])
def test_numeric_options_are_checked_in_one_line(args, tmp_path):
    out = run_cli(*args, "--warehouse", str(tmp_path / "wh"))
    assert out.returncode == 2
    assert re.search(r"(must be a whole number >= 1)", out.stderr), out.stderr
    assert not (tmp_path / "wh").exists()


def test_diff_refuses_an_unknown_run(seed_db):
    out = run_cli("diff", "nosuchrun", "--warehouse", str(seed_db.parent))
    assert out.returncode == 2 and "no run" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_docs_are_found_from_the_help():
    out = run_cli("query", "--help")
    assert "docs/tables.md" in " ".join(out.stdout.split()) and "warehouse/queries" in out.stdout
    assert Path(ROOT / "docs" / "tables.md").exists()
