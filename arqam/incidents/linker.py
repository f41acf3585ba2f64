"""Link mentions into incidents in one pass over the articles in day order (near-linear), in two steps.

1. Within an article, mentions in text order form local groups: a mention goes on with the group its article
   told last that it is compatible with (SAME_ARTICLE), or the compatible group its sentence is most like;
   a mention told as another incident («وفي حادث منفصل»، «الأسبوع الماضي»، a place the title and lead do not name)
   opens a group of its own.
2. Each local group joins an incident of other articles: one of a syndicated copy of its article (SAME_CLUSTER),
   else the compatible incident whose context is most like the group's, if alike enough (SAME_PLACE_STORY when
   both have a place, SIMILAR_STORY); else it opens an incident (its first mention: FIRST).

A stock or measure that names the target or means of one of its article's groups (the people on board the boat that
sank) is a detail member of that group's incident (DETAIL); it takes no part in linking.

A mention's context is its sentence with its article's story (title, lead, the sentences of its figures) at a
lower weight; a group opened as another incident uses its sentences alone. Compatible: the same event family and
subject group, the same or a contained place and country, every day within `window` days of each other.
Candidate incidents come from blocks: the group's family and rarest words, then its days.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from arqam.incidents.context import Centroid, Vector, top_words
from arqam.incidents.mentions import Mention, Place, same_or_contained
from arqam.incidents.model import LinkRule

CANDIDATES = 16  # incidents compared with a group at most
FINDING_WORDS = 20  # the heaviest words of a group that find its candidates
POSTING = 32  # incidents a word finds at most: its latest
LOCAL_KINDS = ("means:",)  # within one article, another means opens another group (gas, then a shelling)


@dataclass(frozen=True)
class Bars:
    """How alike two contexts must be (cosine) to be one incident."""

    other: float = 0.20  # an incident of other articles, for the group an article tells first (its story)
    placed: float = 0.12  # the same, when both have a place and it is the same or contained
    secondary: float = 0.40  # an incident of other articles, for an article's other groups (their sentences alone)
    cluster: float = 0.0  # an incident of a syndicated copy of the article
    latest: float = 0.05  # what the local group the article told last gains over its others
    bridge: float = 0.25  # a story this alike to a second incident than its own ...
    bridge_pair: float = 0.25  # ... makes the two one, when their contexts are this alike


def conflict(mine: set[str] | frozenset[str], theirs: set[str] | frozenset[str],
             kinds: tuple[str, ...] = ("target:", "means:")) -> bool:
    """Two sets of circumstances that tell two incidents: only other targets, or only other means."""
    for kind in kinds:
        a, b = {c for c in mine if c.startswith(kind)}, {c for c in theirs if c.startswith(kind)}
        if a and b and not a & b:
            return True
    return False


@dataclass
class Incident:
    """An incident, or a local group of one article (the same compatibility, the same context)."""

    number: int
    family: str
    group: str
    first_day: int | None = None
    last_day: int | None = None
    places: list[Place] = field(default_factory=list)
    country: str | None = None
    members: list[tuple[Mention, LinkRule]] = field(default_factory=list)
    context: Centroid = field(default_factory=Centroid)
    sentences: Centroid = field(default_factory=Centroid)  # a local group's sentences alone (which group goes on)
    circumstances: set[str] = field(default_factory=set)  # targets and means its members' sentences name
    alone: bool = False  # a local group opened as another incident than its article's

    def accepts(self, m: Mention, window: int, any_group: bool = False) -> bool:
        """Same family and subject group (any group with `any_group`), days within the window, the same country
        and a compatible place."""
        if m.family != self.family or (m.group != self.group and not any_group):
            return False
        if m.day is not None and self.first_day is not None:
            if max(self.last_day, m.day) - min(self.first_day, m.day) > window:
                return False
        if m.country and self.country and m.country != self.country:
            return False
        return m.place is None or all(same_or_contained(m.place, p) for p in self.places)

    def accepts_all(self, other: Incident, window: int) -> bool:
        """Every member of a local group fits, and the group's circumstances do not tell another incident: only
        other targets (or means) than this one's, or one this incident never named, stated after its days."""
        if not all(self.accepts(m, window, m.group != other.group) for m, _ in other.members):
            return False
        if self.first_day is not None and any(m.reading.shift_days and m.day is not None for m, _ in other.members):
            # an earlier event recalled («الأسبوع الماضي») joins an incident of its own days, never widens one
            days = [m.day for m, _ in other.members if m.day is not None]
            if min(days) < self.first_day - 1 or max(days) > self.last_day + 1:
                return False
        mine, theirs = self.circumstances, other.circumstances
        if conflict(mine, theirs):
            return False
        later = None not in (self.last_day, other.first_day) and other.first_day > self.last_day
        return not (later and theirs - mine)

    def add(self, m: Mention, rule: LinkRule) -> None:
        self.members.append((m, rule))
        if m.day is not None:
            self.first_day = m.day if self.first_day is None else min(self.first_day, m.day)
            self.last_day = m.day if self.last_day is None else max(self.last_day, m.day)
        if m.place is not None and all(p.place_id != m.place.place_id for p in self.places) and len(self.places) < 8:
            self.places.append(m.place)
        self.country = self.country or m.country or (m.place.country if m.place else None)
        self.circumstances |= m.circumstances


