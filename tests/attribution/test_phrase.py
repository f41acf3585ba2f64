"""Stage: a speaker phrase on its own (phrase.py, stateless) -> the speaker it names and the rule that read it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from arqam.attribution.model import PhraseForm
from arqam.attribution.persons import Persons
from arqam.attribution.phrase import parse_phrase
from arqam.attribution.reader import Reader
from arqam.attribution.resolution import ArticleMemory, resolve
from arqam.lexicon.vocab import vocabulary
from arqam.text.document import analyze

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "attribution_phrases.tsv"
with GOLDEN.open(encoding="utf-8") as f:
    CASES = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def read(phrase: str):
    doc = analyze(phrase)
    r = Reader(doc, vocabulary())
    parsed = parse_phrase(r, doc.tokens)
    return parsed, resolve(parsed, ArticleMemory(r, Persons(vocabulary().given)))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["rule"] + ":" + c["phrase"][:30])
def test_phrase_rule(case):
    _, sp = read(case["phrase"])
    assert sp is not None
    assert (sp.name or "", sp.type or "", str(sp.rule), sp.channel or "") == (
        case["name"], case["type"], case["rule"], case["channel"])


def test_a_document_keeps_its_issuer_apart():
    parsed, sp = read("بيان صادر عن وزارة الصحة")
    assert parsed.form is PhraseForm.DOCUMENT and parsed.issuer is not None and parsed.issuer.need_name
    assert sp.name == "وزارة الصحة"


def test_parsing_reads_nothing_of_the_article():
    """The same words give the same phrase whatever the article knows; resolution alone reads the article."""
    doc = analyze("بالي")
    r = Reader(doc, vocabulary())
    parsed = parse_phrase(r, doc.tokens)
    persons = Persons(vocabulary().given)
    assert resolve(parsed, ArticleMemory(r, persons)).name == "بالي"
    persons.add("مصطفى بالي", "المتحدث باسم قسد", "قوات سوريا الديمقراطية")
    assert parse_phrase(r, doc.tokens) == parsed
    assert resolve(parsed, ArticleMemory(r, persons)).name == "مصطفى بالي"
