"""Flemish and Belgian abbreviations and what they stand for, so either form finds the other.

A question may say ``OCMW`` where the answer writes ``openbaar centrum voor maatschappelijk
welzijn``, or the reverse. Only well-established bodies and terms are listed, each with the one
full form the administration uses; a query word that is an abbreviation adds its full form as
an optional phrase, and a query holding a full form adds the abbreviation. Kept only where the
dev figures say it helps (``bench/relevance.py``).
"""

from __future__ import annotations

from parlzoek.analysis.dutch import stem_function, term_spans
from parlzoek.fields import BODY

ABBREVIATIONS = {
    "btw": "belasting over de toegevoegde waarde",
    "esf": "europees sociaal fonds",
    "eu": "europese unie",
    "fagg": "federaal agentschap voor geneesmiddelen en gezondheidsproducten",
    "favv": "federaal agentschap voor de veiligheid van de voedselketen",
    "fod": "federale overheidsdienst",
    "kmo": "kleine en middelgrote onderneming",
    "nmbs": "nationale maatschappij der belgische spoorwegen",
    "ocmw": "openbaar centrum voor maatschappelijk welzijn",
    "riziv": "rijksinstituut voor ziekte- en invaliditeitsverzekering",
    "rsz": "rijksdienst voor sociale zekerheid",
    "rva": "rijksdienst voor arbeidsvoorziening",
    "vdab": "vlaamse dienst voor arbeidsbemiddeling en beroepsopleiding",
    "vn": "verenigde naties",
}


def _stems(text: str, stem) -> list[str]:
    return [term for _, _, term in term_spans(text, stem)]


def abbreviation_forms(words: list[str], stem) -> list[tuple[str, tuple[str, ...], bool]]:
    """For each abbreviation among ``words`` or full form in them: (the form the query holds, the
    other form's stems, whether that other form is the full one)."""
    forms: list[tuple[str, tuple[str, ...], bool]] = []
    query_stems = _stems(" ".join(words), stem)
    lowered = {word.lower() for word in words}
    for abbreviation, full in ABBREVIATIONS.items():
        full_stems = _stems(full, stem)
        if abbreviation in lowered:
            forms.append((abbreviation, tuple(full_stems), True))
        elif any(query_stems[i : i + len(full_stems)] == full_stems for i in range(len(query_stems))):
            forms.append((full, tuple(_stems(abbreviation, stem)[:1]), False))
    return forms


def abbreviation_extras(words: list[str], analyzer, weight: float) -> list:
    """Phrases for the full forms of abbreviations among ``words``, terms for abbreviations of full forms."""
    from whoosh.query import Phrase, Term

    stem = stem_function(analyzer)  # cached: the full forms are not re-stemmed for every query
    return [
        Phrase(BODY, list(other), boost=weight / len(other)) if full else Term(BODY, other[0], boost=weight)
        for _, other, full in abbreviation_forms(words, stem)
    ]
