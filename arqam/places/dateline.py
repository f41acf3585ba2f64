"""Datelines: where the reporter writes, at the start of the text or of a line.

«بغداد (رويترز) -», «واشنطن، الولايات المتحدة الأمريكية (CNN)--», «القاهرة: ...», «كولومبو - «الشرق
الأوسط»:» (each item of a news roundup has its own), «جدة – عين اليوم»: a line that opens with places, commas,
an agency in brackets or an outlet, up to a dash or a colon. A short line that is an outlet, a dash and a place
(«عين اليوم – أنقرة») is one too. The places of a dateline are never a figure's place, and a dateline line
starts a new section of the article for its main place.
"""

from __future__ import annotations

from bisect import bisect_left

from arqam.lexicon.vocab import Vocabulary
from arqam.places.model import Mention
from arqam.text.document import Document
from arqam.text.tokens import Token

SEPARATORS = frozenset("-:\u2013\u2014")
_OPENING = 14  # a dateline ends within the first tokens of its line
_SHORT_LINE = 6  # words of a line that is only an outlet and a place


def line_starts(doc: Document) -> list[tuple[int, int]]:
    """Token spans of the lines of the text."""
    spans, pos = [], 0
    for line in doc.raw.split("\n"):
        a, b = doc.tokens_in(pos, pos + len(line))
        if b > a:
            spans.append((a, b))
        pos += len(line) + 1
    return spans


def _within(ordered: list[int], a: int, b: int) -> bool:
    """Does the sorted list hold a value in [a, b)?"""
    k = bisect_left(ordered, a)
    return k < len(ordered) and ordered[k] < b


class Datelines:
    """Finds the dateline lines of a document among its place mentions."""

    def __init__(self, doc: Document, vocab: Vocabulary) -> None:
        self.tokens: list[Token] = doc.tokens
        self.vocab = vocab
        self.lines = line_starts(doc)
        self.marks = (vocab.function.punct | vocab.function.quote) - SEPARATORS

    def _skippable(self, k: int, end: int, covered: set[int]) -> int | None:
        """The token after the dateline word at k (a place, a mark, a Latin word, an outlet), or None."""
        tok = self.tokens[k]
        if k in covered or tok.text in self.marks or (tok.is_word and tok.text.isascii()):
            return k + 1
        org = self.vocab.orgs.match(self.tokens, k) if tok.is_word else None
        return org[0] if org and org[0] <= end else None

    def _opening(self, a: int, b: int, covered: set[int]) -> bool:
        """Is the opening of the line at tokens [a, b), up to its first separator, a dateline?"""
        sep = next((k for k in range(a, min(b, a + _OPENING)) if self.tokens[k].text in SEPARATORS), None)
        if sep is None or not any(k in covered for k in range(a, sep)):
            return False
        k = a
        while k < sep:
            nxt = self._skippable(k, sep, covered)
            if nxt is None:
                return False
            k = nxt
        return True

    def _short(self, a: int, b: int, covered: set[int]) -> bool:
        """A short line of an outlet, a separator and a place («عين اليوم – أنقرة»)."""
        words = [k for k in range(a, b) if self.tokens[k].is_word]
        seps = [k for k in range(a, b) if self.tokens[k].text in SEPARATORS]
        return len(words) <= _SHORT_LINE and bool(seps) and any(k in covered for k in range(seps[0], b)) \
            and all(k in covered or self.tokens[k].text.isascii() for k in range(seps[0] + 1, b)
                    if self.tokens[k].is_word)

    def find(self, mentions: list[Mention], texts: list[str]) -> list[tuple[int, int]]:
        """Token spans of the dateline parts of lines (the opening up to the separator, or a short line), given
        the mentions and the token texts."""
        if not mentions or SEPARATORS.isdisjoint(texts):
            return []
        covered = {k for m in mentions for k in range(m.start, m.end)}
        found = []
        seps = [k for k, t in enumerate(texts) if t in SEPARATORS]
        starts = [m.start for m in mentions]
        for a, b in self.lines:
            if not (_within(seps, a, b) and _within(starts, a, b)):
                continue
            if self._opening(a, b, covered):
                found.append((a, next(k for k in range(a, b) if self.tokens[k].text in SEPARATORS)))
            elif self._short(a, b, covered):
                found.append((a, b))
        return found
