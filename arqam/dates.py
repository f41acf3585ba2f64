"""Dates: the publication date inferred from text, and the day each statement was made.

Relative expressions (اليوم، أمس، يوم أمس، أمس الأول، أول أمس، weekday names) resolve
against the publication date; without one, the offset in days is kept when it is known.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from arqam.lexicon.vocab import vocabulary
from arqam.text import morph
from arqam.text.digits import year_digits
from arqam.text.document import Document
from arqam.text.normalize import normalize
from arqam.text.tokens import Token, bare, strip_conj, tokenize


@dataclass(frozen=True)
class StatementDay:
    """When a figure was stated: an offset from publication, a weekday, or a calendar day."""

    offset_days: int | None = None
    weekday: int | None = None  # 0 = Monday; the latest such day on or before publication
    month_day: tuple[int, int] | None = None  # (month, day) of an explicit date
    year: int | None = None  # its year, when written
    ahead: bool = False  # «29 أفريل القادم»: the next such day, not the last
    rule: str = "published"

    def resolve(self, published: dt.date | None) -> dt.date | None:
        if self.month_day is not None:
            month, day = self.month_day
            year = self.year
            if year is None:
                if published is None:
                    return None
                this_year = _safe_date(published.year, month, day)
                if self.ahead:  # «29 أفريل القادم» in March: this year; in May: the next
                    year = published.year + 1 if this_year and this_year < published else published.year
                else:  # «25 ديسمبر» in January: last year
                    year = published.year - 1 if this_year and this_year > published else published.year
            return _safe_date(year, month, day)
        if published is None:
            return None
        if self.offset_days is not None:
            return published + dt.timedelta(days=self.offset_days)
        if self.weekday is not None:
            back = (published.weekday() - self.weekday) % 7
            if back == 0 and self.rule == "weekday_past":
                back = 7
            return published - dt.timedelta(days=back)
        return published


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_at(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """(month, end) of a month name at k, «شباط/فبراير» and «شباط (فبراير)» included."""
    months = vocabulary().months
    m = months.match(tokens, k)
    if not m:
        return None
    end, row = m
    month = row.month  # type: ignore[union-attr]
    # a second spelling of the same month: شباط/فبراير، فبراير (شباط)
    j = end
    if j < len(tokens) and tokens[j].text in ("/", "(", "-"):
        m2 = months.match(tokens, j + 1)
        if m2 and m2[1].month == month:  # type: ignore[union-attr]
            end = m2[0]
            if end < len(tokens) and tokens[end].text == ")":
                end += 1
    return month, end


def _explicit_date_at(tokens: list[Token], k: int) -> tuple[StatementDay, int] | None:
    """«15 شباط 2019»، «الـ9 من شباط»، «١٥ شباط/فبراير ٢٠١٩»: (day, end) of an explicit date at k."""
    tok = tokens[k]
    if not tok.is_num or not tok.text.isdigit() or not 1 <= int(tok.text) <= 31:
        return None
    fw = vocabulary().function
    j = k + 1
    if j < len(tokens) and tokens[j].text in fw.of:
        j += 1
    month = _month_at(tokens, j) if j < len(tokens) else None
    if month is None:
        return None
    m, end = month
    year = None
    # «من عام 1953»، «عام 2019»
    skip = 1 if end < len(tokens) and tokens[end].text in fw.of else 0
    if end + skip < len(tokens) and tokens[end + skip].text in fw.year_word and end + skip + 1 < len(tokens) \
            and tokens[end + skip + 1].is_num:
        end += skip + 1
    if end < len(tokens) and tokens[end].is_num and year_digits(tokens[end].text):
        year = int(tokens[end].text)
        end += 1
    if _safe_date(year or 2000, m, int(tok.text)) is None:
        return None
    ahead = year is None and end < len(tokens) and tokens[end].text in fw.coming
    return StatementDay(month_day=(m, int(tok.text)), year=year, ahead=ahead, rule="explicit_date"), end + ahead


def _weekday_at(tokens: list[Token], k: int) -> int | None:
    weekdays = vocabulary().weekdays
    for f in strip_conj(tokens[k].text):
        if f in weekdays:
            return weekdays[f]
    return None


def day_expressions(tokens: list[Token], a: int, b: int) -> list[tuple[int, StatementDay]]:
    """Day expressions in tokens [a, b): (token index, StatementDay)."""
    vocab = vocabulary()
    out: list[tuple[int, StatementDay]] = []
    k = a
    while k < b:
        explicit = _explicit_date_at(tokens, k)
        if explicit:
            out.append((k, explicit[0]))
            k = explicit[1]
            continue
        m = vocab.relative_days.match(tokens, k)
        if m:
            end, row = m
            offset = row.offset  # type: ignore[union-attr]
            # اليوم الاثنين / أمس الأحد: the weekday confirms, the offset decides
            if end < b and _weekday_at(tokens, end) is not None:
                end += 1
            out.append((k, StatementDay(offset_days=offset, rule=row.phrase)))  # type: ignore[union-attr]
            k = end
            continue
        wd = _weekday_at(tokens, k)
        if wd is not None and bare(tokens[k].text).startswith(morph.ARTICLE):
            # «يوم الأحد»، «مساء السبت»، «، الأحد،»: the latest such day on or before publication;
            # «الأحد الماضي»: strictly before
            past = k + 1 < b and tokens[k + 1].text in vocab.function.past
            out.append((k, StatementDay(weekday=wd, rule="weekday_past" if past else "weekday")))
        k += 1
    return out


STATEMENT_DATE_REACH = 3  # an explicit date at most this many tokens after the cue dates the statement: «قال في 15 شباط»


def statement_day(exprs: list[tuple[int, StatementDay]], cue: int | None, fig: int) -> StatementDay:
    """Of a sentence's day expressions (`day_expressions`), the one nearest the reporting cue (else the figure).

    An explicit date dates the event the sentence tells («قتل 5 في 15 شباط»), not the statement, unless it follows
    the cue closely («أعلن الجيش يوم 15 شباط أن...»); relative days and weekdays date the statement.
    """
    def dates_statement(k: int, day: StatementDay) -> bool:
        return day.rule != "explicit_date" or (cue is not None and 0 < k - cue <= STATEMENT_DATE_REACH)

    usable = [e for e in exprs if dates_statement(*e)]
    if not usable:
        return StatementDay()
    anchor = cue if cue is not None else fig
    return min(usable, key=lambda e: (abs(e[0] - anchor), e[0]))[1]


def statement_date_of(text: str, published: dt.date | None) -> tuple[dt.date | None, int | None]:
    """(date, offset in days) of the first day expression in a piece of text."""
    tokens = tokenize(normalize(text))
    exprs = day_expressions(tokens, 0, len(tokens))
    if not exprs:
        return None, None
    day = exprs[0][1]
    return day.resolve(published), day.offset_days


def infer_published(doc: Document) -> dt.date | None:
    """Publication date from the text: the latest embedded-post date, moved to «اليوم <weekday>»."""
    dates = [p.date for p in doc.posts if p.date]
    if not dates:
        return None
    latest = max(dates)
    toks = doc.tokens
    for k, t in enumerate(toks[:-1]):
        if bare(t.text) in vocabulary().function.today:
            wd = _weekday_at(toks, k + 1)
            if wd is not None:
                for d in range(7):
                    cand = latest + dt.timedelta(days=d)
                    if cand.weekday() == wd:
                        return cand
    return latest
