"""Stage: is a speaker a speaker (validate.py)? Golden names with the reason each is turned down, and the audit that
re-checks every speaker a run emits."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from arqam.attribution.model import Rule, Speaker
from arqam.attribution.reader import Reader
from arqam.attribution.validate import rejection
from arqam.lexicon.vocab import vocabulary
from arqam.speaker_audit import audit_texts, markdown
from arqam.text.document import analyze
from tests.conftest import SEEDS

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "speaker_validation.tsv"
with GOLDEN.open(encoding="utf-8") as f:
    CASES = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("case", CASES, ids=lambda c: (c["reason"] or "ok") + ":" + c["name"][:20])
def test_speaker_validation(case):
    reader = Reader(analyze(""), vocabulary())
    assert (rejection(reader, Speaker(case["name"], rule=Rule(case["rule"]))) or "") == case["reason"]


def test_audit_of_the_seeds_emits_only_valid_speakers_and_lists_what_it_turned_down():
    audit = audit_texts(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    assert audit.articles == 5 and audit.claims > 20
    assert audit.failing == {}
    assert "مصطفى بالي" in {name for name, _ in audit.emitted}
    page = markdown(audit, "the seeds")
    assert "distinct speakers emitted" in page and "| reason | times |" in page
