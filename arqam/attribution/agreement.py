"""Gender agreement of a reporting verb with no subject: «وأخبرت عن مقتل خمسة أشخاص» (feminine) does not go on
with a man named before it («إعلان المبعوث الأممي ...»), but with the last source it can agree with (a body, the
newspapers, a woman)."""

from __future__ import annotations

from arqam.attribution.model import Speaker
from arqam.attribution.reader import Reader
from arqam.text import morph
from arqam.text.normalize import normalize
from arqam.text.tokens import Token, bare


def feminine_verb(r: Reader, tok: Token) -> bool:
    """A perfect verb in its feminine form: «أخبرت»، «وأضافت» (the reporting lexicon has its masculine «أخبر»)."""
    w = bare(tok.text)
    return len(w) > 3 and w.endswith(morph.FEMININE_T) and r.vocab.cues.match([Token(w[:-1], 0, 0)], 0) is not None


def masculine(sp: Speaker) -> bool:
    """A person named by a masculine role («المبعوث الأممي»، «المتحدث باسم الجيش»); unknown without a role."""
    if sp.type != "person" or not sp.role:
        return False
    head = normalize(sp.role).split()
    return bool(head) and not head[0].endswith(morph.TEH_MARBUTA)


def agreeing(r: Reader, verb: Token, current: Speaker, seen: list[Speaker], voice: Speaker) -> Speaker:
    """Who a subjectless verb continues: `current`, unless the verb is feminine and `current` a man; then the last
    source seen that is not one, else the article's voice."""
    if not (masculine(current) and feminine_verb(r, verb)):
        return current
    return next((sp for sp in reversed(seen) if not masculine(sp)), voice)
