"""The query language: Whoosh's, with Dutch field names and operators.

``maatwerkbedrijven``, ``"sociale economie"``, ``-belasting``, ``+vdab``, ``a OR b`` / ``a OF b``,
``a AND b`` / ``a EN b``, ``NOT x`` / ``NIET x``, ``minister:homans``, ``vraagsteller:peeters``,
``jaar:2017``, ``datum:[20170101 to 20170630]``, ``nr:687``, ``thema:nmbs``, ``zittingsjaar:2016-2017``,
``partij:groen``, ``accijn*``, ``belastng~`` (``~2`` for two edits).

The implicit operator is OR, each word's score adding up (documents holding more of the words
rank higher): plain AND loses many known-item queries, whose words a document seldom holds all
of (``bench/relevance.py``; ``docs/ranking.md``). AND stays available with ``AND``/``EN`` or
``+word``. Each word is looked for in the fields the ranking weighs (``make_parser``); the
ranking's extras are added by ``ranking.extras``, not here: this module parses and validates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from itertools import islice

from whoosh.query import Every, Or, Prefix, Wildcard

from parlzoek.corpus.dates import DUTCH_DATE, parse_dutch_date
from parlzoek.engine.date_ranges import exact_date_ranges
from parlzoek.engine.reading.field_present import FieldPresent
from parlzoek.errors import NothingToSearchError, QueryError
from parlzoek.fields import BODY, META, PARTS, TEXT_FIELDS

FIELD_ALIASES = {
    "title": ["titel"],
    "question": ["vraag"],
    "answer": ["antwoord"],
    "asker": ["vraagsteller"],
    "party": ["partij", "fractie"],
    "minister_function": ["functie"],
    "date": ["datum", "jaar"],
    "number": ["nr", "nummer"],
    "themes": ["thema"],
    "topic": ["onderwerp"],
    "session_year": ["zittingsjaar"],
    "source": ["bron"],
}
SEARCHABLE_FIELDS = ("id", *TEXT_FIELDS, "minister", "minister_function", "asker", "party", "number", "date",
                     "session_year", "themes", "topic", "source")  # fmt: skip
_OPERATOR_WORDS = {"AND", "OR", "NOT", "EN", "OF", "NIET", "ANDNOT", "ENNIET", "ANDMAYBE"}
_NEGATIONS = {"NOT", "NIET", "ANDNOT", "ENNIET"}  # the word after one is excluded, not searched
LONG_WORD = 8
MAX_EDITS = 2  # as Lucene allows
MAX_EXPANSIONS = 1000  # indexed words a prefix or wildcard may stand for, over its fields (Lucene: 1,024 clauses)
# ``-word`` excludes, except after a lower-case ``en``/``of``: Dutch writes ``herstelexamens en
# -onderzoeken`` for "herstelexamens en herstelonderzoeken" (the upper-case EN/OF are operators).
_AFTER_CONJUNCTION = ("en", "of")
_EXCLUDE = r"(?<![^\s(])" + "".join(rf"(?<!\s{c} )(?<!^{c} )" for c in _AFTER_CONJUNCTION) + r"-(?=\S)"
_EXCLUDE_MARK = re.compile(_EXCLUDE)
_FIELD_PREFIX = re.compile(r"(?<![\w\"'])([^\W\d][\w]*):(?=[^\s:])")
_EMPTY_FIELD = re.compile(r"(?<![\w\"'])([^\W\d]\w*):(?:>=|<=|>|<)?(?=\s|$|\)|\(\s*(?:\)|$))")
_QUOTED = re.compile(r'"[^"]*"?')
# what a value looks like, for the error on a field without one
VALUE_EXAMPLES = {"jaar": "2017", "datum": "2017-06-08", "date": "2017-06-08", "nr": "687", "nummer": "687",
                  "number": "687", "zittingsjaar": "2016-2017", "session_year": "2016-2017", "thema": "nmbs",
                  "themes": "nmbs", "minister": "homans", "vraagsteller": "peeters", "asker": "peeters"}  # fmt: skip
_RANGE = re.compile(r"[\[{][^\]}]*[\]}]")
# a field's whole value where it spans words: ``vraagsteller:"van den bergh"``, ``titel:(a b)``
_FIELD_GROUP = re.compile(r"(?<![\w\"'])[^\W\d]\w*:(?:\"[^\"]*\"?|\([^()]*\)?)")


def known_field_names() -> set[str]:
    return set(SEARCHABLE_FIELDS) | {alias for aliases in FIELD_ALIASES.values() for alias in aliases}


def check_fields(text: str) -> None:
    """Refuse ``foo:bar`` and ``foo:"a b"``: Whoosh would quietly search for the words ``foo bar``
    instead. A quoted text stands as one value (no field inside it counts), so the field before it
    is still checked."""
    unquoted = _QUOTED.sub("\x00", text)
    unknown = sorted({m.group(1) for m in _FIELD_PREFIX.finditer(unquoted)} - known_field_names())
    if unknown:
        aliases = ", ".join([*sorted(a for v in FIELD_ALIASES.values() for a in v), "minister"])
        raise QueryError(
            f"unknown field {unknown[0]}: in query; known fields are {aliases}",
            dutch=f"onbekend veld {unknown[0]}: in de zoekvraag; de velden zijn {aliases}",
        )
    check_field_values(_QUOTED.sub('""', text))


def check_field_values(text: str) -> None:
    """Refuse ``jaar:`` with nothing after it: Whoosh would search for the word ``jaar`` instead,
    and a reader who meant a filter would get another search without knowing it."""
    for found in _EMPTY_FIELD.finditer(text):
        name = found.group(1)
        if name in known_field_names():
            example = VALUE_EXAMPLES.get(name, "woord")
            raise QueryError(
                f"{name}: has no value; write it right after the colon, as {name}:{example}",
                dutch=f"{name}: heeft geen waarde; schrijf die meteen na de dubbele punt, zoals {name}:{example}",
            )


def _nested_gtlt_plugin():
    from whoosh.qparser import GtLtPlugin, syntax

    class NestedGtLtPlugin(GtLtPlugin):
        """Whoosh turns ``nr:<100`` into a range in the top group only; inside parentheses
        (``fraude (datum:>2017-03)``) the bare ``>`` was left and the whole query failed to parse."""

        def do_gtlt(self, parser, group):
            group = super().do_gtlt(parser, group)
            for i, node in enumerate(group):
                if isinstance(node, syntax.GroupNode):
                    group[i] = self.do_gtlt(parser, node)
            return group

    return NestedGtLtPlugin()


def make_parser(schema, field_weights: Mapping[str, float], operator: str = "or"):
    """A query parser with our aliases and operators: a word is looked for in each field of
    ``field_weights`` with its weight (the ranking's, ``ranking.model``)."""
    from whoosh import qparser

    group = qparser.OrGroup if operator == "or" else qparser.AndGroup
    schema = exact_date_ranges(schema)
    parser = qparser.MultifieldParser(list(field_weights), schema, group=group, fieldboosts=dict(field_weights))
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+(?=\S)", minusexpr=_EXCLUDE))
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(_nested_gtlt_plugin())
    parser.replace_plugin(
        qparser.OperatorsPlugin(
            And=r"(?<=\s)(?:AND|EN)(?=\s)",
            Or=r"(?<=\s)(?:OR|OF)(?=\s)",
            AndNot=r"(?<=\s)(?:ANDNOT|ENNIET)(?=\s)",
            AndMaybe=r"(?<=\s)(?:ANDMAYBE)(?=\s)",
            Not=r"(^|(?<=(\s|[()])))(?:NOT|NIET)(?=\s)",
        )
    )
    return parser


def _fields_of(node) -> set[str]:
    names = {node.field()} if node.is_leaf() and node.field() else set()
    for child in () if node.is_leaf() else node.children():
        names |= _fields_of(child)
    return names


def _is_field_star(node) -> bool:
    """``antwoord:*`` as the parser leaves it (a wildcard of nothing but ``*``, or ``Every``)."""
    if isinstance(node, Wildcard):
        return node.text == "*"
    return type(node) is Every and node.fieldname is not None


def restrict_by_filters(query):
    """``minister:homans accijns`` means accijns *by* Homans: next to words, field restrictions on
    metadata (minister, year, number, …) must hold, while the words keep their OR.
    To offer a field as an alternative to words, group them: ``(accijns OR minister:homans)``;
    a group of filters alone is one filter: ``(jaar:2016 OR jaar:2017) fraude``; filters without
    words restrict each other too (``minister:homans jaar:2017``), unless joined by ``OR``.

    Reads the query as parsed, before normalising: that would melt the groups into the words."""
    from whoosh.query import And

    if not isinstance(query, Or):
        return query.normalize()
    words, filters = [], []
    for child in query.subqueries:
        fields = _fields_of(child)
        present = _is_field_star(child)  # ``antwoord:*``: has an answer
        (filters if present or (fields and not fields & EXCLUDED_FORM_FIELDS) else words).append(child)
    if not filters:
        return query.normalize()
    if not words:  # filters side by side restrict each other; "jaar:2016 OR jaar:2017" is one group
        return (And(filters) if len(filters) > 1 else query).normalize()
    return And([Or(words, boost=query.boost, scale=query.scale), *filters]).normalize()


def exclude_negations(query):
    """Under an OR default Whoosh reads ``a NIET b`` as ``a OR (NOT b)``, which matches nearly every
    document; a reader means *a, without b* — as ``a -b`` already does. Filters next to the words
    hold either way (``restrict_by_filters``). Takes the query as parsed, gives it normalised."""
    from whoosh.query import AndNot, Not

    if isinstance(query, AndNot):
        return AndNot(exclude_negations(query.a), query.b.normalize())
    if not isinstance(query, Or):
        return query.normalize()
    negated = [child.query for child in query.subqueries if isinstance(child, Not)]
    kept = [child for child in query.subqueries if not isinstance(child, Not)]
    if not negated or not kept:
        return restrict_by_filters(query)
    positive = restrict_by_filters(Or(kept, boost=query.boost, scale=query.scale))
    return AndNot(positive, Or(negated).normalize())


EXCLUDED_FORM_FIELDS = frozenset({*TEXT_FIELDS, BODY, PARTS, META})


def widen_exclusions(query, text: str, analyzer):
    """An excluded word (``-accijnzen``, ``NIET accijnzen``, ``ENNIET``) leaves out every document
    the word finds as a search word through its own forms, and its other number too: the
    stemmer gives ``accijns`` a stem of its own (``wordforms``), so ``diesel -accijnzen`` kept
    a document saying *accijns*. Its stem, folding and a document's compounds holding it as a
    part (the ``parts`` field) the parser gives already; the parts of the excluded word itself
    are not excluded (``fraude -belastingfraude`` keeps fraude). Takes the query as parsed."""
    from whoosh.query import AndNot, Not, Term

    from parlzoek.analysis.dutch import stem_function
    from parlzoek.analysis.wordforms import other_number

    stem = stem_function(analyzer)

    def excluded(node):
        if type(node) is Term and node.fieldname in EXCLUDED_FORM_FIELDS and hasattr(node, "startchar"):
            words = re.findall(r"[^\W\d_]+", text[node.startchar : node.endchar])
            others = sorted({stem(form) for form in other_number(words[0])} - {node.text}) if len(words) == 1 else []
            return Or([node, *(Term(node.fieldname, other, boost=node.boost) for other in others)]) if others else node
        return node if node.is_leaf() else node.apply(excluded)

    def walk(node):
        if isinstance(node, Not):
            return Not(excluded(node.query), boost=node.boost)
        if isinstance(node, AndNot):
            return AndNot(walk(node.a), excluded(node.b))
        return node if node.is_leaf() else node.apply(walk)

    return walk(query)


def widen_fuzzy(query, text: str):
    """``word~`` allows one edit; for words of eight letters or more, where one slip rarely comes
    alone (``maatwerkbedrijvn`` is two edits from the stem ``maatwerkbedrijf``), it allows two.
    A query that says ``~1`` anywhere gets exactly what it says. More than ``MAX_EDITS`` is refused
    before (``check_values``); the cap here also holds for a query built without that check."""
    from whoosh.query import FuzzyTerm

    one_edit = "~1" in text
    for term in query.leaves():
        if isinstance(term, FuzzyTerm):
            if term.maxdist == 1 and len(term.text) >= LONG_WORD and not one_edit:
                term.maxdist = 2
            term.maxdist = min(term.maxdist, MAX_EDITS)
    return query


_APOSTROPHE_S = re.compile(r"(?<=[^\W\d_])['’]s\b|(?<!\S)['’]s(?!\S)")  # ``OCMW's``, ``auto’s``; ``'s avonds``
_DOTTED = re.compile(r"(?<![\w.])(?:[^\W\d_]\.){2,}(?:[^\W\d_](?![\w.]))?")  # ``o.c.m.w.``, ``O.C.M.W``


def searched_text(text: str) -> str:
    r"""The query as it is searched: outside quotes, a plural or genitive ``'s`` dropped
    (``OCMW's`` is ``OCMW``: the ``s`` alone, a word of every document with *auto's* or
    *kmo's* in it, found 600 documents) and an acronym's dots taken out (``o.c.m.w.`` is
    ``ocmw``, not four letters; ``o.a.`` stays). A quoted phrase is searched as the documents
    were indexed. A day as Belgians write it is the ISO day (``iso_dates``, which ``parse_query``
    applies too): this is the text whose positions the parsed query's words carry, for the
    suggestion spliced into it.

    >>> searched_text("OCMW's en kmo’s in 's-Hertogenbosch, \"auto's\"")
    'OCMW en kmo in \'s-Hertogenbosch, "auto\'s"'
    >>> searched_text("o.c.m.w. (O.C.M.W OR nr. 687) 's avonds v.z.w. e.a.")
    'ocmw (OCMW OR nr. 687)  avonds vzw e.a.'
    >>> searched_text('datum:"8 juni 2017" treinbegeleidr')
    'datum:2017-06-08 treinbegeleidr'
    """
    parts = text.split('"')
    for at in range(0, len(parts), 2):  # outside quotes; an unclosed quote is an error later
        plain = _APOSTROPHE_S.sub("", parts[at])
        parts[at] = _DOTTED.sub(_undotted, plain)
    return iso_dates('"'.join(parts))


def _undotted(found: re.Match) -> str:
    """``v.z.w.`` as ``vzw``; two letters (``o.a.``, ``e.a.``) as they are: words, not names."""
    letters = found.group().replace(".", "")
    return letters if len(letters) >= 3 else found.group()


_DATE_VALUE = re.compile(r'(?<![\w"])(datum|date|jaar):(>=|<=|>|<)?("[^"]*"|[^\s()\[\]{}"]+)')
_DATE_RANGE = re.compile(r"(?<![\w\"])(datum|date|jaar):([\[{])([^\]}]*)([\]}])")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


def iso_dates(text: str) -> str:
    """A date field's value as a Belgian writes it, in the form the field reads: ``datum:"8 juni
    2017"`` and ``datum:8-6-2017`` (or ``8/6/2017``) are ``datum:2017-06-08`` (Whoosh read the
    first as an error, the second as month 8... and refused it). A day that does not exist, or a
    year of other than four digits (``jaar:20177`` was read as 2017), is a ``QueryError``.

    >>> iso_dates('datum:"8 juni 2017" OR datum:>=1/9/2017 jaar:2017 datum:2017-06')
    'datum:2017-06-08 OR datum:>=2017-09-01 jaar:2017 datum:2017-06'
    >>> iso_dates('datum:[1-5-2017 TO 8-6-2017] datum:[2017-01 to 30/6/2017] datum:[1/5/2017 TO]')
    'datum:[2017-05-01 TO 2017-06-08] datum:[2017-01 to 2017-06-30] datum:[2017-05-01 TO]'
    """

    def one(found: re.Match) -> str:
        field, compare, value = found.group(1), found.group(2) or "", found.group(3)
        bare = " ".join(value.strip('"').split())
        if field == "jaar" and bare.isdigit() and len(bare) != 4:
            raise QueryError(
                f"jaar:{bare} is not a year: write its four digits, as jaar:2017",
                dutch=f"jaar:{bare} is geen jaartal: schrijf de vier cijfers, zoals jaar:2017",
            )
        numeric = _NUMERIC_DATE.fullmatch(bare)
        if not (numeric or DUTCH_DATE.fullmatch(bare)):
            return found.group()
        day = parse_dutch_date(bare) if not numeric else _day(*map(int, reversed(numeric.groups())))
        if day is None:
            raise QueryError(
                f'{field}:{value} is not a day of the calendar; write it as datum:2017-06-08 or datum:"8 juni 2017"',
                dutch=f'{field}:{value} is geen bestaande dag; schrijf datum:2017-06-08 of datum:"8 juni 2017"',
            )
        return f"{field}:{compare}{day.isoformat()}"

    def each_end(found: re.Match) -> str:
        field = found.group(1)
        parts = re.split(r"(\s+(?:to|TO)\s+)", found.group(3))  # the ends, and what stands between them
        ends = (_DATE_VALUE.sub(one, f"{field}:{part}")[len(field) + 1 :] if at % 2 == 0 and part.strip() else part
                for at, part in enumerate(parts))  # fmt: skip
        return f"{field}:{found.group(2)}{''.join(ends)}{found.group(4)}"

    return _DATE_VALUE.sub(one, _DATE_RANGE.sub(each_end, text))


_DATE_NUMBERS = re.compile(r"\b(date:[\[{])(\d{15,})?( TO )(\d{15,})?([\]}])")


def readable_dates(parsed: str) -> str:
    """A parsed query's date ranges in days, not Whoosh's numbers (``parsed`` in the JSON showed
    ``date:[63631872000000000 TO ]`` for ``datum:>=2017-06``).

    >>> readable_dates("(fraude AND date:[63631872000000000 TO 63632563199999999])")
    '(fraude AND date:[2017-06-01 TO 2017-06-08])'
    """
    from whoosh.util.times import long_to_datetime

    def day(number: str | None) -> str:
        return long_to_datetime(int(number)).date().isoformat() if number else ""

    return _DATE_NUMBERS.sub(
        lambda m: f"{m.group(1)}{day(m.group(2))}{m.group(3)}{day(m.group(4))}{m.group(5)}", parsed
    )


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_LOOSE_COMPARISON = re.compile(r"(?<![:<>])[<>]")  # ``jaar:>2016`` compares; a ``<`` elsewhere is text


def parse_query(parser, text: str):
    """Parse ``text`` into the user's query, without the ranking's extras (``ranking.extras`` adds
    them); an empty, stop-word-only or unknown-field query is a ``QueryError``."""
    from whoosh.query import NullQuery

    if not text.strip():
        raise QueryError(
            "empty query: give at least one word to search for", dutch="lege zoekvraag: geef minstens één woord"
        )
    check_balance(text)
    check_edits(text)
    check_fields(text)
    dated = iso_dates(text)
    try:
        query = parser.parse(_LOOSE_COMPARISON.sub(" ", dated), normalize=False)
    except Exception as exc:  # whoosh's parser is lenient, but a bad range or number can still raise
        english, dutch = _parse_failure(exc)
        raise QueryError(
            f"cannot parse query {text!r}: {english}", dutch=f"de zoekvraag {text!r} is niet te lezen: {dutch}"
        ) from exc
    refuse_unreadable_values(query, text)
    normalized = query.normalize()
    if normalized is NullQuery or isinstance(normalized, type(NullQuery)):
        raise NothingToSearchError(
            f"nothing to search for in {text!r}: only stop words or exclusions; give a word to search for",
            dutch=f"niets om naar te zoeken in {text!r}: alleen stopwoorden of uitsluitingen; geef een zoekwoord",
        )
    check_values(normalized, parser.schema)
    query = widen_exclusions(widen_fuzzy(query, text), text, parser.schema["body"].analyzer)
    return every_document(names_in_any_order(exclude_negations(query)))


NAME_FIELDS = frozenset({"asker", "minister", "minister_function"})


def names_in_any_order(query):
    """A quoted name in a name field, every word of it, in any order: the Parliament writes
    ``Van den Bergh, Jef`` where a reader types ``vraagsteller:"Jef Van den Bergh"`` (as a phrase
    it found nothing); ``minister:"jambon jan"`` is Jan Jambon.

    >>> from whoosh.query import Phrase
    >>> names_in_any_order(Phrase("asker", ["jef", "bergh"]))
    And([Term('asker', 'jef'), Term('asker', 'bergh')])
    """
    from whoosh.query import And, Phrase, Term

    def any_order(node):
        if isinstance(node, Phrase) and node.fieldname in NAME_FIELDS:
            return And([Term(node.fieldname, word) for word in node.words], boost=node.boost)
        return node

    return query.accept(any_order)


def every_document(query):
    """``*`` as every document, ``antwoord:*`` as the documents with an answer: Whoosh reads the
    postings of every term of the field to find the documents holding it, 11 seconds for ``*`` at
    2,000 documents and a web request's time limit at any size. Every document has a text
    (``body``), so ``*`` is all of them: an OR of nothing else (``*`` over the default fields) is
    one, its boosts added up. Another field's ``*`` is the documents with a word in it
    (``FieldPresent``, from its lengths): not every question has an answer, or an asker.

    >>> from whoosh.query import Every, Or, Term
    >>> every_document(Or([Every("body"), Term("title", "x")]))
    Or([EveryDocument(None, boost=1.0), Term('title', 'x')])
    >>> str(every_document(Or([Every("body"), Every("title", boost=0.5)])))
    '*^1.5'
    >>> every_document(Every("answer"))
    FieldPresent('answer', boost=1.0)
    """

    def everything(node):
        if type(node) is Every:
            return (
                EveryDocument(boost=node.boost)
                if node.fieldname in (None, BODY)
                else FieldPresent(node.fieldname, node.boost)
            )
        parts = node.subqueries if type(node) is Or else ()
        if any(isinstance(q, EveryDocument) for q in parts) and all(isinstance(q, Every) for q in parts):
            return EveryDocument(boost=node.boost * sum(q.boost for q in parts))  # all, those with a title among them
        return node

    return query.accept(everything)


def check_expansions(query, reader, limit: int = MAX_EXPANSIONS) -> None:
    """Refuse a prefix or wildcard that stands for more than ``limit`` indexed words, counted over
    the fields it is looked for in: each is a term read on its own (``ver*``, some 2,000 words at
    2,000 documents, took four seconds; at 200,000 documents minutes), and a query that wide
    finds nearly every document anyway. ``QueryError`` naming the word."""
    counted: dict[str, int] = {}
    for node in query.leaves():
        if isinstance(node, Prefix | Wildcard):
            word = f"{node.text}*" if isinstance(node, Prefix) else node.text
            room = limit + 1 - counted.get(word, 0)
            counted[word] = counted.get(word, 0) + sum(1 for _ in islice(node.expanded_terms(reader), room))
            if counted[word] > limit:
                raise QueryError(
                    f"{word} stands for more than {limit:,} indexed words: give more letters before the "
                    f"{'*' if isinstance(node, Prefix) else 'wildcard'}",
                    dutch=f"{word} staat voor meer dan {limit:,} woorden in de index: geef meer letters voor de "
                    f"{'*' if isinstance(node, Prefix) else 'joker'}".replace(",", "."),
                )


class EveryDocument(Every):
    """Every document (``Every`` without a field, read from the document list), shown as ``*``:
    Whoosh's own text for it, ``None:*``, reached the JSON's ``parsed``."""

    def __unicode__(self):
        return "*" if self.boost == 1 else f"*^{self.boost:g}"

    __str__ = __unicode__


_BINARY = _OPERATOR_WORDS - {"NOT", "NIET"}


def check_balance(text: str) -> None:
    """Refuse an unclosed quote or bracket, a closing bracket without its opening one and an
    operator with no word beside it: Whoosh would quietly read ``"sociale economie`` as two
    OR'd words, ``vdab OR`` as the word ``or`` and ``OR`` alone as a search for it."""
    quotes = [found.start() for found in re.finditer('"', text)]
    if len(quotes) % 2:
        unclosed = " ".join(text[quotes[-1] :].split())  # one line, whatever the query holds after it
        raise QueryError(
            f'a quote is not closed: {unclosed}; close it with "',
            dutch=f'een aanhalingsteken is niet gesloten: {unclosed}; sluit het met "',
        )
    bare = _RANGE.sub(lambda found: " " * len(found.group()), _QUOTED.sub('""', text))
    tokens = re.findall(r"[()]|[^\s()]+", bare)
    depth = 0
    for at, token in enumerate(tokens):
        depth += {"(": 1, ")": -1}.get(token, 0)
        if depth < 0:
            raise QueryError(
                f"a closing bracket has no opening one in {text.strip()!r}; open it with (, or drop it",
                dutch=f"een sluithaakje zonder openingshaakje in {text.strip()!r}; open het met (, of laat het weg",
            )
        before = tokens[at - 1] if at else "("
        after = tokens[at + 1] if at + 1 < len(tokens) else ")"
        lone = (token in _BINARY and (before == "(" or before in _OPERATOR_WORDS)) or (
            token in _OPERATOR_WORDS and (after == ")" or after in _BINARY)
        )
        if lone:
            how, hoe = (
                ("a word after it", "er een woord na")
                if token in _NEGATIONS
                else ("a word on each side", "aan elke kant een woord")
            )
            raise QueryError(
                f"an operator ({token}) has no word beside it in {text.strip()!r}; write {how} "
                f"(vdab {token} forem), or write it in lower case to search for it",
                dutch=f"een operator ({token}) heeft geen woord naast zich in {text.strip()!r}; schrijf {hoe} "
                f"(vdab {token} forem), of schrijf hem in kleine letters om ernaar te zoeken",
            )
    if depth:
        raise QueryError(
            f"a bracket is not closed in {text.strip()!r}; close it with )",
            dutch=f"een haakje is niet gesloten in {text.strip()!r}; sluit het met )",
        )


def check_edits(text: str) -> None:
    """Refuse ``belasting~3``: more than ``MAX_EDITS`` slips match noise, and Whoosh's automaton
    grows with the edits (to gigabytes for a long word). A phrase's ``"a b"~3`` is a distance, not
    edits, and stays allowed."""
    for found in re.finditer(r"([^\W_][\w-]*)~(\d+)", _QUOTED.sub('""', text)):
        if int(found.group(2)) > MAX_EDITS:
            word = found.group(1)
            raise QueryError(
                f"{found.group()} allows too many slips: at most {MAX_EDITS} edits; write {word}~ "
                f"(one edit, two for words of {LONG_WORD}+ letters) or {word}~{MAX_EDITS}",
                dutch=f"{found.group()} laat te veel tikfouten toe: hoogstens {MAX_EDITS}; schrijf {word}~ "
                f"(één, twee voor woorden van {LONG_WORD} letters of meer) of {word}~{MAX_EDITS}",
            )


def _parse_failure(exc: Exception) -> tuple[str, str]:
    """Whoosh's own message for a bad value (in English and on the web page); for its internal
    slips (``NIET OR`` raised an ``IndexError``) what the reader can fix instead, in English and Dutch."""
    if isinstance(exc, (IndexError, KeyError, AttributeError, TypeError, NotImplementedError)):
        return (
            "an operator (AND, OR, NIET) or a bracket has no word beside it",
            "een operator (AND, OR, NIET) of een haakje heeft geen woord naast zich",
        )
    return str(exc), str(exc)


# Python's words in an exception, not the reader's
_INTERNAL = re.compile(r"invalid literal|base \d+|object|NoneType|unsupported operand")


def refuse_unreadable_values(query, text: str) -> None:
    """``jaar:abc``: Whoosh turns a value its field cannot read into a node that normalising drops,
    so ``accijnzen jaar:abc`` would quietly search all years; the reader gets an error instead."""
    if (error := getattr(query, "error", None)) is not None:
        if session := re.search(r"\b(?:jaar|datum|date):(\d{4}-\d{4})\b", text):
            raise QueryError(
                f"cannot read {session.group(0)!r} in {text!r}: a date field takes a year or a date",
                hint=f"for a session year write zittingsjaar:{session.group(1)}",
                dutch=f"{session.group(0)!r} in {text!r} is niet te lezen: een datumveld neemt een jaar of een "
                f"datum; voor een zittingsjaar schrijf zittingsjaar:{session.group(1)}",
            )
        said = "" if _INTERNAL.search(str(error)) else f" ({error})"
        raise QueryError(
            f"cannot read a field value in {text!r}{said}; write dates as jaar:2017, "
            "datum:2017-06-08 or datum:[2017-01 to 2017-06], numbers as nr:687",
            dutch=f"een veldwaarde in {text!r} is niet te lezen; schrijf datums als jaar:2017, "
            "datum:2017-06-08 of datum:[2017-01 to 2017-06], nummers als nr:687",
        )
    for child in () if query.is_leaf() else query.children():
        refuse_unreadable_values(child, text)


def check_values(query, schema) -> None:
    """A value its field cannot hold (``datum:""``) is a query error, not an exception from
    deep inside Whoosh when the search runs; so is a range that would quietly find nothing
    because it ends before it starts (``datum:[2017-06 to 2017-01]``); so is a ``~`` after no word
    (Whoosh reads ``~~`` as a fuzzy ``~``, one edit from every one-letter word: nearly every document)."""
    from whoosh.query import FuzzyTerm, NumericRange, Term

    for leaf in query.leaves():
        if isinstance(leaf, FuzzyTerm) and not re.search(r"[^\W_]", leaf.text):
            raise QueryError(
                f"{leaf.text + '~'!r} has no word to allow slips in: put ~ right after one (belastng~)",
                dutch=f"{leaf.text + '~'!r} heeft geen woord om tikfouten in toe te laten: zet ~ meteen na een "
                "woord (belastng~)",
            )
        if isinstance(leaf, NumericRange) and None not in (leaf.start, leaf.end) and leaf.start > leaf.end:
            raise QueryError(
                f"the {leaf.fieldname} range in the query ends before it starts; write the earlier first",
                dutch=f"het bereik van {_shown_field(leaf.fieldname)} in de zoekvraag eindigt voor het begint; "
                "schrijf het vroegste eerst",
            )
        if isinstance(leaf, Term) and leaf.fieldname in schema:
            try:
                schema[leaf.fieldname].to_bytes(leaf.text)
            except Exception as exc:  # whoosh raises bare Exception for an unparseable date
                shown = _shown_field(leaf.fieldname)
                example = f"; write it as {shown}:{VALUE_EXAMPLES[shown]}" if shown in VALUE_EXAMPLES else ""
                raise QueryError(
                    f"{shown}: {leaf.text!r} is not a valid value{example}",
                    dutch=f"{shown}: {leaf.text!r} is geen geldige waarde"
                    + (f"; schrijf {shown}:{VALUE_EXAMPLES[shown]}" if example else ""),
                ) from exc


def _shown_field(name: str) -> str:
    """A schema field by its first Dutch name in the query language (``date`` → ``datum``)."""
    return FIELD_ALIASES.get(name, [name])[0]


def plain_words(text: str) -> list[str]:
    """The query's words that are meant as words: not operators, not excluded, not field values,
    not wildcards or fuzzy terms. A field's quoted or bracketed value filters (and ranks in its own
    field): its words are never body words, word pairs, grams or marks."""
    excluded_at = {minus.start() for minus in _EXCLUDE_MARK.finditer(text)}  # as the parser reads them
    text = _RANGE.sub(lambda found: " " * len(found.group()), text)  # ``[2017-01 to 2017-06]``: no words
    text = _FIELD_GROUP.sub(lambda found: " " * len(found.group()), text)
    words: list[str] = []
    negated = False
    for match in re.finditer(r"\S+", text):
        chunk = match.group()
        if chunk in _OPERATOR_WORDS:
            negated = chunk in _NEGATIONS
            continue
        if not (negated or match.start() in excluded_at or re.search(r"[:*?~\[\]{}]", chunk)):
            words.extend(re.findall(r"[^\W_]+(?:-[^\W_]+)*", chunk))
        negated = False
    return words
