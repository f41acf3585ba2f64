"""What can be one incident: event families, subject groups, roles and the names of the linking rules."""

from __future__ import annotations

import enum

# An incident is one event family. Violence: a toll's killed, wounded and killed-or-wounded, the missing, the
# attackers and what they launched, those an attack takes or frees (hostages, abductees), and those it drives out
# or who are got out of it (the displaced of an offensive, the rescued of a wreck), which are the same happening.
# Detentions: arrests and releases by an authority, an operation of their own (the arrests after an attack are
# not the attack).
FAMILIES: dict[str, str] = {
    "killed": "violence", "wounded": "violence", "killed_or_wounded": "violence", "missing": "violence",
    "attacked": "violence", "launched": "violence", "captured": "violence", "held": "violence", "freed": "violence",
    "detained": "detentions", "released": "detentions",
    "displaced": "violence", "evacuated": "violence",
    "destroyed": "destruction",
    "seized": "seizures",
}
# the headline event of a family, when an incident has several: the first of this order that it has
EVENT_ORDER = ("killed", "killed_or_wounded", "wounded", "missing", "detained", "captured", "held", "released", "freed",
               "displaced", "evacuated", "attacked", "launched", "destroyed", "seized")

HUMANS = frozenset({"people", "civilians", "fighters", "soldiers", "police", "children", "women", "journalists",
                    "detainees", "displaced", "refugees"})
STRIKES = frozenset({"attacks", "airstrikes", "rockets"})
# things counted that have no incident of their own to join: measures, and what nothing in the list fits
UNLINKABLE_SUBJECTS = frozenset({"money", "percent", "area_km2", "distance_m", "distance_km", "other"})
# measures that are never a detail of one incident (a share of a country held, a price, an area)
DETAIL_SUBJECTS_NOT = frozenset({"money", "percent", "area_km2"})


def family(event: str | None) -> str | None:
    """The event family of a claim's event; None: an event that makes no incident (present, paid, other, none)."""
    return FAMILIES.get(event or "")


def subject_group(subject: str | None) -> str | None:
    """People of any kind are compatible with each other (civilians, soldiers, children ... are all people);
    strikes with strikes; any other thing only with itself; measures with nothing (None)."""
    if subject is None or subject in UNLINKABLE_SUBJECTS:
        return None
    if subject in HUMANS:
        return "humans"
    if subject in STRIKES:
        return "strikes"
    return subject


class LinkRule(enum.StrEnum):
    """The rule that put a claim in its incident (incident_claims.link_rule)."""

    FIRST = "first"  # the claim opened the incident
    SAME_ARTICLE = "same_article"  # an incident of its own article (same family, compatible subject and place)
    SAME_CLUSTER = "same_cluster"  # an incident of a syndicated copy of its article
    SAME_PLACE_STORY = "same_place_story"  # another article, same or contained place, a similar story
    SIMILAR_STORY = "similar_story"  # another article, no place to compare, a similar story within the window
    DETAIL = "detail"  # a stock or measure of its article that names the incident's target or means (on board 180)


class Role(enum.StrEnum):
    """What a member claim says within its incident (incident_claims.role)."""

    FIRST_REPORT = "first_report"  # the first figure of its series (event and subject) in the incident
    UPDATE = "update"  # the same source later, or a toll that grows («ارتفعت حصيلة القتلى إلى»)
    DISAGREEMENT = "disagreement"  # another source, a figure that does not overlap the series so far
    SAME = "same"  # a figure that overlaps one reported before


class Exclusion(enum.StrEnum):
    """Why a claim with an event family is not a member of any incident."""

    BACKGROUND = "background"  # a campaign or background total («منذ 2015»، «منذ بدء الاحتجاجات»، «إجمالي»)
    PAST = "past"  # an earlier event recalled («في أبريل 2017 قتل 80 شخصا»)
    SUM = "sum"  # a sum over several incidents («في حادثين منفصلين»)
    NO_SUBJECT = "no_subject"  # a measure or an unknown thing (money, percent, other)
