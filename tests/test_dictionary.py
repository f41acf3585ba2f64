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
