"""The per-article budget of normalize + extract: an article too long or too slow is quarantined, not a stalled
shard; and extraction time against article length (10 KB against 100 KB)."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from tasks.shards import ArticleBudget, analyze_rows
from tests.conftest import SEEDS, query, run_flow

NEWS = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
SLOW = "5 و"  # a chain of figures in one endless sentence


def article(aid: str, text: str) -> dict:
    return {"article_id": aid, "text_raw": text, "published": None, "date_source": None, "source_path": f"in/{aid}.txt",
            "line": None, "content_sha256": aid}


def test_an_article_over_its_budget_is_quarantined_and_the_others_are_extracted():
    # the chain takes several times the budget (0.8 s on a quiet machine), the seeds a few hundredths of a second
    arts = [article("slow", SLOW * 14000), article("long", NEWS * 5), article("ok", NEWS)]
    normalized, claims, _, over = analyze_rows(arts, ArticleBudget(max_chars=4 * len(NEWS), seconds=0.25))
    assert [r["article_id"] for r in normalized] == ["ok"] and {c.article_id for c in claims} == {"ok"}
    assert [(o["source_path"], o["reason"]) for o in over] == [("in/slow.txt", "extract_timeout"),
                                                               ("in/long.txt", "too_long_to_extract")]
    assert "took over 0.25 s (--article-seconds)" in over[0]["detail"]
    assert f"{5 * len(NEWS)} characters, over {4 * len(NEWS)} (--max-article-chars)" in over[1]["detail"]


def test_a_flow_run_quarantines_the_article_and_keeps_the_rest(seed_db, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    (inbox / "slow.txt").write_text(SLOW * 19000, encoding="utf-8")  # about 2 s of work, under the length budget
    (inbox / "long.txt").write_text(NEWS.replace("\n", " ") * 8, encoding="utf-8")
    # a budget far from both sides: a seed article takes a few hundredths of a second, the chain several times 0.4 s
    result = run_flow([inbox], tmp_path / "wh", article_seconds=0.4, max_article_chars=60_000)
    db = tmp_path / "wh" / "arqam.duckdb"
    assert result["counts"]["extract"]["over_budget"] == 2
    rows = query(db, "select source_path, reason from quarantine order by 1")
    assert [(os.path.basename(p), r) for p, r in rows] == [("long.txt", "too_long_to_extract"), ("slow.txt", "extract_timeout")]
    assert {"long", "slow"} <= {r[0] for r in query(db, "select article_id from articles")}
    sql = "select claim_id, kind, value_low, value_high, subject, event, speaker from claims order by 1"
    assert query(db, sql) == query(seed_db, sql)


def _seconds(text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        analyze_rows([article("x", text)])
        best = min(best, time.perf_counter() - t0)
    return best


def _text(unit: str, chars: int) -> str:
    """`chars` characters of `unit` repeated, figures renumbered so that no two copies are the same."""
    out, k = [], 0
    while sum(map(len, out)) < chars:
        out.append(unit.replace("20", str(20 + k)))
        k += 1
    return "\n".join(out)[:chars]


@pytest.mark.parametrize("unit", [
    pytest.param(NEWS, id="news sentences"),
    pytest.param(SLOW, id="a chain of figures"),
])
def test_extraction_time_is_linear_in_article_length(unit):
    """100 KB against 10 KB: about 10 times as long if linear, 100 if quadratic. The bound is generous (a busy
    2-core machine); this is the one timing assertion of the suite, a ratio, never an absolute time."""
    analyze_rows([article("warm", NEWS)])  # lexicons loaded
    small = _seconds(_text(unit, 10_000), repeat=3)
    large = _seconds(_text(unit, 100_000), repeat=2)
    ratio = large / small
    print(f"normalize + extract: 10,000 characters {small:.3f} s, 100,000 characters {large:.3f} s, ratio {ratio:.1f}")
    assert ratio < 30, f"100 KB took {ratio:.0f} times as long as 10 KB: extraction is not linear in article length"


def test_an_article_the_core_fails_on_is_quarantined_and_the_others_are_extracted(monkeypatch):
    import tasks.shards as shards

    real = shards.extract_document

    def failing(article_id, *args, **kwargs):
        if article_id == "bad":
            raise IndexError("string index out of range")
        return real(article_id, *args, **kwargs)

    monkeypatch.setattr(shards, "extract_document", failing)
    arts = [article("bad", NEWS), article("ok", NEWS)]
    normalized, claims, _, over = analyze_rows(arts)
    assert [r["article_id"] for r in normalized] == ["ok"] and claims and {c.article_id for c in claims} == {"ok"}
    assert [(o["source_path"], o["reason"]) for o in over] == [("in/bad.txt", "extract_error")]
    assert "IndexError: string index out of range" in over[0]["detail"] and "a bug" in over[0]["detail"]
