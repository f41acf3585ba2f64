"""One Vocabulary: a typed field per lexicon file of arqam/lexicon/data, rows as small dataclasses.

`vocabulary()` loads every file once through the validating loader. Each field says what its
file holds; the checks of closed vocabularies (subjects, events, cue types ...) are here, so a
misspelt kind fails at load time with the file and the value.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cache

from arqam.lexicon.loader import LexiconError, read_tsv, remember
from arqam.lexicon.phrases import PhraseIndex, phrase_index
from arqam.lexicon.places import NewsPlace, PlaceWords, news_places, not_places, place_words
from arqam.text import morph
from arqam.text.normalize import normalize
from arqam.text.tokens import Token, forms, strip_conj

# (ending, what replaces it in the singular): -تان/-تين after a teh marbuta (دوريتين <- دورية), -ان (تفجيران <- تفجير)
_DUAL_ENDINGS = tuple((e, morph.TEH_MARBUTA) for e in morph.DUAL_FEMININE) + tuple((e, "") for e in morph.DUAL)
_ANY_DUAL_ENDING = tuple(e for e, _ in _DUAL_ENDINGS)
SUBJECTS = ("civilians", "fighters", "soldiers", "police", "children", "women", "people", "displaced", "refugees",
            "detainees", "journalists", "sites", "villages", "towns", "attacks", "airstrikes", "rockets", "vehicles",
            "weapons", "area_km2", "distance_m", "distance_km", "money", "percent", "other")
EVENTS = ("killed", "wounded", "killed_or_wounded", "captured", "detained", "released", "freed", "evacuated",
          "displaced", "missing", "held", "present", "seized", "attacked", "launched", "destroyed", "paid", "other")
# subjects that count people: «مدني واحد»، «أحد المسعفين» count one of them; «هجوم واحد»، «أحد المستشفيات» count nothing
HUMAN_SUBJECTS = frozenset({"civilians", "fighters", "soldiers", "police", "children", "women", "people", "displaced",
                            "refugees", "detainees", "journalists"})
NUMBER_ROLES = ("unit", "unit_teen", "ten_unit", "ten", "hundred", "scale", "scale_dual", "scale_plural", "fraction")
MARKER_KINDS = ("approx", "at_least", "at_most", "approx_after", "at_least_after", "at_most_after", "range_from",
                "range_between", "range_to", "range_and", "range_or")
CUE_TYPES = ("verb", "verb_strict", "verbal_noun", "participle", "according", "hedge", "mention", "content")
ROLE_KINDS = ("head", "title", "vocab", "org_head", "agency_head", "outlet_head")
ORG_TYPES = ("organization", "agency", "outlet")
PLACE_KINDS = ("country", "capital", "city")
BLOCK_POSITIONS = ("before", "after")


_VERB_LENGTH = (3, 5)  # letters of the past verbs whose subject forms are derived (قتل، هاجم، اعتقل)


def _check(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise LexiconError(f"lexicon {name}: {value!r} is not one of {', '.join(allowed)}")
    return value


# -- rows ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberWord:
    word: str
    value: float
    role: str  # NUMBER_ROLES


@dataclass(frozen=True)
class CountedNoun:
    noun: str
    subject: str  # SUBJECTS
    number: str  # sg | pl | dual
    event: str | None  # the event the noun implies (قتيل -> killed)


@dataclass(frozen=True)
class EventWord:
    form: str
    event: str  # EVENTS


@dataclass(frozen=True)
class Marker:
    phrase: str
    kind: str  # MARKER_KINDS


@dataclass(frozen=True)
class Month:
    form: str
    month: int


@dataclass(frozen=True)
class CueWord:
    form: str
    type: str  # CUE_TYPES


@dataclass(frozen=True)
class Organization:
    canonical: str  # the short name used for channels and joins (normalized key)
    canonical_as_written: str
    type: str  # ORG_TYPES
    display: str  # the speaker name shown in claims


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # PLACE_KINDS


@dataclass(frozen=True)
class Actor:
    phrase: str
    subject: str  # what a member is: fighters | soldiers | police | civilians | people ...
    country: str | None  # ISO 3166 alpha-2


@dataclass(frozen=True)
class RelativeDay:
    phrase: str
    offset: int


# -- one object per file ------------------------------------------------------------------------


@dataclass(frozen=True)
class Markers:
    """markers.tsv: approximation and bound markers before or after a number, and range connectors."""

    before: PhraseIndex  # approx | at_least | at_most, before the number
    after: PhraseIndex  # *_after: «على الأقل»، «تقريبا»
    between: PhraseIndex  # «بين»، «ما بين»
    range_from: frozenset[str]
    range_to: frozenset[str]
    range_and: frozenset[str]
    range_or: frozenset[str]


@dataclass(frozen=True)
class Blockers:
    """blockers.tsv: words right before (a dict: phrase -> reason) or after (an index) a number that is no figure."""

    before: dict[str, str]
    after: PhraseIndex


@dataclass(frozen=True)
class FunctionWords:
    """function_words.tsv: closed-class words and the part each plays; a word may play several.

    Every kind in the file is a field here (and every field has words), so the code names a kind by
    attribute and a misspelt kind fails at load time.
    """

    # shaping a speaker phrase
    pronoun: frozenset[str]
    recipient: frozenset[str]
    audience: frozenset[str]
    appeared: frozenset[str]
    issued: frozenset[str]
    same_before: frozenset[str]
    same_after: frozenset[str]
    ends_role: frozenset[str]
    ends_body: frozenset[str]
    generic_medium: frozenset[str]
    official: frozenset[str]
    # tokens and clauses
    punct: frozenset[str]
    quote: frozenset[str]
    complementizer: frozenset[str]
    pre_complementizer: frozenset[str]
    relative: frozenset[str]
    time_word: frozenset[str]
    channel_context: frozenset[str]
    preposition: frozenset[str]
    opener: frozenset[str]
    no_source_opener: frozenset[str]
    continues: frozenset[str]
    aside_preposition: frozenset[str]
    on_behalf: frozenset[str]
    from_source: frozenset[str]
    with_: frozenset[str]
    in_: frozenset[str]
    of: frozenset[str]
    what: frozenset[str]
    takes_li: frozenset[str]
    forces: frozenset[str]
    per_unit: frozenset[str]
    predicate_only: frozenset[str]
    perfect_particle: frozenset[str]
    as_said: frozenset[str]
    filler: frozenset[tuple[str, ...]]
    # figures, typing, dates
    clause_break: frozenset[str]
    negation: frozenset[str]
    before_noun: frozenset[str]
    not_counted: frozenset[str]
    teen_tail: frozenset[str]
    teen_ordinal: frozenset[str]
    time_of_day: frozenset[str]
    time_zone: frozenset[str]
    speaking_role: frozenset[str]
    rank_noun: frozenset[str]
    police_word: frozenset[str]
    not_a_single: frozenset[str]
    exception: frozenset[str]
    still: frozenset[str]
    made: frozenset[str]
    made_by: frozenset[str]
    bound_more: frozenset[str]
    bound_less: frozenset[str]
    bound_negation: frozenset[str]
    one_of: frozenset[str]
    quantifier: frozenset[str]
    latest: frozenset[str]
    claim_object: frozenset[str]
    resolution: frozenset[str]
    ordinal_article: frozenset[str]
    hijri_mark: frozenset[str]
    ad_mark: frozenset[str]
    coming: frozenset[str]
    past: frozenset[str]
    today: frozenset[str]
    year_word: frozenset[str]
    year_before: frozenset[str]
    name_like_preposition: frozenset[str]
    others: frozenset[str]
    part_of: frozenset[str]
    total: frozenset[str]
    predicate_gap: frozenset[str]
    member: frozenset[str]
    ranks: frozenset[str]
    between_two: frozenset[str]
    body_descriptor: frozenset[str]
    aid: frozenset[str]
    rise_to: frozenset[str]
    existential: frozenset[str]
    composition: frozenset[str]
    not_a_speaker: frozenset[str]
    also: frozenset[str]
    toll: frozenset[str]
    transfer: frozenset[str]
    population: frozenset[str]
    press: frozenset[str]
    press_review: frozenset[str]
    dual_pronoun: frozenset[str]

    # the kinds `phrase_kind` answers (each of their words has exactly one of them)
    PHRASE_KINDS = ("pronoun", "recipient", "audience", "appeared", "issued", "same_before", "same_after",
                    "ends_role", "ends_body", "generic_medium", "official")

    @staticmethod
    def load() -> FunctionWords:
        rows = read_tsv("function_words", ("word", "kind"), key="word", unique=("word", "kind"))
        names = {f.name.rstrip("_"): f.name for f in fields(FunctionWords)}
        found: dict[str, set] = {name: set() for name in names.values()}
        for r in rows:
            field_name = names.get(r["kind"])
            if field_name is None:
                raise LexiconError(f"lexicon function_words: unknown kind {r['kind']!r}")
            word = r["word"]
            found[field_name].add(tuple(word.split()) if field_name == "filler" else word)
        empty = [k for k, v in found.items() if not v]
        if empty:
            raise LexiconError(f"lexicon function_words: no words of kind {', '.join(empty)}")
        return FunctionWords(**{k: frozenset(v) for k, v in found.items()})


class GivenNames(frozenset):
    """The given names of given_names.tsv, and every compound «عبد» + a definite word (عبد البصير، عبدالرحمن)."""

    def __contains__(self, name: object) -> bool:
        if frozenset.__contains__(self, name):
            return True
        if not isinstance(name, str) or not name.startswith(morph.THEOPHORIC):
            return False
        rest = name[len(morph.THEOPHORIC):].removeprefix(" ")
        return rest.startswith(morph.ARTICLE) and len(rest) >= len(morph.ARTICLE) + 2 and " " not in rest


@dataclass(frozen=True)
class Vocabulary:
    """Every lexicon file, loaded and typed."""

    numbers: dict[str, NumberWord]  # number_words.tsv
    vague: PhraseIndex  # vague.tsv: payload the unit (10, 100, 1000 ...)
    markers: Markers  # markers.tsv
    nouns: PhraseIndex  # counted_nouns.tsv: payload CountedNoun
    events: PhraseIndex  # events.tsv: payload EventWord
    time_units: PhraseIndex  # time_units.tsv
    months: PhraseIndex  # months.tsv: payload Month
    weekdays: dict[str, int]  # weekdays.tsv: form -> 0 (Monday) .. 6
    relative_days: PhraseIndex  # relative_days.tsv: payload RelativeDay
    blockers: Blockers  # blockers.tsv
    cues: PhraseIndex  # reporting.tsv: payload CueWord
    roles: dict[str, str]  # roles.tsv: word -> ROLE_KINDS
    orgs: PhraseIndex  # organizations.tsv (every alias): payload Organization
    anonymous: PhraseIndex  # anonymous.tsv
    documents: frozenset[str]  # sources_not_speakers.tsv: documents, not speakers (البيان، التقرير)
    interviews: frozenset[str]  # interviews.tsv
    given: frozenset[str]  # given_names.tsv
    places: PhraseIndex  # places.tsv: payload Place
    news_places: tuple[NewsPlace, ...]  # news_places.tsv: the reviewed places of the gazetteer
    place_words: PlaceWords  # place_words.tsv: type words, directions, locatives ... around place names
    not_places: dict[str, str]  # not_places.tsv: a gazetteer name's key -> never | context
    actors: PhraseIndex  # actors.tsv: payload Actor
    civilian_settings: PhraseIndex  # civilian_settings.tsv: payload the kind (site | crowd | attack)
    function: FunctionWords  # function_words.tsv
    boilerplate: tuple[tuple[str, str], ...]  # boilerplate.tsv: (marker, kind), longest first
    # words that can start a figure (after stripping prefixes): number words, markers, vague plurals, range
    # openers, «أحد» and the first words of dual nouns (قريتين); the other counted nouns follow a number
    trigger_forms: frozenset[str]
    memo: dict[str, dict] = field(default_factory=lambda: {"triggers": {}, "phrase_kinds": {}, "duals": {}}, repr=False,
                                  compare=False)  # per-word answers, bounded

    # -- word look-ups asked of tokens ----------------------------------------------------------
    def phrase_kind(self, tok: Token) -> str | None:
        """The speaker-phrase kind of a token (pronoun, recipient, audience, ends_role ...), as written or
        without و/ف."""
        memo = self.memo["phrase_kinds"]
        found = memo.get(tok.text)
        if found is None:
            found = remember(memo, tok.text, next(
                (k for f in strip_conj(tok.text) for k in FunctionWords.PHRASE_KINDS if f in getattr(self.function, k)),
                ""))
        return found or None

    def org_display(self, canonical: str) -> str | None:
        """The display name of the organization whose canonical name (as written) this is."""
        memo = self.memo.setdefault("org_display", {})
        if not memo:
            for org in self.orgs.payloads():
                memo.setdefault(org.canonical_as_written, org.display)  # type: ignore[attr-defined]
        return memo.get(canonical)

    def role_kind(self, tok: Token) -> str | None:
        """The role-lexicon kind of a token (head, title, vocab, org_head, agency_head, outlet_head)."""
        memo = self.memo.setdefault("role_kinds", {})
        found = memo.get(tok.text)
        if found is None:
            found = remember(memo, tok.text, next((self.roles[f] for f in forms(tok.text) if f in self.roles), ""))
        return found or None

    def is_trigger(self, word: str) -> bool:
        """Can a figure start at this word (a token text that is not digits)?"""
        memo = self.memo["triggers"]
        found = memo.get(word)
        if found is None:
            found = remember(memo, word, word[:1].isalpha() and (not self.trigger_forms.isdisjoint(forms(word, 2))
                                                               or self.dual(word) is not None))
        return found

    def _is_name(self, word: str) -> bool:
        """A given name, an actor, an organization or a place («طالبان»، «سليمان»), in any look-up form."""
        names = [Token(f, 0, 0) for f in forms(word, 3)]
        return any(f.text in self.given or self.actors.match([f], 0) or self.orgs.match([f], 0)
                   or self.places.match([f], 0) for f in names)

    def dual(self, word: str) -> CountedNoun | None:
        """A dual of a singular counted noun that the lexicon does not list: «تفجيران»، «دوريتين»، «حافلتين»، «انتحاريان»
        (the feminine -تان/-تين and the -ان endings; -ين is also a plural ending and is left to the lexicon)."""
        memo = self.memo["duals"]
        if word in memo:
            return memo[word]
        found = None
        for w in strip_conj(word):
            if not w.endswith(_ANY_DUAL_ENDING) or w.startswith(morph.DEFINITE + morph.DEFINITE_PREFIXES) \
                    or self.nouns.starts(w):
                continue
            for ending, stem_end in _DUAL_ENDINGS:
                if w.endswith(ending) and len(w) - len(ending) >= 3:
                    m = self.nouns.match([Token(w[: -len(ending)] + stem_end, 0, 0)], 0)
                    if m and m[1].number == "sg" and m[0] == 1:  # type: ignore[union-attr]
                        found = CountedNoun(w, m[1].subject, "dual", m[1].event)  # type: ignore[union-attr]
                        break
            if found:
                break
        if found is not None and self._is_name(word):
            found = None  # «طالبان»، «سليمان»: a name, not a dual
        return remember(memo, word, found)


def _numbers() -> dict[str, NumberWord]:
    out = {}
    for r in read_tsv("number_words", ("word", "value", "role"), key="word"):
        value = float(r["value"])
        if value <= 0:
            raise LexiconError(f"lexicon number_words: {r['word']!r} has value {value}")
        out[r["word"]] = NumberWord(r["word"], value, _check("number_words", r["role"], NUMBER_ROLES))
    return out


def _vague() -> PhraseIndex:
    rows = read_tsv("vague", ("phrase", "unit"), key="phrase")
    for r in rows:
        if float(r["unit"]) not in {10.0 ** k for k in range(1, 12)}:
            raise LexiconError(f"lexicon vague: {r['phrase']!r} has unit {r['unit']}")
    return phrase_index(rows, "phrase", prefixes=True, payload=lambda r: float(r["unit"]))


def _markers() -> Markers:
    rows = [Marker(r["phrase"], _check("markers", r["kind"], MARKER_KINDS))
            for r in read_tsv("markers", ("phrase", "kind"), key="phrase")]
    words = {kind: frozenset(r.phrase for r in rows if r.kind == kind)
             for kind in ("range_from", "range_to", "range_and", "range_or")}
    return Markers(
        before=phrase_index([r for r in rows if r.kind in ("approx", "at_least", "at_most")], "phrase", prefixes=True,
                            min_stem=2),
        after=phrase_index([r for r in rows if r.kind.endswith("_after")], "phrase"),
        between=phrase_index([r for r in rows if r.kind == "range_between"], "phrase"),
        **words)


def _nouns() -> list[CountedNoun]:
    rows = []
    for r in read_tsv("counted_nouns", ("noun", "subject", "number", "event"), key="noun", optional=("event",)):
        rows.append(CountedNoun(r["noun"], _check("counted_nouns", r["subject"], SUBJECTS),
                                _check("counted_nouns", r["number"], ("sg", "pl", "dual")),
                                _check("counted_nouns", r["event"], EVENTS) if r["event"] else None))
    return rows


def _blockers() -> Blockers:
    rows = read_tsv("blockers", ("phrase", "position", "reason"), key="phrase")
    for r in rows:
        _check("blockers", r["position"], BLOCK_POSITIONS)
    return Blockers(before={r["phrase"]: r["reason"] for r in rows if r["position"] == "before"},
                    after=phrase_index([r for r in rows if r["position"] == "after"], "phrase"))


def _orgs() -> PhraseIndex:
    idx = PhraseIndex(prefixes=True, min_stem=2)
    for r in read_tsv("organizations", ("canonical", "type", "display", "aliases"), key="canonical",
                      optional=("aliases",)):
        org = Organization(r["canonical"], r["canonical_as_written"], _check("organizations", r["type"], ORG_TYPES),
                           r["display"])
        for alias in {r["canonical_as_written"], r["display"], *filter(None, r["aliases"].split("|"))}:
            idx.add(alias, org)
    return idx


def _events() -> list[EventWord]:
    """events.tsv, and the past-tense subject forms of its short verbs (قتل -> قتلوا، قتلت، قتلتا) it does not list."""
    rows = [EventWord(r["form"], _check("events", r["event"], EVENTS))
            for r in read_tsv("events", ("form", "event"), key="form")]
    listed = {normalize(r.form) for r in rows}
    derived = []
    for r in rows:
        w = normalize(r.form)
        if " " in w or not _VERB_LENGTH[0] <= len(w) <= _VERB_LENGTH[1] or w.startswith(morph.DEFINITE) \
                or w.endswith((morph.TEH_MARBUTA, *morph.VERB_SUFFIXES)) or r.event in ("present", "other"):
            continue
        derived += [EventWord(w + s, r.event) for s in morph.VERB_SUFFIXES if w + s not in listed]
    return rows + derived


def _word_set(name: str, column: str = "word") -> frozenset[str]:
    return frozenset(r[column] for r in read_tsv(name, (column,), key=column))


def _boilerplate() -> tuple[tuple[str, str], ...]:
    rows = read_tsv("boilerplate", ("marker", "kind"), key="marker")
    for r in rows:
        _check("boilerplate", r["kind"], ("related", "share", "link"))
    return tuple(sorted(((r["marker"], r["kind"]) for r in rows), key=lambda m: -len(m[0])))


@cache
def vocabulary() -> Vocabulary:
    """Every lexicon of arqam/lexicon/data, loaded once."""
    roles = read_tsv("roles", ("word", "kind"), key="word")
    numbers, vague, markers, nouns, function = _numbers(), _vague(), _markers(), _nouns(), FunctionWords.load()
    triggers = (set(numbers) | markers.before.first_words() | vague.first_words() | markers.between.first_words()
                | markers.range_from | function.one_of | {r.noun.split()[0] for r in nouns if r.number == "dual"})
    return Vocabulary(
        numbers=numbers,
        vague=vague,
        markers=markers,
        nouns=phrase_index(nouns, "noun", prefixes=True),
        events=phrase_index(_events(), "form", prefixes=True, min_stem=4),
        time_units=phrase_index(read_tsv("time_units", ("word", "unit"), key="word"), "word", prefixes=True),
        months=phrase_index([Month(r["form"], int(r["month"])) for r in read_tsv("months", ("form", "month"), key="form")],
                            "form", prefixes=True),
        weekdays={r["form"]: int(r["weekday"]) for r in read_tsv("weekdays", ("form", "weekday"), key="form")},
        relative_days=phrase_index([RelativeDay(r["phrase"], int(r["offset"]))
                                    for r in read_tsv("relative_days", ("phrase", "offset"), key="phrase")], "phrase"),
        blockers=_blockers(),
        cues=phrase_index([CueWord(r["form"], _check("reporting", r["type"], CUE_TYPES))
                           for r in read_tsv("reporting", ("form", "type"), key="form")], "form"),
        roles={r["word"]: _check("roles", r["kind"], ROLE_KINDS) for r in roles},
        orgs=_orgs(),
        anonymous=phrase_index(read_tsv("anonymous", ("word",), key="word"), "word"),
        documents=_word_set("sources_not_speakers"),
        interviews=_word_set("interviews", "form"),
        given=GivenNames(r["name"] for r in read_tsv("given_names", ("name", "source"), key="name")),
        places=phrase_index([Place(r["name"], _check("places", r["kind"], PLACE_KINDS))
                             for r in read_tsv("places", ("name", "kind"), key="name")], "name"),
        news_places=news_places(),
        place_words=place_words(),
        not_places=not_places(),
        actors=phrase_index([Actor(r["phrase"], _check("actors", r["subject"], SUBJECTS), r["country"] or None)
                             for r in read_tsv("actors", ("phrase", "subject", "country"), key="phrase",
                                               optional=("country",))], "phrase", prefixes=True),
        civilian_settings=phrase_index(
            read_tsv("civilian_settings", ("phrase", "kind"), key="phrase"), "phrase", prefixes=True,
            payload=lambda r: _check("civilian_settings", r["kind"], ("site", "crowd", "attack"))),
        function=function,
        boilerplate=_boilerplate(),
        trigger_forms=frozenset(triggers),
    )
