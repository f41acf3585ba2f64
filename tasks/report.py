"""Prefect artifacts of a run: counts per stage and the figures by speaker."""

from __future__ import annotations

import html

from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact

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


def publish_artifacts(lake: Lake, counts: dict[str, dict], rebuild_report: bool = True) -> None:
    """A table artifact of counts per stage and a markdown summary of the day's figures.

    The HTML report is rebuilt unless the figures did not change and the page is already there.
    """
    rows = [{"stage": stage, **{k: v for k, v in c.items()}} for stage, c in counts.items()]
    create_table_artifact(key="arqam-counts", table=rows, description="arqam: counts per stage")
    figures = top_figures(str(lake.db_path))
    report = lake.warehouse.resolve() / "report.html"
    if rebuild_report or not report.exists():
        build_report(lake.db_path, report)
    create_link_artifact(key="arqam-report", link=report.as_uri(), link_text="timeline report (HTML)",
                         description="arqam: who said what, per subject, as a self-contained page")
    lines = [f"Timeline report: `{report}`", "", "| speaker | figure | subject | event | day |", "|---|---|---|---|---|"]
    lines += ["| " + " | ".join(_cell(f[k]) for k in ("speaker", "figure", "subject", "event", "day")) + " |"
              for f in figures]
    create_markdown_artifact(key="arqam-figures", markdown="# Figures by speaker\n\n" + "\n".join(lines),
                             description="arqam: the figures of this run's warehouse")
