"""Readers for article inputs: the byte stream of one input file -> article records and quarantine rows.

Pure: the caller opens the file and hands over a binary stream (or bytes, `parse_file`); nothing here
touches paths. Formats: .txt (one article, the stem is its id), .jsonl/.json and .csv (fields id, url,
outlet, published, title, text; other fields are kept as JSON in `extra`), .html/.htm (title, date meta
tags, paragraph text), each optionally gzip-compressed. Encodings: UTF-8, UTF-8 with BOM, UTF-16 with or
without a BOM, Windows-1256, and UTF-8 that went through a wrong 8-bit decoding (repaired).

Nothing is dropped silently and nothing stops the caller:

- every record a file holds is counted as it is split off (`InputFile.records`), before it is judged,
  and becomes either an article or a quarantine row with a reason a user can act on;
- a record's error costs that record (per-record isolation); a file's error costs the rest of that file
  and is one row (the caller isolates files);
- one bad byte costs one replacement character, not the line or the file: feeds are split on b"\\n" only
  and decoded line by line;
- work is bounded: a record, a single-article file, or what a compressed file expands to beyond
  `max_bytes` is refused without being held in memory, and a file lists at most
  `MAX_QUARANTINE_ROWS` quarantine rows plus one row saying how many more there were.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePath
from typing import BinaryIO

ARABIC_RE = re.compile(r"[\u0621-\u064a]")
KNOWN_FIELDS = ("id", "url", "outlet", "published", "title", "text")
META_FIELDS = ("url", "outlet", "published", "title")
# when `published` is missing, these fields of a record give the date (SaudiNewsNet's crawl time, feeds' pubDate)
FALLBACK_DATE_FIELDS = ("datePublished", "date", "pubDate", "crawled")
SUPPORTED = (".txt", ".jsonl", ".json", ".csv", ".html", ".htm")
WHOLE_FILE = (".txt", ".html", ".htm", ".json")  # read whole: bounded by max_bytes; feeds are read line by line
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # an article, a record of a feed, what a compressed file expands to
MAX_QUARANTINE_ROWS = 100  # per file; the rest are counted in one more row
MAX_ID_CHARS = 256
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
_ESCAPED_SURROGATE_RE = re.compile(r"\\u[dD][89a-fA-F]")  # in JSON: the only way text read from bytes gets one
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CHUNK = 1 << 20
_GZIP_READ = 1 << 16


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


class DecodeError(ValueError):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


class FileError(Exception):
    """The rest of a file cannot be read: one quarantine row (reason, detail)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


# -- decoding ---------------------------------------------------------------------------------------

def _plausible_share(text: str) -> float:
    """Share of characters that text in Arabic news is made of (letters, digits, spaces, punctuation)."""
    if not text:
        return 0.0
    bad = sum(1 for c in text if not (c.isprintable() or c in "\n\r\t") or "\ue000" <= c <= "\uf8ff")
    return 1 - bad / len(text)


