"""The report's incidents: a map (a point per incident, sized by its high figure, on the world's countries kept in
the repo: no tiles, no network) and, per incident, who said what when, as a timeline and a table.

Timelines are readable whatever the figures: a log scale (1 and 250,000 on one chart), an at-least figure as a
bar clipped at the top of the chart (open-ended, lighter), an at-most one from the bottom, dates on a time axis
that thins its labels, and the most cited speakers in the legend with the rest grouped as one colour.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import json
import math
from functools import cache
from pathlib import Path

import altair as alt
import duckdb

from arqam.figures import figure_text

ASSETS = Path(__file__).resolve().parent / "assets"
MAX_INCIDENTS = 20  # incidents with a section of their own (the most reported)
TOP_SPEAKERS = 8  # speakers with a colour of their own; the others share one
OTHERS = "آخرون"
OUTLET_VOICE = "(صوت الوسيلة)"
ROLE_AR = {"first_report": "أول رقم", "update": "تحديث", "disagreement": "خلاف", "same": "مطابق"}
MAP_SIZE = (760, 420)


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def load_incidents(con: duckdb.DuckDBPyConnection, subject: str | None, since: dt.date | None
                   ) -> tuple[list[dict], dict[str, list[dict]]]:
    """Every incident of the period (for the map) and the members of the most reported ones (for their sections)."""
    where, params = ["1 = 1"], []
    if subject:
        where.append("subject = ?")
        params.append(subject)
    if since:
        where.append("(last_day >= ? or last_day is null)")
        params.append(since)
    incidents = rows(con, f"""select * from incidents where {' and '.join(where)}
                             order by n_clusters desc, n_claims desc, high desc nulls last, incident_id""", params)
    top = [i["incident_id"] for i in incidents[:MAX_INCIDENTS]]
    members: dict[str, list[dict]] = {i: [] for i in top}
    if top:
        for m in rows(con, """
                select m.incident_id, m.day, m.role, m.source, c.speaker, c.channel, a.outlet, c.kind, c.value_low,
                       c.value_high, c.event, c.subject, c.quote, c.sentence, c.char_start - c.sentence_start as quote_at,
                       c.article_id
                from incident_claims as m join claims as c using (claim_id) left join articles as a
                    on a.article_id = c.article_id
                where m.incident_id in (select unnest(?)) and (?::varchar is null or c.subject = ?)
                order by m.incident_id, m.day nulls last, c.published nulls last, c.article_id, c.char_start""",
                [top, subject, subject]):  # a report on one subject shows that subject's figures only
            members[m["incident_id"]].append(m)
    return incidents, members


def speaker_of(c: dict) -> str:
    return c.get("speaker") or OUTLET_VOICE


def colour_groups(claims: list[dict], top: int = TOP_SPEAKERS) -> tuple[dict[str, str], list[str]]:
    """Each speaker's colour group: the `top` most cited keep their name, the others are one group; and the order
    of the legend (most cited first, the others last)."""
    counts: dict[str, int] = {}
    for c in claims:
        counts[speaker_of(c)] = counts.get(speaker_of(c), 0) + 1
    ranked = sorted(counts, key=lambda s: (-counts[s], s))
    kept = ranked[:top] if len(ranked) > top + 1 else ranked
    rest = len(ranked) - len(kept)
    other = f"{OTHERS} ({rest})"
    groups = {s: (s if s in kept else other) for s in ranked}
    return groups, kept + ([other] if rest else [])


def plotted(c: dict, top: float) -> tuple[float, float, bool]:
    """(low, high, open) of a figure on a log axis whose top is `top`: at least runs to the top (open), at most
    from a tenth of its bound, a point has low == high."""
    low, high = c["value_low"], c["value_high"]
    if low is not None and high is None:
        return max(low, 1.0), top, True
    if low is None and high is not None:
        return max(high / 10, 1.0), max(high, 1.0), True
    return max(low or 1.0, 1.0), max(high or 1.0, 1.0), False


@cache
def timeline_template() -> dict:
    """One readable timeline (built and validated once with altair): x a time axis, y a log scale, bars for
    ranges, vague and open-ended figures, points for exact and approximate ones; colour the speaker's group."""
    x = alt.X("day:T", title="اليوم", scale=alt.Scale(padding=24),
              axis=alt.Axis(format="%-d %b %Y", labelAngle=0, labelOverlap="greedy", labelFlush=False, grid=False))
    y = alt.Y("low:Q", title="الرقم (مقياس لوغاريتمي)", scale=alt.Scale(type="log", nice=False),
              axis=alt.Axis(format="~s"))
    color = alt.Color("group:N", title="المتحدث", sort=[], scale=alt.Scale(scheme="tableau10"),
                      legend=alt.Legend(orient="bottom", columns=3, labelLimit=260, symbolLimit=12))
    tooltip = [alt.Tooltip(f, title=t) for f, t in (("speaker:N", "المتحدث"), ("figure:N", "الرقم"), ("role:N", "الدور"),
                                                     ("channel:N", "القناة"), ("outlet:N", "الوسيلة"),
                                                     ("quote:N", "النص"), ("label:N", "اليوم"))]
    base = alt.Chart(alt.NamedData(name="figures")).encode(x=x, color=color, tooltip=tooltip)
    bars = base.transform_filter("datum.interval").mark_bar(size=7).encode(
        y=y, y2="high:Q", opacity=alt.condition("datum.open", alt.value(0.35), alt.value(0.8)))
    points = base.transform_filter("!datum.interval").mark_point(filled=True, size=90, opacity=0.9).encode(y=y)
    return (bars + points).properties(width=640, height=240).to_dict()


