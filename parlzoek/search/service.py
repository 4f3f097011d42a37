"""Run queries against an index: ranked documents with their best passages, facets, suggestions.

One ``SearchEngine`` holds one Whoosh searcher, so a batch of queries reuses it. Ties in score
are broken by document id, never by Whoosh's internal document numbers (which change when
segments merge or a multiprocess writer interleaves).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from whoosh.highlight import NullFormatter
from whoosh.query import And, NullQuery
from whoosh.spelling import Corrector

from parlzoek.analysis.dutch import stem_function
from parlzoek.analysis.signature import short_signature
from parlzoek.corpus.models import Document, Sibling
from parlzoek.corpus.textdoc import question_id
from parlzoek.engine.reading.collect import collect, matching_docnums
from parlzoek.engine.reading.tie_order import best_by_score_then_id
from parlzoek.errors import ParlzoekError, QueryError, UsageError
from parlzoek.fields import BODY, PARTS, TEXT_FIELDS
from parlzoek.index.schema import from_stored
from parlzoek.index.store import IndexHome
from parlzoek.query.language import (
    EveryDocument,
    check_expansions,
    make_parser,
    parse_query,
    plain_words,
    readable_dates,
    searched_text,
)
from parlzoek.ranking.extras import RankingExtras, with_ranking_extras, without_common_grams
from parlzoek.ranking.feedback import expand
from parlzoek.ranking.model import DEFAULT_RANKING, Ranking
from parlzoek.ranking.weighting import SearchWeighting
from parlzoek.search.facets import FacetColumns, facet_filter
from parlzoek.search.hits import strict_query
from parlzoek.search.marks import NO_MARKS, MarkedDocument, Near, marks_of, near_reasons, words_nowhere
from parlzoek.search.passages import PassageHit, best_passages, mark_passages
from parlzoek.search.spelling import LexiconCorrector

FEW_HITS = 3
SPELLED_FIELDS = (*TEXT_FIELDS, BODY)
MIN_CORRECTED = 4  # shorter words have too many neighbours to correct ("a" to "1")


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count one).

    >>> edit_distance("belastng", "belasting"), edit_distance("belastng", "belast")
    (1, 2)
    """
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


class ClosestFirstCorrector(Corrector):
    """Whoosh ranks spelling suggestions by frequency first, so ``belastng`` became ``belast``;
    a reader expects the closest word first (``belasting``), frequency only between equals.

    Whoosh hands a corrector the query's terms, which are stems; ``typed`` gives the word the
    reader typed for a stem, so the word is what is corrected: the stem of ``treinbegeleidr``,
    ``treinbeleidr``, is three edits from any indexed word, the word one from ``treinbegeleider``."""

    def __init__(self, base: Corrector, typed: Mapping[str, str] | None = None) -> None:
        self.base, self.typed = base, typed or {}

    def _suggestions(self, text, maxdist, prefix):
        word = self.typed.get(text, text)
        candidates = self.base.suggest(word, limit=20, maxdist=maxdist, prefix=prefix)
        for order, found in enumerate(candidates):
            yield -edit_distance(word, found) * 100 - order, found  # higher is better


