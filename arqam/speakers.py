"""One identity per speaker across articles: the speaker registry.

Persons are keyed by their normalized full name. A bare surname (بالي) maps to the one full
name that ends with it; a role without a name (المتحدث باسم قوات سوريا الديمقراطية) maps to
the one named person known with the same role head and affiliation. A short name never
merges two different full names: when two full names share it, it stays as written.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from arqam.text.normalize import normalize


@dataclass
class _Entry:
    name: str
    type: str | None
    aliases: set[str] = field(default_factory=set)
    roles: Counter = field(default_factory=Counter)
    affiliations: Counter = field(default_factory=Counter)
    claims: int = 0
    articles: set[str] = field(default_factory=set)


def _key(name: str) -> str:
    return " ".join(normalize(name).split())


def _role_key(role: str | None, affiliation: str | None) -> tuple[str, str] | None:
    if not role or not affiliation:
        return None
    return (_key(role).split()[0], _key(affiliation))


def _speaker_rule(claim: dict) -> str:
    parts = (claim.get("rule") or "").split("|")
    return parts[2] if len(parts) > 2 else ""


def resolve_speakers(claims: list[dict]) -> tuple[list[dict], list[dict]]:
    """Claims with speakers resolved across articles, and the `speakers` rows."""
    persons: dict[str, _Entry] = {}
    for c in claims:
        name = c.get("speaker")
        if c.get("speaker_type") == "person" and name and len(name.split()) >= 2 and _speaker_rule(c) != "role_only":
            e = persons.setdefault(_key(name), _Entry(name, "person"))
            if c.get("speaker_role"):
                e.roles[c["speaker_role"]] += 1
            if c.get("speaker_affiliation"):
                e.affiliations[c["speaker_affiliation"]] += 1
    by_surname: dict[str, set[str]] = defaultdict(set)
    by_role: dict[tuple[str, str], set[str]] = defaultdict(set)
    for k, e in persons.items():
        by_surname[k.split()[-1]].add(k)
        for role in e.roles:
            for aff in e.affiliations:
                rk = _role_key(role, aff)
                if rk:
                    by_role[rk].add(k)
    out: list[dict] = []
    entries: dict[tuple[str, str | None], _Entry] = {}
    for c in claims:
        c = dict(c)
        name = c.get("speaker")
        if name and c.get("speaker_type") == "person":
            k = _key(name)
            target = None
            if k in persons:
                target = k
            elif len(k.split()) == 1 and len(by_surname.get(k, ())) == 1:
                target = next(iter(by_surname[k]))
            elif _speaker_rule(c) in ("role_only",):
                rk = _role_key(c.get("speaker_role"), c.get("speaker_affiliation"))
                if rk and len(by_role.get(rk, ())) == 1:
                    target = next(iter(by_role[rk]))
            if target is not None and target != k:
                c["speaker"] = persons[target].name
                c["rule"] = (c.get("rule") or "") + "|registry"
            if target is not None:
                persons[target].aliases.add(name)
        if c.get("speaker"):
            key = (_key(c["speaker"]), c.get("speaker_type"))
            e = entries.setdefault(key, _Entry(c["speaker"], c.get("speaker_type")))
            e.claims += 1
            e.articles.add(c["article_id"])
            if name and name != c["speaker"]:
                e.aliases.add(name)
            if c.get("speaker_role") and c.get("speaker_role") != c["speaker"]:
                e.roles[c["speaker_role"]] += 1
                e.aliases.add(c["speaker_role"])
            if c.get("speaker_affiliation"):
                e.affiliations[c["speaker_affiliation"]] += 1
        out.append(c)
    rows = []
    for (k, typ), e in sorted(entries.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if typ == "person":
            e.aliases |= persons.get(k, _Entry("", None)).aliases
            e.aliases.add(e.name.split()[-1]) if len(e.name.split()) > 1 else None
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
    return out, rows
