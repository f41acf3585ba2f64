"""Readers for article inputs: bytes of a file -> article records, or quarantine rows.

Pure functions: the caller reads the bytes. Formats: .txt (one article, the stem is its
id), .jsonl/.json and .csv (fields id, url, outlet, published, title, text; other fields are
kept as JSON in `extra`), .html/.htm (title, date meta tags, paragraphs), each optionally
gzip-compressed. Encodings: UTF-8, UTF-8 with BOM, UTF-16 with BOM, Windows-1256.
Nothing is dropped silently: every input that yields no article yields a quarantine row.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePath

ARABIC_RE = re.compile(r"[\u0621-\u064a]")
KNOWN_FIELDS = ("id", "url", "outlet", "published", "title", "text")
SUPPORTED = (".txt", ".jsonl", ".json", ".csv", ".html", ".htm")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # per article: a single-article file, or one record of a feed


@dataclass
class Parsed:
    """What one input file gave: articles and quarantine rows."""

    articles: list[dict] = field(default_factory=list)
    quarantine: list[dict] = field(default_factory=list)


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


class DecodeError(ValueError):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of raw bytes; raises DecodeError with a quarantine reason."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise DecodeError("undecodable", f"invalid UTF-16 at byte {e.start}") from e
    if b"\x00" in data[:4096]:
        raise DecodeError("binary", "NUL bytes: not a text file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError as e:
        raise DecodeError("undecodable", f"neither UTF-8 (byte {utf8_error.start}) nor Windows-1256") from e
    if len(ARABIC_RE.findall(text)) < 0.2 * max(1, len(text.replace(" ", ""))):
        raise DecodeError("undecodable", f"invalid UTF-8 at byte {utf8_error.start}, and not Windows-1256 Arabic")
    return text, "cp1256"


# UTF-8 Arabic read as Windows-1256 (ط§ظ„) or as Latin-1 (Ø§Ù„) and saved again
_MOJIBAKE_RE = re.compile(r"(?:[طظ][\u0600-\u06ff\u0080-\u00ff]){3,}|(?:[ØÙ][\u0080-\u00bf]){3,}")


def _looks_like_mojibake(text: str) -> bool:
    """Cheap first test: in mojibake about half of the non-ASCII characters are the lead byte read as
    ط/ظ (Windows-1256) or Ø/Ù (Latin-1); in Arabic text ط and ظ are a few per cent of the letters."""
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    leads = sum(text.count(c) for c in "طظØÙ")
    return non_ascii > 0 and leads >= 0.2 * non_ascii


def repair_mojibake(text: str) -> tuple[str, str | None]:
    """(text, how it was repaired) for Arabic UTF-8 that went through a wrong 8-bit decoding."""
    if not _looks_like_mojibake(text) or not _MOJIBAKE_RE.search(text):
        return text, None
    for enc in ("cp1256", "latin-1", "cp1252"):
        try:
            fixed = text.encode(enc).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if len(ARABIC_RE.findall(fixed)) > len(ARABIC_RE.findall(text)) / 3:
            return fixed, enc
    return text, None


def parse_date(value: object) -> dt.date | None:
    """A date from an ISO date or datetime string (other forms: None)."""
    if value is None:
        return None
    s = str(value).strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", s)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


_BOILERPLATE_ATTR_RE = re.compile(r"related|share|social|comment|sidebar|menu|breadcrumb|footer|header|nav|promo|newsletter|tags?\b", re.I)
_VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "area", "base", "col", "embed", "param", "track"}


class _HTMLArticle(HTMLParser):
    """Title, date metadata and paragraph text of an HTML page, without navigation, related-article
    lists, share bars and footers (by tag, or by a class/id that names them)."""

    SKIP = {"script", "style", "nav", "footer", "header", "aside", "form", "noscript", "iframe", "svg"}
    BLOCKS = ("p", "h1", "h2", "h3", "blockquote")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.meta: dict[str, str] = {}
        self.paragraphs: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, starts a skipped region)
        self._skip = 0
        self._buf: list[str] | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta":
            name = a.get("property") or a.get("name") or a.get("itemprop") or ""
            if name and a.get("content"):
                self.meta[name.lower()] = a["content"]
            return
        if tag in _VOID:
            return
        skips = tag in self.SKIP or bool(_BOILERPLATE_ATTR_RE.search(f"{a.get('class', '')} {a.get('id', '')}"))
        self._stack.append((tag, skips))
        self._skip += skips
        if tag == "title":
            self._in_title = True
        elif tag in self.BLOCKS and not self._skip:
            self._flush()
            self._buf = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self.BLOCKS:
            self._flush()
        if any(t == tag for t, _ in self._stack):
            while self._stack:
                t, skips = self._stack.pop()
                self._skip -= skips
                if t == tag:
                    break

    def _flush(self) -> None:
        if self._buf is not None:
            text = " ".join("".join(self._buf).split())
            if text:
                self.paragraphs.append(text)
            self._buf = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._buf is not None and not self._skip:
            self._buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _record(source: str, line: int | None, article_id: str, text: str, encoding: str, **meta) -> dict:
    published = parse_date(meta.get("published"))
    extra = meta.get("extra") or {}
    return {
        "article_id": article_id,
        "source_path": source,
        "line": line,
        "outlet": (meta.get("outlet") or None),
        "url": (meta.get("url") or None),
        "title": (meta.get("title") or None),
        "published": published,
        "date_source": "metadata" if published else None,
        "text_raw": text,
        "content_sha256": sha256(text),
        "encoding": encoding,
        "extra": json.dumps(extra, ensure_ascii=False, sort_keys=True, default=str) if extra else None,
    }


def _quarantine(source: str, line: int | None, reason: str, detail: str, raw: bytes | str) -> dict:
    return {"source_path": source, "line": line, "reason": reason, "detail": detail, "raw_sha256": sha256(raw)}


def _check_text(text: str) -> tuple[str, str] | None:
    if not text or not text.strip():
        return "empty_text", "no text"
    if not ARABIC_RE.search(text):
        return "no_arabic", "text has no Arabic letters"
    return None


def _from_fields(source: str, line: int | None, obj: object, default_id: str, encoding: str, raw: bytes | str, out: Parsed) -> None:
    if not isinstance(obj, dict):
        out.quarantine.append(_quarantine(source, line, "malformed_record", f"expected an object, got {type(obj).__name__}", raw))
        return
    text = obj.get("text")
    if not isinstance(text, str):
        out.quarantine.append(_quarantine(source, line, "no_text", "record has no 'text' string", raw))
        return
    bad = _check_text(text)
    if bad:
        out.quarantine.append(_quarantine(source, line, *bad, raw))
        return
    extra = {k: v for k, v in obj.items() if k not in KNOWN_FIELDS}
    article_id = str(obj.get("id") or default_id)
    out.articles.append(_record(source, line, article_id, text, encoding, outlet=obj.get("outlet"), url=obj.get("url"),
                                title=obj.get("title"), published=obj.get("published"), extra=extra))


def parse_file(source: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> Parsed:
    """Articles and quarantine rows of one input file given its path (for naming) and bytes."""
    out = Parsed()
    path = PurePath(source)
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as e:
            out.quarantine.append(_quarantine(source, None, "bad_gzip", str(e), data))
            return out
        path = path.with_suffix("")
        suffixes = suffixes[:-1]
    ext = suffixes[-1] if suffixes else ""
    stem = path.name[: -len(ext)] if ext else path.name
    if ext not in SUPPORTED:
        out.quarantine.append(_quarantine(source, None, "unsupported_format", f"unknown extension {ext or '(none)'!r}", data))
        return out
    if len(data) > max_bytes and ext in (".txt", ".html", ".htm"):
        # one article per file: the file is the record (feeds are limited per record below)
        out.quarantine.append(_quarantine(source, None, "too_large", f"{len(data)} bytes > limit {max_bytes}", data))
        return out
    if not data.strip():
        out.quarantine.append(_quarantine(source, None, "empty_file", "file is empty", data))
        return out
    try:
        text, encoding = decode(data)
    except DecodeError as e:
        out.quarantine.append(_quarantine(source, None, e.reason, e.detail, data))
        return out
    text, repaired = repair_mojibake(text)
    if repaired:
        encoding = f"{encoding}+mojibake-repaired-from-{repaired}"
    if ext == ".txt":
        bad = _check_text(text)
        if bad:
            out.quarantine.append(_quarantine(source, None, *bad, data))
        else:
            out.articles.append(_record(source, None, stem, text, encoding))
    elif ext == ".jsonl":
        for lineno, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            if len(line) * 4 > max_bytes and len(line.encode("utf-8")) > max_bytes:  # 4: most bytes per character
                out.quarantine.append(_quarantine(source, lineno, "too_large", f"record over {max_bytes} bytes", line))
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                out.quarantine.append(_quarantine(source, lineno, "malformed_json", f"{e.msg} at column {e.colno}", line))
                continue
            _from_fields(source, lineno, obj, f"{stem}:{lineno}", encoding, line, out)
    elif ext == ".json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as e:
            out.quarantine.append(_quarantine(source, e.lineno, "malformed_json", e.msg, data))
            return out
        items = obj if isinstance(obj, list) else [obj]
        for k, item in enumerate(items, start=1):
            _from_fields(source, k if isinstance(obj, list) else None, item, f"{stem}:{k}" if isinstance(obj, list) else stem,
                         encoding, json.dumps(item, ensure_ascii=False, default=str), out)
    elif ext == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        for k, row in enumerate(reader, start=2):
            _from_fields(source, k, row, f"{stem}:{k}", encoding, json.dumps(row, ensure_ascii=False), out)
    else:  # html
        parser = _HTMLArticle()
        parser.feed(text)
        parser.close()
        body = "\n".join(parser.paragraphs)
        meta = parser.meta
        published = next((meta[k] for k in ("article:published_time", "datepublished", "date", "pubdate",
                                            "og:published_time") if k in meta), None)
        title = meta.get("og:title") or parser.title.strip() or None
        bad = _check_text(body)
        if bad:
            out.quarantine.append(_quarantine(source, None, *bad, data))
        else:
            out.articles.append(_record(source, None, stem, body, encoding, title=title, published=published,
                                        url=meta.get("og:url"), outlet=meta.get("og:site_name")))
    return out
