"""Persons: the one registry of named people, keyed by their normalized full name.

Within an article it collects the people its reporting clauses name (with role, affiliation and
channel), so that a surname, a first name or a role later in the article resolves to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from arqam.attribution.model import Rule, Speaker
from arqam.text.normalize import normalize


def person_key(name: str) -> str:
    return normalize(name)


@dataclass
class Persons:
    """Named persons: normalized full name -> what is known of them."""

    given: frozenset[str] = frozenset()  # given names: a bare two-word name needs one
    by_name: dict[str, Speaker] = field(default_factory=dict)

    def register(self, sp: Speaker | None, channel: str | None = None) -> None:
        """Remember a person named with a role or a known given name, in two words or more."""
        if sp is None or sp.type != "person" or sp.rule not in (Rule.ROLE_NAME, Rule.NAME) or len(sp.name.split()) < 2:
            return
        if sp.rule is Rule.NAME and not sp.role and normalize(sp.name).split()[0] not in self.given:
            return  # a bare two-word phrase is a name only with a role or a known given name
        key = person_key(sp.name)
        old = self.by_name.get(key)
        self.by_name[key] = Speaker(sp.name, "person", sp.role or (old.role if old else None),
                                    channel or sp.channel or (old.channel if old else None),
                                    sp.affiliation or (old.affiliation if old else None), Rule.PERSON)

    def get(self, name: str) -> Speaker | None:
        return self.by_name.get(person_key(name))

    def known(self, words: list[str]) -> Speaker | None:
        """A full name, a surname or a first name of one registered person (one or two words)."""
        if not words or len(words) > 2:
            return None
        key = " ".join(words)
        matches = [p for full, p in self.by_name.items()
                   if full == key or full.split()[-1] == key or (len(words) == 1 and full.split()[0] == key)]
        if len(matches) == 1:
            return replace(matches[0], rule=Rule.ALIAS, channel=None)
        return None

    def with_affiliation(self, affiliation: str) -> Speaker | None:
        """The one registered person of this affiliation, if there is exactly one."""
        same = [p for p in self.by_name.values() if p.affiliation == affiliation]
        return same[0] if len(same) == 1 else None
