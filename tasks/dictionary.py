"""The data dictionary of the warehouse, from its one source: every table's columns and types are in
warehouse/contract.yaml, the claims columns' descriptions in arqam/claims.py (the Claim), every other table's and
column's description in the comment lines right above it in warehouse/contract.yaml.

It writes docs/tables.md (`python -m tasks.dictionary > docs/tables.md`, or `make docs`) and the DuckDB
`COMMENT ON` statements of every table and column that load runs; tests/test_dictionary.py fails when a column
has no description or no example, or docs/tables.md is not what this module writes.

Examples are real values from a warehouse, kept in warehouse/examples.json: `python -m tasks.dictionary
--examples WAREHOUSE` takes each table's examples from one row of that warehouse (the fullest) and keeps the
file's example of a column that is empty there.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from pathlib import Path

from arqam.claims import DESCRIPTIONS as CLAIM_DESCRIPTIONS
from arqam.claims import Claim
from arqam.lexicon.vocab import EVENTS, SUBJECTS
from tasks.lake import DB_NAME

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "warehouse" / "contract.yaml"
QUERIES = ROOT / "warehouse" / "queries"
EXAMPLES = ROOT / "warehouse" / "examples.json"
EXAMPLE_WIDTH = 70  # longer values are cut to this many characters and end with …
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


def examples() -> dict[str, dict[str, str]]:
    """table -> column -> example value as text (warehouse/examples.json)."""
    return json.loads(EXAMPLES.read_text(encoding="utf-8")) if EXAMPLES.exists() else {}


def without_example() -> list[str]:
    """table.column of every column of the contract that has no example."""
    known = examples()
    return [f"{t.name}.{c.name}" for t in tables() for c in t.columns if not known.get(t.name, {}).get(c.name)]


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= EXAMPLE_WIDTH else value[:EXAMPLE_WIDTH].rstrip() + "…"


def pick_examples(database: Path, keep: dict[str, dict[str, str]] | None = None) -> dict[str, dict[str, str]]:
    """Each table's examples from one of its rows in `database`, so a table's examples agree with each other: the
    row with the fewest NULLs (ties: the smallest hash of its text). A column NULL in that row gets its most
    frequent value; a column empty there (or a table the database lacks) keeps its example from `keep`."""
    import duckdb

    keep = keep or {}
    out: dict[str, dict[str, str]] = {}
    con = duckdb.connect(str(database), read_only=True)
    try:
        present = {r[0] for r in con.execute("select table_name from duckdb_tables() union all "
                                             "select view_name from duckdb_views() where not internal").fetchall()}
        for t in tables():
            out[t.name] = {}
            names = [f'"{c.name}"' for c in t.columns]
            row: tuple = ()
            if t.name in present:
                filled = " + ".join(f"({n} is not null)::int" for n in names)
                text = " || '|' || ".join(f"coalesce({n}::varchar, '')" for n in names)
                row = con.execute(f"select {', '.join(f'{n}::varchar' for n in names)} from {t.name} "
                                  f"order by {filled} desc, md5({text}) limit 1").fetchone() or ()
            for i, c in enumerate(t.columns):
                value = row[i] if row else None
                if value is None and row:
                    mode = con.execute(
                        f'select v from (select "{c.name}"::varchar as v from {t.name}) where v is not null '
                        "group by v order by count(*) desc, length(v), v limit 1").fetchone()
                    value = mode[0] if mode else None
                example = _short(value) if value else keep.get(t.name, {}).get(c.name)
                if example:
                    out[t.name][c.name] = example
    finally:
        con.close()
    return out


def write_examples(warehouse: Path, path: Path = EXAMPLES) -> list[str]:
    """Refresh warehouse/examples.json from the warehouse directory; the columns still without an example."""
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    picked = pick_examples(Path(warehouse) / DB_NAME, old)
    path.write_text(json.dumps(picked, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [f"{t}.{c.name}" for t in picked for c in next(x for x in tables() if x.name == t).columns
            if c.name not in picked[t]]


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


def _example(known: dict[str, dict[str, str]], table: str, column: str) -> str:
    value = known.get(table, {}).get(column)
    return f"`{_cell(value).replace('`', chr(39))}`" if value else ""


def markdown() -> str:
    """docs/tables.md."""
    out = ["# Tables of the warehouse", "",
           "Generated by `make docs` (`python -m tasks.dictionary`) from `warehouse/contract.yaml` and "
           "`arqam/claims.py`: edit those, not this file. The same descriptions are DuckDB comments of the warehouse "
           "(`select table_name, column_name, comment from duckdb_columns()`). Each table's examples are one real row "
           "of a run over the labelled articles, kept in `warehouse/examples.json` (`python -m tasks.dictionary "
           "--examples WAREHOUSE` takes them afresh from a warehouse); long values are cut at "
           f"{EXAMPLE_WIDTH} characters (…).", "",
           CONVENTIONS, "## Vocabularies", "",
           "- `kind`: " + ", ".join(f"`{k}`" for k in KINDS),
           "- `subject`: " + ", ".join(f"`{s}`" for s in SUBJECTS),
           "- `event`: " + ", ".join(f"`{e}`" for e in EVENTS) + " (or NULL)", "",
           "## Ready-made queries", "", "Run one with `arqam query -f FILE`:", "", *_queries(), ""]
    everything = tables()
    known = examples()
    out += ["## Tables", ""] + [f"- [`{t.name}`](#{t.name}){' (view)' if t.name in VIEWS else ''}: {_cell(t.description)}"
                                for t in everything] + [""]
    for t in everything:
        out += [f"## {t.name}", "", _cell(t.description), "", "| column | type | meaning | example |",
                "|---|---|---|---|"]
        out += [f"| `{c.name}` | {_cell(c.type)} | {_cell(c.description)} | {_example(known, t.name, c.name)} |"
                for c in t.columns]
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tasks.dictionary",
                                     description="Print docs/tables.md, or refresh warehouse/examples.json.")
    parser.add_argument("--examples", metavar="WAREHOUSE", type=Path,
                        help=f"pick the examples from this warehouse directory (holding {DB_NAME})")
    args = parser.parse_args(argv)
    if args.examples is None:
        print(markdown(), end="")
        return 0
    if not (args.examples / DB_NAME).is_file():
        parser.error(f"{args.examples}: no {DB_NAME} there (a warehouse directory, as --warehouse of a run)")
    left = write_examples(args.examples)
    print(f"{EXAMPLES}: written" + (f"; no example yet for {', '.join(left)}" if left else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
