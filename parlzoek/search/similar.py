"""Documents like a given one or like a draft: "has this been asked before?".

The source (an indexed document, or a draft's text) is reduced to its key terms, and those are
searched as one weighted OR through the search engine's own collection (``collect``), so the
fast paths that serve ``search`` serve this too.

Key terms: the stems of the title, the question and (weaker) the answer, as ``search`` analyses
text. Each term's weight is BM25-like: a saturated count times the term's rarity,

    weight(t) = log(1 + Σ_source w_source · count_source(t)) · log(1 + (N − df + ½) / (df + ½))

with ``w`` 2 for the title, 1 for the question and ``answer_weight`` for the answer. Terms that
more than ``boilerplate_share`` of all documents hold (*vraag*, *minister*, *antwoord*, *aantal*
…) are boilerplate: a short list learned from the index's document frequencies, the same for
every query (and never fewer than ``BOILERPLATE_DOCUMENTS`` documents: a small index cannot
tell). The strongest ``terms`` remain; each is searched in the whole text, and the strongest
``part_terms`` of them, at ``part_weight``, as compound parts (``parts``), so ``fraude`` finds
``belastingfraude``.

A result's similarity is its score relative to the best result's (1.0 for the best). The
source's twins (documents with its question, word for word: one question put to several
ministers) come first, at the best score. Results with the same question text as each other
form one group, shown once. The source itself never appears.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from parlzoek.analysis.dutch import stem_function, term_spans
from parlzoek.corpus.models import Document
from parlzoek.engine.reading.collect import collect
from parlzoek.engine.reading.tie_order import best_by_score_then_id
from parlzoek.errors import NothingToSearchError, QueryError, UsageError
from parlzoek.fields import BODY, GRAMS, META, PARTS, TEXT_FIELDS
from parlzoek.index.schema import from_stored
from parlzoek.query.language import parse_query
from parlzoek.search.marks import MarkedDocument, Marks
from parlzoek.search.passages import PassageHit, best_passages
from parlzoek.search.service import SearchEngine

SHOWN_TERMS = 8  # shared terms listed per result; all of them are marked in its passages
GROUP_SLACK = 20  # extra candidates fetched so that grouping twins still fills a page
BOILERPLATE_DOCUMENTS = 20  # fewer documents than this say nothing about what is boilerplate
TWIN_FLOOR = 0.3  # the source's twins are looked for among results scoring this share of the best


@dataclass(frozen=True, slots=True)
class SimilarSettings:
    """How key terms are chosen and weighted; the defaults are measured in ``bench/similar.py``."""

    terms: int = 60
    title_weight: float = 2.0
    answer_weight: float = 0.3
    boilerplate_share: float = 0.1
    part_weight: float = 0.3
    part_terms: int = 20  # the strongest this many key terms are also looked for as compound parts


DEFAULT_SETTINGS = SimilarSettings()


@dataclass(frozen=True, slots=True)
class KeyTerm:
    stem: str
    word: str  # the source's most frequent surface form of the stem, for people to read
    weight: float  # relative to the strongest key term (1.0)


@dataclass(frozen=True, slots=True)
class SimilarHit:
    rank: int
    score: float
    similarity: float  # score relative to the best result's
    document: Document
    passages: tuple[PassageHit, ...]
    terms: tuple[str, ...]  # the key terms this document shares, strongest first (surface forms)
    twins: tuple[Document, ...] = ()  # the same question under other numbers / ministers


@dataclass(frozen=True, slots=True)
class SimilarResults:
    source: str | None  # the source document's id, None for a draft
    query: str  # what was looked for, for people: the source's title or the draft's start
    key_terms: tuple[KeyTerm, ...]
    total: int
    page: int
    limit: int
    hits: tuple[SimilarHit, ...]
    where: str | None = None
    settings: SimilarSettings = DEFAULT_SETTINGS


def _counted(text: str, stem) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    stems: Counter[str] = Counter()
    forms: Counter[tuple[str, str]] = Counter()
    for start, end, term in term_spans(text, stem):
        stems[term] += 1
        forms[term, text[start:end].lower()] += 1
    return stems, forms


def key_terms(engine: SearchEngine, sources: dict[str, str], settings: SimilarSettings) -> list[KeyTerm]:
    """The strongest ``settings.terms`` key terms of ``sources`` (``title``/``question``/``answer``
    text), boilerplate left out, strongest first."""
    stem = stem_function(engine.analyzer)
    source_weights = {"title": settings.title_weight, "question": 1.0, "answer": settings.answer_weight}
    counts: Counter[str] = Counter()
    forms: Counter[tuple[str, str]] = Counter()
    for name, text in sources.items():
        if text and source_weights.get(name, 0) > 0:
            stems, surfaces = _counted(text, stem)
            for term, count in stems.items():
                counts[term] += source_weights[name] * count
            forms.update(surfaces)
    reader = engine.searcher.reader()
    documents = reader.doc_count_all()
    most = max(settings.boilerplate_share * documents, BOILERPLATE_DOCUMENTS)
    weights: dict[str, float] = {}
    for term, count in counts.items():
        frequency = reader.doc_frequency("body", term)
        if frequency > most:
            continue
        rarity = math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))
        weights[term] = math.log(1 + count) * rarity
    strongest = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[: settings.terms]
    if not strongest:
        return []
    word = {}
    for (term, surface), _ in sorted(forms.items(), key=lambda item: -item[1]):
        word.setdefault(term, surface)
    top = strongest[0][1]
    return [KeyTerm(term, word.get(term, term), weight / top) for term, weight in strongest]


def boilerplate(engine: SearchEngine, settings: SimilarSettings = DEFAULT_SETTINGS) -> list[str]:
    """The terms left out of every source as boilerplate, most frequent first (for docs and checks)."""
    reader = engine.searcher.reader()
    most = max(settings.boilerplate_share * reader.doc_count_all(), BOILERPLATE_DOCUMENTS)
    found = [(reader.doc_frequency("body", term), term) for term in reader.field_terms("body")]
    return [term for frequency, term in sorted(found, reverse=True) if frequency > most]


def terms_query(terms: list[KeyTerm], settings: SimilarSettings):
    """One OR of the key terms, each in the whole text and as a compound part."""
    from whoosh.query import Or, Term

    leaves = [Term("body", t.stem, boost=t.weight) for t in terms]
    if settings.part_weight:
        leaves += [Term("parts", t.stem, boost=t.weight * settings.part_weight) for t in terms[: settings.part_terms]]
    return Or(leaves)


def filter_query(engine: SearchEngine, where: str | None):
    """``--where``: field filters in the query syntax (``jaar:>=2017 minister:crevits``), no words
    (the words are the source's). Exclusions need a filter that keeps something beside them."""
    if not where or not where.strip():
        return None
    try:
        query = parse_query(engine.parser, where)
    except NothingToSearchError as exc:
        raise UsageError(
            f"--where {where!r} only excludes: give a filter that keeps too, e.g. 'jaar:>=2000 {where.strip()}'"
        ) from exc
    worded = [leaf for leaf in query.leaves() if leaf.field() in {*TEXT_FIELDS, BODY, PARTS, GRAMS, META}]
    if worded:
        raise UsageError(
            f"--where takes filters on metadata only (jaar:, datum:, minister:, partij:, vraagsteller:, nr:, …), "
            f"not words, nor the text fields titel:, vraag:, antwoord: (the words come from the source): {where!r}"
        )
    return query


def _text_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _question_key(document: Document) -> str:
    return _text_key(document.question or "")


def _question_keys(engine: SearchEngine):
    """docnum -> its question's words, each document's stored fields read once per ``similar``."""
    keys: dict[int, str] = {}

    def key_of(docnum: int) -> str:
        if docnum not in keys:
            keys[docnum] = _text_key(engine.searcher.stored_fields(docnum).get("question") or "")
        return keys[docnum]

    return key_of


def _twins_first(key_of, ranked: list, key: str) -> list:
    """The source's twins (the same question, word for word) first, at the best score: a question
    already asked is the answer to "has this been asked before?" whatever else scores higher."""
    if not ranked or not key:
        return ranked
    near = [r for r in ranked if r[0] >= TWIN_FLOOR * ranked[0][0]]  # a twin shares all its question's terms
    twins = [r for r in near if key_of(r[2]) == key]
    if not twins:
        return ranked
    top = ranked[0][0]
    return [(top, doc_id, docnum) for _, doc_id, docnum in twins] + [r for r in ranked if r not in twins]


def find_similar(
    engine: SearchEngine,
    *,
    doc_id: str | None = None,
    text: str | None = None,
    where: str | None = None,
    limit: int = 10,
    page: int = 1,
    passages: int = 2,
    group: bool = True,
    explain: bool = True,
    snippets: bool = True,
    settings: SimilarSettings = DEFAULT_SETTINGS,
) -> SimilarResults:
    """The documents most like indexed document ``doc_id`` or like draft ``text``.

    An unknown id raises ``DocumentNotFoundError``; a draft with no words to look for (empty,
    stop words only, boilerplate only) is a ``QueryError``. With ``group``, documents with the
    same question text count as one result (the best ranked carries the others as ``twins``).
    With ``explain``, each result lists the key terms it shares (and its passages mark them);
    ``snippets`` are the passages' HTML (JSON shows them, the terminal does not).
    """
    if limit < 1 or page < 1 or passages < 0:
        raise UsageError("--limit and --page must be at least 1, --passages at least 0")
    if doc_id is not None:
        source = engine.document(doc_id)
        sources = {"title": source.title, "question": source.question, "answer": source.answer or ""}
        label = source.title or doc_id
    else:
        source = None
        sources = {"question": text or ""}
        label = " ".join((text or "").split())[:80]
    terms = key_terms(engine, sources, settings)
    if not terms:
        what = f"document {doc_id}" if doc_id else "the draft"
        raise QueryError(f"nothing to compare in {what}: no words beyond stop words and boilerplate")
    from whoosh.query import And

    query = terms_query(terms, settings)
    restriction = filter_query(engine, where)
    if restriction is not None:
        query = And([query, restriction])
    need = limit * page + GROUP_SLACK * group + 1
    reader = engine.searcher.reader()
    collected = collect(engine.searcher, query, need, ties=True)
    everything = best_by_score_then_id(reader, collected.hits, need, engine.id_of)
    ranked = [r for r in everything if r[1] != doc_id]
    total = len(collected) - (len(ranked) < len(everything))
    key_of = _question_keys(engine)
    ranked = _twins_first(key_of, ranked, _question_key(source) if source else _text_key(text or ""))
    groups = _grouped(key_of, ranked, limit * page) if group else [[r] for r in ranked]
    chosen = groups[limit * (page - 1) : limit * page]
    best = groups[0][0][0] if groups else 1.0
    stems = {t.stem: t for t in terms}
    hits = []
    for offset, members in enumerate(chosen):
        score, _, docnum = members[0]
        document = from_stored(engine.searcher.stored_fields(docnum))
        shared = _shared(document, stems, engine) if explain else []
        marks = Marks(terms=frozenset(t.stem for t in shared), words=tuple(t.word for t in shared))
        found = best_passages(MarkedDocument(document, marks, engine.stem), passages, snippets) if passages else []
        hits.append(
            SimilarHit(
                rank=limit * (page - 1) + offset + 1,
                score=score,
                similarity=score / best if best > 0 else 0.0,
                document=document,
                passages=tuple(found),
                terms=tuple(t.word for t in shared),
                twins=tuple(from_stored(engine.searcher.stored_fields(twin[2])) for twin in members[1:]),
            )
        )
    return SimilarResults(doc_id, label, tuple(terms), total, page, limit, tuple(hits), where, settings)


def _grouped(key_of, ranked: list, enough: int) -> list[list]:
    """Ranked (score, id, docnum) as groups of the same question text, each at its best member's
    rank; once ``enough`` groups are found, later documents only join those."""
    groups: list[list] = []
    by_key: dict[str, list] = {}
    for entry in ranked:
        key = key_of(entry[2])
        if key in by_key:
            by_key[key].append(entry)
        elif len(groups) < enough:
            groups.append(members := [entry])
            by_key[key] = members
    return groups


def _shared(document: Document, stems: dict[str, KeyTerm], engine: SearchEngine) -> list[KeyTerm]:
    stem = stem_function(engine.analyzer)
    text = "\n".join(part for part in (document.title, document.question, document.answer) if part)
    once = " ".join(dict.fromkeys(text.split()))  # each chunk once: a long answer repeats most of its words
    held = {term for _, _, term in term_spans(once, stem)}
    # strongest first, equal weights by stem: a set's order changes from run to run (hash seeds)
    return sorted((stems[t] for t in held & stems.keys()), key=lambda t: (-t.weight, t.stem))


def run_documents(results: SimilarResults):
    """(document, score) of every result in order, each group's twins right after it: for runs."""
    for hit in results.hits:
        yield hit.document, hit.score
        for twin in hit.twins:
            yield twin, hit.score
