"""Prefect artifacts of a run: counts per stage and the figures by speaker."""

from __future__ import annotations

import duckdb
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from tasks.lake import Lake


def figure_text(kind: str, low: float | None, high: float | None) -> str:
    """A figure for people: 500, ~500, 400–600, ≥20000, ≤100, 3000–10000 (vague)."""
    def n(x: float | None) -> str:
        return "?" if x is None else (f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}")

    return {"exact": n(low), "approx": f"~{n(low)}", "range": f"{n(low)}–{n(high)}", "at_least": f"≥{n(low)}",
            "at_most": f"≤{n(high)}", "vague": f"{n(low)}–{n(high)} (vague)"}.get(kind, n(low))


def top_figures(db_path: str, limit: int = 30) -> list[dict]:
    con = duckdb.connect(db_path, read_only=True)
    try:
        rows = con.execute(
            """select coalesce(speaker, '(outlet)') as speaker, kind, value_low, value_high, subject,
                      coalesce(event, '') as event, coalesce(day::varchar, '') as day, n_clusters
               from daily_figures order by day desc nulls last, n_clusters desc, speaker limit ?""", [limit]).fetchall()
    finally:
        con.close()
    return [{"speaker": s, "figure": figure_text(k, lo, hi), "subject": sub, "event": ev, "day": d, "clusters": n}
            for s, k, lo, hi, sub, ev, d, n in rows]


def publish_artifacts(lake: Lake, counts: dict[str, dict]) -> None:
    """A table artifact of counts per stage and a markdown summary of the day's figures."""
    rows = [{"stage": stage, **{k: v for k, v in c.items()}} for stage, c in counts.items()]
    create_table_artifact(key="arqam-counts", table=rows, description="arqam: counts per stage")
    figures = top_figures(str(lake.db_path))
    lines = ["| speaker | figure | subject | event | day |", "|---|---|---|---|---|"]
    lines += [f"| {f['speaker']} | {f['figure']} | {f['subject']} | {f['event']} | {f['day']} |" for f in figures]
    create_markdown_artifact(key="arqam-figures", markdown="# Figures by speaker\n\n" + "\n".join(lines),
                             description="arqam: the figures of this run's warehouse")
