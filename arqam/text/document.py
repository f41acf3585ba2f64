"""An article prepared for extraction: match key, tokens, sentences, boilerplate, embedded posts.

Raw text is never changed. Boilerplate (related-article lists, site names in titles, share
lines, embedded-post footers) is returned as raw spans with a reason, not deleted, and
figures inside it are not extracted.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache

from arqam.text.normalize import Keyed, keyed
from arqam.text.tokens import Token, tokenize

# "— Author (@handle) February 15, 2019": the footer that embedded tweets leave in scraped text.
POST_FOOTER_RE = re.compile(
    r"^[\u2014\u2013-]\s*(?P<author>[^\n(]+?)\s*\(@(?P<handle>\w+)\)\s*(?P<date>[A-Za-z]+\.? \d{1,2}, \d{4})\s*$"
)
_POST_MARK_RE = re.compile(r"pic\.twitter\.com/\w+|https?://t\.co/\w+|#\w+")
# sentence ends: . ! ? ؟ (with closing quotes), line breaks, and " , " used as a full stop:
# a spaced Latin comma ends a sentence only before a conjunction that opens the next one («... شرق سورية , وقال
# مصطفى بالي»); elsewhere it is a comma («في منطقة الحامضية , شمالي مدينة الرمادي»)
_SENTENCE_END_RE = re.compile(r"[.!?\u061f]+[\"'\u201d\u00bb]?[,\u060c]?(?=\s)|\n+|\s,\s(?=[\u0648\u0641]\S)")
_SENTENCE_ENDS = ".!?\u061f"  # a story-link label may follow the last sentence of its line
# «2- تعيين ...»، «3) وقف ...»: the number that labels an item of a list at the start of a line; «1-أن يكون»،
# «، 2- تعويد الطلاب» anywhere: a hyphen glued to the number, then a word (not «2-1», not «(20) مطلوبا»)
_LIST_LABEL_AFTER_RE = re.compile(r"\s?[-\u2013\u2014)]\s")
_GLUED_LABEL_AFTER_RE = re.compile(r"\s?[-\u2013]\s?[^\W\d_]")
_TITLE_SUFFIX_RE = re.compile(r"\s[-|\u2013\u2014]\s(?P<site>[^-|\u2013\u2014\d()]{2,60})$")
_LINE_WINDOW = 200
_MONTHS_EN = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}


@dataclass(frozen=True)
class Post:
    """An embedded social-media post: its raw span, author and date."""

    start: int
    end: int
    author: str
    handle: str
    date: dt.date | None


@dataclass
class Document:
    raw: str
    keyed: Keyed
    tokens: list[Token]
    sentences: list[tuple[int, int]]  # raw spans
    boilerplate: list[tuple[int, int, str]]  # raw spans with a reason
    posts: list[Post] = field(default_factory=list)
    _token_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._token_starts = [self.keyed.offsets[t.start] for t in self.tokens]

    def token_raw_span(self, i: int, j: int) -> tuple[int, int]:
        """Raw span of tokens [i, j)."""
        return self.keyed.raw_span(self.tokens[i].start, self.tokens[j - 1].end)

    def tokens_in(self, start: int, end: int) -> tuple[int, int]:
        """Token index range [a, b) of the tokens that start inside raw span [start, end)."""
        return bisect_left(self._token_starts, start), bisect_left(self._token_starts, end)

    def boilerplate_reason(self, start: int, end: int) -> str | None:
        for s, e, why in self.boilerplate:
            if start < e and end > s:
                return why
        return None

    def is_list_label(self, start: int, end: int) -> bool:
        """Raw span [start, end) is a one- or two-digit number that opens a line and labels a list item."""
        if end - start > 2 or not self.raw[start:end].isdigit():
            return False
        window = max(0, start - _LINE_WINDOW)  # a label opens its line: the line's start is near, or it is no label
        line_start = max(window, self.raw.rfind("\n", window, start) + 1)
        if not self.raw[line_start:start].strip() and _LIST_LABEL_AFTER_RE.match(self.raw, end):
            return True
        before = self.raw[start - 1] if start > 0 else " "
        return not before.isalnum() and _GLUED_LABEL_AFTER_RE.match(self.raw, end) is not None

    def post_at(self, start: int) -> Post | None:
        for p in self.posts:
            if p.start <= start < p.end:
                return p
        return None


@cache
def _boilerplate_markers() -> tuple[list[tuple[str, str]], int]:
    """Markers, longest first, and the most words a line may have to be a boilerplate line."""
    from arqam.lexicon.vocab import vocabulary  # the vocabulary reads text utilities itself

    markers = list(vocabulary().boilerplate)
    return markers, max(len(m.split()) for m, _ in markers) + 4


def _lines(raw: str) -> list[tuple[int, int]]:
    """Raw spans of the non-empty lines, without surrounding whitespace."""
    out = []
    pos = 0
    for line in raw.split("\n"):
        s = pos + (len(line) - len(line.lstrip()))
        e = pos + len(line.rstrip())
        if e > s:
            out.append((s, e))
        pos += len(line) + 1
    return out


def _post_date(text: str) -> dt.date | None:
    month, day, year = text.replace(",", "").replace(".", "").split()
    m = _MONTHS_EN.get(month.lower()) or next((v for k, v in _MONTHS_EN.items() if k.startswith(month.lower())), None)
    try:
        return dt.date(int(year), m, int(day)) if m else None
    except ValueError:
        return None


def find_posts(raw: str, lines: list[tuple[int, int]]) -> tuple[list[Post], list[tuple[int, int, str]]]:
    """Embedded posts (footer line plus the short lines around it) and their footers as boilerplate."""
    posts: list[Post] = []
    footers: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for k, (s, e) in enumerate(lines):
        m = POST_FOOTER_RE.match(raw[s:e])
        if not m:
            continue
        footers.append((s, e, "embedded_post_footer"))
        first = last = k
        if k > 0 and k - 1 not in taken and len(raw[slice(*lines[k - 1])].split()) <= 12:
            first = k - 1
        # the post body may follow the footer, up to a line with a picture link or hashtags
        for j in range(k + 1, min(k + 4, len(lines))):
            if _POST_MARK_RE.search(raw[slice(*lines[j])]):
                last = j
                break
        taken.update(range(first, last + 1))
        posts.append(Post(lines[first][0], lines[last][1], m.group("author").strip(), m.group("handle"),
                          _post_date(m.group("date"))))
    return posts, footers


def _story_link(line: str, markers: list[tuple[str, str]]) -> int | None:
    """Where a story-link label starts in a line's key: at its start or after a sentence's end (the label often
    follows the last sentence on its line), or None."""
    for marker, kind in markers:
        if kind != "link":
            continue
        i = line.find(marker + " ")
        while i >= 0:
            before = line[:i].rstrip()
            if not before or before[-1] in _SENTENCE_ENDS:
                return i
            i = line.find(marker + " ", i + 1)
    return None


def find_boilerplate(raw: str, lines: list[tuple[int, int]], k: Keyed) -> list[tuple[int, int, str]]:
    """Related-article lists, share lines, story-link lines and the site name appended to a title line.

    Lines are matched on their slice of `k`, the keyed text of `raw`.
    """
    spans: list[tuple[int, int, str]] = []
    markers, max_words = _boilerplate_markers()
    for i, (s, e) in enumerate(lines):
        line = k.key[bisect_left(k.offsets, s):bisect_left(k.offsets, e)]
        words = line.split()
        link = _story_link(line, markers)
        if link is not None:  # «رابط الخبر بصحيفة الوئام: ...»: a story's title after its link label
            spans.append((k.offsets[bisect_left(k.offsets, s) + link], e, "story_link"))
            if link == 0:
                continue
        if len(words) <= max_words:  # a marker line is the marker and at most four more words
            key = " ".join(words)
            for marker, kind in markers:
                if key == marker or (key.startswith(marker + " ") and len(words) <= len(marker.split()) + 4):
                    if kind == "related":
                        spans.append((s, len(raw), "related_articles"))
                        return spans
                    spans.append((s, e, "share_line"))
                    break
        if i == 0:
            m = _TITLE_SUFFIX_RE.search(raw[s:e])
            if m and len(m.group("site").split()) <= 6:
                spans.append((s + m.start("site"), e, "site_name"))
    return spans


def split_sentences(raw: str) -> list[tuple[int, int]]:
    """Raw spans of sentences (whitespace-trimmed, non-empty)."""
    out = []
    pos = 0
    for m in _SENTENCE_END_RE.finditer(raw):
        end = m.end() if m.group().strip(" ,\n") else m.start()
        out.append((pos, end))
        pos = m.end()
    out.append((pos, len(raw)))
    trimmed = []
    for s, e in out:
        seg = raw[s:e]
        s2 = s + len(seg) - len(seg.lstrip(" \t\n,"))
        e2 = s + len(seg.rstrip())
        if e2 > s2:
            trimmed.append((s2, e2))
    return trimmed


def analyze(raw: str) -> Document:
    """Prepare raw article text for extraction."""
    lines = _lines(raw)
    posts, footers = find_posts(raw, lines)
    k = keyed(raw)
    boilerplate = sorted(find_boilerplate(raw, lines, k) + footers)
    return Document(raw, k, tokenize(k.key), split_sentences(raw), boilerplate, posts)
