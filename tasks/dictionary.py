"""The data dictionary of the warehouse, from its one source: every table's columns and types are in
warehouse/contract.yaml, the claims columns' descriptions in arqam/claims.py (the Claim), every other table's and
column's description in the comment lines right above it in warehouse/contract.yaml.

It writes docs/tables.md (`python -m tasks.dictionary > docs/tables.md`, or `make docs`) and the DuckDB
`COMMENT ON` statements of every table and column that load runs; tests/test_dictionary.py fails when a column
has no description or docs/tables.md is not what this module writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from arqam.claims import DESCRIPTIONS as CLAIM_DESCRIPTIONS
from arqam.claims import Claim
from arqam.lexicon.vocab import EVENTS, SUBJECTS

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "warehouse" / "contract.yaml"
QUERIES = ROOT / "warehouse" / "queries"
VIEWS = ("changes",)  # contract entries that are views, not tables
KINDS = ("exact", "approx", "range", "at_least", "at_most", "vague")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]


def _parse(text: str) -> list[Table]:
    """Tables of the contract with the comment lines above each table and column as its description."""
    tables: list[tuple[str, str, list[Column]]] = []
    pending: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            pending = []
        elif stripped.startswith("#"):
            pending.append(stripped.lstrip("#").strip())
        elif not line.startswith(" ") and stripped.endswith(":"):
            name = stripped[:-1]
            description = re.sub(rf"^{re.escape(name)}( \(a view\))?: ", "", " ".join(pending))
            description = description[:1].upper() + description[1:]
            tables.append((name, description, []))
            pending = []
        else:
            col, _, typ = stripped.partition(":")
            tables[-1][2].append(Column(col.strip(), typ.strip(), " ".join(pending)))
            pending = []
    return [Table(n, d, tuple(c)) for n, d, c in tables]


def tables() -> list[Table]:
    """Every table and view of the warehouse with its description and its columns' (claims: from the Claim)."""
    out = []
    for t in _parse(CONTRACT.read_text(encoding="utf-8")):
        if t.name == "claims":
            doc = " ".join((Claim.__doc__ or "").split())
            t = Table("claims", doc, tuple(Column(c.name, c.type, CLAIM_DESCRIPTIONS.get(c.name, ""))
                                           for c in t.columns))
        out.append(t)
    return out


def missing() -> list[str]:
    """table or table.column of every entry without a description."""
    out = []
    for t in tables():
        out += [t.name] if len(t.description) < 10 else []
        out += [f"{t.name}.{c.name}" for c in t.columns if len(c.description) < 3]
    return out


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def comment_statements(present: set[str] | None = None) -> list[str]:
    """COMMENT ON every table (or view) and column of the contract (only those in `present` when given)."""
    out = []
    for t in tables():
        if present is not None and t.name not in present:
            continue
        kind = "view" if t.name in VIEWS else "table"
        out.append(f"comment on {kind} {t.name} is {_sql_string(t.description)}")
        out += [f'comment on column {t.name}."{c.name}" is {_sql_string(c.description)}' for c in t.columns]
    return out


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _queries() -> list[str]:
    lines = []
    for f in sorted(QUERIES.glob("*.sql")):
        first = next((ln[2:].strip() for ln in f.read_text(encoding="utf-8").splitlines() if ln.startswith("--")), "")
        lines.append(f"- [`warehouse/queries/{f.name}`](../warehouse/queries/{f.name}): {_cell(first)}")
    return lines


CONVENTIONS = """\
## Conventions

- **Offsets.** `claims.char_start` and `char_end` are Python `str` indices into `articles.text_raw` (end
  exclusive). DuckDB's `substr` counts from 1: `substr(a.text_raw, c.char_start + 1, c.char_end - c.char_start)`
  equals `c.quote` (join `claims c` to `articles a` on `article_id`).
- **Day.** A figure's day is `coalesce(statement_date, published)`: the day it was stated when the text says
  (اليوم، أمس، a weekday), else the article's date. `daily_figures.day` and `discrepancies.day_a`/`day_b` are that day.
- **Bounds.** exact and approx: `value_low = value_high` = the value. range: the bounds. at_least: `value_low`,
  `value_high` NULL. at_most: `value_low` NULL, `value_high`. vague plural of a unit U (عشرات، مئات، آلاف):
  [3U, 10U), so آلاف = [3000, 10000).
- **Speaker NULL** is the outlet's own voice (the figure is not attributed to anyone).
- **Duplicates** are kept: aggregates count a near-duplicate cluster (`articles.cluster_id`) once.
- **Lineage.** `first_run_id` (articles, claims) is the run that first produced the row (`runs.run_id`), kept by
  later runs; `changes` lists what each run added and removed; `arqam diff RUN_A RUN_B` compares two runs.
- **JSON.** `runs.parameters`, `counts` and `seconds` are JSON: `select counts->'ingest'->>'articles' from runs`.
"""


def markdown() -> str:
    """docs/tables.md."""
    out = ["# Tables of the warehouse", "",
           "Generated by `make docs` (`python -m tasks.dictionary`) from `warehouse/contract.yaml` and "
           "`arqam/claims.py`: edit those, not this file. The same descriptions are DuckDB comments of the warehouse "
           "(`select table_name, column_name, comment from duckdb_columns()`).", "",
           CONVENTIONS, "## Vocabularies", "",
           "- `kind`: " + ", ".join(f"`{k}`" for k in KINDS),
           "- `subject`: " + ", ".join(f"`{s}`" for s in SUBJECTS),
           "- `event`: " + ", ".join(f"`{e}`" for e in EVENTS) + " (or NULL)", "",
           "## Ready-made queries", "", "Run one with `arqam query -f FILE`:", "", *_queries(), ""]
    everything = tables()
    out += ["## Tables", ""] + [f"- [`{t.name}`](#{t.name}){' (view)' if t.name in VIEWS else ''}: {_cell(t.description)}"
                                for t in everything] + [""]
    for t in everything:
        out += [f"## {t.name}", "", _cell(t.description), "", "| column | type | meaning |", "|---|---|---|"]
        out += [f"| `{c.name}` | {_cell(c.type)} | {_cell(c.description)} |" for c in t.columns]
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown(), end="")
