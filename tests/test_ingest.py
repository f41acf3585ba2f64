"""Readers, encodings and quarantine reasons."""

from __future__ import annotations

import gzip
import json

import pytest

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


# -- bad and odd input: every record an article or a quarantine row, never an exception -------------

ART = "قال المرصد إن 5 مدنيين قتلوا في القصف."


def line(**fields) -> str:
    return json.dumps({"text": ART, **fields}, ensure_ascii=False)


def outcome(name: str, data: bytes, max_bytes: int = 1 << 20):
    out = parse_file(name, data, max_bytes=max_bytes)
    assert out.records == len(out.articles) + out.quarantined
    return ([a["article_id"] for a in out.articles], [(q["line"], q["reason"]) for q in out.quarantine])


CASES = {
    # (file name, bytes) -> (article ids, [(line, reason)])
    "csv field over 131,072 characters": (
        ("big.csv", ("id,text\n1," + ART + "x" * 200_000 + "\n2," + ART + "\n").encode()), (["1", "2"], [])),
    "a 5,000-digit integer id": (
        ("ids.jsonl", ('{"id": ' + "9" * 5000 + f', "text": "{ART}"}}\n' + line(id="ok")).encode()),
        (["ok"], [(1, "bad_id")])),
    "a 5,000-digit integer elsewhere": (("n.jsonl", ('{"id": "n", "n": ' + "9" * 5000 + f', "text": "{ART}"}}').encode()),
                                        (["n"], [])),
    "a corrupt gzip": (("feed.jsonl.gz", gzip.compress(line(id="a").encode())[:12] + b"\x00" * 40), ([], [(None, "bad_gzip")])),
    "not gzip at all": (("feed.jsonl.gz", b"plain text"), ([], [(None, "bad_gzip")])),
    "JSON nested 100,000 deep": (("deep.json", b"[" * 100_000 + b"]" * 100_000), ([], [(None, "malformed_json")])),
    "a JSONL line nested 100,000 deep": (("deep.jsonl", b"[" * 100_000 + b"]" * 100_000 + b"\n" + line(id="d").encode()),
                                         (["d"], [(1, "malformed_json")])),
    "a lone surrogate in the text and the id": (("s.jsonl", ('{"id": "s\\ud800", "text": "' + ART + '\\udfff"}').encode()),
                                                (["s\ufffd"], [])),
    "a UTF-8 BOM then an invalid byte": (("bom.txt", b"\xef\xbb\xbf" + ART.encode() + b"\xff"), (["bom"], [])),
    "an outlet that is a list": (("o.jsonl", line(id="o", outlet=["a", "b"], title={"x": 1}).encode()), (["o"], [])),
    "raw U+2028, U+2029 and U+0085 inside a JSONL text": (
        ("u.jsonl", (line(id="u1", text=ART + "\u2028" + ART + "\u2029\u0085") + "\n" + line(id="u2")).encode()),
        (["u1", "u2"], [])),
    "UTF-16 without a BOM": (("le.txt", ART.encode("utf-16-le")), (["le"], [])),
    "UTF-16 BE without a BOM": (("be.txt", ART.encode("utf-16-be")), (["be"], [])),
    "a UTF-16 feed without a BOM": (("f.jsonl", (line(id="f1") + "\n" + line(id="f2")).encode("utf-16-le")), (["f1", "f2"], [])),
    "HTML whose text is in divs": (("d.html", f"<html><body><div>{ART}</div><div><br>{ART}</div></body></html>".encode()),
                                   (["d"], [])),
    "an empty list": (("e.json", b"[]"), ([], [(None, "no_records")])),
    "a header-only CSV": (("h.csv", b"id,text\r\n"), ([], [(None, "no_records")])),
    "a CSV without a text column": (("c.csv", b"id,body\n1,x\n"), ([], [(None, "no_text_column")])),
    "an unterminated quote does not swallow the rows after it": (
        ("q.csv", f'id,text\n1,"{ART}\n2,{ART}\n3,{ART}\n'.encode()), (["2", "3"], [(2, "unterminated_quote")])),
    "a quoted field over several lines is one row": (
        ("m.csv", f'id,text\n1,"{ART}\n{ART}"\n2,{ART}\n'.encode()), (["1", "2"], [])),
    "a row with more fields than the header": (("x.csv", f"id,text\n1,{ART},a,b\n".encode()), (["1"], [])),
    "an id that is a list, too long, or has a newline": (
        ("i.jsonl", "\n".join([line(id=[1]), line(id="x" * 300), line(id="a\nb"), line(id="fine")]).encode()),
        (["fine"], [(1, "bad_id"), (2, "bad_id"), (3, "bad_id")])),
    "a text that is a number": (("t.jsonl", json.dumps({"id": "n", "text": 5}).encode()), ([], [(1, "no_text")])),
    "a line over max bytes is skipped, the next one read": (
        ("l.jsonl", b"x" * 5000 + b"\n" + line(id="after").encode()), (["after"], [(1, "too_large")]), 1000),
    "a gzip bomb stops at max bytes": (("b.txt.gz", gzip.compress(b"a" * (8 << 20))), ([], [(None, "too_large")])),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_each_bad_input_costs_only_itself(case):
    (name, data), expected, *limit = CASES[case]
    assert outcome(name, data, *limit) == expected


def test_a_truncated_gzip_keeps_the_records_before_the_break():
    feed = "\n".join(line(id=f"t{i}") + " " * 2000 for i in range(400)).encode()
    out = parse_file("feed.jsonl.gz", gzip.compress(feed)[:-200])
    ids = [a["article_id"] for a in out.articles]
    assert len(ids) > 300 and ids == [f"t{i}" for i in range(len(ids))]
    assert [q["reason"] for q in out.quarantine] == ["bad_gzip"]


def test_a_compressed_feed_over_max_bytes_is_one_row_after_what_it_kept():
    data = gzip.compress(line(id="first").encode() + b"\n" + b"{}\n" * 600_000)
    out = parse_file("b.jsonl.gz", data, max_bytes=1 << 20)
    assert [a["article_id"] for a in out.articles] == ["first"]
    assert [q["reason"] for q in out.quarantine] == ["no_text"] * 100 + ["too_large", "more_quarantined"]
    assert "decompresses to more than 1048576 bytes" in out.quarantine[-2]["detail"]
    assert out.quarantined == out.records - 1


def test_quarantine_rows_are_capped_per_file_with_one_row_that_counts_the_rest():
    out = parse_file("million.jsonl.gz", gzip.compress(b"{}\n" * 20_000))
    assert out.records == out.quarantined == 20_000
    assert len(out.quarantine) == 101
    assert out.quarantine[-1]["reason"] == "more_quarantined"
    assert out.quarantine[-1]["detail"].startswith("19900 more quarantined records of this file are not listed (no_text 19900)")


def test_one_bad_byte_costs_one_replacement_character():
    data = ("بلدة " * 50 + ART).encode()
    bad = data[:20] + b"\xff" + data[20:]
    [a] = parse_file("one.txt", bad).articles
    assert a["text_raw"] == data[:20].decode() + "\ufffd" + data[20:].decode()
    assert a["encoding"] == "utf-8+replaced"
    lines = (line(id="a") + "\n").encode() + line(id="b").encode()[:30] + b"\xfe" + line(id="b").encode()[30:]
    out = parse_file("feed.jsonl", lines)
    assert [x["article_id"] for x in out.articles] == ["a", "b"] and out.quarantine == []


def test_a_windows_1256_line_in_a_utf8_feed_is_read_as_such():
    data = (line(id="u") + "\n").encode() + line(id="w").encode("cp1256")
    out = parse_file("mixed.jsonl", data)
    assert [(a["article_id"], a["text_raw"], a["encoding"]) for a in out.articles] == [
        ("u", ART, "utf-8"), ("w", ART, "cp1256")]


def test_metadata_of_the_wrong_type_is_kept_in_extra():
    [a] = parse_file("o.jsonl", line(id="o", outlet=["a", "b"], published=20190216).encode()).articles
    assert a["outlet"] is None and a["published"] is None
    assert json.loads(a["extra"]) == {"outlet": ["a", "b"]}  # a number is a scalar: kept as text, but no date


# -- every path under an input is read, quarantined, or a counted skip ------------------------------

def test_every_path_is_listed_quarantined_or_skipped_with_its_reason(tmp_path, monkeypatch):
    import os

    from tasks.ingest import list_inputs

    inbox = tmp_path / "inbox"
    (inbox / "sub" / "deeper").mkdir(parents=True)
    (inbox / "a.txt").write_text(ART, encoding="utf-8")
    (inbox / "sub" / "b.txt").write_text(ART, encoding="utf-8")
    (inbox / ".hidden.txt").write_text(ART, encoding="utf-8")
    (inbox / ".git").mkdir()
    (inbox / ".git" / "c.txt").write_text(ART, encoding="utf-8")
    os.mkfifo(inbox / "pipe.txt")
    (inbox / "sub" / "deeper" / "loop").symlink_to(inbox / "sub")
    (inbox / "self").symlink_to(inbox / "self")
    (inbox / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (inbox / "again.txt").symlink_to(inbox / "a.txt")
    (inbox / "locked").mkdir()
    (inbox / "locked" / "d.txt").write_text(ART, encoding="utf-8")
    (inbox / os.fsdecode(b"caf\xe9.txt")).write_text(ART, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # root reads any folder: make this one unreadable the way a user's would be
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    listing = list_inputs([str(inbox)])
    assert [name for _, name, _ in listing.files] == [str(inbox / n) for n in ("a.txt", "caf\\xe9.txt", "sub/b.txt")]
    assert dict(listing.skipped) == {"hidden": 2, "not_a_file": 1, "link_loop": 2, "listed_twice": 1}
    assert sorted((q["source_path"].removeprefix(str(inbox) + "/"), q["reason"]) for q in listing.quarantine) == [
        ("gone.txt", "dangling_link"), ("locked", "unreadable_folder")]
    assert "which does not exist" in next(q["detail"] for q in listing.quarantine if q["reason"] == "dangling_link")


def test_the_ingest_check_fails_when_an_input_is_lost(tmp_path, monkeypatch):
    """The per-run check counts inputs apart from their outcomes: a reader that drops a record fails the run."""
    from arqam import ingest as reader
    from tasks.ingest import IngestCheckFailed
    from tasks.lake import Lake
    from tests.conftest import run_flow

    (tmp_path / "feed.jsonl").write_text("\n".join(line(id=f"k{i}", text=f"{ART} {i}") for i in range(3)), encoding="utf-8")
    real_one = reader.InputFile._one

    def loses_the_second(self, line_no, *args, **kwargs):
        if line_no == 2:
            return iter(())  # neither an article nor a quarantine row
        return real_one(self, line_no, *args, **kwargs)

    monkeypatch.setattr(reader.InputFile, "_one", loses_the_second)
    with pytest.raises(IngestCheckFailed, match=r"ingest found 3 inputs but accounted for 2 \(2 articles"):
        run_flow([tmp_path / "feed.jsonl"], tmp_path / "wh")
    assert Lake(tmp_path / "wh").read_snapshot("manifest").num_rows == 0  # nothing recorded as read


def test_a_reader_that_fails_costs_its_file_only(tmp_path, monkeypatch):
    """Per-file isolation in the ingest task: a reader bug is a reader_error row for that file, not a failed run."""
    from arqam import ingest as reader
    from tests.conftest import query, run_flow

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(ART, encoding="utf-8")
    (tmp_path / "in" / "trips.txt").write_text(ART + " 2", encoding="utf-8")
    real_whole = reader.InputFile._whole

    def whole(self, stream):
        if self.stem == "trips":
            raise ValueError("a reader bug")
        return real_whole(self, stream)

    monkeypatch.setattr(reader.InputFile, "_whole", whole)
    result = run_flow([tmp_path / "in"], tmp_path / "wh")
    db = tmp_path / "wh" / "arqam.duckdb"
    assert query(db, "select article_id from articles") == [("good",)]
    assert query(db, "select reason, detail from quarantine") == [
        ("reader_error", "ValueError: a reader bug (the rest of the file was not read)")]
    assert result["counts"]["ingest"]["inputs"] == 2


@pytest.mark.parametrize("field", ["crawled", "date", "pubDate", "datePublished"])
def test_another_date_field_dates_a_record_without_published_and_is_named(field):
    line = json.dumps({"id": "a", "text": TEXT, field: "2016-05-03 10:20:00"}, ensure_ascii=False)
    [a] = parse_file("feed.jsonl", line.encode()).articles
    assert (str(a["published"]), a["date_source"]) == ("2016-05-03", field)


def test_published_wins_over_other_date_fields():
    line = json.dumps({"id": "a", "text": TEXT, "published": "2019-02-16", "crawled": "2016-05-03"})
    [a] = parse_file("feed.jsonl", line.encode()).articles
    assert (str(a["published"]), a["date_source"]) == ("2019-02-16", "metadata")


def test_csv_pubdate_column_dates_the_row():
    data = f"id,text,pubDate\nc1,{TEXT},2020-01-02\n".encode()
    [a] = parse_file("feed.csv", data).articles
    assert (str(a["published"]), a["date_source"]) == ("2020-01-02", "pubDate")