def utf16_order(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for UTF-16 text without a byte-order mark, else None.

    In UTF-16 every other byte is the high byte of a code unit, and in Arabic and Latin text those are a
    few values (0x00 for ASCII, 0x06 for Arabic, 0x20 for punctuation): that column is what gives it away.
    """
    sample = sample[: 4096 - len(sample[:4096]) % 2]
    if len(sample) < 8:
        return None
    for order, column in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        common = Counter(column).most_common(3)
        if sum(n for _, n in common) >= 0.9 * len(column) and any(b in (0x00, 0x06) for b, _ in common):
            text = sample.decode(order, errors="replace")
            if _plausible_share(text) >= 0.9 and text.count("\ufffd") <= len(text) // 100:
                return order
    return None


def decode_line(raw: bytes) -> tuple[str, str]:
    """(text, encoding) of one line of an 8-bit file: UTF-8 when the line is UTF-8 (a stray invalid byte is
    one U+FFFD), Windows-1256 when it reads as Arabic that way, else UTF-8 with replacement characters."""
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lenient = raw.decode("utf-8", errors="replace")
    invalid = lenient.count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    valid_multibyte = sum(1 for c in lenient if ord(c) > 0x7F and c != "\ufffd")
    if valid_multibyte >= 4 * invalid:  # UTF-8 with a few bad bytes
        return lenient, "utf-8+replaced"
    cp = raw.decode("cp1256", errors="replace")
    if len(ARABIC_RE.findall(cp)) >= 0.2 * max(1, len(cp.replace(" ", ""))):
        return cp, "cp1256"
    return lenient, "utf-8+replaced"


def _label(encodings: Counter) -> str:
    """One name for the encodings of a file's non-ASCII lines: utf-8, cp1256, utf-8+replaced (a few invalid
    bytes replaced), or a mix (utf-8+cp1256)."""
    names = set(encodings) or {"utf-8"}
    if len(names) == 1:
        return names.pop()
    replaced = "utf-8+replaced" in names
    return ("utf-8+replaced" if replaced else "utf-8") + ("+cp1256" if "cp1256" in names else "")


def _check_binary(head: bytes) -> None:
    """DecodeError binary when the first bytes of a file are not text: NUL bytes beyond a stray one, or control
    bytes (a text file has tabs and line breaks, not those)."""
    nuls = head.count(b"\x00")
    if nuls > 0.01 * len(head) or (nuls and len(head) < 100):
        raise DecodeError("binary", f"{nuls} NUL bytes in the first {len(head)}: not a text file")
    controls = len(_CONTROL_RE.findall(head.decode("latin-1")))
    if controls > 0.05 * max(1, len(head)):
        raise DecodeError("binary", f"{controls} control bytes in the first {len(head)}: not a text file")


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of the raw bytes of a whole file; raises DecodeError with a quarantine reason."""
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = _decode_lines(data[3:])
        return text, "utf-8-sig" if enc == "utf-8" else f"utf-8-sig+{enc}"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        return text, "utf-16"
    order = utf16_order(data)
    if order:
        return data[: len(data) - len(data) % 2].decode(order, errors="replace"), order
    _check_binary(data[:4096])
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text, enc = _decode_lines(data)
    if text.count("\ufffd") > 0.1 * max(1, len(text)):
        raise DecodeError("undecodable", "neither UTF-8, UTF-16 nor Windows-1256: over 10% of the text is not decodable")
    return text, enc


def _decode_lines(data: bytes) -> tuple[str, str]:
    encodings: Counter = Counter()
    parts = []
    for raw in data.split(b"\n"):
        text, enc = decode_line(raw)
        parts.append(text)
        if raw.strip(b" \t\r") and max(raw, default=0) > 0x7F:
            encodings[enc] += 1
    return "\n".join(parts), _label(encodings)


# UTF-8 Arabic read as Windows-1256 (ط§ظ„) or as Latin-1 (Ø§Ù„) and saved again
_MOJIBAKE_RE = re.compile(r"(?:[طظ][\u0600-\u06ff\u0080-\u00ff]){3,}|(?:[ØÙ][\u0080-\u00bf]){3,}")


def _looks_like_mojibake(text: str) -> bool:
    """Cheap first test: in mojibake about half of the non-ASCII characters are the lead byte read as
    ط/ظ (Windows-1256) or Ø/Ù (Latin-1); in Arabic text ط and ظ are a few per cent of the letters."""
    if text.isascii():
        return False
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    leads = text.count("ط") + text.count("ظ") + text.count("Ø") + text.count("Ù")
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


def clean_text(value: str) -> str:
    """A string Arrow and DuckDB can store: lone surrogates (from JSON escapes or file names) become U+FFFD."""
    return _SURROGATE_RE.sub("\ufffd", value) if _SURROGATE_RE.search(value) else value


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


# -- HTML -------------------------------------------------------------------------------------------

_BOILERPLATE_ATTR_RE = re.compile(r"related|share|social|comment|sidebar|menu|breadcrumb|footer|header|nav|promo|newsletter|tags?\b", re.I)
_VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "area", "base", "col", "embed", "param", "track"}
_LOOSE_BREAKS = {"div", "section", "article", "main", "li", "tr", "td", "th", "br", "ul", "ol", "table", "body",
                 "dd", "dt", "figcaption", "center", "font"}