def timeline_spec(claims: list[dict], label) -> dict:
    """The timeline of some claims (those with a day); `label(c)` is the text shown for a claim's day."""
    dated = [c for c in claims if c["day"] is not None]
    finite = [v for c in dated for v in (c["value_low"], c["value_high"]) if v]
    top = max(finite, default=10.0) * 2
    groups, legend = colour_groups(dated)
    values = []
    for c in dated:
        low, high, open_ = plotted(c, top)
        values.append({"day": c["day"].isoformat(), "label": label(c), "speaker": speaker_of(c),
                       "group": groups[speaker_of(c)], "low": low, "high": high, "open": open_,
                       "interval": open_ or c["kind"] in ("range", "vague") or low != high,
                       "figure": figure_text(c["kind"], c["value_low"], c["value_high"]),
                       "role": ROLE_AR.get(c.get("role") or "", "—"), "channel": c.get("channel") or "—",
                       "outlet": c.get("outlet") or "—", "quote": excerpt(c, html_mark=False)})
    spec = copy.deepcopy(timeline_template())
    days = sorted({c["day"] for c in dated})
    ticks = _ticks((days[-1] - days[0]).days if days else 0)
    for layer in spec["layer"]:
        layer["encoding"]["x"]["axis"] |= ticks
        layer["encoding"]["color"]["sort"] = legend
        layer["encoding"]["y"]["scale"]["domain"] = [max(min(finite, default=1.0) / 2, 0.5), top]
    spec["datasets"] = {"figures": values}
    return spec


def _ticks(span_days: int) -> dict:
    """A tick a day, a week or a month (by the span shown), with the date format that suits it: never a label per
    hour repeating its day."""
    if span_days <= 16:
        return {"tickCount": {"interval": "day", "step": 1 if span_days <= 8 else 2}, "format": "%-d %b %Y"}
    if span_days <= 120:
        return {"tickCount": {"interval": "week", "step": 1 if span_days <= 60 else 2}, "format": "%-d %b %Y"}
    return {"tickCount": {"interval": "month", "step": 1 if span_days <= 400 else 3}, "format": "%b %Y"}


