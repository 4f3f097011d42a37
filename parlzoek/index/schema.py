"""The Whoosh schema, and how a corpus document becomes an index document.

Documents, not passages, are the unit of the index: relevance is judged per document, and the
passages are picked and highlighted at search time from the stored text (see ``search.passages``).
Enough is stored to render any result without re-reading the sources.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import defaultdict
from typing import Any

from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Positions

from parlzoek.analysis.dutch import PART_SEPARATOR, FastAnalyzer, dutch_analyzer, name_analyzer, parts_analyzer
from parlzoek.analysis.grams import GramAnalyzer, grams_analyzer, packed_count
from parlzoek.analysis.parties import party_analyzer
from parlzoek.corpus.dates import MONTHS
from parlzoek.corpus.models import Document, Passage, Sibling

SCHEMA_VERSION = 6  # 5: facet columns for the asker, the policy domain and the themes; 6: modules moved (the
# pickled schema names its analyzers' modules)


class FastPositions(Positions):
    """Whoosh's ``Positions``, encoding the commonest posting, a single position, once."""

    def encode(self, poslist):
        return encode_positions(poslist)


def encode_positions(poslist: list[int]) -> bytes:
    """Whoosh's encoding of a posting's positions. Most postings hold one position, and those few
    thousand encodings recur: kept, not re-pickled."""
    return _single_position(poslist[0]) if len(poslist) == 1 else Positions.encode(None, poslist)


@functools.lru_cache(maxsize=65_536)
def _single_position(pos: int) -> bytes:
    return Positions.encode(None, [pos])


def whole_text(value: str | tuple[str, ...]) -> str:
    """A field value as one text: the parts of a joined field (``to_fields``) joined by ``PART_SEPARATOR``."""
    return PART_SEPARATOR.join(value) if isinstance(value, tuple) else value


class DutchText(TEXT):
    """A text field whose index postings and spelling words come from a ``FastAnalyzer``'s fast
    path, without a token stream (any other analyzer goes through Whoosh's own way)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.format = FastPositions(field_boost=self.format.field_boost)

    def index(self, value, **kwargs):
        """(term, frequency, weight, encoded positions) of each distinct term, as Whoosh's ``index``
        gives them, from the analyzer's index terms in one step: this runs once per field of every
        document indexed, and Whoosh's way takes a token object and two generators per word."""
        if kwargs.get("mode", "index") != "index" or not isinstance(self.analyzer, FastAnalyzer):
            return super().index(whole_text(value), **kwargs)
        positions: dict[str, list[int]] = defaultdict(list)
        for term, pos in self.analyzer.index_terms(value):
            positions[term].append(pos)
        boost = self.format.field_boost
        return [
            (term.encode(), len(found), len(found) * boost, encode_positions(found))
            for term, found in positions.items()
        ]

    def spellable_words(self, value):
        if isinstance(self.analyzer, FastAnalyzer) and isinstance(value, str):
            return iter(sorted(self.analyzer.unstemmed_words(value)))
        return super().spellable_words(value)


