"""Dates: the publication date inferred from text, and the day each statement was made.

Relative expressions (اليوم، أمس، يوم أمس، أمس الأول، أول أمس، weekday names) resolve
against the publication date; without one, the offset in days is kept when it is known.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from arqam.arabic.lexicon import phrase_index, read_tsv
from arqam.arabic.tokens import Token, strip_conj
from arqam.document import Document


@dataclass(frozen=True)
class StatementDay:
    """When a figure was stated: an offset from publication, or a weekday to resolve."""

    offset_days: int | None = None
    weekday: int | None = None  # 0 = Monday; the latest such day on or before publication
    rule: str = "published"

    def resolve(self, published: dt.date | None) -> dt.date | None:
        if published is None:
            return None
        if self.offset_days is not None:
            return published + dt.timedelta(days=self.offset_days)
        if self.weekday is not None:
            return published - dt.timedelta(days=(published.weekday() - self.weekday) % 7)
        return published


@cache
def _weekdays() -> dict[str, int]:
    return {r["form"]: int(r["weekday"]) for r in read_tsv("weekdays", ("form", "weekday"), key="form")}


@cache
def _relative():
    rows = [
        {"phrase": "امس الاول", "offset": -2}, {"phrase": "اول امس", "offset": -2}, {"phrase": "اول من امس", "offset": -2},
        {"phrase": "امس", "offset": -1}, {"phrase": "الليله الماضيه", "offset": -1}, {"phrase": "اليوم", "offset": 0},
        {"phrase": "الليله", "offset": 0}, {"phrase": "غدا", "offset": 1},
    ]
    return phrase_index(rows, "phrase")


def _weekday_at(tokens: list[Token], k: int) -> int | None:
    for f in strip_conj(tokens[k].text):
        if f in _weekdays():
            return _weekdays()[f]
    return None


def day_expressions(tokens: list[Token], a: int, b: int) -> list[tuple[int, StatementDay]]:
    """Day expressions in tokens [a, b): (token index, StatementDay)."""
    out: list[tuple[int, StatementDay]] = []
    k = a
    while k < b:
        m = _relative().match(tokens, k)
        if m:
            end, row = m
            offset = int(row["offset"])
            # اليوم الاثنين / أمس الأحد: the weekday confirms, the offset decides
            if end < b and _weekday_at(tokens, end) is not None:
                end += 1
            out.append((k, StatementDay(offset_days=offset, rule=row["phrase"])))
            k = end
            continue
        wd = _weekday_at(tokens, k)
        if wd is not None and tokens[k].text.lstrip("و").startswith("ال") and (k == 0 or strip_conj(tokens[k - 1].text)[-1] in ("يوم", "مساء", "صباح", "ليل", "فجر", "ظهر")):
            out.append((k, StatementDay(weekday=wd, rule="weekday")))
        k += 1
    return out


def statement_day(tokens: list[Token], sentence: tuple[int, int], cue: int | None, fig: int) -> StatementDay:
    """The day expression nearest the reporting cue (else the figure) in the sentence."""
    a, b = sentence
    exprs = day_expressions(tokens, a, b)
    if not exprs:
        return StatementDay()
    anchor = cue if cue is not None else fig
    return min(exprs, key=lambda e: (abs(e[0] - anchor), e[0]))[1]


def infer_published(doc: Document) -> dt.date | None:
    """Publication date from the text: the latest embedded-post date, moved to «اليوم <weekday>»."""
    dates = [p.date for p in doc.posts if p.date]
    if not dates:
        return None
    latest = max(dates)
    toks = doc.tokens
    for k, t in enumerate(toks[:-1]):
        if strip_conj(t.text)[-1] == "اليوم":
            wd = _weekday_at(toks, k + 1)
            if wd is not None:
                for d in range(7):
                    cand = latest + dt.timedelta(days=d)
                    if cand.weekday() == wd:
                        return cand
    return latest
