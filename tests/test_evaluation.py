"""`arqam eval` agrees with the shared gold scorer; the scoring rules on small cases; the fixed dev split."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from arqam.evaluation import Gold, half, same_speaker, score, value_match
from flows.evaluate import evaluate
from tests.conftest import ROOT, SEEDS, SHARED, run_cli, run_flow

SCORER = SHARED / "tools" / "score_claims.py"
KEYS = ("recall", "precision", "speaker", "subject", "event", "all_fields", "trap_hits")


def shared_scores(db, texts, gold) -> dict:
    out = subprocess.run([sys.executable, str(SCORER), "--db", str(db), "--texts", str(texts), "--gold", str(gold)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out[: out.rindex("}") + 1])


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/tools/score_claims.py is absent")
def test_eval_agrees_with_the_shared_scorer_on_the_seeds(seed_db):
    mine = evaluate(str(SHARED / "gold" / "seeds_"), seed_db.parent, str(SEEDS))
    theirs = shared_scores(seed_db, SEEDS, SHARED / "gold" / "seeds_")
    assert {k: mine[k] for k in KEYS} == {k: theirs[k] for k in KEYS}


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "gold" / "dev" / "articles.jsonl").exists(), reason="../shared/gold/dev is absent")
def test_eval_agrees_with_the_shared_scorer_on_the_dev_set(tmp_path):
    dev = SHARED / "gold" / "dev"
    run_flow([dev / "articles.jsonl"], tmp_path / "wh")
    mine = evaluate(str(dev / "dev_"), tmp_path / "wh", str(dev / "texts"))
    theirs = shared_scores(tmp_path / "wh" / "arqam.duckdb", dev / "texts", dev / "dev_")
    assert {k: mine[k] for k in KEYS} == {k: theirs[k] for k in KEYS}
    out = run_cli("eval", "--gold", str(dev / "dev_"), "--warehouse", str(tmp_path / "wh"), "--texts", str(dev / "texts"))
    assert out.returncode == 0 and f"all_fields={theirs['all_fields']}" in out.stdout.splitlines()[-1]


def test_the_scoring_rules():
    text = "قال المرصد إن 20 مدنيا قتلوا و5 جرحوا في 2019."
    gold = Gold([{"article": "a", "quote": "20 مدنيا", "kind": "exact", "low": 20, "high": 20, "subject": "civilians",
                  "event": "killed", "speaker": "المرصد السوري"}],
                traps=[{"article": "a", "quote": "2019", "why": "year"}])
    pred = {"article_id": "a", "kind": "exact", "value_low": 20.0, "value_high": 20.0, "subject": "civilians",
            "event": "killed", "speaker": "المرصد", "char_start": text.index("20"), "char_end": text.index("20") + 2,
            "sentence": text, "sentence_start": 0, "rule": {"speaker": "organization"}}
    year = dict(pred, value_low=2019.0, value_high=2019.0, char_start=text.index("2019"), char_end=len(text) - 1)
    res = score(gold, [pred, year], {"a": text})
    assert (res["recall"], res["precision"], res["all_fields"], res["trap_hits"]) == (1.0, 0.5, 1.0, 1)
    assert same_speaker("مصطفى بالي", "بالي") and not same_speaker("المرصد", None) and same_speaker(None, None)
    assert value_match({"kind": "vague", "magnitude": 1000}, {"kind": "vague", "value_low": 3000.0, "value_high": 1e4})
    assert not value_match({"kind": "at_least", "low": 40}, {"kind": "exact", "value_low": 40.0, "value_high": 40.0})


def test_the_dev_split_is_fixed_and_even():
    ids = [f"article-{i}" for i in range(1000)]
    halves = [half(i) for i in ids]
    assert halves == [half(i) for i in ids] and 400 < halves.count("a") < 600
    assert half("snn-2015-07-27-00221") == half("snn-2015-07-27-00221")


def test_eval_refuses_a_missing_gold_folder():
    out = run_cli("eval", "--gold", str(ROOT / "no-such-gold"))
    assert out.returncode == 2 and "gold folder or prefix does not exist" in out.stderr