def excerpt(c: dict, width: int = 80, html_mark: bool = True) -> str:
    """The quote inside its sentence, trimmed around it; in HTML the figure is marked (and everything escaped)."""
    sentence, at, quote = c["sentence"] or "", c["quote_at"] or 0, c["quote"] or ""
    start, end = max(0, at - width), min(len(sentence), at + len(quote) + width)
    before = ("… " if start > 0 else "") + sentence[start:at]
    after = sentence[at + len(quote):end] + (" …" if end < len(sentence) else "")
    if not html_mark:
        return before + quote + after
    return f"{html.escape(before)}<mark>{html.escape(quote)}</mark>{html.escape(after)}"


@cache
def world() -> dict:
    return json.loads((ASSETS / "countries-110m.json").read_text(encoding="utf-8"))


def _view(points: list[dict]) -> dict:
    """A Mercator projection centred on the points and scaled to show them all (the world when there are none)."""
    if not points:
        return {"type": "equalEarth"}
    lons, lats = [p["lon"] for p in points], [max(min(p["lat"], 80), -80) for p in points]
    merc = [math.log(math.tan(math.pi / 4 + math.radians(v) / 2)) for v in lats]
    dx = max(math.radians(max(lons) - min(lons)), math.radians(12))
    dy = max(max(merc) - min(merc), 0.2)
    scale = min(MAP_SIZE[0] / dx, MAP_SIZE[1] / dy) * 0.8
    centre_lat = math.degrees(2 * math.atan(math.exp((max(merc) + min(merc)) / 2)) - math.pi / 2)
    return {"type": "mercator", "center": [(max(lons) + min(lons)) / 2, centre_lat], "scale": scale}


def map_spec(incidents: list[dict]) -> dict:
    """Countries, and a circle per incident with coordinates, its area by its high figure."""
    points = [{"lon": i["lon"], "lat": i["lat"], "high": i["high"] or i["best"] or 1, "size": i["high"] or i["best"] or 1,
               "place": i["place_name"] or i["country_code"] or "—", "event": i["event"] or "—",
               "subject": i["subject"] or "—", "figures": _figures(i), "days": _days(i), "outlets": i["n_outlets"]}
              for i in incidents if i["lat"] is not None and i["lon"] is not None]
    # the size of a point is its high figure, clipped at the 95th percentile: one mistaken or campaign-wide
    # figure (a billion) does not shrink every other point to nothing (the tooltip gives the figures)
    highs = sorted(p["size"] for p in points)
    cap = highs[int(0.95 * (len(highs) - 1))] if highs else 1
    for p in points:
        p["size"] = min(p["size"], cap)
    shapes = {"values": world(), "format": {"type": "topojson", "feature": "countries"}}
    tooltip = [{"field": f, "type": "nominal", "title": t} for f, t in (("place", "المكان"), ("days", "الأيام"),
               ("event", "الحدث"), ("subject", "المعدود"), ("figures", "أدنى · أفضل · أعلى"), ("outlets", "الوسائل"))]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": MAP_SIZE[0], "height": MAP_SIZE[1], "projection": _view(points),
        "layer": [
            {"data": shapes, "mark": {"type": "geoshape", "fill": "#eceae4", "stroke": "#a8a49a", "strokeWidth": 0.5}},
            {"data": {"values": points}, "mark": {"type": "circle", "color": "#c0392b", "opacity": 0.6,
                                                   "stroke": "#7b241c", "strokeWidth": 0.6},
             "encoding": {"longitude": {"field": "lon", "type": "quantitative"},
                          "latitude": {"field": "lat", "type": "quantitative"},
                          "size": {"field": "size", "type": "quantitative", "title": "أعلى رقم",
                                   "scale": {"type": "sqrt", "range": [20, 900]},
                                   "legend": {"format": "~s", "values": _size_ticks(cap)}},
                          "tooltip": tooltip}},
        ],
    }


