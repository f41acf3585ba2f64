"""Prefect artifacts of a run: counts per stage and the figures by speaker."""

from __future__ import annotations

import html

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from arqam.figures import figure_text
from tasks.lake import Lake
from tasks.sql import connect_reader
from tasks.timeline import build_report


def top_figures(db_path: str, limit: int = 30) -> list[dict]:
    con = connect_reader(db_path)
    try:
        rows = con.execute(
            """select coalesce(speaker, '(outlet)') as speaker, kind, value_low, value_high, subject,
                      coalesce(event, '') as event, coalesce(day::varchar, '') as day, n_clusters
               from daily_figures order by day desc nulls last, n_clusters desc, speaker limit ?""", [limit]).fetchall()
    finally:
        con.close()
    return [{"speaker": s, "figure": figure_text(k, lo, hi), "subject": sub, "event": ev, "day": d, "clusters": n}
            for s, k, lo, hi, sub, ev, d, n in rows]


def _cell(value: object) -> str:
    """Text from the warehouse as a markdown table cell: HTML escaped, pipes and line breaks neutralised."""
    return html.escape(" ".join(str(value).split())).replace("|", "\\|")


def _md_table(headers: list[str], rows: list[tuple]) -> list[str]:
    return ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)] + [
        "| " + " | ".join(_cell("" if v is None else v) for v in r) + " |" for r in rows]


def report_markdown(db_path: str, report: str) -> str:
    """The report as the Prefect UI shows it: figures per subject and event, the largest disagreements, and where
    the HTML page is."""
    con = connect_reader(db_path)
    try:
        groups = con.execute(
            """select subject, coalesce(event, '') as event, count(*) as claims, count(distinct article_id) as articles,
                      count(distinct speaker) as speakers, min(day)::varchar as first_day, max(day)::varchar as last_day
               from (select *, coalesce(statement_date, published) as day from claims)
               group by all order by claims desc, subject, event limit 25""").fetchall()
        pairs = con.execute(
            """select subject, coalesce(event, '') as event, coalesce(speaker_a, '(outlet)'), kind_a, value_low_a,
                      value_high_a, coalesce(speaker_b, '(outlet)'), kind_b, value_low_b, value_high_b, days_apart
               from discrepancies order by ratio desc nulls last, subject limit 10""").fetchall()
    finally:
        con.close()
    lines = ["# arqam report", "", f"The full timeline page (self-contained HTML) is `{report}` on the machine that "
             "ran the flow; `arqam report --out FILE` writes one anywhere.", "", "## Figures per subject and event", ""]
    lines += _md_table(["subject", "event", "claims", "articles", "speakers", "first day", "last day"], groups)
    lines += ["", "## Largest disagreements", ""]
    lines += _md_table(["subject", "event", "speaker a", "figure a", "speaker b", "figure b", "days apart"],
                       [(su, ev, sa, figure_text(ka, la, ha), sb, figure_text(kb, lb, hb), d)
                        for su, ev, sa, ka, la, ha, sb, kb, lb, hb, d in pairs])
    return "\n".join(lines)


def count_rows(counts: dict[str, dict]) -> list[dict]:
    """Counts per stage as rows of the same three columns (stage, measure, value): Prefect takes a table
    artifact's columns from its first row, so rows of different keys would lose columns."""
    rows = []
    for stage, c in counts.items():
        for measure, value in c.items():
            if isinstance(value, dict):  # ingest's skips by reason: one row each
                rows += [{"stage": stage, "measure": f"{measure}.{k}", "value": v} for k, v in value.items()]
            else:
                rows.append({"stage": stage, "measure": measure, "value": value})
    return rows


def publish_artifacts(lake: Lake, counts: dict[str, dict], rebuild_report: bool = True) -> None:
    """A table artifact of counts per stage and a markdown summary of the day's figures.

    The HTML report is rebuilt unless the figures did not change and the page is already there.
    """
    create_table_artifact(key="arqam-counts", table=count_rows(counts),
                          description="arqam: counts per stage (one row per stage and measure)")
    figures = top_figures(str(lake.db_path))
    report = lake.warehouse.resolve() / "report.html"
    if rebuild_report or not report.exists():
        build_report(lake.db_path, report)
    create_markdown_artifact(key="arqam-report", markdown=report_markdown(str(lake.db_path), str(report)),
                             description="arqam: who said what, per subject and event, and the disagreements")
    lines = [f"Timeline report: `{report}`", "", "| speaker | figure | subject | event | day |", "|---|---|---|---|---|"]
    lines += ["| " + " | ".join(_cell(f[k]) for k in ("speaker", "figure", "subject", "event", "day")) + " |"
              for f in figures]
    create_markdown_artifact(key="arqam-figures", markdown="# Figures by speaker\n\n" + "\n".join(lines),
                             description="arqam: the figures of this run's warehouse")
