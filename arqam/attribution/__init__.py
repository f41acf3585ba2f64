"""Who said it: the speaker, speaker type, role and channel of each figure in an article.

No NER model: the structure of Arabic reporting clauses does the work, in stages a newcomer reads in
the order data flows:

- cues.py: the reporting cues of a document (قال، أكد، أشار إلى أن، بحسب، نقلا عن ...), reporting.tsv;
- scope.py: the bounds of a speaker phrase around a cue (after it, before it, after «بحسب»);
- phrase.py: a speaker phrase -> SpeakerPhrase, read by named rules (stateless), with names.py (person
  names), bodies.py (organizations, anonymous sources, documents) and channel.py (لرويترز، في تصريح لـ);
- resolution.py: SpeakerPhrase -> Speaker, reading what the article knows (persons.py: the registry of
  named people; the speakers named before, for «المصدر»، «الوزارة»);
- discourse.py: the walk over the article, the scope of each speaker, and the speaker of each figure.
"""

from arqam.attribution.discourse import Attribution
from arqam.attribution.model import OUTLET_VOICE, Cue, CueType, Rule, Speaker, SpeakerPhrase

__all__ = ["OUTLET_VOICE", "Attribution", "Cue", "CueType", "Rule", "Speaker", "SpeakerPhrase"]
