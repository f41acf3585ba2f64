"""One identity per speaker across articles: the speaker registry of the warehouse.

The persons are those the articles resolved to a named person (a name, a role and a name, a name the
article knew, a post's author); the shorter forms other articles use (a surname, a role) resolve
through the same registry and rules as within an article (attribution/persons.py). A short name
never merges two different full names: when two full names share it, it stays as written.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from arqam.attribution.model import Rule
from arqam.attribution.persons import Persons, person_key

# the speaker rules of a claim whose speaker is a registered person (the article resolved it)
_PERSON_RULES = {Rule.ROLE_NAME, Rule.NAME, Rule.ALIAS, Rule.ROLE_IN_ARTICLE, Rule.EMBEDDED_POST}


@dataclass
class _Entry:
    name: str
    type: str | None
    aliases: set[str] = field(default_factory=set)
    roles: Counter = field(default_factory=Counter)
    affiliations: Counter = field(default_factory=Counter)
    claims: int = 0
    articles: set[str] = field(default_factory=set)


def _speaker_rule(claim: dict) -> str:
    return (claim.get("rule") or {}).get("speaker") or ""


def _registry(claims: list[dict]) -> Persons:
    persons = Persons()
    for c in claims:
        name = c.get("speaker")
        if c.get("speaker_type") == "person" and name and len(name.split()) >= 2 and _speaker_rule(c) in _PERSON_RULES:
            persons.add(name, c.get("speaker_role"), c.get("speaker_affiliation"))
    return persons


def _resolve(c: dict, persons: Persons) -> tuple[str | None, str | None]:
    """(the registered full name of a claim's person speaker, the registry rule), or (None, None)."""
    name = c["speaker"]
    if persons.get(name):
        return persons.get(name).name, None  # type: ignore[union-attr]
    words = person_key(name).split()
    if len(words) == 1:
        known = persons.known(words)
        if known:
            return known.name, "name"
    if _speaker_rule(c) == Rule.ROLE_ONLY:
        known = persons.for_role(c.get("speaker_role"), c.get("speaker_affiliation"))
        if known:
            return known.name, "role"
    return None, None


def resolve_speakers(claims: list[dict]) -> tuple[list[dict], list[dict]]:
    """Claims with speakers resolved across articles, and the `speakers` rows.

    A claim is a dict with article_id, speaker, speaker_type, speaker_role, speaker_affiliation and rule (the trace
    as a dict); a renamed claim's trace records the registry rule.
    """
    persons = _registry(claims)
    aliases: dict[str, set[str]] = {}
    out: list[dict] = []
    entries: dict[tuple[str, str | None], _Entry] = {}
    for c in claims:
        c = dict(c)
        name = c.get("speaker")
        if name and c.get("speaker_type") == "person":
            target, how = _resolve(c, persons)
            if target is not None and target != name and how:
                c["speaker"] = target
                c["rule"] = {**(c.get("rule") or {}), "registry": how}
            if target is not None:
                aliases.setdefault(person_key(target), set()).add(name)
        if c.get("speaker"):
            _count(entries, c, name)
        out.append(c)
    return out, _rows(entries, aliases)


def _count(entries: dict[tuple[str, str | None], _Entry], c: dict, written: str | None) -> None:
    key = (person_key(c["speaker"]), c.get("speaker_type"))
    e = entries.setdefault(key, _Entry(c["speaker"], c.get("speaker_type")))
    e.claims += 1
    e.articles.add(c["article_id"])
    if written and written != c["speaker"]:
        e.aliases.add(written)
    if c.get("speaker_role") and c.get("speaker_role") != c["speaker"]:
        e.roles[c["speaker_role"]] += 1
        e.aliases.add(c["speaker_role"])
    if c.get("speaker_affiliation"):
        e.affiliations[c["speaker_affiliation"]] += 1


def _rows(entries: dict[tuple[str, str | None], _Entry], aliases: dict[str, set[str]]) -> list[dict]:
    rows = []
    for (k, typ), e in sorted(entries.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if typ == "person":
            e.aliases |= aliases.get(k, set())
            if len(e.name.split()) > 1:
                e.aliases.add(e.name.split()[-1])
        e.aliases.discard(e.name)
        rows.append({
            "speaker": e.name,
            "speaker_type": typ,
            "role": e.roles.most_common(1)[0][0] if e.roles else None,
            "affiliation": e.affiliations.most_common(1)[0][0] if e.affiliations else None,
            "aliases": sorted(e.aliases),
            "roles": sorted(e.roles),
            "n_claims": e.claims,
            "n_articles": len(e.articles),
        })
    return rows
