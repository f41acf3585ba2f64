"""Is a speaker a speaker? A person's name, an organization, a role, an anonymous source, a document's issuer or a
place that stands for its government; never a verb, an adverb, a function word, a hashtag, a clause fragment or a
truncated word. A rejected speaker names no one: the discourse then looks elsewhere (before the verb, the current
speaker, the outlet's voice)."""

from __future__ import annotations

from arqam.attribution.model import Rule, Speaker
from arqam.attribution.reader import Reader
from arqam.text import morph
from arqam.text.normalize import normalize
from arqam.text.tokens import Token, bare, tokenize

_LEXICON_RULES = (Rule.ORGANIZATION, Rule.PLACE, Rule.EMBEDDED_POST, Rule.ALIAS, Rule.PERSON, Rule.ANAPHORA,
                  Rule.ROLE_IN_ARTICLE)
_NAME_RULES = (Rule.NAME, Rule.ROLE_NAME, Rule.SURNAME)
_MAX_WORDS = 12
_MAX_NAME_WORDS = 5


def rejection(r: Reader, sp: Speaker | None) -> str | None:
    """Why `sp` is no speaker (a named reason), or None when it is one (or names no one)."""
    if sp is None or not sp.name or sp.rule in _LEXICON_RULES:
        return None
    toks = [t for t in tokenize(normalize(sp.name)) if not r.punct(t) and not r.quote(t)]
    if not toks:
        return "empty"
    if not (toks[0].is_word or toks[0].is_num):
        return "not_a_word"  # «*مصدر»
    fw = r.vocab.function
    first = bare(toks[0].text)
    named_ali = toks[0].text in fw.name_like_preposition and sp.name.split()[0].endswith(morph.NISBA)  # «علي»
    if toks[0].text in fw.not_a_speaker or first in fw.not_a_speaker or toks[0].text in fw.complementizer \
            or ((toks[0].text in fw.preposition or first in fw.preposition) and not named_ali):
        return "function_word"
    if any(t.text in fw.complementizer and not (_spelled_letters(toks, k) or _spelled_letters(toks, k + 2))
           for k, t in enumerate(toks[1:])):
        return "clause"  # not «قناة إن بي سي»: letters spelled out
    year_mark = len(toks) > 1 and toks[-2].is_num and toks[-1].text in fw.ad_mark | fw.hijri_mark  # «2015م»
    if len(toks[-1].text) == 1 and toks[-1].is_word and not year_mark:
        return "truncated"  # «محمد الشعباني ل»
    if len(toks) > _MAX_WORDS:
        return "too_long"
    if sp.rule in _NAME_RULES:
        return _name_rejection(r, sp, toks)
    return None


def _name_rejection(r: Reader, sp: Speaker, toks: list[Token]) -> str | None:
    """A person's name: a few words, none of them a predicate, a pronoun-bearing noun or an adverbial."""
    vocab = r.vocab
    if len(toks) > _MAX_NAME_WORDS:
        return "too_long"
    for k, t in enumerate(toks):
        if vocab.events.match(toks, k) and t.text not in vocab.given:
            return "predicate"  # «وارن مشاركة»، «رامي عبد الرحمن ارتفاع»
        if bare(t.text) in vocab.function.total and not any(u.text in vocab.given for u in toks):
            return "count_word"  # «وتوقع ارتفاع عدد القتلى»: a count, not a person
    if len(toks) == 1 and sp.rule is Rule.NAME:
        w = toks[0].text
        if w in vocab.given:
            return None
        if bare(w) != w and bare(w) not in vocab.given:
            return "verb"  # «وغرد»: a conjunction and a verb
        if w.endswith(morph.PRONOUN_SUFFIXES) and len(w) > 4:
            return "pronoun_noun"  # «مبايعتها»، «هويتيهما»
        if w.endswith(morph.ALEF) and not w.startswith(morph.ARTICLE):
            return "adverbial"  # «واعدا»، «هاتفيا»
        if vocab.role_kind(toks[0]) is None and vocab.phrase_kind(toks[0]) is not None \
                and w not in vocab.function.name_like_preposition:
            return "function_word"
    first = toks[0].text
    if sp.rule is Rule.NAME and first.startswith((morph.LI, morph.BI)) and first not in vocab.given \
            and not any(t.text in vocab.given for t in toks[1:]) and _known_after_preposition(r, first):
        return "prepositional"  # «لتصريحات أدلى بها عمدة»، «لضابط أمن محلي»، «بقتله شخصين»: a preposition's object
    if sp.rule is Rule.NAME and toks[0].text.endswith(morph.ALEF) and toks[0].text not in vocab.given \
            and not toks[0].text.startswith(morph.ARTICLE) and not _name_goes_on(r, toks):
        return "adverbial"  # «واعدا بالعمل الوثيق»; not «اغاتا كوليكوفسكا»، «كوريا الشمالية»
    return None


def _known_after_preposition(r: Reader, word: str) -> bool:
    """Is the word ل/ب + a word the lexicons know (a document, a setting, a role, a source, a body, an event, a
    counted noun: «لتصريحات»، «لضابط»، «لمسؤولي»، «للبنتاغون»، «بقتله»)? Not «بابادوبولوس», «بار»: names."""
    vocab = r.vocab
    stems = [w for w in [word[1:]] + ([morph.ARTICLE + word[2:]] if word.startswith((morph.LIL, morph.BIL)) else [])
             if len(w) > 1]
    for stem in stems:
        t = [Token(stem, 0, len(stem))]
        if stem in vocab.documents or stem in vocab.function.channel_context or vocab.role_kind(t[0]) is not None \
                or vocab.anonymous.match(t, 0) or vocab.orgs.match(t, 0) or vocab.events.match(t, 0) \
                or vocab.nouns.match(t, 0):
            return True
    return False


def _spelled_letters(toks: list[Token], k: int) -> bool:
    """The token at k is a letter or two of a spelled-out acronym («إن بي سي»)."""
    return k < len(toks) and toks[k].is_word and len(toks[k].text) <= 2


def _name_goes_on(r: Reader, toks: list[Token]) -> bool:
    """A second word that carries on a name (a bare word or a definite adjective), not a preposition or a ب/ل-word
    as after an adverbial («واعدا بالعمل»، «خصوصا عبر»)."""
    if len(toks) < 2 or not toks[1].is_word:
        return False
    w = toks[1].text
    fw = r.vocab.function
    return w not in fw.preposition and w not in fw.aside_preposition and not w.startswith((morph.BI, morph.LI)) \
        and r.vocab.phrase_kind(toks[1]) is None and bare(w) == w


def valid(r: Reader, sp: Speaker | None) -> Speaker | None:
    """The speaker, or None when it is no speaker."""
    return None if rejection(r, sp) else sp
