"""The affixes and letters of the match key that the core's morphology reads, by name.

They live in arqam/lexicon/data/morphology.tsv; this module only names them. A kind with one form
is a string (ARTICLE), a kind with several a tuple in file order (PREFIXES, tried in that order).
"""

from __future__ import annotations

from arqam.lexicon.loader import LexiconError, read_tsv


def _load() -> dict[str, tuple[str, ...]]:
    kinds: dict[str, list[str]] = {}
    for r in read_tsv("morphology", ("form", "kind"), unique=("form", "kind")):
        kinds.setdefault(r["kind"], []).append(r["form"])
    return {k: tuple(v) for k, v in kinds.items()}


_KINDS = _load()


def _many(kind: str) -> tuple[str, ...]:
    if kind not in _KINDS:
        raise LexiconError(f"lexicon morphology: no form of kind {kind!r}")
    return _KINDS[kind]


def _one(kind: str) -> str:
    forms = _many(kind)
    if len(forms) != 1:
        raise LexiconError(f"lexicon morphology: kind {kind!r} must have one form, has {len(forms)}")
    return forms[0]


CONJUNCTIONS = _many("conjunction")  # و ف
WAW = _one("waw")
ARTICLE = _one("article")  # ال
PREFIXES = _many("prefix")  # dropped for look-up, longest first
DEFINITE_PREFIXES = _many("definite_prefix")  # لل بال وال ...: the form keeps ال
CONJ_ARTICLE = _one("conj_article")  # وال
THEOPHORIC = _one("theophoric")  # عبد: with a definite word after it (عبد البصير) or glued to one (عبدالله), a given name
PRONOUN_SUFFIXES = _many("pronoun_suffix")
CONTEXT_SUFFIXES = _many("context_suffix")
NUMBER_PREFIXES = _many("number_prefix")  # ب ل ك before a number word
LI = _one("li")
LIL = _one("lil")
BI = _one("bi")
BIL = _one("bil")
DECIMAL_MARK = _one("decimal_mark")
TEH_MARBUTA = _one("teh_marbuta")
FEMININE_T = _one("feminine_t")
ALEF = _one("alef")
NISBA = _one("nisba")
NISBA_DOUBLE = _one("nisba_double")
NISBA_PLURAL = _many("nisba_plural")
NISBA_ADJECTIVE = _many("nisba_adjective")
ADJECTIVE = _many("adjective")
DUAL_FEMININE = _many("dual_feminine")
DUAL = _many("dual")
VERB_SUFFIXES = _many("verb_suffix")
CONSTRUCT_PLURAL = _many("construct_plural")  # مسؤولي، مسؤولو
DEFINITE = (ARTICLE, CONJ_ARTICLE)  # a definite word, with or without و


def definite(word: str) -> bool:
    """Does the word start with the article, with or without و (الوزارة، والوزارة)?"""
    return word.startswith(DEFINITE)


def without_article(word: str) -> str:
    return word.removeprefix(ARTICLE)
