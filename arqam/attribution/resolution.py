"""Resolution: a SpeakerPhrase -> a Speaker, reading what the article knows (persons, speakers named before)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from arqam.attribution.model import PhraseForm, Rule, Speaker, SpeakerPhrase
from arqam.attribution.names import anonymous_head
from arqam.attribution.persons import Persons
from arqam.attribution.reader import Reader
from arqam.text import morph
from arqam.text.normalize import normalize
from arqam.text.tokens import Token


@dataclass
class ArticleMemory:
    """What resolution reads: the persons of the article and the speakers named so far, in order."""

    r: Reader
    persons: Persons
    seen: list[Speaker] = field(default_factory=list)

    def note(self, sp: Speaker) -> None:
        if sp.name:
            self.seen.append(sp)

    def last_person(self) -> Speaker | None:
        """The person who spoke last in the article so far (named, not a role alone), if any."""
        return next((s for s in reversed(self.seen) if s.type == "person" and s.rule is not Rule.ROLE_ONLY), None)

    def anaphora(self, ws: list[Token] | tuple[Token, ...]) -> Speaker | None:
        """«وأضاف المصدر»، «وقالت الوزارة»، «المصدر ذاته»، «نفس المصدر»: a definite head naming a speaker seen
        before; an anonymous head seen nowhere before is that anonymous source."""
        r = self.r
        same = False
        head_word = morph.without_article(ws[0].text)
        if len(ws) > 1 and head_word != ws[0].text and all(w.text.startswith(morph.ARTICLE) for w in ws[1:]) \
                and anonymous_head(r, head_word, ws[0]):
            # «المصادر الميدانية»: the anonymous sources named before, or anonymous sources
            back = self.anaphora(ws[:1])
            return replace(back, name=back.name if back.rule is Rule.ANAPHORA else r.text(list(ws))) if back else None
        if len(ws) > 1 and head_word != ws[0].text and all(w.text.startswith(morph.ARTICLE) for w in ws[1:]):
            described = self._described(head_word, ws[1:])
            if described is not None:
                return described  # «وقالت المنظمة الحقوقية» after «منظمة العفو الدولية»
        if len(ws) == 2 and r.vocab.phrase_kind(ws[0]) == "same_before":
            ws, same = ws[1:], True
        elif len(ws) == 2 and r.vocab.phrase_kind(ws[1]) == "same_after":
            ws, same = ws[:1], True
        if len(ws) != 1:
            return None
        head = morph.without_article(ws[0].text)
        if not head or (head == ws[0].text and not same):
            return None
        for sp in reversed(self.seen):
            first = normalize(sp.name or "").split()[:1]
            if first and morph.without_article(first[0]) == head:
                return replace(sp, rule=Rule.ANAPHORA, channel=None)
        if anonymous_head(r, head, ws[0]):
            if same and self.seen:  # «وأوضح المصدر ذاته» after «وفق ما أكده والي قبلي، سامي الغابي»: that source
                return replace(self.seen[-1], rule=Rule.ANAPHORA, channel=None)
            return Speaker(r.text(list(ws)), "anonymous", rule=Rule.ANONYMOUS, raw=r.text(list(ws)))
        return None

    def _described(self, head: str, adjectives: list[Token] | tuple[Token, ...]) -> Speaker | None:
        """The speaker seen last whose name has this head, when each adjective is in its name or describes a body
        (`body_descriptor`: الحقوقية، الدولية، الأممية): «المنظمة الحقوقية» is «منظمة العفو الدولية», «الحكومة
        العراقية» is not «حكومة إقليم كردستان»."""
        descriptors = self.r.vocab.function.body_descriptor
        for sp in reversed(self.seen):
            words = [morph.without_article(w) for w in normalize(sp.name or "").split()]
            if words and words[0] == head and all(morph.without_article(a.text) in words or a.text in descriptors
                                                  for a in adjectives):
                return replace(sp, rule=Rule.ANAPHORA, channel=None)
        return None


def resolve(phrase: SpeakerPhrase | None, memory: ArticleMemory) -> Speaker | None:
    """The speaker a phrase names, given what the article knows."""
    if phrase is None:
        return None
    if phrase.form is PhraseForm.FIXED:
        sp = phrase.speaker
    elif phrase.form is PhraseForm.DOCUMENT:
        sp = resolve(phrase.issuer, memory) or phrase.speaker or Speaker(rule=Rule.DOCUMENT)
    else:
        sp = (memory.persons.known([t.text for t in phrase.words]) or _titled([t.text for t in phrase.words], memory)
              or memory.anaphora(phrase.words) or phrase.speaker)
    if sp is None:
        return None
    if phrase.channel:
        sp = replace(sp, channel=phrase.channel)
    if phrase.need_name and not sp.name:
        return None
    if phrase.name_prefix and sp.name:
        sp = replace(sp, name=phrase.name_prefix + sp.name)
    return sp


def _titled(words: list[str], memory: ArticleMemory) -> Speaker | None:
    """A title before a person the article named in full («وقال المقدم الوسلاتي» after «المقدم بلحسن الوسلاتي»);
    `words`: the phrase's words in the match key."""
    if len(words) < 2 or memory.r.vocab.role_kind(Token(words[0], 0, 0)) != "title":
        return None
    return memory.persons.known(words[1:])


def role_in_article(persons: Persons, memory: ArticleMemory, sp: Speaker) -> Speaker | None:
    """The person of the article a role alone names: the one of its affiliation, the one whose role has its head
    word, or for «المتحدث»/«الناطق» with no one of that role the person who spoke last («وقال الكولونيل ستيف وارن
    ... ولم يحدد المتحدث»); None when the article does not say."""
    named = _titled(normalize(sp.role or "").split(), memory)  # «وقال المقدم الوسلاتي، خلال ندوة صحفية»
    if named is not None:
        return named
    same = persons.for_role(sp.role, sp.affiliation) if sp.affiliation else persons.for_head(sp.role)
    if same is None and not sp.affiliation and normalize(sp.role or "") in memory.r.vocab.function.speaking_role:
        same = memory.last_person()
    return same
