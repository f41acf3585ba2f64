"""Generate an inbox of bad and odd inputs (more than 200), with what each must become.

    python tests/make_bad_inputs.py OUT_DIR      # writes OUT_DIR/inbox and OUT_DIR/expected.json

Nothing here is committed as a blob: every file is built from a few Arabic sentences, so the corpus can
grow by adding a line. Each input is listed in `expected` with its outcome: an article (with its id and
text), a quarantine row (path relative to the inbox, line, reason), or a skipped path (reason). Read the
inbox with `--max-bytes MAX_BYTES`. `tests/test_bad_inputs.py` runs one flow over it mixed with good
articles and checks every outcome.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 256 * 1024
TOWNS = ["كفرنبل", "سراقب", "معرة النعمان", "أريحا", "جسر الشغور", "خان شيخون", "حلفايا", "اللطامنة", "دوما", "حرستا"]


def article(k: int) -> str:
    """A distinct short news text (its number and town make it unique)."""
    return (f"قال المرصد السوري لحقوق الإنسان إن {k + 3} مدنيين قتلوا في قصف على بلدة {TOWNS[k % len(TOWNS)]} "
            f"في اليوم {k} من الحملة.")


@dataclass
class Expected:
    articles: dict[str, str | None] = field(default_factory=dict)  # article_id -> text_raw (None: not checked)
    quarantine: list[tuple[str, int | None, str]] = field(default_factory=list)  # (relative path, line, reason)
    skipped: dict[str, int] = field(default_factory=dict)
    inputs: int = 0  # what the run's `inputs` must be
    files_written: int = 0
    cases: int = 0  # bad or odd inputs (not the plain articles set between bad lines, not the bulk of a capped file)

    def to_json(self) -> dict:
        return {"articles": self.articles, "quarantine": self.quarantine, "skipped": self.skipped,
                "inputs": self.inputs, "files_written": self.files_written, "cases": self.cases}


class Inbox:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.expected = Expected()
        self.k = 0
        root.mkdir(parents=True, exist_ok=True)

    def text(self) -> str:
        self.k += 1
        return article(self.k)

    def write(self, rel: str | bytes, data: bytes, gz: bool = False) -> str:
        name = rel + (".gz" if gz else "") if isinstance(rel, str) else rel + (b".gz" if gz else b"")
        path = os.path.join(os.fsencode(self.root), name if isinstance(name, bytes) else os.fsencode(name))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(gzip.compress(data, mtime=0) if gz else data)
        self.expected.files_written += 1
        return os.fsencode(name).decode("utf-8", "backslashreplace")

    # outcomes
    def ok(self, article_id: str, text: str | None, plain: bool = False) -> None:
        assert article_id not in self.expected.articles, article_id
        self.expected.articles[article_id] = text
        self.expected.inputs += 1
        self.expected.cases += not plain

    def bad(self, rel: str, line: int | None, reason: str, counted: int = 1, bulk: bool = False) -> None:
        self.expected.quarantine.append((rel, line, reason))
        self.expected.inputs += counted
        self.expected.cases += not bulk

    def skip(self, reason: str, n: int = 1) -> None:
        self.expected.skipped[reason] = self.expected.skipped.get(reason, 0) + n
        self.expected.inputs += n
        self.expected.cases += n


def _jsonl(records: list[dict]) -> str:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"


def good_encodings(ib: Inbox) -> None:
    """The same kind of article in every encoding and form the readers take, each plain and gzip-compressed."""
    encoders = {
        "utf8": lambda t: t.encode(),
        "bom": lambda t: b"\xef\xbb\xbf" + t.encode(),
        "utf16": lambda t: t.encode("utf-16"),
        "utf16le": lambda t: t.encode("utf-16-le"),
        "utf16be": lambda t: t.encode("utf-16-be"),
        "cp1256": lambda t: t.encode("cp1256"),
        "crlf": lambda t: t.replace("\n", "\r\n").encode(),
    }
    for gz in (False, True):
        for enc, fn in encoders.items():
            text = ib.text() + ("\n" + ib.text() if enc == "crlf" else "")
            stem = f"enc_{enc}{'_gz' if gz else ''}"
            ib.write(f"encodings/{stem}.txt", fn(text), gz)
            ib.ok(stem, text.replace("\n", "\r\n") if enc == "crlf" else text)
            t1, t2 = ib.text(), ib.text()
            feed = _jsonl([{"id": f"{stem}_j1", "text": t1, "published": "2019-02-16"}, {"id": f"{stem}_j2", "text": t2}])
            ib.write(f"encodings/{stem}.jsonl", fn(feed.rstrip("\n")), gz)
            ib.ok(f"{stem}_j1", t1)
            ib.ok(f"{stem}_j2", t2)
            t3 = ib.text()
            csv_text = f'id,text,outlet\n{stem}_c1,"{t3}",وكالة\n'
            ib.write(f"encodings/{stem}.csv", fn(csv_text), gz)
            ib.ok(f"{stem}_c1", t3)
    # mojibake: UTF-8 Arabic read as Windows-1256 or Latin-1 and saved again as UTF-8
    for enc in ("cp1256", "latin-1"):
        text = ib.text()
        garbled = text.encode().decode(enc, errors="replace" if enc == "cp1256" else "strict")
        ib.write(f"encodings/mojibake_{enc}.txt", garbled.encode())
        ib.ok(f"mojibake_{enc}", text if enc == "latin-1" else None)
    # one bad byte costs one character
    text = ib.text()
    raw = text.encode()
    ib.write("encodings/one_bad_byte.txt", raw[:30] + b"\xff" + raw[30:])
    ib.ok("one_bad_byte", raw[:30].decode() + "\ufffd" + raw[30:].decode())
    text = ib.text()
    ib.write("encodings/bom_then_bad_byte.txt", b"\xef\xbb\xbf" + text.encode() + b"\xfe")
    ib.ok("bom_then_bad_byte", text + "\ufffd")


def good_shapes(ib: Inbox) -> None:
    """Good articles in shapes that readers used to lose: U+2028 in JSONL, text in divs, long CSV fields ..."""
    texts = [ib.text() for _ in range(4)]
    ib.write("shapes/separators.jsonl", _jsonl([
        {"id": "sep1", "text": texts[0] + "\u2028" + texts[1]},
        {"id": "sep2", "text": texts[2] + "\u2029\u0085"},
        {"id": "sep3", "text": texts[3]}]).encode())
    ib.ok("sep1", texts[0] + "\u2028" + texts[1])
    ib.ok("sep2", texts[2] + "\u2029\u0085")
    ib.ok("sep3", texts[3])
    for tag in ("div", "td", "section", "li"):
        text = ib.text()
        wrap = f"<table><tr><td>{text}</td></tr></table>" if tag == "td" else (
            f"<ul><li>{text}</li></ul>" if tag == "li" else f"<{tag}>{text}</{tag}>")
        ib.write(f"shapes/in_{tag}.html", f"<html><head><title>خبر</title></head><body><nav><div>القائمة</div></nav>"
                 f"{wrap}<footer><div>حقوق النشر</div></footer></body></html>".encode())
        ib.ok(f"in_{tag}", text)
    text = ib.text()
    ib.write("shapes/br_lines.html", f"<html><body>{text}<br>{text}</body></html>".encode())
    ib.ok("br_lines", text + "\n" + text)
    text = ib.text()
    long_text = text + " " + "x" * 140_000  # over the csv module's default field limit of 131,072 characters
    ib.write("shapes/long_field.csv", f'id,text\nlong1,"{long_text}"\n'.encode())
    ib.ok("long1", long_text)
    t1, t2 = ib.text(), ib.text()
    ib.write("shapes/multiline.csv", f'id,text\nml1,"{t1}\n{t1}"\nml2,{t2}\n'.encode())
    ib.ok("ml1", t1 + "\n" + t1)
    ib.ok("ml2", t2)
    t1 = ib.text()
    ib.write("shapes/extra_fields.csv", f"id,text\nxf1,{t1},more,fields\n".encode())
    ib.ok("xf1", t1)
    t1, t2 = ib.text(), ib.text()
    ib.write("shapes/list.json", json.dumps([{"id": "js1", "text": t1}, {"id": "js2", "text": t2}], ensure_ascii=False).encode())
    ib.ok("js1", t1)
    ib.ok("js2", t2)
    t1 = ib.text()
    ib.write("shapes/object.json", json.dumps({"text": t1, "outlet": "موقع"}, ensure_ascii=False).encode())
    ib.ok("object", t1)
    t1 = ib.text()
    ib.write("shapes/blank_lines.jsonl", ("\n\n" + json.dumps({"id": "bl1", "text": t1}, ensure_ascii=False) + "\n   \n\r\n").encode())
    ib.ok("bl1", t1)
    t1 = ib.text()
    ib.write("shapes/crlf.jsonl", (json.dumps({"id": "cr1", "text": t1}, ensure_ascii=False) + "\r\n").encode())
    ib.ok("cr1", t1)
    # fields of the wrong type are kept in `extra`, the article loads
    rows = [{"id": "wt1", "outlet": ["a", "b"]}, {"id": "wt2", "title": {"ar": "عنوان"}}, {"id": "wt3", "published": 20190216},
            {"id": "wt4", "url": None, "outlet": True}, {"id": 12345}, {"id": 3.5}, {"id": "wt7", "big": int("9" * 40)}]
    lines = []
    for row in rows:
        text = ib.text()
        lines.append(json.dumps({**row, "text": text}, ensure_ascii=False))
        ib.ok(str(row["id"]), text)
    text = ib.text()
    lines.append('{"id": "wt8", "n": ' + "7" * 5000 + ', "text": ' + json.dumps(text, ensure_ascii=False) + "}")
    ib.ok("wt8", text)
    text = ib.text()
    lines.append('{"id": "wt9\\ud800", "text": ' + json.dumps(text, ensure_ascii=False) + "}")  # a lone surrogate
    ib.ok("wt9\ufffd", text)
    ib.write("shapes/wrong_types.jsonl", "\n".join(lines).encode())
    # file names
    for name in ["with space.txt", "quote'and\"dq.txt", "عربي.txt", "x" * 150 + ".txt", "semi;colon.txt"]:
        text = ib.text()
        ib.write(f"names/{name}", text.encode())
        ib.ok(name.removesuffix(".txt"), text)
    text = ib.text()
    ib.write(b"names/caf\xe9.txt", text.encode())
    ib.ok("caf\\xe9", text)


def bad_files(ib: Inbox) -> None:
    """Whole files that give no article: one quarantine row each."""
    for ext in (".txt", ".jsonl", ".csv", ".html", ".json"):
        ib.bad(ib.write(f"files/empty{ext}", b""), None, "empty_file")
        ib.bad(ib.write(f"files/blank{ext}", b"  \n\t\n"), None, "empty_file")
    rng = random.Random(18)
    for i in range(12):
        data = bytes(rng.randrange(256) for _ in range(2000)) + b"\x00"
        ib.bad(ib.write(f"files/random{i}.txt", b"\x00" + data), None, "binary")
    ib.bad(ib.write("files/png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100)), None, "binary")
    ib.bad(ib.write("files/controls.txt", bytes(range(1, 9)) * 100), None, "binary")
    ib.bad(ib.write("files/english.txt", b"only latin text, no Arabic at all"), None, "no_arabic")
    ib.bad(ib.write("files/english.html", b"<html><body><p>only latin</p></body></html>"), None, "no_arabic")
    ib.bad(ib.write("files/nav_only.html", "<html><body><nav><p>القائمة</p></nav></body></html>".encode()), None,
           "empty_text")
    ib.bad(ib.write("files/script_only.html", "<html><script>var a = 'نص';</script></html>".encode()), None, "empty_text")
    for name in ("notes.docx", "report.pdf", "readme.md", "noextension", "archive.zip", "data.txt.bz2", "feed.xml",
                 "table.tsv"):
        ib.bad(ib.write(f"files/{name}", "نص عربي".encode()), None, "unsupported_format")
    ib.bad(ib.write("files/not_gzip.txt.gz", b"this is not gzip"), None, "bad_gzip")
    good = gzip.compress(article(999).encode() * 50)
    ib.bad(ib.write("files/truncated.txt.gz", good[:-20]), None, "bad_gzip")
    ib.bad(ib.write("files/corrupt.txt.gz", good[:12] + bytes(len(good) - 12)), None, "bad_gzip")
    ib.bad(ib.write("files/bad_crc.txt.gz", good[:-8] + b"\x00\x00\x00\x00" + good[-4:]), None, "bad_gzip")
    ib.bad(ib.write("files/bomb.txt.gz", gzip.compress(b"a" * (4 * MAX_BYTES), mtime=0)), None, "too_large")
    ib.bad(ib.write("files/bomb.json.gz", gzip.compress(b" " * (4 * MAX_BYTES), mtime=0)), None, "too_large")
    ib.bad(ib.write("files/bomb.jsonl.gz", gzip.compress(b"\n" * (4 * MAX_BYTES), mtime=0)), None, "too_large")
    ib.bad(ib.write("files/huge.txt", ((article(998) + " ") * (MAX_BYTES // 100)).encode()), None, "too_large")
    ib.bad(ib.write("files/huge.html", b"<p>" + "نص ".encode() * MAX_BYTES), None, "too_large")
    ib.bad(ib.write("files/empty_list.json", b"[]"), None, "no_records")
    ib.bad(ib.write("files/header_only.csv", b"id,text\n"), None, "no_records")
    ib.bad(ib.write("files/no_text_column.csv", "id,body\n1,نص\n".encode()), None, "no_text_column")
    ib.bad(ib.write("files/scalar.json", b"5"), None, "malformed_record")
    ib.bad(ib.write("files/broken.json", b'{"id": "x", "text": '), None, "malformed_json")
    ib.bad(ib.write("files/deep.json", b"[" * 100_000 + b"]" * 100_000), None, "malformed_json")


def bad_records(ib: Inbox) -> None:
    """Feeds whose bad records each cost only themselves."""
    lines: list[str] = []
    bad_lines = [
        ('{"id": "b1", "text": "broken', "malformed_json"), ("{'single': 'quotes'}", "malformed_json"),
        ('{"id": "b3",}', "malformed_json"), ("[1, 2, 3]", "malformed_record"), ('"just a string"', "malformed_record"),
        ("42", "malformed_record"), ("null", "malformed_record"), ('{"id": "b8"}', "no_text"),
        ('{"id": "b9", "text": 7}', "no_text"), ('{"id": "b10", "text": ["list"]}', "no_text"),
        ('{"id": "b11", "text": ""}', "empty_text"), ('{"id": "b12", "text": "   "}', "empty_text"),
        ('{"id": "b13", "text": "no arabic here"}', "no_arabic"), ("[" * 50_000 + "]" * 50_000, "malformed_json"),
        ('{"id": ' + "9" * 5000 + ', "text": "نص"}', "bad_id"), ('{"id": ["a"], "text": "نص"}', "bad_id"),
        ('{"id": {"x": 1}, "text": "نص"}', "bad_id"), ('{"id": true, "text": "نص"}', "bad_id"),
        ('{"id": "' + "i" * 300 + '", "text": "نص"}', "bad_id"), ('{"id": "a\\nb", "text": "نص"}', "bad_id"),
        ('{"id": "tab\\u0001", "text": "نص"}', "bad_id"), ("{" + "x" * (MAX_BYTES + 10) + "}", "too_large"),
        ("}{", "malformed_json"), ('{"id": "b24", "text": "نص"} trailing', "malformed_json"),
    ]
    for raw, reason in bad_lines:
        text = ib.text()
        good_id = f"rec{ib.k}"
        lines.append(json.dumps({"id": good_id, "text": text}, ensure_ascii=False))
        ib.ok(good_id, text, plain=True)
        lines.append(raw)
        ib.bad("records/mixed.jsonl", len(lines), reason)
    ib.write("records/mixed.jsonl", "\n".join(lines).encode())
    # a CSV quote never closed: that row is quarantined, the rows after it are read again
    t1, t2, t3 = ib.text(), ib.text(), ib.text()
    ib.write("records/unterminated.csv", f'id,text\nq1,{t1}\nq2,"{t2}\nq3,{t3}\n'.encode())
    ib.ok("q1", t1)
    ib.bad("records/unterminated.csv", 3, "unterminated_quote")
    ib.ok("q3", t3)
    t1 = ib.text()
    ib.write("records/short_rows.csv", f"id,text,outlet\nsr1,{t1}\nsr2\n".encode())
    ib.ok("sr1", t1)
    ib.bad("records/short_rows.csv", 3, "no_text")
    # many bad records in one file: 100 rows listed, one row counts the rest
    n = 5000
    ib.write("records/many_bad.jsonl", b"{}\n" * n, gz=True)
    for k in range(1, 101):
        ib.bad("records/many_bad.jsonl.gz", k, "no_text", bulk=k > 1)
    ib.bad("records/many_bad.jsonl.gz", None, "more_quarantined", counted=n - 100)


def more_variants(ib: Inbox) -> None:
    """More of the same kinds: items of a JSON list, other broken JSON, other binary files, other HTML."""
    items = [5, "text", None, {"id": "li4"}, {"id": "li5", "text": 3}, {"id": "li6", "text": "english only"}]
    text = ib.text()
    ib.write("more/list_items.json", json.dumps([*items, {"id": "li7", "text": text}], ensure_ascii=False).encode())
    for k, reason in enumerate(["malformed_record"] * 3 + ["no_text", "no_text", "no_arabic"], start=1):
        ib.bad("more/list_items.json", k, reason)
    ib.ok("li7", text)
    broken = ['{"a": 1', '{"text": "نص" "x"}', '{"text": "\\x"}', "{,}", '{"id": "x" "text": "y"}', "tru", "[}",
              '{"text": "unterminated}', "\u00e9", '{"id": 1, "text": "نص"', "{{}}", ":", "'", '{"text"}']
    lines = []
    for raw in broken:
        text = ib.text()
        lines.append(json.dumps({"id": f"br{ib.k}", "text": text}, ensure_ascii=False))
        ib.ok(f"br{ib.k}", text, plain=True)
        lines.append(raw)
        ib.bad("more/broken.jsonl", len(lines), "malformed_json")
    ib.write("more/broken.jsonl", "\n".join(lines).encode())
    lines = ["NaN", "Infinity", "-1", "1e400", '[{"text": "نص"}]']
    ib.write("more/not_objects.jsonl", "\n".join(lines).encode())
    for k in range(1, len(lines) + 1):
        ib.bad("more/not_objects.jsonl", k, "malformed_record")
    binaries = {"elf": b"\x7fELF\x02\x01\x01\x00" + bytes(200), "zip": b"PK\x03\x04\x14\x00\x00\x00" + bytes(100),
                "pdf": b"%PDF-1.4\n%\x00\x01\x02", "gzip_in_txt": gzip.compress("نص".encode() * 100),
                "sqlite": b"SQLite format 3\x00" + bytes(100), "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"}
    for name, data in binaries.items():
        for ext in (".txt", ".jsonl"):
            ib.bad(ib.write(f"more/{name}{ext}", data), None, "binary")
    for i, page in enumerate(["<html><body></body></html>", "<html><body><!-- نص في تعليق --></body></html>",
                              "<html><head><title>عنوان فقط</title></head><body></body></html>",
                              "<html><body><style>p {content: 'نص'}</style></body></html>",
                              "<html><body><aside><p>نص جانبي</p></aside></body></html>"]):
        ib.bad(ib.write(f"more/page{i}.html", page.encode()), None, "empty_text")
    text = ib.text()
    ib.write("more/bom.csv", ("\ufeffid,text\nbc1," + text + "\n").encode())
    ib.ok("bc1", text)
    text = ib.text()
    ib.write("more/nul_in_row.csv", ("id,text\nnr1," + text + "\x00\n").encode())
    ib.ok("nr1", text + "\x00")


def paths(ib: Inbox) -> None:
    """Paths that are not plain files: each a quarantine row or a counted skip."""
    text = ib.text()
    ib.write(".hidden.txt", text.encode())
    ib.write("paths/.also_hidden.jsonl", text.encode())
    ib.write(".git/config.txt", text.encode())
    ib.write("paths/.cache/x.txt", text.encode())
    ib.skip("hidden", 4)
    for name in ("pipe.txt", "pipe.jsonl"):
        os.mkfifo(ib.root / "paths" / name)
    ib.skip("not_a_file", 2)
    (ib.root / "paths" / "loop").symlink_to(ib.root / "paths")
    (ib.root / "paths" / "self.txt").symlink_to(ib.root / "paths" / "self.txt")
    ib.skip("link_loop", 2)
    (ib.root / "paths" / "dangling.txt").symlink_to(ib.root / "nowhere.txt")
    ib.bad("paths/dangling.txt", None, "dangling_link")
    (ib.root / "paths" / "dangling_dir").symlink_to(ib.root / "no_folder")
    ib.bad("paths/dangling_dir", None, "dangling_link")
    text = ib.text()
    ib.write("paths/target.txt", text.encode())
    ib.ok("target", text)
    (ib.root / "paths" / "zz_link_to_target.txt").symlink_to(ib.root / "paths" / "target.txt")
    os.link(ib.root / "paths" / "target.txt", ib.root / "paths" / "zz_hardlink.txt")
    ib.skip("listed_twice", 2)
    if os.geteuid() != 0:  # root reads any folder
        ib.write("paths/locked/inside.txt", ib.text().encode())
        os.chmod(ib.root / "paths" / "locked", 0)
        ib.bad("paths/locked", None, "unreadable_folder")


def duplicates(ib: Inbox) -> None:
    """The same text under another id, and another text under a known id."""
    text = ib.text()
    ib.write("dups/a_original.txt", text.encode())
    ib.ok("a_original", text)
    ib.write("dups/b_copy.txt", text.encode())
    ib.bad("dups/b_copy.txt", None, "duplicate_content")
    ib.write("dups/c_same_id.jsonl", json.dumps({"id": "a_original", "text": ib.text()}, ensure_ascii=False).encode())
    ib.bad("dups/c_same_id.jsonl", 1, "duplicate_id")


def make(out: Path) -> Expected:
    ib = Inbox(out / "inbox")
    for part in (good_encodings, good_shapes, bad_files, bad_records, more_variants, paths, duplicates):
        part(ib)
    (out / "expected.json").write_text(json.dumps(ib.expected.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    return ib.expected


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    e = make(Path(sys.argv[1]))
    print(f"{e.cases} bad or odd inputs in {e.files_written} files; {e.inputs} inputs in all: {len(e.articles)} articles, "
          f"{len(e.quarantine)} quarantine rows, {sum(e.skipped.values())} skipped paths (read with --max-bytes {MAX_BYTES})")
