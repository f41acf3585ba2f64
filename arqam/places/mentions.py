"""Place names in a text: gazetteer names with their clitics, type-word places and the dateline.

A name is the longest gazetteer name at a token (بالباغوز، وفي غزة، لمدينة حلب). Names of bodies that
contain a place (قوات سوريا الديمقراطية, an organization of the lexicon) are read as one phrase and name
no place; a name blocked as `never` (الثورة، أمس) is no place; a name blocked as `context` (صور، العين)
is a place only after a locative, direction or place-type word, or joined to a place before it; so is a
GeoNames place of fewer than FREE_POPULATION inhabitants that news_places.tsv does not review. A place-type
word before a name the gazetteer lacks still gives a place, as written (قرية الشيخ مسكين). Datelines
(dateline.py) are marked: where the reporter writes.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from arqam.lexicon.loader import remember
from arqam.lexicon.phrases import PhraseIndex
from arqam.lexicon.places import PlaceWords
from arqam.lexicon.vocab import Vocabulary
from arqam.places.dateline import Datelines
from arqam.places.gazetteer import Gazetteer, Match, lookup_forms
from arqam.places.model import How, Mention, Place
from arqam.text.document import Document
from arqam.text.morph import ARTICLE, CONJUNCTIONS, DEFINITE_PREFIXES, NISBA_ADJECTIVE, PREFIXES, definite
from arqam.text.tokens import Token, bare

FREE_POPULATION = 100_000  # a GeoNames place this big is a place without a word saying so
_MAX_UNKNOWN = 3  # words of a name after a type word that the gazetteer lacks


# word -> (what it can start: _NAME | _BODY | _TYPE, 0 for nothing; the second words of the longer names it can start)
_WORTH: dict[str, tuple[int, frozenset[str]]] = {}
_NAME, _BODY, _TYPE = 1, 2, 4


_BODIES: dict[tuple[int, int], PhraseIndex] = {}
_FIRSTS: dict[tuple[int, int, int], frozenset[str]] = {}
_CLITIC_LETTERS = frozenset("".join(CONJUNCTIONS) + "".join(PREFIXES))  # و ف ب ل ك ال
_MAX_CLITICS = 4  # letters of clitics before a word (وبال، فلل)


def _first_words(gaz: Gazetteer, bodies: PhraseIndex, words: PlaceWords) -> frozenset[str]:
    """Every word a place name, a body's name or a type word can start with, without its clitics."""
    key = (id(gaz), id(bodies), id(words))
    found = _FIRSTS.get(key)
    if found is None:
        found = _FIRSTS[key] = gaz.first_words() | bodies.first_words() | frozenset(words.types)
    return found


def _may_matter(word: str, firsts: frozenset[str]) -> bool:
    """A cheap test before the look-up forms: can the word, less up to four clitic letters (with the article
    they may stand for: للمدينة), be a first word? Most words of a text cannot."""
    for k in range(min(_MAX_CLITICS, max(len(word) - 2, 0)) + 1):
        if k and word[k - 1] not in _CLITIC_LETTERS:
            break
        rest = word[k:]
        if rest in firsts or ARTICLE + rest in firsts:
            return True
    return False


def bodies_with_places(gaz: Gazetteer, vocab: Vocabulary) -> PhraseIndex:
    """The organizations of the lexicon whose names hold a place name (قوات سوريا الديمقراطية): read as one
    phrase, they name no place. Built once per gazetteer and vocabulary."""
    found = _BODIES.get((id(gaz), id(vocab)))
    if found is None:
        found = _BODIES[(id(gaz), id(vocab))] = _bodies(gaz, vocab)
    return found


def _bodies(gaz: Gazetteer, vocab: Vocabulary) -> PhraseIndex:
    index = PhraseIndex(prefixes=True, min_stem=2)
    for first in vocab.orgs.first_words():
        for words, org in vocab.orgs.starts(first):
            if words[0] == first and len(words) > 1 and _holds_place(words, gaz):
                index.add(" ".join(words), org)
    return index


def _holds_place(words: tuple[str, ...], gaz: Gazetteer) -> bool:
    tokens = [Token(w, 0, len(w)) for w in words]
    for k in range(len(tokens)):
        m = gaz.match(tokens, k)
        if m is not None and m.names.places and m.names.block != "never":
            return True
    return False