class _HTMLArticle(HTMLParser):
    """Title, date metadata and paragraph text of an HTML page, without navigation, related-article
    lists, share bars and footers (by tag, or by a class/id that names them). A page without paragraphs
    (text in <div>s, <td>s, lines broken by <br>) gives its text blocks instead (`loose`)."""

    SKIP = {"script", "style", "nav", "footer", "header", "aside", "form", "noscript", "iframe", "svg", "template",
            "head", "select", "button", "object"}
    BLOCKS = ("p", "h1", "h2", "h3", "blockquote")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.meta: dict[str, str] = {}
        self.paragraphs: list[str] = []
        self.loose: list[str] = []
        self._loose_buf: list[str] = []
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
        if tag in _LOOSE_BREAKS or tag in self.BLOCKS:
            self._flush_loose()
        if tag in _VOID:
            return
        skips = (tag in self.SKIP and tag != "head") or bool(
            _BOILERPLATE_ATTR_RE.search(f"{a.get('class', '')} {a.get('id', '')}"))
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
        if tag in _LOOSE_BREAKS or tag in self.BLOCKS:
            self._flush_loose()
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

    def _flush_loose(self) -> None:
        text = " ".join("".join(self._loose_buf).split())
        if text:
            self.loose.append(text)
        self._loose_buf = []

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            if self._buf is not None:
                self._buf.append(data)
            if not any(t in ("title", "head") for t, _ in self._stack[-2:]):
                self._loose_buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()
        self._flush_loose()


# -- records ----------------------------------------------------------------------------------------

def _record(source: str, line: int | None, article_id: str, text: str, encoding: str, clean: bool = False,
            **meta) -> dict:
    published = parse_date(meta.get("published"))
    extra = meta.get("extra") or {}
    source_of_date = "metadata" if published else None
    if published is None:  # another date field of the record: the first of them that parses, named in date_source
        for name in FALLBACK_DATE_FIELDS:
            found = parse_date(extra.get(name)) if isinstance(extra, dict) else None
            if found is not None:
                published, source_of_date = found, name
                break
    dumped = json.dumps(extra, ensure_ascii=False, sort_keys=True, default=str) if extra else None
    return {
        "article_id": article_id,
        "source_path": source,
        "line": line,
        "outlet": (meta.get("outlet") or None),
        "url": (meta.get("url") or None),
        "title": (meta.get("title") or None),
        "published": published,
        "date_source": source_of_date,
        "text_raw": text,
        "content_sha256": sha256(text),
        "encoding": encoding,
        "extra": clean_text(dumped) if clean and dumped else dumped,
    }


def quarantine_row(source: str, line: int | None, reason: str, detail: str, raw: bytes | str) -> dict:
    return {"source_path": source, "line": line, "reason": reason, "detail": _one_line(detail), "raw_sha256": sha256(raw)}


def _one_line(detail: str, limit: int = 300) -> str:
    detail = " ".join(clean_text(str(detail)).split())
    return detail if len(detail) <= limit else detail[: limit - 1] + "…"


def _check_text(text: str) -> tuple[str, str] | None:
    if not text or not text.strip():
        return "empty_text", "no text"
    if not ARABIC_RE.search(text):
        return "no_arabic", "text has no Arabic letters"
    return None


def _json_int(digits: str) -> int | str:
    """Integers in JSON as ints, except those too long for Python's int conversion, which stay as digits."""
    return int(digits) if len(digits) <= 4000 else digits


_DECODER = json.JSONDecoder(parse_int=_json_int)


def _loads(text: str):
    return _DECODER.decode(text)


