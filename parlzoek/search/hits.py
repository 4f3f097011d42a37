"""The strict form of a query: what counts a search's *hits*, as against all its matches.

A hit holds the query's own words as a search for them finds them: in any form the stemmer,
folding and abbreviations give, or as a part of a compound it holds (``fraude`` finds
*belastingfraude*). The ranking's other extras (the parts of a query compound, word pairs, a
word's character grams) find near matches too; the strict form leaves them out, so counting it
with the engine's fast counting tells hits from near matches without reading a document.
"""

from __future__ import annotations

from whoosh.query import NullQuery

from parlzoek.analysis.abbreviations import abbreviation_extras
from parlzoek.query.language import plain_words
from parlzoek.ranking.extras import RankingExtras


def strict_query(query, text: str, schema):
    """``query`` (as parsed from ``text``, filters and exclusions kept) with its ranking extras
    cut down to the abbreviations' other forms: an abbreviation is the same word, not a near match.
    ``NullQuery`` where nothing is left."""
    analyzer = schema["body"].analyzer
    abbreviations = abbreviation_extras(plain_words(text), analyzer, 1.0)

    def strict(node):
        if isinstance(node, RankingExtras):
            return RankingExtras(abbreviations) if abbreviations else NullQuery
        return node

    return query.accept(strict).normalize()
