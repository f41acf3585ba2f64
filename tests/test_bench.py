"""`arqam bench` writes every measure the speed issue asks for (values are reported, never asserted)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SEEDS, run_cli

pytestmark = pytest.mark.slow


def test_bench_writes_every_measure(tmp_path):
    corpus = tmp_path / "corpus" / "seeds"
    corpus.mkdir(parents=True)
    with (corpus / "articles.jsonl").open("w", encoding="utf-8") as f:
        for p in sorted(SEEDS.glob("*.txt")):
            f.write(json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8")}, ensure_ascii=False) + "\n")
    out = tmp_path / "bench" / "results.json"
    done = run_cli("bench", "--corpus", str(tmp_path / "corpus"), "--out", str(out), "--shard-size", "2")
    assert done.returncode == 0, done.stderr[-2000:]
    r = json.loads(out.read_text(encoding="utf-8"))
    assert r["articles"] == 5 and r["claims"] > 0
    for key in ("end_to_end_articles_per_s", "peak_rss_mb", "noop_rerun_s", "claims_per_s", "prefect_start_seconds"):
        assert isinstance(r[key], int | float) and r[key] >= 0, key
    assert {"ingest", "dedupe", "normalize+extract", "aggregate", "load"} <= set(r["stages"])
    assert all(s["articles_per_s"] > 0 for s in r["stages"].values() if s["seconds"])
    assert set(r["worker_seconds"]) == {"normalize", "extract"}
    assert r["noop_rerun"]["articles"] == 0 and r["noop_rerun"]["skipped_seen"] == 5
    assert {"analyze_articles_per_s", "figure_grammar_articles_per_s", "attribution_articles_per_s"} <= set(r["core_alone"])
    assert r["prefect"]["seconds_per_task_run"] > 0 and 0 <= r["prefect"]["share_of_end_to_end"] <= 1
    assert set(r["targets"]) == {"end_to_end_articles_per_s", "flow_articles_per_s", "analysis_articles_per_s_per_core",
                                 "peak_rss_mb", "noop_rerun_s", "end_to_end_vs_floor"}
    assert all(t["value"] == r[k] for k, t in r["targets"].items())
    assert r["floor_seconds"] > 0 and r["end_to_end_vs_floor"] > 1
    assert [p["share"] for p in r["scaling"]] == [0.1, 0.5, 1.0]
    assert [p["articles"] for p in r["scaling"]] == [1, 3, 5]  # every 10th, every 2nd, all
    assert all(p["peak_rss_mb"] > 0 and p["aggregate_seconds"] is not None for p in r["scaling"])
    assert r["machine"]["fixed_work_one_process_s"] > 0 and r["machine"]["all_cores_slowdown"] > 0
    assert "prefect_server" in r["peak_rss_mb_by_process"]
    assert "normalize" in (out.parent / "profile_extract.txt").read_text(encoding="utf-8")
