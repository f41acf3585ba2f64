"""Readers, encodings and quarantine reasons."""

from __future__ import annotations

import gzip
import json

from arqam.ingest import decode, parse_file

TEXT = "قال المرصد إن 5 مدنيين قتلوا."


def test_txt_article_is_named_by_its_stem():
    out = parse_file("in/abc.txt", TEXT.encode())
    assert [a["article_id"] for a in out.articles] == ["abc"] and out.quarantine == []


def test_encodings():
    for data, enc in [(TEXT.encode(), "utf-8"), (b"\xef\xbb\xbf" + TEXT.encode(), "utf-8-sig"),
                      (TEXT.encode("utf-16"), "utf-16"), (TEXT.encode("cp1256"), "cp1256")]:
        text, got = decode(data)
        assert (text, got) == (TEXT, enc)


def test_jsonl_keeps_good_lines_and_quarantines_the_broken_one():
    lines = [json.dumps({"id": "a1", "text": TEXT, "published": "2019-02-16", "outlet": "X", "lang": "ar"},
                        ensure_ascii=False), "{broken", json.dumps({"id": "a2", "title": "no text"})]
    out = parse_file("feed.jsonl.gz", gzip.compress("\n".join(lines).encode()))
    assert [(a["article_id"], str(a["published"]), a["date_source"], a["extra"]) for a in out.articles] == [
        ("a1", "2019-02-16", "metadata", '{"lang": "ar"}')]
    assert [(q["line"], q["reason"]) for q in out.quarantine] == [(2, "malformed_json"), (3, "no_text")]


def test_bad_inputs_are_quarantined_with_a_reason():
    cases = {
        "empty.txt": (b"", "empty_file"),
        "bin.txt": (b"\x00\x01\x02binary", "binary"),
        "english.txt": (b"only latin text here", "no_arabic"),
        "notes.docx": (b"whatever", "unsupported_format"),
        "broken.txt.gz": (b"not gzip at all", "bad_gzip"),
    }
    for name, (data, reason) in cases.items():
        out = parse_file(name, data)
        assert out.articles == [] and [q["reason"] for q in out.quarantine] == [reason], name


def test_html_body_title_and_date():
    html = ("<html><head><title>عنوان - موقع</title><meta property='article:published_time' "
            "content='2019-02-16T10:00:00Z'></head><body><nav><p>القائمة الرئيسية</p></nav>"
            f"<p>{TEXT}</p><footer><p>حقوق النشر</p></footer></body></html>")
    out = parse_file("page.html", html.encode())
    [a] = out.articles
    assert a["text_raw"] == TEXT and str(a["published"]) == "2019-02-16" and a["title"] == "عنوان - موقع"


def test_size_limit_is_per_article_not_per_feed():
    big = "مدني " * 100
    lines = "\n".join(json.dumps({"id": f"a{i}", "text": big}, ensure_ascii=False) for i in range(20))
    out = parse_file("feed.jsonl", lines.encode(), max_bytes=2000)
    assert len(out.articles) == 20 and out.quarantine == []
    out = parse_file("one.txt", big.encode() * 5, max_bytes=2000)
    assert [q["reason"] for q in out.quarantine] == ["too_large"]
    huge = json.dumps({"id": "h", "text": big * 10}, ensure_ascii=False)
    out = parse_file("feed.jsonl", (huge + "\n" + lines).encode(), max_bytes=2000)
    assert [(q["line"], q["reason"]) for q in out.quarantine] == [(1, "too_large")] and len(out.articles) == 20


def test_unread_bytes_counts_only_files_the_manifest_does_not_know(seed_run, tmp_path):
    from tasks.ingest import unread_bytes
    from tasks.lake import Lake

    _, warehouse, inputs = seed_run
    total = sum(p.stat().st_size for p in inputs.glob("*.txt"))
    assert unread_bytes(Lake(tmp_path / "empty"), [str(inputs)]) == total
    assert unread_bytes(Lake(warehouse), [str(inputs)]) == 0
    assert unread_bytes(Lake(warehouse), [str(tmp_path / "missing")]) == 0  # ingest reports the missing path
