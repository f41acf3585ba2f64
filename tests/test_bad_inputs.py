"""One flow run over more than 200 bad and odd inputs (tests/make_bad_inputs.py) mixed with good articles:
nothing stops, nothing good is lost, and every input is an article, a quarantine row or a counted skip."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import SEEDS, query, run_flow
from tests.make_bad_inputs import MAX_BYTES, make

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    expected = make(base)
    seeds = base / "seeds"
    shutil.copytree(SEEDS, seeds)
    result = run_flow([base / "inbox", seeds], base / "wh", max_bytes=MAX_BYTES)
    return expected, result, base


def test_the_corpus_is_large_and_varied(hostile):
    expected, _, base = hostile
    assert sum(1 for _ in (base / "inbox").rglob("*")) >= 140  # paths
    assert expected.cases >= 200  # bad or odd inputs, each a case of its own


def test_every_good_article_is_loaded_with_its_text(hostile):
    expected, _, base = hostile
    db = base / "wh" / "arqam.duckdb"
    texts = dict(query(db, "select article_id, text_raw from articles"))
    assert set(texts) == set(expected.articles) | {p.stem for p in SEEDS.glob("*.txt")}
    wrong = {k: texts[k][:60] for k, v in expected.articles.items() if v is not None and texts[k] != v}
    assert wrong == {}


def test_every_bad_input_is_one_quarantine_row_with_its_place_and_reason(hostile):
    expected, _, base = hostile
    db = base / "wh" / "arqam.duckdb"
    prefix = str(base / "inbox") + "/"
    rows = query(db, "select source_path, line, reason, detail from quarantine")
    def key(row):
        return row[0], row[1] or 0, row[2]

    got = sorted(((p.removeprefix(prefix), line, reason) for p, line, reason, _ in rows), key=key)
    assert got == sorted(map(tuple, expected.quarantine), key=key)
    assert all(detail and "\n" not in detail for *_, detail in rows)


def test_skips_are_counted_and_the_inputs_add_up(hostile):
    expected, result, base = hostile
    c = result["counts"]["ingest"]
    assert c["skipped"] == expected.skipped
    assert c["inputs"] == expected.inputs + 5  # the seeds
    assert c["inputs"] == c["articles"] + c["quarantined"] + c["skipped_seen"] + sum(c["skipped"].values())
    assert query(base / "wh" / "arqam.duckdb", "select n_inputs from runs") == [(c["inputs"],)]


def test_the_seeds_figures_are_the_seed_runs(hostile, seed_db):
    _, _, base = hostile
    sql = ("select article_id, char_start, char_end, kind, value_low, value_high, subject, event, speaker "
           "from claims where article_id in (select article_id from articles where source_path like '%seeds%') "
           "order by 1, 2")
    assert query(base / "wh" / "arqam.duckdb", sql) == query(seed_db, sql.replace("%seeds%", "%"))
