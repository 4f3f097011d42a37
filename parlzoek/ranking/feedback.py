"""Pseudo-relevance feedback (RM3-style): words the top documents share, added to the query.

A descriptor such as ``ambtenaar`` misses documents that say ``personeelslid`` or
``overheidspersoneel``; the best first-pass matches often use those words. Each top document
contributes its words in proportion to their share of its text and to its score; words found in
more than a fifth of all documents carry no signal and are dropped; the rest are weighted by
rarity. The strongest join the query as optional alternatives at a fraction of a query word's
weight. Off by default: on the Chamber data it lifts topic MAP but costs time per query and
does nothing for known-item search (see ``bench/relevance.py``).
"""

from __future__ import annotations

import math
from collections import Counter

from parlzoek.fields import TEXT_FIELDS
from parlzoek.ranking.extras import RankingExtras, with_alternatives
from parlzoek.ranking.model import FeedbackSettings


def feedback_weights(searcher, analyzer, hits: list[tuple[float, int]], settings: FeedbackSettings) -> dict[str, float]:
    """Expansion words with weights in (0, 1], from (score, docnum) of the first-pass top documents."""
    total = sum(score for score, _ in hits)
    if not hits or total <= 0:
        return {}
    weights: Counter[str] = Counter()
    for score, docnum in hits:
        stored = searcher.stored_fields(docnum)
        text = " ".join(stored.get(field) or "" for field in TEXT_FIELDS)
        counts = Counter(token.text for token in analyzer(text))
        length = sum(counts.values())
        for term, count in counts.items():
            weights[term] += count / length * score / total
    reader, documents = searcher.reader(), searcher.reader().doc_count()
    for term in list(weights):
        frequency = reader.doc_frequency("body", term)
        if frequency == 0 or frequency > documents * settings.max_document_share:
            del weights[term]
        else:
            weights[term] *= math.log(documents / frequency)
    strongest = weights.most_common(settings.terms)
    return {term: weight / strongest[0][1] for term, weight in strongest} if strongest else {}


def expand(query, searcher, analyzer, settings: FeedbackSettings):
    """``query`` with the feedback words of its own top documents as optional alternatives."""
    from whoosh.query import Term

    from parlzoek.engine.reading.collect import collect

    first = collect(searcher, query, settings.documents)
    weights = feedback_weights(searcher, analyzer, [(hit.score, hit.docnum) for hit in first], settings)
    if not weights:
        return query
    terms = [Term("body", term, boost=settings.weight * weight) for term, weight in weights.items()]
    return with_alternatives(query, RankingExtras(terms))