@lru_cache(maxsize=65536)
def _type_kind(word: str, words: PlaceWords) -> str | None:
    """The kind of place a type word names, if the word is one, in its indefinite form."""
    text = bare(word)
    if text.startswith(ARTICLE) or text.startswith(DEFINITE_PREFIXES):
        return None
    return next((words.types[f.text] for f in lookup_forms(text) if f.text in words.types), None)


@lru_cache(maxsize=4096)
def _refers(word: str, refs: frozenset[str]) -> bool:
    return any(f.text in refs for f in lookup_forms(word))


def _adjective(word: str) -> bool:
    """Does a word end like a relative adjective (عسكرية، اللبنانية، سكني)?"""
    return word.endswith(NISBA_ADJECTIVE)


class MentionReader:
    """Finds the place mentions of one analysed document."""

    def __init__(self, doc: Document, gaz: Gazetteer, words: PlaceWords, vocab: Vocabulary) -> None:
        self.doc, self.gaz, self.words, self.vocab = doc, gaz, words, vocab
        self.tokens: list[Token] = doc.tokens
        self.texts = [t.text for t in doc.tokens]
        self.datelines: list[int] = []  # token index where each dateline line starts
        self.bodies = bodies_with_places(gaz, vocab)
        self.firsts = _first_words(gaz, self.bodies, words)

    # -- words -----------------------------------------------------------------------------------
    def type_kind(self, i: int) -> str | None:
        """The kind of place a type word at token i names (قرية، بمدينة، ومخيم), not its definite form
        (المدينة، بالمنطقة, which refer back)."""
        return _type_kind(self.tokens[i].text, self.words)

    def _worth(self, word: str) -> tuple[int, frozenset[str]]:
        """What a token with this text can start (a place name, a body's name holding one, a type word) and the
        second words of the longer names it can start; asked of every word read, remembered per word."""
        found = _WORTH.get(word)
        if found is None:
            if not word[:1].isalpha() or not _may_matter(word, self.firsts):
                found = (0, frozenset())
            else:
                found = (_NAME * self.gaz.may_start(word) + _BODY * bool(self.bodies.starts(word))
                         + _TYPE * (_type_kind(word, self.words) is not None), self.gaz.seconds(word))
            remember(_WORTH, word, found)
        return found

    def _candidates(self, texts: list[str], a: int, b: int) -> list[tuple[int, int]]:
        """(token index, what it can start) of the tokens of [a, b) that can start a place name, a body's name
        or a type word; a token that only starts longer names is one when the next token is their second word."""
        flags, seconds, known = {}, {}, _WORTH.get
        for w in set(texts[a:b]):
            f, second = known(w) or self._worth(w)
            if f:
                flags[w] = f
            if second:
                seconds[w] = second
        nexts = texts[a + 1:b + 1] + [""] * (b + 1 - len(texts))
        return [(k, flags.get(w, 0) | (_NAME if w in seconds and nxt in seconds[w] else 0))
                for k, (w, nxt) in enumerate(zip(texts[a:b], nexts, strict=True), start=a)
                if w in flags or (w in seconds and nxt in seconds[w])]

    def _is(self, i: int, role: frozenset[str]) -> bool:
        return 0 <= i < len(self.tokens) and any(f.text in role for f in lookup_forms(self.tokens[i].text))

    def in_context(self, i: int, previous: Mention | None = None) -> bool:
        """Does the word before the name at i say it is a place: a locative word, a direction, a type word, or
        a place it is joined to by و or a comma («عين ترما وحمورية»)?"""
        if i > 0 and (self._is(i - 1, self.words.locative) or self._is(i - 1, self.words.direction)
                      or self.type_kind(i - 1) is not None):
            return True
        if previous is None:
            return False
        joined = self.tokens[i].text[0] in CONJUNCTIONS or self.tokens[i - 1].text in self.vocab.function.punct
        return joined and previous.end >= i - 1

    def _after_name(self, i: int) -> bool:
        """Is the word before token i a given name (a surname follows it: جمال خاشقجي، بشار الأسد)?"""
        return i > 0 and (bare(self.tokens[i - 1].text) in self.vocab.given
                          or (i > 1 and f"{self.tokens[i - 2].text} {self.tokens[i - 1].text}" in self.vocab.given))

    def needs_context(self, i: int, match: Match) -> bool:
        """A name blocked as context, a given name, or a GeoNames place too small to be named without context
        (of fewer than `FREE_POPULATION` inhabitants and not in news_places.tsv)."""
        best = match.names.places[0]
        if match.names.block == "context":
            return True
        if best.reviewed or best.kind == "country":
            return False
        return best.population < FREE_POPULATION or (match.end == i + 1 and match.form.text in self.vocab.given)

    def _no_name_word(self, i: int) -> bool:
        """A word that cannot be (part of) a name the gazetteer lacks."""
        tok = self.tokens[i]
        if not tok.is_word or len(tok.text) < 2:
            return True
        text = tok.text
        f = self.vocab.function
        if text in f.preposition or text in f.clause_break or text in f.relative or text in f.time_word \
                or text in f.what or text in f.negation:  # «قرية ما»: «a village», no name
            return True
        if any(self._is(i, role) for role in (self.words.not_name, self.words.direction, self.words.locative)):
            return True
        return self.type_kind(i) is not None or self.gaz.match(self.tokens, i) is not None

    def glue(self, i: int) -> bool:
        """May token i join a place to the place around it in a chain: a mark, a locative or direction word,
        a type word («أغري بشرق تركيا»، «الأهواز، جنوب غربي إيران»، «حي الوعر في مدينة حمص»)?"""
        return self.texts[i] in self.vocab.function.punct or self._is(i, self.words.locative) \
            or self._is(i, self.words.direction) or self.type_kind(i) is not None

    def country_refs(self) -> list[int]:
        """Token indexes of the words for the country, with their clitics («البلاد»، «للبلاد»، «بالبلاد»)."""
        refs = self.words.country_ref
        ends = {w[-3:] for w in refs}  # clitics come first: a word ends as its form does
        return [k for k, w in enumerate(self.texts) if w[-3:] in ends and _refers(w, refs)]

    # -- mentions --------------------------------------------------------------------------------
    def _written(self, i: int, end: int, match_form_dropped: int, article: bool) -> tuple[int, int, str]:
        """Raw span and text of tokens [i, end) without the first token's clitics."""
        key_start = self.tokens[i].start + match_form_dropped
        raw_start = self.doc.keyed.offsets[key_start]
        raw_end = self.doc.token_raw_span(end - 1, end)[1]
        text = self.doc.raw[raw_start:raw_end]
        return raw_start, raw_end, (ARTICLE + text if article else text)

    def _unknown(self, i: int, kind: str) -> Mention | None:
        """A type word at i before a name the gazetteer lacks: the type word and the name, as written.

        The name is one word, or two after a name head (عين ترما، الشيخ مسكين) or when an indefinite word
        governs a definite one (معرة النعمان); an adjective is no name (منطقة عسكرية، بلدة عرسال اللبنانية).
        A weak type word (منطقة، جزيرة، مطار) takes only a definite name (منطقة الجاح).
        """
        first, tokens = i + 1, self.tokens
        if first >= len(tokens) or self._no_name_word(first):
            return None
        text = tokens[first].text
        head = self._is(first, self.words.name_head)
        if (self._weak(i) and not definite(text)) or (not head and not definite(text) and _adjective(text)):
            return None
        end = first + 1
        while end < len(tokens) and end - first < _MAX_UNKNOWN and not self._no_name_word(end):
            prev, cur = tokens[end - 1].text, tokens[end].text
            if not (self._is(end - 1, self.words.name_head) or (not definite(prev) and definite(cur))) \
                    or (definite(cur) and _adjective(cur)):
                break
            end += 1
        dropped = next((f.dropped for f in lookup_forms(tokens[i].text) if f.text in self.words.types), 0)
        raw_start, raw_end, written = self._written(i, end, dropped, False)
        place = Place(f"written:{written}", written, kind, None)
        return Mention(i, end, raw_start, raw_end, written, (place,), How.TYPE_WORD, False, *self._flags(i, False, None))

    def _weak(self, i: int) -> bool:
        return self._is(i, self.words.weak_type)

    def _known(self, i: int, match: Match, previous: Mention | None, typed: bool = False) -> Mention | None:
        """A gazetteer name at i, if it is a place here: a type word before it makes any name one."""
        names = match.names
        if not names.places or names.block == "never":
            return None  # «مديرية الأمن»: a type word does not make a common word a place
        if not typed:
            if self._is(i, self.words.all_words) and match.end == i + 1:
                return None
            if (self.needs_context(i, match) and not self.in_context(i, previous)) or \
                    (self._after_name(i) and not names.places[0].reviewed):
                return None
        raw_start, raw_end, written = self._written(i, match.end, match.form.dropped, match.form.article)
        return Mention(i, match.end, raw_start, raw_end, written, names.places, How.NAME, False,
                       *self._flags(i, match.form.dropped > 0, previous))

    def mentions(self, spans: list[tuple[int, int]] | None = None) -> list[Mention]:
        """The place mentions of the token spans (of the whole text by default), in text order, the datelines'
        marked."""
        return self.mark(self.scan(spans or [(0, len(self.tokens))]))

    def mark(self, found: list[Mention]) -> list[Mention]:
        """The mentions with those of datelines marked (`self.datelines`: where each dateline line starts)."""
        spans = Datelines(self.doc, self.vocab).find(found, self.texts)
        self.datelines = [a for a, _ in spans]
        return [replace(m, dateline=True) if any(a <= m.start and m.end <= b for a, b in spans) else m for m in found]

    def scan(self, spans: list[tuple[int, int]]) -> list[Mention]:
        """The place mentions of the token spans, in text order."""
        out: list[Mention] = []
        for a, b in spans:
            self._scan(a, b, out)
        return out

    def _scan(self, a: int, b: int, out: list[Mention]) -> None:
        tokens, done = self.tokens, a
        for i, flags in self._candidates(self.texts, a, b):
            if i < done:
                continue
            org = self.bodies.match(tokens, i) if flags & _BODY else None
            match = self.gaz.match(tokens, i) if flags & _NAME else None
            if org and (match is None or org[0] >= match.end):
                done = org[0]  # a body whose name holds a place name (قوات سوريا الديمقراطية)
                continue
            kind = self.type_kind(i) if flags & _TYPE and (match is None or match.end == i + 1) else None
            if kind is not None:  # a type word: the known or unknown name after it
                after = self.gaz.match(tokens, i + 1) if i + 1 < len(tokens) else None
                typed = not self._weak(i)  # a strong type word makes a name of context a place (مدينة صور)
                found = self._known(i + 1, after, None, typed) if after is not None else self._unknown(i, kind)
                done = after.end if after is not None else (found.end if found else i + 1)
            elif match is not None:
                found = self._known(i, match, out[-1] if out else None)
                done = match.end
            else:
                found = None
            if found:
                out.append(found)

    def _neighbour(self, i: int) -> bool:
        """Is the place at token i named as a neighbour («الحدودية مع سوريا»، «على الحدود مع الأردن»)?"""
        return i > 1 and bare(self.tokens[i - 1].text) in self.vocab.function.with_ and (
            self._is(i - 2, self.words.border) or self._is(i - 3, self.words.border))  # «الحدودي المغلق مع»

    def _flags(self, i: int, glued: bool, previous: Mention | None) -> tuple[bool, bool]:
        """What the words before a mention at token i say: is it a locative (في حلب، بالعريش، مدينة حلب،
        محافظة إدلب), an attribute of a person, a body or an event (سفير قطر، قمة طهران، دوق كامبريدج), as
        is a place joined to an attribute («سفراء النروج والفيليبين»)?"""
        locative = glued or self.type_kind(i) is not None or (i > 0 and (
            self._is(i - 1, self.words.locative) or self._is(i - 1, self.words.direction)
            or self.type_kind(i - 1) is not None))
        attribute = i > 0 and not glued and (self._is(i - 1, self.words.attribute) or self._neighbour(i) or (
            previous is not None and previous.attribute and self.in_context(i, previous)
            and not self._is(i - 1, self.words.locative)))
        return locative, attribute
