"""The timeline report (`arqam report`): one self-contained HTML page of who said what, per subject and event.

Timelines are Vega-Lite charts (altair) with the JavaScript inlined, so the page opens with no
network. The browser shapes Arabic and lays it out right to left, in the tables and in the chart
labels alike. Ranges and vague figures are interval bars, at_least an open-ended bar, exact and
approx a point; colour is the speaker; hovering shows speaker, channel, outlet and the quote.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import io
import json
import os
from functools import cache
from pathlib import Path

import altair as alt
import duckdb

from arqam.figures import figure_text
from tasks.incident_report import incidents_part, timeline_spec
from tasks.sql import connect_reader

UNDATED = "بدون تاريخ"
MAX_GROUPS = 40  # subject/event sections on one page
MAX_PER_GROUP = 250  # figures per section
KIND_AR = {"exact": "دقيق", "approx": "تقريبي", "range": "نطاق", "at_least": "على الأقل", "at_most": "على الأكثر",
           "vague": "غير محدد"}
SUBJECT_AR = {"civilians": "مدنيون", "fighters": "مقاتلون", "soldiers": "جنود", "police": "شرطة وأمن", "children": "أطفال",
              "women": "نساء", "people": "أشخاص", "displaced": "نازحون", "refugees": "لاجئون", "detainees": "معتقلون",
              "journalists": "صحفيون", "sites": "مواقع", "villages": "قرى", "towns": "بلدات ومدن", "attacks": "هجمات",
              "airstrikes": "غارات", "rockets": "صواريخ وقذائف", "vehicles": "آليات", "weapons": "أسلحة",
              "area_km2": "مساحة (كم²)", "distance_m": "مسافة (م)", "distance_km": "مسافة (كم)", "money": "مال",
              "percent": "نسبة مئوية"}
EVENT_AR = {"killed": "قتلى", "wounded": "جرحى", "killed_or_wounded": "قتلى وجرحى", "captured": "أسر", "detained": "اعتقال",
            "released": "إفراج", "freed": "تحرير", "evacuated": "إجلاء وخروج", "displaced": "نزوح", "missing": "مفقودون",
            "held": "محتجزون", "present": "وجود", "seized": "سيطرة", "attacked": "هجوم", "launched": "إطلاق",
            "destroyed": "تدمير", "other": "أخرى"}
CSS = """
body { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", sans-serif; margin: 2rem; color: #1b1b1b; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.5rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 1rem 0; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #ddd; padding: 0.3rem 0.5rem; text-align: right; vertical-align: top; }
th { background: #f3f3f3; } .num { direction: ltr; unicode-bidi: isolate; white-space: nowrap; }
.meta { color: #666; font-size: 0.8em; } .quote { color: #333; } .chart { margin: 0.5rem 0; }
mark { background: #ffe680; }
"""


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def load_claims(db: Path, subject: str | None, since: dt.date | None) -> tuple[list[dict], list[dict]]:
    con = connect_reader(db)
    try:
        where, params = ["1 = 1"], []
        if subject:
            where.append("c.subject = ?")
            params.append(subject)
        if since:
            where.append("coalesce(c.statement_date, c.published) >= ?")
            params.append(since)
        claims = _rows(con, f"""
            select coalesce(c.statement_date, c.published) as day, c.subject, coalesce(c.event, 'other') as event,
                   coalesce(c.speaker, '(صوت الوسيلة)') as speaker, c.channel, a.outlet, c.kind, c.value_low,
                   c.value_high, c.quote, c.sentence, c.char_start - c.sentence_start as quote_at, c.article_id
            from claims as c left join articles as a using (article_id)
            where {' and '.join(where)} and c.subject <> 'other'
            order by c.subject, event, day nulls last, speaker""", params)
        dwhere = ["1 = 1"] + (["subject = ?"] if subject else []) + (
            ["coalesce(greatest(day_a, day_b), ?) >= ?"] if since else [])
        dparams = ([subject] if subject else []) + ([since, since] if since else [])
        discrepancies = _rows(con, f"""
            select subject, event, speaker_a, kind_a, value_low_a, value_high_a, day_a, quote_a,
                   speaker_b, kind_b, value_low_b, value_high_b, day_b, quote_b, discrepancy_type, ratio
            from discrepancies where {' and '.join(dwhere)} order by ratio desc nulls last limit 200""", dparams)
    finally:
        con.close()
    return claims, discrepancies


def _chart(claims: list[dict]) -> dict:
    """The Vega-Lite spec of one section's timeline (the readable one of the incident sections: a time axis, a log
    scale, open-ended bars clipped, the most cited speakers in the legend); undated figures are in its table only."""
    return timeline_spec(claims, lambda c: c["day"].isoformat())


def _excerpt(c: dict, width: int = 90, html_mark: bool = True) -> str:
    """The quote inside its sentence, trimmed around it; in HTML the figure is marked."""
    sentence, at, quote = c["sentence"], c["quote_at"], c["quote"]
    start, end = max(0, at - width), min(len(sentence), at + len(quote) + width)
    before, after = sentence[start:at], sentence[at + len(quote):end]
    before = ("… " if start > 0 else "") + before
    after = after + (" …" if end < len(sentence) else "")
    if not html_mark:
        return before + quote + after
    return f"{html.escape(before)}<mark>{html.escape(quote)}</mark>{html.escape(after)}"


_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: object) -> str:
    """JSON to embed in a <script>: `<`, `>` and `&` as \\u escapes, so that no `</script>` or `<!--` in the data
    can end the script or open a comment, and U+2028/U+2029 escaped for older JavaScript parsers."""
    text = json.dumps(value, ensure_ascii=False)
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return text


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _num(text: str) -> str:
    return f'<span class="num">{html.escape(text)}</span>'


def build_report(db: Path, out: Path, subject: str | None = None, since: dt.date | None = None) -> Path:
    """Write the report page for the warehouse at `db`; returns its path."""
    claims, discrepancies = load_claims(db, subject, since)
    groups: dict[tuple[str, str], list[dict]] = {}
    for c in claims:
        groups.setdefault((c["subject"], c["event"]), []).append(c)
    sections, specs = [], {}
    largest = sorted(groups.items(), key=lambda g: (-len(g[1]), g[0]))[:MAX_GROUPS]
    for i, ((subj, event), everything) in enumerate(largest):
        # the most recent figures of a large group; the page stays light for a national feed
        group = sorted(everything, key=lambda c: (c["day"] is None, -(c["day"] or dt.date.min).toordinal()))[:MAX_PER_GROUP]
        specs[f"chart{i}"] = _chart(group)
        undated = sum(1 for c in group if c["day"] is None)
        rows = [[html.escape(c["day"].isoformat() if c["day"] else UNDATED), html.escape(c["speaker"]),
                 _num(figure_text(c["kind"], c["value_low"], c["value_high"])), html.escape(c["channel"] or "—"),
                 html.escape(c["outlet"] or "—"), f'<span class="quote">{_excerpt(c)}</span>'] for c in group]
        sections.append(f'<h2>{html.escape(SUBJECT_AR.get(subj, subj))} · {html.escape(EVENT_AR.get(event, event))}'
                        f' <span class="meta">({html.escape(subj)} · {html.escape(event)})</span></h2>'
                        + (f'<p class="meta">{undated} رقما بلا تاريخ: في الجدول وحده</p>' if undated else "")
                        + f'<div dir="ltr" class="chart" id="chart{i}"></div>'
                        + _table(["اليوم", "المتحدث", "الرقم", "القناة", "الوسيلة", "النص"], rows))
    drows = [[html.escape(f"{d['subject']} · {d['event'] or ''}"),
              html.escape(d["speaker_a"] or "(صوت الوسيلة)"), _num(figure_text(d["kind_a"], d["value_low_a"], d["value_high_a"])),
              html.escape(str(d["day_a"] or UNDATED)), html.escape(d["speaker_b"] or "(صوت الوسيلة)"),
              _num(figure_text(d["kind_b"], d["value_low_b"], d["value_high_b"])), html.escape(str(d["day_b"] or UNDATED)),
              html.escape(d["quote_a"]) + " / " + html.escape(d["quote_b"])] for d in discrepancies]
    con = connect_reader(db)
    try:
        incidents, incident_specs = incidents_part(con, subject, since, (SUBJECT_AR, EVENT_AR))
    finally:
        con.close()
    specs = {**incident_specs, **specs}
    bundle = _inline_js()
    # everything from the warehouse is escaped: html.escape in the page, script_json in the script
    embeds = "\n".join(f'vegaEmbed("#{k}", {script_json(v)}, {{renderer: "svg", actions: false}});'
                       for k, v in specs.items())
    title = "أرقام: من قال ماذا ومتى" + (f" — {subject}" if subject else "")
    page = f"""<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>{CSS}</style>{bundle}</head><body>
<h1>{html.escape(title)}</h1>
<p class="meta">{len(claims)} رقما في {len(groups)} موضوعا (تعرض الصفحة {MAX_PER_GROUP} رقما على الأكثر لكل موضوع) · المستودع: {_num(str(db))}
{('· منذ ' + since.isoformat()) if since else ''}</p>
{incidents}
<h2>الأرقام حسب الموضوع</h2>
{''.join(sections) or '<p>لا توجد أرقام.</p>'}
<h2>التناقضات</h2>
{_table(["الموضوع", "المتحدث أ", "الرقم أ", "اليوم أ", "المتحدث ب", "الرقم ب", "اليوم ب", "النصان"], drows)
 if drows else '<p>لا توجد تناقضات في هذه الفترة.</p>'}
<script>{embeds}</script>
</body></html>"""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


def _bundle_cache() -> Path:
    import vl_convert

    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "arqam"
    return root / f"vega-bundle-{vl_convert.__version__}-altair-{alt.__version__}.html"


@cache
def _inline_js() -> str:
    """The inlined vega / vega-lite / vega-embed bundle of altair's offline HTML page, as one <script>.

    Bundling takes vl-convert a second or two, so the bundle is kept in the user's cache folder,
    per vl-convert and altair version.
    """
    cached = _bundle_cache()
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    buf = io.StringIO()
    alt.Chart(alt.Data(values=[])).mark_point().save(buf, format="html", inline=True)
    page = buf.getvalue()
    head = page[: page.rindex("</head>")]  # the bundle itself contains the string "</head>"
    start = head.index("<script")
    bundle = head[start : head.rindex("</script>") + len("</script>")]
    with contextlib.suppress(OSError):  # a read-only home only costs the bundling again
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f".{cached.name}.{os.getpid()}")
        tmp.write_text(bundle, encoding="utf-8")
        os.replace(tmp, cached)
    return bundle
