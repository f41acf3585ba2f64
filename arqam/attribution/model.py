"""The types of attribution: cues, speaker phrases (as written, unresolved) and speakers (resolved)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from arqam.text.tokens import Token


class CueType(StrEnum):
    """What a reporting cue does (reporting.tsv)."""

    VERB = "verb"  # the speaker follows: قال X إن
    VERB_STRICT = "verb_strict"  # a verb that is also a common word (بين، نقل): a cue only before a reported clause
    VERBAL_NOUN = "verbal_noun"  # a reporting masdar (إعلان X عن/أن): a cue only with its own named subject
    PARTICIPLE = "participle"  # continues the current speaker: مضيفا، لافتا إلى أن
    ACCORDING = "according"  # the source follows: بحسب X، وفقا لـ
    HEDGE = "hedge"  # an unattributed estimate (ويعتقد أن): the outlet's voice unless a speaker stands before it
    MENTION = "mention"  # names a person without reporting a figure: تحدث X عن
    CONTENT = "content"  # ends a speaker phrase: نقلت ... عن X قوله إن


class Rule(StrEnum):
    """The named rule that gave a speaker."""

    OUTLET_VOICE = "outlet_voice"  # no speaker: the outlet's own voice
    EMBEDDED_POST = "embedded_post"  # a social-media post embedded in the article
    ORGANIZATION = "organization"  # an organization, agency or outlet of the lexicon
    ORGANIZATION_HEAD = "organization_head"  # a body named by its head noun: وزارة الصحة العراقية
    INSTITUTION = "institution"  # a definite noun phrase: الشبكة السورية لحقوق الإنسان
    PLACE = "place"  # a country or capital that speaks: وقالت إسرائيل
    ANONYMOUS = "anonymous"  # مصادر محلية، شهود عيان
    ROLE_NAME = "role+name"  # مدير المركز مصطفى بالي
    ROLE_ONLY = "role_only"  # المتحدث باسم الجيش
    NAME = "name"  # a person's name first: مصطفى بالي، مدير ...
    SURNAME = "surname"  # a family name alone: المالكي
    ALIAS = "alias"  # a surname or name of a person named earlier in the article
    ANAPHORA = "anaphora"  # المصدر، الوزارة: the speaker named before
    ROLE_IN_ARTICLE = "role_in_article"  # a role: the one person of the article with that affiliation
    DOCUMENT = "document"  # a document with no issuer named that refers back: «وأوضح البيان»
    DOCUMENT_SOURCE = "document_source"  # a document that is its own source: «تقارير إعلامية تركية»، «الإحصاءات الرسمية»
    NO_SPEAKER = "no_speaker"  # a phrase that names no speaker: «يقول 89% من الآباء»
    PRONOUN = "pronoun"  # only a channel named: «وقال للوكالة»
    PERSON = "person"  # a person of the registry
    PRESS_REVIEW = "press_review"  # the newspapers a press review reports: «اهتمامات الصحف التونسية»


@dataclass(frozen=True)
class Speaker:
    """Who a figure is attributed to; name None means the outlet's own voice."""

    name: str | None = None
    type: str | None = None  # person | organization | agency | anonymous
    role: str | None = None
    channel: str | None = None
    affiliation: str | None = None
    rule: Rule = Rule.OUTLET_VOICE
    raw: str | None = None  # the speaker phrase as written


OUTLET_VOICE = Speaker()


@dataclass(frozen=True)
class Cue:
    """A reporting cue at tokens [start, end) of the document, and the speaker it was resolved to."""

    start: int
    end: int
    type: CueType
    speaker: Speaker
    content: int | None = None  # where the reported content starts (None: not known)


class PhraseForm(StrEnum):
    """How a speaker phrase names its speaker, before anything is resolved."""

    NAMED = "named"  # words that name someone (a name, a role, a body, a source): `speaker` says who, unless the
    #                  article knows the words as a person or an anaphor
    DOCUMENT = "document"  # a document: its issuer (`issuer`) speaks, else the document itself (`speaker`) when it
    #                        names a source («تقارير إعلامية»), else no one named («البيان»)
    FIXED = "fixed"  # a speaker the article cannot change (a lexicon organization, a number of sources)


@dataclass(frozen=True)
class SpeakerPhrase:
    """A speaker phrase as written: what it says on its own, and what resolution may read of it."""

    form: PhraseForm
    speaker: Speaker | None = None  # what the phrase alone says
    words: tuple[Token, ...] = ()  # NAMED: the words a resolver reads as a known person or an anaphor
    issuer: SpeakerPhrase | None = None  # DOCUMENT: who issued it
    channel: str | None = None  # a channel named in the phrase: it overrides the resolved speaker's
    need_name: bool = False  # resolving to a nameless speaker gives no speaker
    name_prefix: str = ""  # «للجنة الانتخابية»: the resolved name gets back the letters ل took («اللجنة»)


def fixed(speaker: Speaker | None) -> SpeakerPhrase | None:
    return SpeakerPhrase(PhraseForm.FIXED, speaker) if speaker is not None else None