def _size_ticks(cap: float) -> list[float]:
    """Round values for the size legend, up to the cap."""
    ticks = [v for v in (1, 10, 100, 1_000, 10_000, 100_000, 1_000_000) if v < cap]
    return ticks[-3:] + [cap] if cap > 1 else [1]


def _figures(i: dict) -> str:
    return " · ".join(figure_text("exact", v, v) if v is not None else "—" for v in (i["low"], i["best"], i["high"]))


def _days(i: dict) -> str:
    first, last = i["first_day"], i["last_day"]
    if first is None:
        return "بدون تاريخ"
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"


def _num(text: str) -> str:
    return f'<span class="num">{html.escape(text)}</span>'


Names = tuple[dict[str, str], dict[str, str]]  # the Arabic names of subjects, and of events


def what(subject: str | None, event: str | None, names: Names) -> str:
    return " · ".join(n.get(v, v) for n, v in zip(names, (subject, event), strict=True) if v)


def _title(i: dict, names: Names) -> str:
    where = i["place_name"] or i["country_code"] or "مكان غير معروف"
    return f"{where} · {what(i['subject'], i['event'], names)} · {_days(i)}"


def incident_section(n: int, i: dict, members: list[dict], names: Names) -> tuple[str, dict | None]:
    """The HTML of one incident's section and its chart spec (None when no member has a day); `names`: the Arabic
    names of subjects and events."""
    table = [[_num(m["day"].isoformat() if m["day"] else "—"), html.escape(speaker_of(m)),
              _num(figure_text(m["kind"], m["value_low"], m["value_high"])),
              html.escape(what(m["subject"], m["event"], names)),
              html.escape(ROLE_AR.get(m["role"], m["role"])),
              html.escape(m["channel"] or "—"), html.escape(m["outlet"] or "—"),
              f'<span class="quote">{excerpt(m)}</span>'] for m in members]
    head = "".join(f"<th>{h}</th>" for h in ("اليوم", "المتحدث", "الرقم", "ماذا", "الدور", "القناة", "الوسيلة", "النص"))
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in table)
    summary = (f'<p class="meta">أدنى {_num(_figures(i))} أعلى · {i["n_claims"]} رقما من {i["n_articles"]} مقالا '
               f'({i["n_clusters"]} قصة) في {i["n_outlets"]} وسيلة · {html.escape(i["incident_id"])}</p>')
    chart = f'<div dir="ltr" class="chart" id="incident{n}"></div>' if any(m["day"] for m in members) else ""
    section = (f"<h3>{html.escape(_title(i, names))}</h3>{summary}{chart}"
               f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    spec = timeline_spec(members, lambda c: c["day"].isoformat()) if chart else None
    return section, spec


def incidents_part(con: duckdb.DuckDBPyConnection, subject: str | None, since: dt.date | None,
                   names: Names = ({}, {})) -> tuple[str, dict[str, dict]]:
    """The incidents part of the page (HTML, escaped) and its chart specs by element id; `names`: the Arabic names
    of subjects and events."""
    incidents, members = load_incidents(con, subject, since)
    if not incidents:
        return "<h2>الحوادث</h2><p>لا توجد حوادث.</p>", {}
    placed = sum(1 for i in incidents if i["lat"] is not None)
    specs = {"incident-map": map_spec(incidents)}
    parts = [f'<h2>الحوادث</h2><p class="meta">{len(incidents)} حادثة · {placed} منها على الخريطة (لها إحداثيات) · '
             f"تعرض الصفحة أكثر {min(MAX_INCIDENTS, len(incidents))} حادثة تغطية بالتفصيل</p>",
             '<div dir="ltr" class="chart" id="incident-map"></div>']
    for n, i in enumerate(incidents[:MAX_INCIDENTS]):
        section, spec = incident_section(n, i, members.get(i["incident_id"], []), names)
        parts.append(section)
        if spec is not None:
            specs[f"incident{n}"] = spec
    return "".join(parts), specs
