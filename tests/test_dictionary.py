"""The data dictionary: one description per table and column, docs/tables.md current, DuckDB comments on all."""

from __future__ import annotations

from tasks import dictionary
from tests.conftest import ROOT, query


def test_every_table_and_column_has_a_description():
    assert dictionary.missing() == [], "describe these in warehouse/contract.yaml (a comment line above) " \
                                       "or arqam/claims.py"


def test_the_claims_descriptions_are_the_claim_types():
    from arqam.claims import DESCRIPTIONS

    claims = next(t for t in dictionary.tables() if t.name == "claims")
    assert {c.name: c.description for c in claims.columns} == DESCRIPTIONS


def test_docs_tables_md_is_current():
    written = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    assert written == dictionary.markdown(), "docs/tables.md is stale: run `make docs`"


def test_a_column_without_a_description_is_found(tmp_path, monkeypatch):
    contract = tmp_path / "contract.yaml"
    contract.write_text("# things: one row per thing.\nthings:\n  # Its id.\n  id: VARCHAR\n  bare: INTEGER\n",
                        encoding="utf-8")
    monkeypatch.setattr(dictionary, "CONTRACT", contract)
    assert dictionary.missing() == ["things.bare"]
    assert [c.description for c in dictionary.tables()[0].columns] == ["Its id.", ""]


def test_the_docs_say_the_conventions_and_point_to_the_queries():
    text = dictionary.markdown()
    assert "substr(a.text_raw, c.char_start + 1, c.char_end - c.char_start)" in text
    assert "coalesce(statement_date, published)" in text
    assert all(f"warehouse/queries/{f.name}" in text for f in (ROOT / "warehouse" / "queries").glob("*.sql"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/tables.md" in readme and "warehouse/queries/" in readme


def test_every_table_and_column_of_the_warehouse_has_its_comment(seed_db):
    tables = dict(query(seed_db, "select table_name, comment from duckdb_tables() where schema_name = 'main' "
                                 "union all select view_name, comment from duckdb_views() where not internal"))
    described = {t.name: t for t in dictionary.tables()}
    assert set(tables) == set(described) and all(tables[n] == described[n].description for n in tables)
    columns = query(seed_db, "select table_name, column_name, comment from duckdb_columns() where schema_name = 'main' "
                                 "and not internal")
    expected = {(t.name, c.name): c.description for t in described.values() for c in t.columns}
    assert {(t, c): comment for t, c, comment in columns} == expected


def test_every_column_has_an_example():
    assert dictionary.without_example() == [], "run `python -m tasks.dictionary --examples WAREHOUSE`, " \
                                               "or add them to warehouse/examples.json"


def test_every_whole_example_is_a_value_of_its_column_type():
    import duckdb

    con = duckdb.connect()
    known = dictionary.examples()
    wrong = []
    for t in dictionary.tables():
        for c in t.columns:
            value = known[t.name][c.name]
            if value.endswith("…") or c.type.upper().startswith(("VARCHAR", "JSON")):
                continue
            if con.execute(f"select try_cast(? as {c.type}) is null", [value]).fetchone()[0]:
                wrong.append(f"{t.name}.{c.name}={value!r} ({c.type})")
    assert wrong == []


def test_examples_are_taken_from_one_row_of_the_warehouse(seed_db):
    picked = dictionary.pick_examples(seed_db)["claims"]
    columns = [c.name for c in next(t for t in dictionary.tables() if t.name == "claims").columns]
    select = ", ".join(f'"{c}"::varchar' for c in columns)
    (row,) = query(seed_db, f"select {select} from claims where claim_id = '{picked['claim_id']}'")
    assert {c: dictionary._short(v) for c, v in zip(columns, row, strict=True) if v is not None} == \
        {c: v for c, v in picked.items() if row[columns.index(c)] is not None}


def test_examples_need_a_warehouse(tmp_path, capsys):
    import pytest

    with pytest.raises(SystemExit) as stopped:
        dictionary.main(["--examples", str(tmp_path)])
    assert stopped.value.code == 2 and "no arqam.duckdb there" in capsys.readouterr().err