class RecordError(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def _scalar_text(value: object, clean: bool = True) -> str | None:
    if isinstance(value, str):
        return clean_text(value) if clean else value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _article_id(obj: dict, default_id: str, clean: bool) -> str:
    value = obj.get("id")
    if value is None or value == "" or value == 0:
        return default_id
    got = _scalar_text(value, clean)
    if got is None:
        raise RecordError("bad_id", f"'id' is a {type(value).__name__}; expected a string or a number")
    if len(got) > MAX_ID_CHARS:
        raise RecordError("bad_id", f"'id' has {len(got)} characters; at most {MAX_ID_CHARS}")
    if _CONTROL_RE.search(got) or "\n" in got or "\r" in got:
        raise RecordError("bad_id", f"'id' {got[:40]!r} holds control characters")
    return got


def _from_fields(source: str, line: int | None, obj: object, default_id: str, encoding: str, clean: bool = True) -> dict:
    """The article of one record (a JSON object, a CSV row); raises RecordError with a quarantine reason.
    `clean`: the record may hold lone surrogates (JSON escapes of them), to be replaced."""
    if not isinstance(obj, dict):
        raise RecordError("malformed_record", f"expected an object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        raise RecordError("no_text", "record has no 'text' string" if text is None
                          else f"'text' is a {type(text).__name__}, not a string")
    text = clean_text(text) if clean else text
    bad = _check_text(text)
    if bad:
        raise RecordError(*bad)
    article_id = _article_id(obj, default_id, clean)
    extra = {str(k): v for k, v in obj.items() if k not in KNOWN_FIELDS}
    meta = {}
    for name in META_FIELDS:
        value = obj.get(name)
        meta[name] = _scalar_text(value, clean) if value is not None else None
        if value is not None and meta[name] is None:  # a list, an object, a boolean: kept, but not as metadata
            extra[name] = value
    return _record(source, line, article_id, text, encoding, clean, extra=extra, **meta)


# -- streams ----------------------------------------------------------------------------------------

class _Bounded(io.RawIOBase):
    """A readable stream over a (possibly gzip-compressed) stream that stops at `limit` bytes of output
    (FileError too_large) and turns every decompression error into FileError bad_gzip."""

    def __init__(self, stream: BinaryIO, compressed: bool, limit: int) -> None:
        self._inner = gzip.GzipFile(fileobj=stream, mode="rb") if compressed else stream
        self._compressed = compressed
        self._limit = limit
        self.produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        try:
            # small reads from gzip: at a corrupt or truncated end, what came before is already out
            data = self._inner.read(min(len(buf), _GZIP_READ if self._compressed else _CHUNK))
        except (OSError, EOFError, zlib.error) as e:
            if not self._compressed:
                raise
            raise FileError("bad_gzip", f"{type(e).__name__}: {e}" + (
                f" after {self.produced} bytes" if self.produced else "")) from None
        self.produced += len(data)
        if self.produced > self._limit:
            what = "decompresses to" if self._compressed else "holds"
            raise FileError("too_large", f"{what} more than {self._limit} bytes (--max-bytes); stopped there")
        buf[: len(data)] = data
        return len(data)


def _read_all(stream: io.BufferedReader, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise FileError("too_large", f"more than {limit} bytes (--max-bytes)")
    return data


def _lines(stream: io.BufferedReader, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, raw line without its b"\\n") of a stream split on b"\\n" only; None for a line over
    max_bytes, which is skipped without being held in memory."""
    lineno = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while True:  # the rest of the long line, read and dropped
                more = stream.readline(_CHUNK)
                if not more or more.endswith(b"\n"):
                    break
            yield lineno, None
            continue
        yield lineno, raw[:-1] if raw.endswith(b"\n") else raw


# -- one input file ---------------------------------------------------------------------------------

@dataclass
class Parsed:
    """What one input file gave: articles, quarantine rows, and its counts."""

    articles: list[dict] = field(default_factory=list)
    quarantine: list[dict] = field(default_factory=list)
    records: int = 0
    quarantined: int = 0


class InputFile:
    """The records of one input file, read as a stream.

    Iterate `articles()`; meanwhile `quarantine` collects the quarantine rows (at most MAX_QUARANTINE_ROWS,
    then one row counting the rest), `records` counts every record as it is split off and `quarantined`
    the records that gave no article, so that `records == articles + quarantined` always holds.
    `retry` tells whether the file had something over max_bytes (a later run with a larger limit reads it again).
    """

    def __init__(self, source: str, stream: BinaryIO, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.source = source
        self.max_bytes = max_bytes
        self._stream = stream
        self.records = 0
        self.quarantined = 0
        self.quarantine: list[dict] = []
        self.retry = False  # something was too large: read the file again next run (a larger --max-bytes takes it)
        self._dropped: Counter = Counter()
        path = PurePath(source)
        suffixes = [s.lower() for s in path.suffixes]
        self.compressed = bool(suffixes) and suffixes[-1] == ".gz"
        if self.compressed:
            path, suffixes = path.with_suffix(""), suffixes[:-1]
        self.ext = suffixes[-1] if suffixes else ""
        self.stem = path.name[: -len(self.ext)] if self.ext else path.name

    # bookkeeping
    def _quarantine(self, line: int | None, reason: str, detail: str, raw, listed: bool = False) -> None:
        """Count a quarantined record, and list it unless the file has listed MAX_QUARANTINE_ROWS already
        (`raw`: its bytes or text, or a function that gives them, called only when it is listed)."""
        self.quarantined += 1
        self.retry = self.retry or reason == "too_large"
        if listed or len(self.quarantine) < MAX_QUARANTINE_ROWS:
            self.quarantine.append(quarantine_row(self.source, line, reason, detail, raw() if callable(raw) else raw))
        else:
            self._dropped[reason] += 1

    def fail(self, reason: str, detail: str, raw: bytes | str = b"") -> None:
        """The file (or the rest of it) is one quarantined input."""
        self.records += 1
        self._quarantine(None, reason, detail, raw or self.source, listed=True)

    def _finish(self) -> None:
        if self._dropped:
            n = sum(self._dropped.values())
            reasons = ", ".join(f"{r} {k}" for r, k in self._dropped.most_common())
            self.quarantine.append(quarantine_row(
                self.source, None, "more_quarantined",
                f"{n} more quarantined records of this file are not listed ({reasons}); "
                f"the first {MAX_QUARANTINE_ROWS} are", f"{self.source}:{n}"))

    # reading
    def articles(self) -> Iterator[dict]:
        try:
            if self.ext not in SUPPORTED:
                self.fail("unsupported_format", f"unknown extension {self.ext or '(none)'!r}; "
                          f"supported: {', '.join(SUPPORTED)}, each optionally .gz")
                return
            if self.compressed:
                head = self._stream.read(2)
                if head != b"\x1f\x8b":
                    self.fail("bad_gzip", "not gzip data (the file ends in .gz)", head)
                    return
                self._stream = _Prefixed(head, self._stream)
            limit = self.max_bytes if (self.compressed or self.ext in WHOLE_FILE) else float("inf")
            stream = io.BufferedReader(_Bounded(self._stream, self.compressed, limit), buffer_size=_CHUNK)
            if self.ext in WHOLE_FILE:
                yield from self._whole(stream)
            else:
                yield from self._feed(stream)
        except FileError as e:
            self.fail(e.reason, e.detail)
        except DecodeError as e:
            self.fail(e.reason, e.detail)
        finally:
            self._finish()

    def _whole(self, stream: io.BufferedReader) -> Iterator[dict]:
        data = _read_all(stream, self.max_bytes)
        if not data.strip():
            self.fail("empty_file", "file is empty", data)
            return
        text, encoding = decode(data)
        text, repaired = repair_mojibake(text)
        if repaired:
            encoding = f"{encoding}+mojibake-repaired-from-{repaired}"
        text = clean_text(text)
        if self.ext == ".json":
            yield from self._json(text, encoding, data)
            return
        self.records += 1
        if self.ext == ".txt":
            body, meta = text, {}
        else:
            body, meta = self._html(text)
        bad = _check_text(body)
        if bad:
            self._quarantine(None, *bad, data)
            return
        yield _record(self.source, None, self.stem, body, encoding, **meta)

    def _html(self, text: str) -> tuple[str, dict]:
        parser = _HTMLArticle()
        parser.feed(text)
        parser.close()
        body = "\n".join(parser.paragraphs or parser.loose)
        meta = parser.meta
        published = next((meta[k] for k in ("article:published_time", "datepublished", "date", "pubdate",
                                            "og:published_time") if k in meta), None)
        title = meta.get("og:title") or parser.title.strip() or None
        return body, {"title": title, "published": published, "url": meta.get("og:url"),
                      "outlet": meta.get("og:site_name")}

    def _json(self, text: str, encoding: str, data: bytes) -> Iterator[dict]:
        try:
            obj = _loads(text)
        except json.JSONDecodeError as e:
            self.fail("malformed_json", f"{e.msg} at line {e.lineno} column {e.colno}", data)
            return
        except RecursionError:
            self.fail("malformed_json", "nested too deeply to read", data)
            return
        items = obj if isinstance(obj, list) else [obj]
        if not items:
            self.fail("no_records", "the file holds an empty list: no articles", data)
            return
        for k, item in enumerate(items, start=1):
            self.records += 1
            in_list = isinstance(obj, list)
            line, default_id = (k, f"{self.stem}:{k}") if in_list else (None, self.stem)
            yield from self._one(line, item, default_id, encoding, lambda item=item: _dump(item))

    def _one(self, line, obj, default_id: str, encoding: str, raw, clean: bool = True) -> Iterator[dict]:
        """The article of one counted record, or its quarantine row (whatever goes wrong)."""
        try:
            rec = _from_fields(self.source, line, obj, default_id, encoding, clean)
        except RecordError as e:
            self._quarantine(line, e.reason, e.detail, raw)
            return
        except Exception as e:  # noqa: BLE001 - one record's surprise must not cost the file
            self._quarantine(line, "bad_record", f"{type(e).__name__}: {e}", raw)
            return
        yield rec

    # feeds: a stream of lines
    def _feed(self, stream: io.BufferedReader) -> Iterator[dict]:
        head = stream.peek(4096)[:4096]
        if not head.strip() and len(stream.peek(4097)) < 4097:
            self.fail("empty_file", "file is empty" if not head else "file holds only blank lines")
            return
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_order(head):
            lines = self._utf16_lines(stream)
        else:
            if head.startswith(b"\xef\xbb\xbf"):
                stream.read(3)
            _check_binary(head.lstrip(b"\xef\xbb\xbf")[:4096])
            lines = self._decoded_lines(stream)
        if self.ext == ".jsonl":
            yield from self._jsonl(lines)
        else:
            yield from self._csv(lines)
        if self.records == 0:
            if self.ext == ".jsonl":
                self.fail("empty_file", "file holds only blank lines")
            else:
                self.fail("no_records", "no records: the file holds a header and no rows")

    def _utf16_lines(self, stream: io.BufferedReader) -> Iterator[tuple[int, str | None, str]]:
        data = _read_all(stream, self.max_bytes)
        text, encoding = decode(data)
        lines = clean_text(text).split("\n")
        if lines[-1] == "":  # the newline that ends the last line
            lines.pop()
        for lineno, line in enumerate(lines, start=1):
            yield lineno, line, encoding

    def _decoded_lines(self, stream: io.BufferedReader) -> Iterator[tuple[int, str | None, str]]:
        for lineno, raw in _lines(stream, self.max_bytes):
            if raw is None:
                yield lineno, None, ""
                continue
            text, encoding = decode_line(raw)  # decoded bytes hold no lone surrogates
            fixed, repaired = repair_mojibake(text)
            if repaired:
                text, encoding = fixed, f"{encoding}+mojibake-repaired-from-{repaired}"
            yield lineno, text, encoding

    def _jsonl(self, lines) -> Iterator[dict]:
        for lineno, line, encoding in lines:
            if line is None:
                self.records += 1
                self._quarantine(lineno, "too_large", f"record over {self.max_bytes} bytes (--max-bytes)",
                                 f"{self.source}:{lineno}")
                continue
            if not line.strip():
                continue
            self.records += 1
            try:
                obj = _loads(line)
            except json.JSONDecodeError as e:
                self._quarantine(lineno, "malformed_json", f"{e.msg} at column {e.colno}", line)
                continue
            except RecursionError:
                self._quarantine(lineno, "malformed_json", "nested too deeply to read", line)
                continue
            yield from self._one(lineno, obj, f"{self.stem}:{lineno}", encoding, lambda line=line: line,
                                 clean=bool(_ESCAPED_SURROGATE_RE.search(line)))

    def _csv(self, lines) -> Iterator[dict]:
        """Rows of a CSV feed. A quoted field may span lines; a quote never closed swallows the rest of the
        file (or more than max_bytes) into one row: that row is quarantined and reading starts again on the
        line after its first."""
        csv.field_size_limit(max(self.max_bytes, csv.field_size_limit()))  # a field is bounded by the record's size
        source = _Replayable(lines, self.max_bytes)
        reader = csv.reader(source, strict=False)
        try:
            header = next(reader)
        except StopIteration:
            return
        except _Overflow:
            self.fail("too_large", f"CSV header over {self.max_bytes} bytes (--max-bytes)")
            return
        names = [h.strip().lstrip("\ufeff") for h in header]
        if "text" not in names:
            self.fail("no_text_column", f"CSV header has no 'text' column (columns: {', '.join(names)[:200]})")
            return
        row_number = 1  # article ids of CSV rows are <stem>:<row number + 1>, as they were before lines were tracked
        while True:
            try:
                for row in _rows(reader, source):
                    row_number += 1
                    yield from self._csv_row(names, row, row_number)
                return
            except (_Overflow, _Swallowed) as stop:
                self.records += 1
                row_number += 1
                if isinstance(stop, _Overflow):
                    self._quarantine(stop.line, "too_large", f"row from line {stop.line} over {self.max_bytes} bytes "
                                     "(--max-bytes), or a quote never closed; the lines after it are read again",
                                     f"{self.source}:{stop.line}")
                else:
                    self._quarantine(stop.line, "unterminated_quote", f"a quote opened on line {stop.line} is never "
                                     "closed; the lines after it are read again as rows", stop.raw)
                source.restart_after(stop.line)
                reader = csv.reader(source, strict=False)

    def _csv_row(self, header: list[str], row: _Row, row_number: int) -> Iterator[dict]:
        self.records += 1
        if row.error:
            self._quarantine(row.line, "malformed_csv", row.error, row.raw)
            return
        obj = dict(zip(header, row.fields, strict=False))
        if len(row.fields) > len(header):
            obj["_extra_fields"] = row.fields[len(header):]
        yield from self._one(row.line, obj, f"{self.stem}:{row_number}", row.encoding, lambda: row.raw, clean=False)


def _dump(item) -> str:
    try:
        return json.dumps(item, ensure_ascii=False, default=str)
    except (RecursionError, ValueError):
        return repr(type(item))


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes were already read (to sniff them)."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        if self._head:
            n = min(len(buf), len(self._head))
            buf[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buf))
        buf[: len(data)] = data
        return len(data)


@dataclass
class _Row:
    line: int
    fields: list[str]
    raw: str
    encoding: str
    error: str | None = None


class _Swallowed(Exception):
    def __init__(self, line: int, raw: str) -> None:
        super().__init__(line)
        self.line = line
        self.raw = raw


class _Overflow(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _Replayable:
    """The decoded lines of a CSV feed, fed to csv.reader one at a time. It keeps the lines of the current
    record (bounded by max_bytes: beyond, _Overflow), so that a swallowing record can be replayed."""

    def __init__(self, lines, max_bytes: int) -> None:
        self._lines = iter(lines)
        self._max_bytes = max_bytes
        self._replay: list[tuple[int, str | None, str]] = []
        self.current: list[tuple[int, str | None, str]] = []
        self._size = 0
        self.eof = False

    def __iter__(self):
        return self

    def __next__(self) -> str:
        item = self._replay.pop(0) if self._replay else next(self._lines, None)
        if item is None:
            self.eof = True
            raise StopIteration
        self.current.append(item)
        lineno, text, _ = item
        self._size += len(text) if text is not None else self._max_bytes + 1
        if self._size > self._max_bytes:
            raise _Overflow(self.current[0][0])
        return text + "\n"

    def start_record(self) -> None:
        self.current = []
        self._size = 0

    def restart_after(self, line: int) -> None:
        """Read again every line after `line` (the first line of a swallowing record)."""
        self._replay = [item for item in self.current if item[0] > line] + self._replay
        self.start_record()
        self.eof = False


def _rows(reader, source: _Replayable) -> Iterator[_Row]:
    while True:
        source.start_record()
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            first = source.current[0] if source.current else (0, "", "utf-8")
            yield _Row(first[0], [], "\n".join(t or "" for _, t, _ in source.current), first[2], error=str(e))
            continue
        lines = source.current
        if not fields:  # a blank line: no record (as csv.DictReader has it)
            continue
        raw = "\n".join(t for _, t, _ in lines)
        line, encoding = lines[0][0], lines[0][2]
        if len(lines) > 1 and source.eof and raw.count('"') % 2 == 1:
            raise _Swallowed(line, raw)
        yield _Row(line, fields, raw, encoding)


def parse_file(source: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> Parsed:
    """Articles and quarantine rows of one input file given its path (for naming) and bytes."""
    f = InputFile(source, io.BytesIO(data), max_bytes)
    articles = list(f.articles())
    return Parsed(articles, f.quarantine, f.records, f.quarantined)
