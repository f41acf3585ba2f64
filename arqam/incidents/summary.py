"""An incident's row (low, best, high, counts, place) and the role of each member, from its linked mentions.

The headline of an incident is its first event in EVENT_ORDER (killed before wounded ...) and, among the members
of that event, the subject most clusters report (ties: the more general subject). Its series (the members with the
headline event and subject, one per syndicated cluster and figure) gives `low` (the smallest figure reported),
`high` (the largest) and `best`: the latest figure of the source most clusters cite (precise figures first: exact,
approximate, a range's middle, an at-least's floor; a vague one only when the source gave nothing else).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

from arqam.incidents.linker import Incident
from arqam.incidents.mentions import Mention
from arqam.incidents.model import EVENT_ORDER, LinkRule, Role

SUBJECT_ORDER = ("people", "civilians", "children", "women", "soldiers", "police", "fighters", "journalists",
                 "detainees", "displaced", "refugees")
PRECISE = ("exact", "approx", "range", "at_least", "at_most")


def incident_id(first_claim_id: str) -> str:
    """Deterministic: a hash of the incident's first claim."""
    return "inc-" + hashlib.sha256(f"incident\x1f{first_claim_id}".encode()).hexdigest()[:16]


def order_key(m: Mention) -> tuple:
    big = 10**9
    return (m.day if m.day is not None else big, m.published if m.published is not None else big, m.article_id,
            m.char_start)


def lo(m: Mention) -> float:
    return m.low if m.low is not None else (m.high if m.high is not None else 0.0)


def hi(m: Mention) -> float:
    return m.high if m.high is not None else (m.low if m.low is not None else float("inf"))


def point_low(m: Mention) -> float:
    """The smallest number a figure states (an at-most's bound)."""
    return m.low if m.low is not None else m.high


def point_high(m: Mention) -> float:
    """The largest number a figure states (an at-least's bound)."""
    return m.high if m.high is not None else m.low


def overlaps(a: Mention, b: Mention) -> bool:
    return lo(a) <= hi(b) and lo(b) <= hi(a)


def point(m: Mention) -> float | None:
    """One number for a figure: the value, a range's middle, a bound."""
    if m.low is not None and m.high is not None:
        return (m.low + m.high) / 2
    return m.low if m.low is not None else m.high


def headline(members: list[Mention]) -> tuple[str | None, str]:
    events = {m.event for m in members}
    event = next((e for e in EVENT_ORDER if e in events), None)
    clusters: dict[str, set[str]] = {}
    for m in members:
        if m.event == event:
            clusters.setdefault(m.subject, set()).add(m.cluster_id)
    rank = {s: i for i, s in enumerate(SUBJECT_ORDER)}
    subject = min(clusters, key=lambda s: (-len(clusters[s]), rank.get(s, len(rank)), s))
    return event, subject


def one_per_cluster(series: list[Mention]) -> list[Mention]:
    """A syndicated story counts once: the first of each (cluster, source, kind, value)."""
    seen, out = set(), []
    for m in series:
        key = (m.cluster_id, m.source, m.kind, m.low, m.high)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def best_of(series: list[Mention]) -> Mention:
    cited = Counter()
    for s, _ in {(m.source, m.cluster_id) for m in series}:
        cited[s] += 1
    first_seen = {}
    for i, m in enumerate(series):
        first_seen.setdefault(m.source, i)
    source = min(cited, key=lambda s: (-cited[s], first_seen[s]))
    own = [m for m in series if m.source == source]
    precise = [m for m in own if m.kind in PRECISE] or own
    return precise[-1]


def roles(members: list[Mention]) -> dict[int, Role]:
    """The role of each member (by mention index) within its series (event, subject), in report order."""
    out: dict[int, Role] = {}
    seen: dict[tuple, list[Mention]] = {}
    for m in members:
        before = seen.setdefault((m.event, m.subject), [])
        out[m.index] = _role(m, before)
        before.append(m)
    return out


def _role(m: Mention, before: list[Mention]) -> Role:
    if not before:
        return Role.FIRST_REPORT
    if any(overlaps(m, b) for b in before):
        return Role.SAME
    if m.reading.growth or any(b.source == m.source for b in before):
        return Role.UPDATE
    later = m.day is not None and all(b.day is not None and b.day < m.day for b in before)
    if later and lo(m) > max(hi(b) for b in before):
        return Role.UPDATE  # a toll that grows
    return Role.DISAGREEMENT


def _day(ordinal: int | None) -> dt.date | None:
    return dt.date.fromordinal(ordinal) if ordinal is not None else None


def _place(members: list[Mention]) -> dict:
    counts = Counter(m.place.place_id for m in members if m.place is not None)
    countries = Counter(m.country or (m.place.country if m.place else None) for m in members) - Counter({None: 10**9})
    country = min(countries, key=lambda c: (-countries[c], c)) if countries else None
    places = {m.place.place_id: m.place for m in members if m.place is not None}
    if not counts:
        return {"place_name": None, "place_id": None, "country_code": country, "lat": None, "lon": None}
    # the most cited place; between equals, the most specific (not a whole country, with coordinates)
    pid = min(counts, key=lambda p: (-counts[p], places[p].is_country, places[p].lat is None, p))
    p = places[pid]
    return {"place_name": p.name, "place_id": p.place_id, "country_code": p.country or country, "lat": p.lat, "lon": p.lon}


def summarize(inc: Incident, outlets: dict[str, str | None], speakers: dict[int, str | None]
              ) -> tuple[dict, list[dict]]:
    """The incident's row and its incident_claims rows. `outlets`: article -> outlet; `speakers`: mention index ->
    speaker (NULL: the outlet's voice)."""
    members = sorted((m for m, _ in inc.members), key=order_key)
    rules = {m.index: r for m, r in inc.members}
    iid = incident_id(members[0].claim_id)
    event, subject = headline(members)
    series = one_per_cluster([m for m in members if m.event == event and m.subject == subject])
    best = best_of(series)
    row = {
        "incident_id": iid, "first_day": _day(inc.first_day), "last_day": _day(inc.last_day), **_place(members),
        "family": inc.family, "event": event, "subject": subject,
        "low": min(point_low(m) for m in series), "best": point(best), "high": max(point_high(m) for m in series),
        "best_claim_id": best.claim_id, "n_claims": len(members), "n_articles": len({m.article_id for m in members}),
        "n_clusters": len({m.cluster_id for m in members}),
        "n_outlets": len({outlets.get(m.article_id) for m in members} - {None}),
        "speakers": sorted({speakers[m.index] for m in members} - {None}),
        "outlets": sorted({outlets.get(m.article_id) for m in members} - {None}),
    }
    role = roles(members)
    claims = [{"incident_id": iid, "claim_id": m.claim_id, "article_id": m.article_id, "cluster_id": m.cluster_id,
               "day": _day(m.day), "source": m.source, "role": str(role[m.index]), "link_rule": str(rules[m.index]),
               "grows": m.reading.growth} for m in members]
    return row, claims


__all__ = ["LinkRule", "Role", "incident_id", "roles", "summarize"]