class DocumentNotFoundError(ParlzoekError):
    """No document with that id in the index."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    rank: int
    score: float
    document: Document
    passages: tuple[PassageHit, ...]
    near: tuple[Near, ...] | None = None  # why a near match was found; None for a hit (``marks``)
    title_hits: tuple[tuple[int, int], ...] = ()  # (start, end) of the marks in the title (passages shown)


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    parsed: str
    total: int
    page: int
    limit: int
    hits: tuple[SearchHit, ...]
    facets: dict[str, dict[str, int]] | None = None
    suggestion: str | None = None
    nowhere: tuple[str, ...] = ()  # the query's words no document holds (all of them where none is held)
    near_only: bool = False  # no document holds any query word: the hits are near matches
    hit_total: int | None = None  # of ``total``, the documents holding the query's words (``hits``)
    facets_of: str = "all"  # what the facets count: "hits" where there are hits and near matches, else "all"

    @property
    def held(self) -> int:
        """How many matches are hits, not near matches (all of them where not counted apart)."""
        return self.total if self.hit_total is None else self.hit_total

    @property
    def near_total(self) -> int:
        return self.total - self.held


@dataclass(frozen=True, slots=True)
class IndexStats:
    path: Path
    documents: int
    passages: int
    terms: dict[str, int]
    size_bytes: int
    stemmer: str
    signature: str  # the first digits of the analysis rules' hash (``analysis.signature``)
    created: str | None
    updated: str | None
    sources: int


def _files_size(directory: Path) -> int:
    """Bytes of the files in ``directory``; a build may be removing it (the searcher's files stay open)."""
    try:
        entries = list(os.scandir(directory))
    except FileNotFoundError:
        return 0
    size = 0
    for entry in entries:
        try:
            size += entry.stat().st_size if entry.is_file() else 0
        except FileNotFoundError:
            continue
    return size


@dataclass(frozen=True, slots=True)
class AllDocuments:
    """Every match a hit: a query of filters only, whose matches hold no words to tell apart."""

    size: int

    def __contains__(self, docnum: object) -> bool:
        return True

    def __len__(self) -> int:
        return self.size


class SearchEngine:
    """An open index, ready for queries ranked by ``ranking``; use as a context manager so its
    files are released. ``operator``: how the words of a query combine ("or" or "and")."""

    def __init__(self, home: IndexHome, operator: str = "or", ranking: Ranking = DEFAULT_RANKING) -> None:
        self.home, self.operator, self.ranking = home, operator, ranking
        weighting = SearchWeighting(ranking.probabilistic_idf_fields)
        self.opened = home.open_searcher(weighting=weighting)
        self.searcher = self.opened.searcher
        self.parser = make_parser(self.searcher.schema, ranking.field_weights, operator)
        self.analyzer = self.searcher.schema["question"].analyzer
        self.stem = stem_function(self.analyzer)
        self._ids = self.searcher.reader().column_reader("id")
        self._spelling = LexiconCorrector(self.searcher.reader(), "question")  # "question": the spelled words
        self._facets_of = FacetColumns(self.searcher)

    def __enter__(self) -> SearchEngine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.searcher.close()

    def _ranked(self, query, need: int) -> tuple[list[tuple[float, str, int]], int]:
        """Top ``need`` (score, id, docnum) ordered by score then id, and the exact number of matches.

        Ties at the cut are settled by id: every document scoring as much as the ``need``-th comes
        back from ``collect`` (a filter alone gives all its matches the same score).
        """
        results = self._collect(query, need, ties=True)
        return best_by_score_then_id(self.searcher.reader(), results.hits, need, self.id_of), len(results)

    def _by_date(self, query, need: int) -> tuple[list[tuple[float, str, int]], int]:
        """Top ``need`` (score, id, docnum) newest first, ties and undated documents by id."""
        matches = self._collect(query, None)
        dates = self.searcher.reader().column_reader("date", translate=False)
        ordered = sorted((-dates[m.docnum], self.id_of(m.docnum), m.score, m.docnum) for m in matches)
        return [(score, doc_id, docnum) for _, doc_id, score, docnum in ordered[:need]], len(matches)

    def query_for(self, text: str):
        """The query as searched: parsed, with the ranking's extras, its common grams left out
        (``without_common_grams``). A bad query, or a prefix standing for too many words
        (``check_expansions``), is a ``QueryError``."""
        parsed = parse_query(self.parser, text)
        check_expansions(parsed, self.searcher.reader())
        query = with_ranking_extras(parsed, text, self.searcher.schema, self.ranking)
        return without_common_grams(query, self.searcher, self.ranking.grams)

    def _collect(self, query, limit: int | None, ties: bool = False):
        return collect(self.searcher, query, limit, ties=ties)

    def id_of(self, docnum: int) -> str:
        """The id of the document at ``docnum`` (the id column, read once per engine)."""
        value = self._ids[docnum]
        return value.decode("utf-8") if isinstance(value, bytes) else value

    def search(
        self,
        text: str,
        *,
        limit: int = 10,
        page: int = 1,
        passages: int = 2,
        facets: bool = False,
        snippets: bool = True,
        suggest: bool = True,
        filters: Mapping[str, str] | None = None,
        by_date: bool = False,
    ) -> SearchResults:
        """Ranked documents for ``text``; ``passages=0`` skips passage selection (for TREC runs).

        ``filters`` narrow the matches to facet values (``{"minister": …, "year": "2017"}``, as
        ``FacetColumns.counts`` names them); ``by_date`` orders them newest first (then by id) instead of
        by score."""
        if limit < 1 or page < 1 or passages < 0:
            raise UsageError("--limit and --page must be at least 1, --passages at least 0")
        typed, text = text, searched_text(text)
        query = self.query_for(text)
        strict = strict_query(query, text, self.searcher.schema)
        if self.ranking.feedback:
            query = expand(query, self.searcher, self.analyzer, self.ranking.feedback)
        if filters:
            narrowed = [facet_filter(name, value) for name, value in filters.items()]
            query, strict = And([query, *narrowed]), And([strict, *narrowed]).normalize()
        ranked, total = self._by_date(query, limit * page) if by_date else self._ranked(query, limit * page)
        ranked = ranked[limit * (page - 1) :]
        marks = marks_of(query, text, self.searcher.reader(), self.searcher.schema, self.ranking)
        held = self._held(strict, marks, total)
        shown = marks if passages else NO_MARKS
        hits = []
        for offset, (score, _, docnum) in enumerate(ranked):
            # with no passages shown (TREC runs) only a near match's text is read, for its reasons
            document = MarkedDocument(from_stored(self.searcher.stored_fields(docnum)), shown, self.stem)
            chosen = best_passages(document, passages, snippets) if passages else []
            rank = limit * (page - 1) + offset + 1
            near = None if docnum in held else near_reasons(document, marks, self.stem)
            hits.append(SearchHit(rank, score, document.document, tuple(chosen), near, document.spans_of("title")))
        near_only = marks.asks_words and not marks.held
        nowhere = marks.words if near_only else words_nowhere(text, self.searcher.reader(), self.searcher.schema)
        of_hits = 0 < len(held) < total
        counted = None
        if facets:  # the hits the search found: all the matches where none is a near match
            counted = self._facets(strict, held) if isinstance(held, frozenset) and held else self._facets(query)
        return SearchResults(
            query=typed,
            parsed=readable_dates(str(query)),
            total=total,
            page=page,
            limit=limit,
            hits=tuple(hits),
            facets=counted,
            suggestion=self._suggest(query, text) if suggest and (total < FEW_HITS or nowhere) else None,
            nowhere=nowhere,
            near_only=near_only,
            hit_total=len(held),
            facets_of="hits" if of_hits else "all",
        )

    def _held(self, strict, marks, total: int) -> AllDocuments | frozenset[int]:
        """The documents among the matches that are hits (``hits.strict_query``): all of them where
        the query asks no words (filters only)."""
        if not marks.asks_words:
            return AllDocuments(total)
        if strict is NullQuery:
            return frozenset()
        return frozenset(matching_docnums(self.searcher, strict))

    def _facets(self, query, matches: frozenset[int] | None = None) -> dict[str, dict[str, int]]:
        """The facets of ``query``'s matches; ``matches``: those, where the search found them already
        (the hits: running their query once more cost as much again). The hits are what the facets
        count where some matches are near ones, and all the matches where there are no near ones."""
        found = matching_docnums(self.searcher, query) if matches is None else list(matches)
        return self._facets_of.counts(query, found)

    def facet_values(self) -> dict[str, dict[str, int]]:
        """Every value of every facet in the index with its documents, most first (the values a
        filter can take: what a filter that finds nothing is held against)."""
        return self._facets(EveryDocument())

    def _suggest(self, query, text: str) -> str | None:
        """Another spelling of the query's unknown words, offered only where it finds documents
        the query's own words do not (near matches through similar spellings do not count): a
        word the index holds anywhere (``body``) is no slip, even where a field lacks it, and a
        form with the same stem finds the same documents (``warmtepomp`` for ``warmtepompen``
        told the reader nothing)."""
        typed = {}
        for word in plain_words(text):
            terms = [token.text for token in self.analyzer(word, mode="query")]
            if len(terms) == 1:
                typed.setdefault(terms[0], word.lower())
        corrector = ClosestFirstCorrector(self._spelling, typed)
        reader = self.searcher.reader()
        unknown = {  # a word once, in one field: each field it is looked for in would look it up again
            t: (f, t)
            for f, t in sorted(query.all_terms())
            if f in SPELLED_FIELDS and len(t) >= MIN_CORRECTED and t.isalpha() and ("body", t) not in reader
        }
        if not unknown:
            return None
        try:
            corrected = self.searcher.correct_query(
                query, text, correctors={f: corrector for f in SPELLED_FIELDS}, terms=list(unknown.values())
            )
        except Exception:  # a suggestion is a courtesy; never fail a search over it
            return None
        suggestion = self._as_typed(text, corrected)
        if suggestion == text:
            return None
        # the corrected words are surface forms: parse again so they are analysed like any query;
        # a misspelt word may already find its documents through their character grams
        try:
            found = set(matching_docnums(self.searcher, self.query_for(suggestion)))
        except QueryError:  # a correction that does not parse (never the reader's fault): no suggestion
            return None
        return suggestion if found - self._own_matches(query) else None

    def _as_typed(self, text: str, corrected) -> str:
        """The corrected query with each corrected word in the form closest to the one typed: Whoosh
        corrects the query's stems, so ``asielzoekrs`` became the stem ``asielzoeker``; of the
        indexed words with that stem, ``asielzoekers`` is the one a reader meant."""
        for token in corrected.tokens:
            typed = text[token.startchar : token.endchar].lower()
            stem = self.stem(token.text)
            forms = [w for w in self._spelling.suggest(typed, limit=20, maxdist=2) if self.stem(w) == stem]
            if forms:
                token.text = min(forms, key=lambda word: edit_distance(typed, word))
        return corrected.format_string(NullFormatter())

    def _own_matches(self, query) -> set[int]:
        """The documents the query's own words find, without the ranking's extras."""
        own = query.accept(lambda node: NullQuery if isinstance(node, RankingExtras) else node).normalize()
        return set() if own is NullQuery else set(matching_docnums(self.searcher, own))

    def document(self, doc_id: str) -> Document:
        docnum = self.searcher.document_number(id=doc_id)
        if docnum is None:
            raise DocumentNotFoundError(f"no document with id {doc_id!r} in {self.home.path}")
        return from_stored(self.searcher.stored_fields(docnum))

    def siblings(self, document: Document) -> list[tuple[Sibling, str | None]]:
        """The other ministers ``document``'s question was put to, each with the id of that
        minister's question in the index (same session year, the sibling's number), or ``None``."""
        own = question_id(document.session_year, document.number, document.minister)
        found = []
        for sibling in document.siblings:
            sibling_id = question_id(document.session_year, sibling.number, sibling.minister)
            if sibling_id is not None and sibling_id == own:
                continue
            indexed = sibling_id is not None and self.searcher.document_number(id=sibling_id) is not None
            found.append((sibling, sibling_id if indexed else None))
        return found

    def highlight(self, document: Document, text: str | None) -> list[PassageHit]:
        """All passages of ``document`` in order, with the hits of query ``text`` (if any) marked."""
        return mark_passages(self.marked(document, text))

    def marked(self, document: Document, text: str | None) -> MarkedDocument:
        """``document`` with the marks of query ``text`` (if any) in each of its texts."""
        reader, schema = self.searcher.reader(), self.searcher.schema
        text = searched_text(text) if text else text
        marks = marks_of(parse_query(self.parser, text), text, reader, schema, self.ranking) if text else NO_MARKS
        return MarkedDocument(document, marks, self.stem)

    def stats(self) -> IndexStats:
        from parlzoek.index.build import live_terms  # only here: searching needs no builder

        reader = self.searcher.reader()
        counts = reader.column_reader("passage_count")
        manifest = self.opened.manifest
        return IndexStats(
            path=self.home.path,
            documents=reader.doc_count(),
            passages=sum(counts[docnum] for docnum in reader.all_doc_ids()),
            terms={field: sum(1 for _ in reader.lexicon(field)) for field in (*TEXT_FIELDS, BODY, PARTS)},
            size_bytes=_files_size(self.opened.generation),
            stemmer=manifest["analyzer"]["stemmer"],
            signature=short_signature(manifest["analyzer"]),
            created=manifest.get("created"),
            updated=manifest.get("updated"),
            sources=len(live_terms(reader, "source")),
        )
