"""Real-world input through the whole flow: formats, encodings, bad files, syndicated copies."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import SEEDS, query, run_flow

TEXT = "قال المرصد السوري لحقوق الإنسان إن {n} مدنيا قتلوا في قصف على بلدة {town} يوم {day}."


def _article(n: int, town: str, day: str = "الأحد") -> str:
    return TEXT.format(n=n, town=town, day=day)


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    """A folder of crafted inputs, run through the flow once."""
    base = tmp_path_factory.mktemp("messy")
    inbox = base / "inbox"
    (inbox / "sub").mkdir(parents=True)
    for p in SEEDS.glob("*.txt"):
        shutil.copy(p, inbox / p.name)
    (inbox / "win1256.txt").write_bytes(_article(11, "كفرنبل").encode("cp1256"))
    (inbox / "utf16.txt").write_bytes(_article(12, "سراقب").encode("utf-16"))
    (inbox / "bom.txt").write_bytes(b"\xef\xbb\xbf" + _article(13, "معرة النعمان").encode())
    (inbox / "mojibake.txt").write_text(_article(14, "أريحا").encode().decode("cp1256", errors="replace"), encoding="utf-8")
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "binary.txt").write_bytes(bytes(range(256)) * 4)
    lines = [json.dumps({"id": "j1", "text": _article(15, "جسر الشغور"), "published": "2019-02-17", "outlet": "X"},
                        ensure_ascii=False), '{"id": "j2", "text": "broken', json.dumps({"id": "j3", "title": "no text"}),
             json.dumps({"id": "j4", "text": _article(16, "خان شيخون"), "published": "2019-02-18"}, ensure_ascii=False)]
    (inbox / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (inbox / "sub" / "feed2.jsonl.gz").write_bytes(gzip.compress(
        (json.dumps({"id": "g1", "text": _article(17, "حلفايا")}, ensure_ascii=False) + "\n").encode()))
    (inbox / "page.html").write_text(
        "<html><head><title>خبر - موقع</title><meta property='article:published_time' content='2019-02-16'></head>"
        "<body><nav><ul><li>الرئيسية</li></ul><p>القائمة</p></nav><div class='content'>"
        f"<p>{_article(18, 'اللطامنة')}</p></div><div class='related-articles'><p>مقتل 100 شخص في غارة</p></div>"
        "<footer><p>جميع الحقوق محفوظة 2019</p></footer></body></html>", encoding="utf-8")
    seed = (SEEDS / "002_565d6dba81aa7b38.txt").read_text(encoding="utf-8")
    paras = seed.split("., ")
    (inbox / "copy_title.txt").write_text("عنوان جديد للخبر نفسه\n" + seed, encoding="utf-8")
    (inbox / "copy_related.txt").write_text(seed + "\nمقالات ذات صلة\nخبر آخر\nخبر ثالث", encoding="utf-8")
    (inbox / "copy_dropped.txt").write_text("., ".join(paras[:2] + paras[3:]), encoding="utf-8")
    wh = base / "wh"
    result = run_flow([inbox], wh)
    return result, wh / "arqam.duckdb", inbox


def test_every_good_article_is_loaded(messy):
    _, db, _ = messy
    ids = {r[0] for r in query(db, "select article_id from articles")}
    assert ids == {p.stem for p in SEEDS.glob("*.txt")} | {
        "win1256", "utf16", "bom", "mojibake", "j1", "j4", "g1", "page", "copy_title", "copy_related", "copy_dropped"}
    enc = dict(query(db, "select article_id, encoding from articles"))
    assert enc["win1256"] == "cp1256" and enc["utf16"] == "utf-16" and enc["bom"] == "utf-8-sig"
    assert enc["mojibake"].startswith("utf-8+mojibake-repaired")
    texts = dict(query(db, "select article_id, text_raw from articles"))
    assert texts["mojibake"] == _article(14, "أريحا")
    assert texts["page"] == _article(18, "اللطامنة")


def test_every_bad_input_is_quarantined_with_its_reason_and_place(messy):
    result, db, inbox = messy
    rows = {(Path(p).name, line, reason) for p, line, reason in query(db, "select source_path, line, reason from quarantine")}
    assert rows == {("empty.txt", None, "empty_file"), ("binary.txt", None, "binary"),
                    ("feed.jsonl", 2, "malformed_json"), ("feed.jsonl", 3, "no_text")}
    c = result["counts"]["ingest"]
    assert c["inputs"] == c["articles"] + c["quarantined"] + c["skipped_seen"]
    assert query(db, "select n_inputs, n_articles, n_quarantined from runs") == [(c["inputs"], c["articles"], 4)]


def test_syndicated_variants_join_their_seed_and_seeds_stay_apart(messy):
    _, db, _ = messy
    clusters = dict(query(db, "select article_id, cluster_id from articles"))
    seed = "002_565d6dba81aa7b38"
    assert {clusters[k] for k in ("copy_title", "copy_related", "copy_dropped")} == {clusters[seed]}
    assert len({clusters[p.stem] for p in SEEDS.glob("*.txt")}) == 5


def test_related_articles_in_html_and_text_give_no_figure(messy):
    _, db, _ = messy
    assert query(db, "select count(*) from claims where value_low = 100") == [(0,)]


def test_second_run_over_the_same_folder_does_no_work(messy, tmp_path):
    _, db, inbox = messy
    wh = tmp_path / "wh"
    shutil.copytree(db.parent, wh)
    before = query(wh / "arqam.duckdb", "select claim_id from claims order by claim_id")
    again = run_flow([inbox], wh)
    assert again["counts"]["ingest"]["articles"] == 0
    assert again["counts"]["extract"] == {"shards": 0, "claims_new": 0, "over_budget": 0}
    assert query(wh / "arqam.duckdb", "select claim_id from claims order by claim_id") == before