class GramText(TEXT):
    """A text field of counted grams (no positions): its postings come from ``GramAnalyzer``'s fast
    path, as Whoosh's ``Frequency`` format would make them from the chain."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(phrase=False, **kwargs)

    def index(self, value, **kwargs):
        if kwargs.get("mode", "index") != "index" or not isinstance(self.analyzer, GramAnalyzer):
            return super().index(whole_text(value), **kwargs)
        boost = self.format.field_boost
        counts = self.analyzer.index_counts(value)
        return [(gram.encode(), count, count * boost, packed_count(count)) for gram, count in counts.items()]


MONTH_NAMES = list(MONTHS)


def build_schema(stemmer: str) -> Schema:
    """``body`` (title, question and answer as one text), ``parts`` (their compounds' parts) and
    ``grams`` (the title's and question's character 4-grams) rank; ``title``, ``question`` and
    ``answer`` are stored for display, searchable one by one (``titel:``), and add their own weight
    to a match (see ``search.query``)."""
    dutch = dutch_analyzer(stemmer)
    names = name_analyzer()
    return Schema(
        id=ID(unique=True, stored=True, sortable=True),
        body=DutchText(analyzer=dutch),
        parts=DutchText(analyzer=parts_analyzer(stemmer)),
        grams=GramText(analyzer=grams_analyzer()),
        title=DutchText(analyzer=dutch, stored=True, spelling=True),
        question=DutchText(analyzer=dutch, stored=True, spelling=True),
        answer=DutchText(analyzer=dutch, stored=True),
        meta=DutchText(analyzer=dutch),
        minister=TEXT(analyzer=names, stored=True),
        minister_function=TEXT(analyzer=names, stored=True),
        minister_facet=ID(sortable=True),
        asker=TEXT(analyzer=names, stored=True),
        asker_facet=ID(sortable=True),
        function_facet=ID(sortable=True),
        party=KEYWORD(stored=True, analyzer=party_analyzer()),
        party_facet=ID(sortable=True),
        number=NUMERIC(int, bits=32, stored=True, signed=False),
        date=DATETIME(stored=True, sortable=True),
        year=NUMERIC(int, bits=32, sortable=True),
        session_year=ID(stored=True),
        themes=KEYWORD(stored=True, commas=True, lowercase=True, scorable=True),
        theme_facet=KEYWORD(commas=True, sortable=True),  # each theme a term; the column holds them all
        topic=DutchText(analyzer=dutch, stored=True),
        source=ID(stored=True),
        source_state=ID(),
        passage_count=NUMERIC(int, bits=32, sortable=True, stored=True),
        extra=STORED(),
    )


def _date(iso: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


def meta_text(doc: Document) -> str:
    """Number and date as people write them, so ``nr. 687`` and ``8 juni 2017`` find the document.

    >>> meta_text(Document(id="x", title="", question="", answer=None, number=687, date="2017-06-08"))
    'nr. 687 8 juni 2017'
    """
    parts = [f"nr. {doc.number}" if doc.number is not None else ""]
    day = _date(doc.date)
    if day:
        parts.append(f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}")
    return " ".join(p for p in parts if p)


def theme_list(themes: tuple[str, ...]) -> str:
    """The themes as the ``theme_facet`` field holds them: each once, in the order given, without a
    comma of its own (the separator), spaces collapsed, empty ones left out; as the field's
    tokenizer splits and strips them, so the column's list names exactly the indexed terms.

    >>> theme_list(("VERVOERBELEID", " Spoor, trein ", "", "VERVOERBELEID"))
    'VERVOERBELEID,Spoor trein'
    """
    cleaned = (" ".join(t.replace(",", " ").split()) for t in themes)
    return ",".join(dict.fromkeys(t for t in cleaned if t))


def to_fields(doc: Document, source_state: str | None) -> dict[str, Any]:
    """The fields of one index document; ``None`` values are left out (Whoosh wants absent, not null)."""
    date = _date(doc.date)
    extra = {
        "passages": [[p.n, p.question_start, p.question_end, p.answer_start, p.answer_end] for p in doc.passages],
        "answered": doc.answer is not None,
        "source_line": doc.source_line,
        "metadata": doc.metadata,
        "siblings": [[s.minister, s.number] for s in doc.siblings],
    }
    # Title, question and answer as one text, handed over in parts: they are analysed once for
    # their own fields and for these (``FastAnalyzer.index_terms``).
    body = tuple(text for text in (doc.title, doc.question, doc.answer) if text)
    fields: dict[str, Any] = {
        "id": doc.id,
        "body": body,
        "parts": body,
        "grams": tuple(text for text in (doc.title, doc.question) if text),
        "title": doc.title,
        "question": doc.question,
        "answer": doc.answer or "",
        "meta": meta_text(doc),
        "minister": doc.minister,
        "minister_function": doc.minister_function,
        "minister_facet": doc.minister,
        "asker": doc.asker,
        "asker_facet": doc.asker,
        "function_facet": doc.minister_function,
        "party": doc.party,
        "party_facet": doc.party,
        "number": doc.number,
        "date": date,
        "year": date.year if date else None,
        "session_year": doc.session_year,
        "themes": ",".join(t.replace(",", " ") for t in doc.themes) or None,
        "theme_facet": theme_list(doc.themes) or None,
        "topic": doc.topic,
        "source": doc.source,
        "source_state": source_state,
        "passage_count": len(doc.passages),
        "extra": json.dumps(extra, ensure_ascii=False),
    }
    return {name: value for name, value in fields.items() if value is not None and value not in ("", ())}


def from_stored(stored: dict[str, Any]) -> Document:
    """Rebuild the document, passages and all, from what the index stored."""
    extra = json.loads(stored.get("extra") or "{}")
    question, answer_text = stored.get("question", ""), stored.get("answer", "")
    passages = tuple(
        Passage(stored["id"], n, question[qs:qe], answer_text[as_:ae], qs, qe, as_, ae)
        for n, qs, qe, as_, ae in extra.get("passages", [])
    )
    date = stored.get("date")
    return Document(
        id=stored["id"],
        title=stored.get("title", ""),
        question=question,
        answer=answer_text if extra.get("answered", True) else None,
        number=stored.get("number"),
        date=date.date().isoformat() if date else None,
        session_year=stored.get("session_year"),
        minister=stored.get("minister"),
        minister_function=stored.get("minister_function"),
        asker=stored.get("asker"),
        party=stored.get("party"),
        themes=tuple(t for t in stored.get("themes", "").split(",") if t),
        topic=stored.get("topic"),
        siblings=tuple(Sibling(minister, number) for minister, number in extra.get("siblings", [])),
        source=stored.get("source"),
        source_line=extra.get("source_line"),
        metadata=extra.get("metadata", {}),
        passages=passages,
    )
