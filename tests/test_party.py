"""The asker's party: read from the records, indexed folded, filtered (``partij:``), counted, shown."""

import json

import pytest
from corpus_helpers import write_corpus
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from parlzoek.analysis.parties import party_key, party_keys
from parlzoek.corpus.records import record_to_document
from parlzoek.index.build import update_index
from parlzoek.index.store import IndexHome
from parlzoek.search.service import SearchEngine
from parlzoek.terminal.cli import app

# Party names as the Chamber data spells them, and one Flemish record that says ``fractie``.
PARTY_DOCS = [
    {"id": "p1", "date": "2017-01-04", "title": "Fiscale fraude bij banken", "asker": "Gilkinet, Georges",
     "party": "Ecolo-Groen", "minister": "Minister van Financien",
     "question": "Hoe pakt u de fiscale fraude bij banken aan?", "answer": "Met meer controles."},
    {"id": "p2", "date": "2017-02-01", "title": "Fraude met uitkeringen", "asker": "Jan Peeters", "party": "N-VA",
     "minister": "Minister van Sociale Zaken", "question": "Hoeveel fraude met uitkeringen werd vastgesteld?",
     "answer": "Er waren 120 dossiers van sociale fraude."},
    {"id": "p3", "date": "2016-03-01", "title": "Sociale zekerheid en fraude", "asker": "Els Maes", "party": "CD&V",
     "minister": "Minister van Sociale Zaken", "question": "Wat doet u tegen fraude in de sociale zekerheid?",
     "answer": "De sociale zekerheid wordt beter gecontroleerd."},
    {"id": "p4", "date": "2017-05-01", "title": "Groen licht voor windmolens", "asker": "Bart Claes",
     "party": "Open Vld", "minister": "Minister van Energie", "question": "Krijgen de windmolens groen licht?",
     "answer": "Ja, de sociale zekerheid staat er los van."},
    {"id": "p5", "date": "2017-06-01", "title": "Kinderopvang in Gent", "asker": "Lotte Peeters", "fractie": "Groen",
     "minister": "Wouter Beke", "question": "Hoeveel plaatsen in de kinderopvang zijn er?", "answer": "Er zijn 500."},
    {"id": "p6", "date": "2017-07-01", "title": "Fraude bij de NMBS", "asker": "Tom Smet", "party": "VB",
     "minister": "Minister van Mobiliteit", "question": "Hoeveel fraude stelde de NMBS vast?", "answer": "Weinig."},
    {"id": "p7", "date": "2017-08-01", "title": "Fraude zonder partij", "minister": "Minister van Financien",
     "question": "Welke fraude ziet u?", "answer": "Geen."},
]  # fmt: skip


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("party") / "src", PARTY_DOCS)


@pytest.fixture(scope="module")
def index(corpus):
    home = IndexHome(corpus.parent.parent / "ix")
    update_index(home, [corpus])
    return home


@pytest.fixture(scope="module")
def engine(index):
    with SearchEngine(index) as engine:
        yield engine


@pytest.fixture
def runner():
    return CliRunner()


def found(engine, text: str) -> list[str]:
    return sorted(hit.document.id for hit in engine.search(text, limit=50).hits)


def test_records_read_party_and_fractie_as_the_party_not_as_metadata():
    chamber = record_to_document(PARTY_DOCS[0], "s", "x")
    flemish = record_to_document(PARTY_DOCS[4], "s", "x")
    assert (chamber.party, flemish.party) == ("Ecolo-Groen", "Groen")
    assert "party" not in chamber.metadata and "fractie" not in flemish.metadata
    assert record_to_document(PARTY_DOCS[6], "s", "x").party is None
    assert record_to_document(chamber.to_dict(), "s", "x").party == "Ecolo-Groen"  # our own JSON reads back


@pytest.mark.parametrize(
    ("text", "ids"),
    [("partij:groen", ["p1", "p5"]),  # Flemish Groen and the Chamber's joint group Ecolo-Groen
     ("partij:Ecolo-Groen", ["p1"]), ("partij:ecolo", ["p1"]), ("partij:ecologroen", ["p1"]),
     ("partij:N-VA", ["p2"]), ("partij:nva", ["p2"]), ("partij:n-va", ["p2"]), ("partij:n", []),
     ("partij:cd&v", ["p3"]), ("partij:CD&V", ["p3"]), ("partij:cdv", ["p3"]), ('partij:"cd&v"', ["p3"]),
     ('partij:"open vld"', ["p4"]), ("partij:openvld", ["p4"]), ("partij:vld", ["p4"]), ("partij:VLD", ["p4"]),
     ("partij:vb", ["p6"]), ('partij:"vlaams belang"', ["p6"]), ("fractie:groen", ["p1", "p5"]),
     ("partij:&", []), ("partij:sp.a", [])],
)  # fmt: skip
def test_partij_finds_a_party_however_it_is_spelled(engine, text, ids):
    assert found(engine, text) == ids