class Linker:
    """The state of one linking pass: incidents, their blocks by (family, day), a word index, clusters."""

    def __init__(self, window: int, bars: Bars | None = None) -> None:
        self.window = window
        self.bars = bars or Bars()
        self.incidents: list[Incident] = []
        self.by_word: dict[tuple[str, str], list[int]] = defaultdict(list)  # (family, word) -> incidents, oldest first
        self.by_cluster: dict[str, set[int]] = defaultdict(set)
        self.into: dict[int, int] = {}  # an incident merged into another (a bridge) -> the one it went into

    def link_article(self, mentions: list[Mention], contexts: dict[int, Vector], sentences: dict[int, Vector],
                     details: list[Mention] = ()) -> None:
        """Link the linkable mentions of one article (text order). `contexts`: each mention's context (one vector
        object per sentence); `sentences`: its sentence alone; `details`: its stocks and measures that may tell
        one of its incidents (Mention.detail)."""
        linked, families, numbers = set(), set(), []
        locals_ = self._segment(mentions, contexts, sentences)
        for local in locals_:
            main = not local.alone and local.family not in families  # the first group of its family the article tells
            families.add(local.family)
            numbers.append(self._link(local, mentions[0].cluster_id, main))
            linked.add(numbers[-1])
        self.by_cluster[mentions[0].cluster_id] |= linked
        for d in details:
            n = self._detail_of(d, locals_, numbers)
            if n is not None:
                self.incidents[self.root(n)].members.append((d, LinkRule.DETAIL))

    @staticmethod
    def _detail_of(d: Mention, locals_: list[Incident], numbers: list[int]) -> int | None:
        """The incident of the article's group whose targets or means the detail's sentence names (the nearest in
        the text of those that name them); None when no group does."""
        best, best_gap = None, None
        for local, n in zip(locals_, numbers, strict=True):
            if not local.circumstances & d.circumstances:
                continue
            gap = min(abs(m.char_start - d.char_start) for m, _ in local.members)
            if best_gap is None or gap < best_gap:
                best, best_gap = n, gap
        return best

    def _segment(self, mentions: list[Mention], contexts: dict[int, Vector], sentences: dict[int, Vector]
                 ) -> list[Incident]:
        groups: list[Incident] = []
        seen: set[tuple[int, int]] = set()
        for m in mentions:
            g = None if m.elsewhere else self._local(m, groups, sentences)
            if g is None:
                g = Incident(len(groups), m.family, m.group, alone=m.elsewhere)
            else:
                groups.remove(g)
            groups.append(g)  # the latest told last
            g.add(m, LinkRule.SAME_ARTICLE)
            vector = sentences[m.index] if g.alone else contexts[m.index]
            if (g.number, id(vector)) not in seen:  # a sentence with several figures counts once
                seen.add((g.number, id(vector)))
                g.context.add(vector)
                g.sentences.add(sentences[m.index])
        return sorted(groups, key=lambda g: g.members[0][0].char_start)

    def _local(self, m: Mention, groups: list[Incident], sentences: dict[int, Vector]) -> Incident | None:
        """The compatible local group the mention goes on with: the latest told, unless its sentence is clearly
        more like another. A figure of another subject group goes on with a group one of whose sentences it is
        in («هاجموا ثلاث كنائس ... ما أسفر عن مقتل 13 شخصا»: the churches are the toll's incident)."""
        sentence = sentences[m.index]
        best, best_score = None, -1.0
        for i, g in enumerate(groups):
            told_with = any(sentences[x.index] is sentence for x, _ in g.members)  # a sentence of the group's
            if not g.accepts(m, self.window, told_with) or conflict(g.circumstances, m.circumstances, LOCAL_KINDS):
                continue
            score = g.sentences.cosine(sentence) + (self.bars.latest if i == len(groups) - 1 else 0.0)
            if score > best_score:
                best, best_score = g, score
        return best

    def _link(self, local: Incident, cluster_id: str, main: bool) -> int:
        """Put a local group into an incident (found or new); the incident's number. `main`: the group the article
        tells first, whose context has the article's story."""
        first = local.members[0][0]
        n, rule = self._find(local, cluster_id, main) if first.day is not None else (None, LinkRule.FIRST)
        n = self.root(n) if n is not None else None
        if n is None:
            self.incidents.append(Incident(len(self.incidents), local.family, local.group))
            n, rule = len(self.incidents) - 1, LinkRule.FIRST
        inc = self.incidents[n]
        for i, (m, _) in enumerate(local.members):
            inc.add(m, rule if i == 0 else LinkRule.SAME_ARTICLE)
        inc.circumstances |= local.circumstances
        inc.context.add_centroid(local.context)
        for w in top_words(local.context.unit()):
            posting = self.by_word[(inc.family, w)]
            if n not in posting[-POSTING:]:
                posting.append(n)
        return n

    def root(self, n: int) -> int:
        while n in self.into:
            n = self.into[n]
        return n

    def _find(self, local: Incident, cluster_id: str, main: bool) -> tuple[int | None, LinkRule]:
        vector = local.context.unit()
        mates = {self.root(n) for n in self.by_cluster.get(cluster_id, set())}
        best, best_score, best_rule = None, -1.0, LinkRule.FIRST
        above = []
        for n in sorted(self._candidates(local, vector) | mates):
            inc = self.incidents[n]
            if not inc.accepts_all(local, self.window):
                continue
            cos = inc.context.cosine(vector)
            rule, bar = self._rule(local, n, mates, main)
            if cos >= bar:
                above.append((n, cos))
            if cos >= bar and (cos > best_score or (rule is LinkRule.SAME_CLUSTER and best_rule is not rule)):
                if best_rule is LinkRule.SAME_CLUSTER and rule is not LinkRule.SAME_CLUSTER:
                    continue  # a syndicated copy's incident comes first
                best, best_score, best_rule = n, cos, rule
        if best is not None and main:
            for n, cos in above:
                if n != best and cos >= self.bars.bridge:
                    self._bridge(best, n)
        return best, best_rule

    def _bridge(self, a: int, b: int) -> None:
        """A story alike enough to two incidents makes them one, when they fit each other and their own
        contexts are alike (the same incident opened twice before it was told in full)."""
        big, small = self.incidents[min(a, b)], self.incidents[max(a, b)]
        if big.group != small.group or not big.accepts_all(small, self.window):
            return
        if big.context.cosine(small.context.unit()) < self.bars.bridge_pair:
            return
        for m, rule in small.members:
            big.add(m, rule)
        big.circumstances |= small.circumstances
        big.context.add_centroid(small.context)
        small.members, small.first_day, small.last_day = [], None, None
        self.into[small.number] = big.number

    def _rule(self, local: Incident, n: int, mates: set[int], main: bool) -> tuple[LinkRule, float]:
        """The rule that would link a local group to incident n, and the bar its context must reach."""
        if n in mates:
            return LinkRule.SAME_CLUSTER, self.bars.cluster
        if local.places and self.incidents[n].places:
            return LinkRule.SAME_PLACE_STORY, self.bars.placed if main else self.bars.secondary
        return LinkRule.SIMILAR_STORY, self.bars.other if main else self.bars.secondary

    def _candidates(self, local: Incident, vector: Vector) -> set[int]:
        """Incidents of the group's family that share its rarest words and have a day within the window (blocks:
        family, word, day): the CANDIDATES that share the most of them. Postings keep the latest POSTING incidents
        of a word; articles come in day order, so the older ones are out of the window (near-linear)."""
        shared: dict[int, int] = {}
        lo, hi = local.first_day - self.window, local.last_day + self.window
        incidents, oldest = self.incidents, lo - self.window
        for w in top_words(vector, FINDING_WORDS):
            posting = self.by_word.get((local.family, w), ())
            for k in range(len(posting) - 1, max(len(posting) - POSTING, 0) - 1, -1):
                n = self.root(posting[k])
                inc = incidents[n]
                if inc.first_day is None:
                    continue
                if inc.first_day < oldest:
                    break  # opened in day order and no wider than the window: the older ones end before lo
                if inc.first_day <= hi and inc.last_day >= lo:
                    shared[n] = shared.get(n, 0) + 1
        return set(sorted(shared, key=lambda n: (-shared[n], n))[:CANDIDATES])
