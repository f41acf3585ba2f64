"""Persons: the one registry of named people, for an article and for the whole warehouse.

It holds the people that reporting clauses name with a role or a known given name (مصطفى بالي، مدير
المركز الإعلامي ...), keyed by their normalized full name, and resolves the shorter ways a text
refers to them, by the same rules in an article and across articles:

- a name: a full name, or the one person whose family name (بالي) or first name it is;
- a role: the one person of the role's affiliation (المتحدث باسم قوات سوريا الديمقراطية), narrowed by the
  role's head word (المتحدث) when the affiliation has several.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from arqam.attribution.model import Rule, Speaker
from arqam.text import morph
from arqam.text.normalize import normalize


def person_key(name: str) -> str:
    return " ".join(normalize(name).split())


def _head(role: str | None) -> str | None:
    return person_key(role).split()[0] if role and role.strip() else None


@dataclass
class Persons:
    """Named persons: normalized full name -> what is known of them."""

    given: frozenset[str] = frozenset()  # given names: a bare two-word name needs one
    by_name: dict[str, Speaker] = field(default_factory=dict)
    roles: dict[str, set[str]] = field(default_factory=dict)  # full name -> the head words of its roles

    @staticmethod
    def is_named_person(sp: Speaker | None) -> bool:
        """A person named in two words or more, with a role or a known given name (not «المتحدث باسم الجيش»)."""
        return sp is not None and sp.type == "person" and sp.rule in (Rule.ROLE_NAME, Rule.NAME) \
            and len(sp.name.split()) >= 2

    def register(self, sp: Speaker | None, channel: str | None = None) -> None:
        """Remember a named person (see `is_named_person`) with their role, affiliation and channel."""
        if not self.is_named_person(sp):
            return
        if sp.rule is Rule.NAME and not sp.role and person_key(sp.name).split()[0] not in self.given:
            return  # a bare two-word phrase is a name only with a role or a known given name
        self.add(sp.name, sp.role, sp.affiliation, channel or sp.channel)

    def add(self, name: str, role: str | None, affiliation: str | None, channel: str | None = None) -> None:
        key = person_key(name)
        old = self.by_name.get(key)
        self.by_name[key] = Speaker(name, "person", role or (old.role if old else None),
                                    channel or (old.channel if old else None),
                                    affiliation or (old.affiliation if old else None), Rule.PERSON)
        if _head(role):
            self.roles.setdefault(key, set()).add(_head(role))  # type: ignore[arg-type]

    def get(self, name: str) -> Speaker | None:
        return self.by_name.get(person_key(name))

    def known(self, words: list[str]) -> Speaker | None:
        """A full name, a family name or a first name of one registered person (one or two words)."""
        if not words or len(words) > 2:
            return None
        key = person_key(" ".join(words))
        matches = [p for full, p in self.by_name.items()
                   if full == key or full.split()[-1] == key or (len(words) == 1 and full.split()[0] == key)]
        if len(matches) == 1:
            return replace(matches[0], rule=Rule.ALIAS, channel=None)
        return None

    def for_role(self, role: str | None, affiliation: str | None) -> Speaker | None:
        """The one person of this affiliation; when it has several, the one whose role has the same head word."""
        if not affiliation:
            return None
        same = [k for k, p in self.by_name.items() if p.affiliation == affiliation]
        if len(same) > 1:
            head = _head(role)
            same = [k for k in same if head in self.roles.get(k, ())]
        return self.by_name[same[0]] if len(same) == 1 else None

    def for_head(self, role: str | None) -> Speaker | None:
        """The one person of the article whose role has this head word («ولم يحدد المتحدث» after «المتحدث باسم
        التحالف ستيف وارن»); for one article only, never across articles."""
        head = _head(role)
        same = [k for k in self.by_name if head in self.roles.get(k, ())]
        if not same and head and head != morph.without_article(head):
            # «وأوضح الوزير» after «وزير التعليم العالي، سليم خلبوس»: the definite head of a construct role
            same = [k for k in self.by_name if morph.without_article(head) in self.roles.get(k, ())]
        if len(same) > 1:  # «الرئيس الروسي» among a president and a prime minister: the one whose role says «الروسي»
            rest = {morph.without_article(w) for w in person_key(role).split()[1:]}
            same = [k for k in same if rest and rest <= {morph.without_article(w)
                                                          for w in person_key(self.by_name[k].role or "").split()}]
            # with no word to tell them apart, the role names none of them
        return self.by_name[same[0]] if head and len(same) == 1 else None
