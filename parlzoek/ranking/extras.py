"""The ranking's extras: optional terms that lift the best matches without changing what must match.

The parts of the query's own compounds, each two neighbouring query words found next to each
other, abbreviations and their full forms, and the words' character 4-grams in title and
question, each at its weight in the ``Ranking``. Under the OR default they join the query's
alternatives; where every word or a phrase is required they only add to a score.
"""

from __future__ import annotations

import itertools

from whoosh.query import Or
from whoosh.support.charset import accent_map

from parlzoek.analysis.abbreviations import abbreviation_extras
from parlzoek.analysis.compounds import compound_parts
from parlzoek.engine.nodes import MinimumMatchOr
from parlzoek.fields import BODY
from parlzoek.query.language import plain_words
from parlzoek.ranking.model import GramSettings, Ranking


def _compound_extras(words: list[str], analyzer, ranking: Ranking) -> list:
    from whoosh.query import Term

    weight = ranking.query_part_weight
    title_weight = weight * ranking.field_weights.get("title", 0.0)
    extras: list = []
    for word in words:
        for part in compound_parts(word.lower().translate(accent_map)):
            for token in analyzer(part, mode="query"):
                extras.append(Term("body", token.text, boost=weight))
                if title_weight:
                    extras.append(Term("title", token.text, boost=title_weight))
    return extras


def _pair_extras(words: list[str], analyzer, weight: float) -> list:
    from whoosh.query import Phrase

    stems = [token.text for token in analyzer(" ".join(words), mode="query")]
    return [Phrase("body", [a, b], slop=1, boost=weight) for a, b in itertools.pairwise(stems)]


def without_common_grams(query, searcher, grams: GramSettings):
    """The query without its grams that more than ``grams.common`` of the documents hold (``ing_``,
    ``_ver``), where those are many: each adds next to nothing to a score, but reading their long
    postings costs as much as the rest of the query. The share a document needs counts the
    grams kept. Both counts take in the deleted documents not yet merged away, as Whoosh's
    document frequencies do: a gram's share stays what it was in a fresh build, where counting
    only live documents would let updates of a small index cross the line (and reorder it)."""
    from whoosh.query import NullQuery, Term

    most = grams.common * searcher.doc_count_all()
    if most <= grams.costly:
        return query

    def rare(node):
        if isinstance(node, Term) and node.fieldname == "grams" and searcher.doc_frequency("grams", node.text) > most:
            return NullQuery
        if isinstance(node, MinimumMatchOr):
            kept = [sub for sub in node.subqueries if sub is not NullQuery]
            return MinimumMatchOr(kept, grams.needed(len(kept)), boost=node.boost) if kept else NullQuery
        return node

    return query.accept(rare)


def _gram_extras(words: list[str], schema, grams: GramSettings) -> list:
    """Each distinct 4-gram of the query's words, looked for in the ``grams`` field (an index
    written before that field existed has none, and gets none), knowing the stems of the words
    it was cut from (``WordGram``)."""
    from parlzoek.ranking.held_grams import WordGram

    if "grams" not in schema:
        return []
    cut, body = schema["grams"].analyzer, schema["body"].analyzer
    stems: dict[str, set[str]] = {}
    for word in words:
        own = {token.text for token in body(word, mode="query")}
        for token in cut(word, mode="query"):
            stems.setdefault(token.text, set()).update(own)
    found = [WordGram(gram, sorted(held), grams.held_share, boost=grams.weight) for gram, held in stems.items()]
    return [MinimumMatchOr(found, grams.needed(len(found)))] if found else []


def ranking_extras(words: list[str], schema, ranking: Ranking) -> list:
    """Optional terms that lift the best matches: the parts of the query's compounds, each two
    neighbouring query words found next to each other, abbreviations and their full forms, and
    the words' character grams."""
    analyzer = schema["body"].analyzer
    extras: list = []
    if ranking.query_part_weight:
        extras += _compound_extras(words, analyzer, ranking)
    if ranking.pair_weight:
        extras += _pair_extras(words, analyzer, ranking.pair_weight)
    if ranking.abbreviation_weight:
        extras += abbreviation_extras(words, analyzer, ranking.abbreviation_weight)
    if ranking.grams.weight:
        extras += _gram_extras(words, schema, ranking.grams)
    return extras


class RankingExtras(Or):
    """The extras as one OR node of their own kind, so highlighting can tell them from the user's words."""


def with_alternatives(query, extras):
    """Extras join the query's alternatives (an OR of words), so a document holding only the
    parts of a compound is found too; filters and exclusions around them still hold."""
    from whoosh.query import And, AndMaybe, AndNot

    if isinstance(query, Or):
        return Or([*query.subqueries, extras], boost=query.boost, scale=query.scale)
    if isinstance(query, AndNot):
        return AndNot(with_alternatives(query.a, extras), query.b)
    # the OR of words among filters, which may be ORs of their own (``(partij:n-va OR partij:vb)``)
    children = query.subqueries if isinstance(query, And) else []
    words = [child for child in children if isinstance(child, Or) and _holds_words(child)]
    if len(words) == 1:  # words AND filters, as restrict_by_filters builds it
        return And([with_alternatives(c, extras) if c is words[0] else c for c in query.subqueries])
    return AndMaybe(query, score_only(extras))


def _holds_words(node) -> bool:
    """Whether a node looks for words (every word is looked for in ``body``), not only filters."""
    return any(leaf.field() == BODY for leaf in node.leaves())


def score_only(extras: Or) -> Or:
    """Extras that can only add to a score (the optional side of an AND MAYBE): there the grams
    need no share of their own, and Whoosh's plain OR of them says exactly that."""
    return type(extras)(
        [Or(e.subqueries, boost=e.boost) if isinstance(e, MinimumMatchOr) else e for e in extras.subqueries],
        boost=extras.boost,
    )


def with_ranking_extras(query, text: str, schema, ranking: Ranking):
    """Add the extras: as alternatives under the OR default, as score only where every word (AND)
    or a phrase is required, so they never widen what the user asked for."""
    from whoosh.query import AndMaybe

    extras = ranking_extras(plain_words(text), schema, ranking)
    if not extras:
        return query
    node = RankingExtras(extras)
    return AndMaybe(query, score_only(node)) if '"' in text else with_alternatives(query, node)
