"""The served deployments: a Run form sets only inputs under the inbox roots, since and full_refresh."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.config import ConfigError, RunConfig
from flows.deployments import SERVED_ENV, Served, deployments, served_run


@pytest.fixture
def served(tmp_path):
    (tmp_path / "inbox" / "day1").mkdir(parents=True)
    (tmp_path / "other").mkdir()
    (tmp_path / "secret.txt").write_text("x")
    (tmp_path / "inbox" / "escape").symlink_to(tmp_path / "other")
    return Served.create([str(tmp_path / "inbox")], RunConfig(warehouse=str(tmp_path / "wh"), shard_size=7))


def test_a_form_sets_inputs_under_the_roots_since_and_full_refresh_only(served, tmp_path):
    config = served.config([str(tmp_path / "inbox" / "day1")], dt.date(2019, 2, 1), True)
    assert config.inputs == (str(tmp_path / "inbox" / "day1"),) and config.since == "2019-02-01" and config.full_refresh
    assert config.warehouse == str((tmp_path / "wh").resolve()) and config.shard_size == 7
    assert served.config(None, None, False).inputs == served.inbox_roots


@pytest.mark.parametrize("where", ["secret.txt", "other", "inbox/escape", "inbox/../other", "/etc/passwd"])
def test_inputs_outside_the_roots_are_refused_in_one_line(served, tmp_path, where):
    with pytest.raises(ConfigError, match=r"^input .* is outside the inbox folders this server reads \("):
        served.config([str(tmp_path / where)], None, False)


def test_bad_values_from_a_form_are_refused(served):
    with pytest.raises(ConfigError, match="since"):
        served.config(None, "2019-02-30", False)


def test_the_served_settings_travel_to_the_runs(served, monkeypatch):
    monkeypatch.setenv(SERVED_ENV, served.to_env())
    assert Served.from_env() == served
    monkeypatch.delenv(SERVED_ENV)
    with pytest.raises(ConfigError, match="runs only under `arqam serve`"):
        Served.from_env()


def test_the_deployments_schema_concurrency_and_no_lock_switch(served):
    for deployment in deployments(served):
        schema = deployment._parameter_openapi_schema.model_dump()
        assert set(schema["properties"]) == {"inputs", "since", "full_refresh"}
        assert schema["additionalProperties"] is False
        assert deployment.enforce_parameter_schema  # the server refuses any other parameter
        assert deployment.concurrency_limit == 1
        assert deployment.concurrency_options.collision_strategy == "ENQUEUE"
    assert "take_lock" not in served_run.parameters.properties


def test_serve_refuses_a_missing_inbox_in_one_line(tmp_path):
    with pytest.raises(ConfigError, match="inbox folder does not exist"):
        Served.create([str(tmp_path / "nope")], RunConfig())
