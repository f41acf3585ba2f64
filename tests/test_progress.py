"""What an operator sees of a run: progress lines per shard, stage lines, the counts artifact's rows, run names."""

from __future__ import annotations

import logging
import uuid

import pyarrow as pa
import pyarrow.parquet as pq

from tasks.progress import PROGRESS, ConsoleFilter, Progress
from tasks.report import count_rows


class Log:
    def __init__(self) -> None:
        self.lines: list[tuple[str, dict]] = []

    def info(self, text: str, extra: dict | None = None) -> None:
        self.lines.append((text, extra or {}))


def _shards(tmp_path, sizes: list[int]) -> list[str]:
    out = []
    for i, n in enumerate(sizes):
        path = tmp_path / f"part-{i}.parquet"
        pq.write_table(pa.table({"article_id": [str(j) for j in range(n)]}), path)
        out.append(str(path))
    return out


def test_a_line_per_shard_with_shards_articles_and_rate(tmp_path, capsys):
    shards = _shards(tmp_path, [3, 5])
    log = Log()
    p = Progress(log, "normalize+extract", shards, bar=False)
    p.shard_done(shards[1])
    p.shard_done(shards[0])
    texts = [t for t, _ in log.lines]
    assert texts[0].startswith("normalize+extract: 1/2 shards, 5/8 articles, ")
    assert texts[1].startswith("normalize+extract: 2/2 shards, 8/8 articles, ") and "articles/s" in texts[1]
    assert all(extra == {PROGRESS: True} for _, extra in log.lines)
    assert capsys.readouterr().err == ""  # no bar when not on a terminal


def test_on_a_terminal_a_bar_is_redrawn_and_the_console_leaves_the_lines_out(tmp_path, capsys):
    shards = _shards(tmp_path, [2, 2])
    p = Progress(Log(), "dedupe (sign)", shards, bar=True)
    p.shard_done(shards[0])
    p.shard_done(shards[1])
    err = capsys.readouterr().err
    assert err.count("\r[") == 2 and err.endswith("\n") and "2/2 shards" in err
    record = logging.LogRecord("x", logging.INFO, "", 0, "line", None, None)
    setattr(record, PROGRESS, True)
    plain = logging.LogRecord("x", logging.INFO, "", 0, "stage ingest", None, None)
    assert not ConsoleFilter().filter(record) and ConsoleFilter().filter(plain)


def test_the_counts_artifact_has_the_same_three_columns_on_every_row():
    counts = {"ingest": {"articles": 5, "skipped": {"hidden": 2}}, "dedupe": {"duplicates": 1, "signed": 1},
              "aggregate": {"claims": 26, "speakers": 5}}
    rows = count_rows(counts)
    assert all(list(r) == ["stage", "measure", "value"] for r in rows)
    assert {(r["stage"], r["measure"]): r["value"] for r in rows} == {
        ("ingest", "articles"): 5, ("ingest", "skipped.hidden"): 2, ("dedupe", "duplicates"): 1,
        ("dedupe", "signed"): 1, ("aggregate", "claims"): 26, ("aggregate", "speakers"): 5}


def test_a_command_line_run_is_named_by_its_day_and_inputs(seed_run):
    from prefect.client.orchestration import get_client

    result, _, inputs = seed_run
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(uuid.UUID(result["run_id"]))
    assert run.name.startswith("run-") and run.name.endswith(f"-{inputs.name}")
    day = run.name.removeprefix("run-")[:10]
    assert len(day) == 10 and day[4] == day[7] == "-"


def test_only_errors_that_can_pass_are_retried():
    import errno

    from tasks.lake import transient

    for code in (errno.ENOENT, errno.ENOTDIR, errno.ENOSPC, errno.EACCES, errno.EROFS):
        assert not transient(OSError(code, "x")), code
    assert transient(OSError(errno.EIO, "a busy share")) and not transient(ValueError("a bug"))


def test_a_bad_setting_fails_the_flow_run_in_one_line_before_any_work(tmp_path):
    from flows.config import RunConfig
    from flows.nightly import arqam_flow

    state = arqam_flow(RunConfig(inputs=(str(tmp_path / "missing"),), warehouse=str(tmp_path / "wh")),
                       return_state=True)
    assert state.is_failed() and state.message == f"input path does not exist: {tmp_path / 'missing'}"
    assert not (tmp_path / "wh").exists()
