"""RunConfig: one set of defaults for the command line, the flow, the deployments and the bench, checked before any work."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from flows.config import ConfigError, RunConfig
from tests.conftest import ROOT, SEEDS, run_cli


def parsed(*argv: str) -> RunConfig:
    parser = argparse.ArgumentParser()
    RunConfig.add_arguments(parser)
    return RunConfig.from_arguments(parser.parse_args(list(argv)))


def test_the_command_line_defaults_are_runconfigs():
    assert parsed() == RunConfig()
    assert parsed("--input", "a", "b/", "--shard-size", "5", "--full-refresh") == RunConfig(
        inputs=("a", "b"), shard_size=5, full_refresh=True)


def test_cli_arguments_give_back_the_same_config():
    config = RunConfig(inputs=("x", "y"), warehouse="w", since="2019-02-01", full_refresh=True, shard_size=3,
                       dedupe_threshold=0.5, workers=2, task_runner="dask", dask_address="tcp://h:8786")
    assert parsed(*config.cli_arguments()) == config
    assert RunConfig().cli_arguments() == []


@pytest.mark.parametrize(("changes", "message"), [
    ({"shard_size": 0}, "shard_size (--shard-size) must be a whole number >= 1, got 0"),
    ({"shard_size": True}, "shard_size (--shard-size) must be a whole number >= 1, got True"),
    ({"workers": 0}, "workers (--workers) must be a whole number >= 1, got 0"),
    ({"since": "2019-02-30"}, "since (--since) must be a date YYYY-MM-DD, got '2019-02-30'"),
    ({"since": "yesterday"}, "since (--since) must be a date YYYY-MM-DD, got 'yesterday'"),
    ({"task_runner": "ray"}, "task_runner (--task-runner) must be one of threads, processes, dask, got 'ray'"),
    ({"dedupe_threshold": 1.5}, "dedupe_threshold (--dedupe-threshold) must be a number in (0, 1], got 1.5"),
    ({"dedupe_threshold": float("nan")}, "dedupe_threshold (--dedupe-threshold) must be a number in (0, 1], got nan"),
    ({"discrepancy_window_days": -1}, "discrepancy_window_days (--discrepancy-window) must be a whole number >= 0, got -1"),
    ({"max_bytes": 0}, "max_bytes (--max-bytes) must be a whole number >= 1, got 0"),
    ({"lock_wait_seconds": -2}, "lock_wait_seconds (--lock-wait) must be a number of seconds >= 0, got -2"),
    ({"dask_address": "tcp://h:1"}, "dask_address (--dask-address) needs task_runner dask (--task-runner dask), got 'tcp://h:1'"),
    ({"inputs": ()}, "inputs (--input) must name at least one folder or file, got nothing"),
    ({"inputs": ("/no/such/path",)}, "input path does not exist: /no/such/path"),
    ({"full_refresh": "yes"}, "full_refresh (--full-refresh) must be true or false, got 'yes'"),
])
def test_each_bad_value_is_one_line_naming_the_setting(changes, message):
    with pytest.raises(ConfigError) as e:
        RunConfig(**{"inputs": (str(SEEDS),), **changes}).validate()
    assert str(e.value) == message


def test_a_warehouse_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(ConfigError, match="warehouse is not a folder"):
        RunConfig(inputs=(str(SEEDS),), warehouse=str(tmp_path / "f")).validate()


def test_bad_values_on_the_command_line_are_one_line_and_status_2(tmp_path):
    out = run_cli("run", "--shard-size", "0", "--warehouse", str(tmp_path / "wh"))
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == ["arqam: error: shard_size (--shard-size) must be a whole number >= 1, got 0"]
    assert not (tmp_path / "wh").exists()


def test_defaults_and_the_database_name_are_written_once():
    code = {p: p.read_text() for d in ("tasks", "flows") for p in (ROOT / d).glob("*.py")}
    assert [p.name for p, s in code.items() if re.search(r"\b0\.7\b", s)] == ["config.py"]
    assert [p.name for p, s in code.items() if "arqam.duckdb" in s] == ["lake.py"]
    # the Lake is built once per run and handed to the tasks, not rebuilt from a path in each of them
    assert [p.name for p, s in code.items() if "Lake(" in s and p.parent.name == "tasks"] == []
    assert Path(ROOT / "flows" / "nightly.py").read_text().count("Lake(") == 1


def test_input_given_twice_reads_both():
    """«arqam run --input a --input b» reads both folders (not only the last); none given: the seeds."""
    parser = argparse.ArgumentParser()
    RunConfig.add_arguments(parser)
    assert RunConfig.from_arguments(parser.parse_args([])).inputs == ("seeds",)
    both = RunConfig.from_arguments(parser.parse_args(["--input", "a", "--input", "b", "c"]))
    assert both.inputs == ("a", "b", "c")
