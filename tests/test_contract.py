"""The warehouse's column contract, checked against what DuckDB really produces."""

from __future__ import annotations

from pathlib import Path

import duckdb
import yaml

ROOT = Path(__file__).resolve().parent.parent
# the claims columns the gold scorer and other tools read (DESIGN.md)
DESIGN_CLAIMS = ["claim_id", "article_id", "char_start", "char_end", "quote", "sentence", "kind", "value_low",
                 "value_high", "subject", "event", "speaker", "speaker_type", "speaker_role", "channel", "published",
                 "date_source", "statement_date", "statement_offset_days", "confidence", "rule"]


def contract() -> dict[str, dict[str, str]]:
    return yaml.safe_load((ROOT / "warehouse" / "contract.yaml").read_text())


def test_every_table_matches_the_contract(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    try:
        tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        assert tables == set(contract())
        for table, columns in contract().items():
            actual = {r[0]: r[1] for r in con.execute(f"describe {table}").fetchall()}
            assert list(actual.items()) == list(columns.items()), table
    finally:
        con.close()


def test_claims_contract_holds_every_design_column():
    claims = contract()["claims"]
    assert [c for c in claims if c in DESIGN_CLAIMS] == DESIGN_CLAIMS
    assert claims["value_low"] == claims["value_high"] == "DOUBLE"
    assert claims["published"] == claims["statement_date"] == "DATE"


def test_the_claim_type_is_the_one_definition_of_claims():
    """warehouse/contract.yaml and the README's table are checked against arqam.claims.Claim."""
    import re

    from arqam.claims import CLAIM_SCHEMA, COLUMNS, DESCRIPTIONS

    empty = CLAIM_SCHEMA.empty_table()  # noqa: F841 (read by DuckDB below)
    duck = {r[0]: r[1] for r in duckdb.sql("describe select * from empty").fetchall()}
    assert list(contract()["claims"]) == list(COLUMNS)
    assert contract()["claims"] == duck
    assert all(len(DESCRIPTIONS[c]) > 10 for c in COLUMNS)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `claims` |"))
    assert re.findall(r"`(\w+)`", row)[1:len(COLUMNS) + 1] == list(COLUMNS)