@pytest.mark.parametrize(
    ("text", "ids"),
    [("fraude partij:groen", ["p1"]),  # words by members of the party
     ("fraude (partij:groen OR partij:n-va)", ["p1", "p2"]),
     ('("sociale zekerheid" partij:cd&v)', ["p3"]),  # a phrase beside the party inside a group
     ('"sociale zekerheid" (partij:cd&v OR partij:vld)', ["p3", "p4"]),
     ("fraude -partij:groen", ["p2", "p3", "p6", "p7"]), ("fraude NIET partij:groen", ["p2", "p3", "p6", "p7"]),
     ("fraude partij:groen jaar:2016", []), ("fraude partij:cd&v jaar:2016", ["p3"]),
     ("partij:groen OR partij:vb", ["p1", "p5", "p6"]), ("partij:groen jaar:2017", ["p1", "p5"])],
)  # fmt: skip
def test_partij_combines_with_words_groups_negation_and_filters(engine, text, ids):
    assert found(engine, text) == ids


def test_the_party_is_a_filter_never_ranked_text(engine):
    """``groen`` as a word finds the windmills' *groen licht*, not Groen's members; and a party
    filter moves every score by the same amount, so it never reorders what the words found."""
    assert found(engine, "groen") == ["p4"]
    words = {hit.document.id: hit.score for hit in engine.search("fraude", limit=50).hits}
    filtered = engine.search("fraude (partij:groen OR partij:n-va OR partij:vb)", limit=50).hits
    assert [hit.document.id for hit in filtered] == [d for d in sorted(words, key=lambda d: -words[d]) if d in
                                                     {"p1", "p2", "p6"}]  # fmt: skip
    assert len({round(hit.score - words[hit.document.id], 6) for hit in filtered}) == 1


def test_facets_count_the_party_as_the_source_spells_it(engine):
    facets = engine.search("fraude", facets=True).facets
    assert facets["party"] == {"CD&V": 1, "Ecolo-Groen": 1, "N-VA": 1, "VB": 1}


@given(st.text(max_size=30))
def test_a_party_is_found_by_its_own_name_as_typed(name):
    key = party_key(name)
    assert key == "" or key == party_keys(name)[0]
    assert all(k.isalnum() and k == k.lower() for k in party_keys(name))
    assert party_key(name.upper()) == party_key(name.lower()) or not name.isascii()


def test_cli_shows_the_party_beside_the_asker(runner, index):
    ix = str(index.path)
    data = json.loads(runner.invoke(app, ["search", "uitkeringen", "--index", ix, "-f", "json", "--facets"]).stdout)
    assert (data["results"][0]["asker"], data["results"][0]["party"]) == ("Jan Peeters", "N-VA")
    assert data["facets"]["party"] == {"N-VA": 1}
    plain = runner.invoke(app, ["search", "partij:cd&v", "--index", ix, "-f", "plain", "--facets"]).stdout
    assert "vraagsteller Els Maes (CD&V)" in plain and "party\n       1  CD&V" in plain
    shown = runner.invoke(app, ["show", "p1", "--index", ix, "-f", "plain"]).stdout
    assert "vraagsteller: Gilkinet, Georges (Ecolo-Groen)" in shown
    assert json.loads(runner.invoke(app, ["show", "p5", "--index", ix, "-f", "json"]).stdout)["party"] == "Groen"
    rich = runner.invoke(app, ["search", "partij:vb", "--index", ix], terminal_width=200).stdout
    assert "Tom Smet (VB)" in rich


def test_batch_jsonl_carries_the_party(runner, index, tmp_path):
    queries = tmp_path / "q.tsv"
    queries.write_text("q1\tkinderopvang partij:groen\n", encoding="utf-8")
    out = runner.invoke(app, ["batch", str(queries), "--index", str(index.path), "-f", "jsonl"]).stdout
    (line,) = out.splitlines()
    assert [(r["id"], r["party"]) for r in json.loads(line)["results"]] == [("p5", "Groen")]
