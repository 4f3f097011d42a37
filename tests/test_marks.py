"""What made a document match is marked; a document found without the query's own words says it
is a near match, and on what; exclusions leave out the word's other forms; "did you mean" only
offers a spelling that finds other documents."""

import json

import pytest
from corpus_helpers import write_corpus
from typer.testing import CliRunner

from parlzoek.index.build import update_index
from parlzoek.index.store import IndexHome
from parlzoek.search.service import SearchEngine
from parlzoek.terminal.cli import app

FIELDS = ("id", "date", "title", "question", "answer")
DOCS = [dict(zip(FIELDS, row, strict=True)) for row in [
    ("m1", "2017-06-09", "Banken", "Hoeveel gevallen van belastingfraude zijn er?", "Er zijn twaalf dossiers."),
    ("m2", "2017-03-01", "Controles", "Hoe pakt u fiscale fraude aan?", "Met meer controles."),
    ("m3", "2017-05-02", "Nucleaire export", "Hoeveel kernuitrustingen gingen weg?", "Vijftien machtigingen."),
    ("m4", "2017-07-01", "Benzine", "Wordt de accijns op diesel verhoogd?",
     "De accijns op diesel stijgt op 8 juni 2017 en op 21 juni 2017 opnieuw."),
    ("m5", "2016-01-01", "Wagens", "Hoeveel wagens rijden op diesel?", "Veel; de accijnzen blijven."),
    ("m6", "2016-02-01", "Steun aan armen", "Hoeveel steun gaf het openbaar centrum voor maatschappelijk welzijn?",
     "Veel."),
    ("m7", "2016-03-01", "Begroting", "Wat is het belang van de begroting?", "Groot."),
    ("m8", "2016-04-01", "Energie", "Hoeveel warmtepompen werden geplaatst?", "Er werd geen warmtepomp geplaatst."),
    ("m9", "2016-05-01", "Tabak", "Wat brengen de tabaksaccijnzen op?", "Meer dan de diesel."),
    ("m10", "2016-06-01", "Treinen", "Rijden er nog treinen op diesel?", "Ja."),
]]  # fmt: skip


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> IndexHome:
    tmp = tmp_path_factory.mktemp("marks")
    home = IndexHome(tmp / "ix")
    update_index(home, [write_corpus(tmp / "src", DOCS)])
    return home


@pytest.fixture(scope="module")
def engine(index):
    with SearchEngine(index) as engine:
        yield engine


def marked_words(hit) -> list[str]:
    return [p.question[s:e] for p in hit.passages for s, e in p.question_hits] + [
        p.answer[s:e] for p in hit.passages for s, e in p.answer_hits
    ]


def by_id(results) -> dict:
    return {hit.document.id: hit for hit in results.hits}


def test_a_query_word_marks_the_compounds_holding_it_as_a_part(engine):
    hits = by_id(engine.search("fraude"))
    assert marked_words(hits["m1"]) == ["belastingfraude"] and hits["m1"].near is None
    assert marked_words(hits["m2"]) == ["fraude"]


def test_a_document_found_through_a_part_of_a_query_compound_is_marked_and_a_near_match(engine):
    hits = by_id(engine.search("belastingfraude"))
    assert hits["m1"].near is None and marked_words(hits["m1"]) == ["belastingfraude"]
    assert marked_words(hits["m2"]) == ["fraude"]
    (reason,) = hits["m2"].near
    assert (reason.kind, reason.of, reason.found) == ("compound part", "belastingfraude", ("fraude",))


def test_an_abbreviation_marks_its_full_form_and_is_no_near_match(engine):
    (hit,) = engine.search("ocmw").hits
    assert marked_words(hit) == ["openbaar", "centrum", "maatschappelijk", "welzijn"] and hit.near is None


def test_a_phrase_marks_only_where_its_words_stand_together(engine):
    (hit,) = engine.search('"8 juni 2017"').hits
    passage = hit.passages[0]
    assert [passage.answer[s:e] for s, e in passage.answer_hits] == ["8", "juni", "2017"]
    assert "21 juni 2017" in passage.answer and "<mark>21</mark>" not in passage.snippet
    assert passage.snippet.count("<mark>") == 3


def test_a_fuzzy_word_marks_what_it_matched(engine):
    hits = by_id(engine.search("belastng~"))
    assert marked_words(hits["m7"]) == ["belang"] and hits["m7"].near is None


def test_a_query_no_document_holds_says_so_and_gives_only_near_matches(engine):
    results = engine.search("kernuitstap")
    assert results.nowhere == ("kernuitstap",) and results.total == len(results.hits) >= 1
    hits = by_id(results)
    assert marked_words(hits["m3"]) == ["kernuitrustingen"]
    assert [(r.kind, r.found) for r in hits["m3"].near] == [("similar spelling", ("kernuitrustingen",))]
    assert all(hit.near for hit in results.hits)
    assert engine.search("belastingfraude").nowhere == ()


def test_a_word_no_document_holds_beside_held_words_is_named_too(index):
    runner = CliRunner()
    plain = runner.invoke(app, ["search", "fraude kernuitstap", "--index", str(index.path), "-f", "plain"])
    assert plain.exit_code == 0, plain.output
    lines = plain.stdout.splitlines()
    assert lines[0] == "No document holds kernuitstap." and "near match" not in lines[1]
    data = json.loads(
        runner.invoke(app, ["search", "fraude kernuitstap", "--index", str(index.path), "-f", "json"]).stdout
    )
    assert data["nowhere"] == ["kernuitstap"] and data["results"]


def test_near_matches_are_labelled_in_plain_output_and_json(index):
    runner = CliRunner()
    plain = runner.invoke(app, ["search", "kernuitstap", "--index", str(index.path), "-f", "plain"])
    assert plain.exit_code == 0, plain.output
    lines = plain.stdout.splitlines()
    assert lines[0].startswith("No document holds kernuitstap") and "near match" in lines[1]
    assert "near match, similar spelling of 'kernuitstap': kernuitrustingen" in plain.stdout
    assert "«kernuitrustingen»" in plain.stdout
    data = json.loads(runner.invoke(app, ["search", "kernuitstap", "--index", str(index.path), "-f", "json"]).stdout)
    assert data["nowhere"] == ["kernuitstap"] and all(result["near"] for result in data["results"])
    near = {result["id"]: result["near"] for result in data["results"]}["m3"]
    assert near == [{"kind": "similar spelling", "of": "kernuitstap", "found": ["kernuitrustingen"]}]
    hit = json.loads(runner.invoke(app, ["search", "fraude", "--index", str(index.path), "-f", "json"]).stdout)
    assert hit["nowhere"] == [] and all(result["near"] is None for result in hit["results"])


@pytest.mark.parametrize(
    ("query", "left_out"),
    [("diesel -accijnzen", {"m4", "m5", "m9"}), ("diesel -accijns", {"m4", "m5", "m9"}),
     ("diesel NIET accijnzen", {"m4", "m5", "m9"}), ("diesel ENNIET accijnzen", {"m4", "m5", "m9"}),
     ("diesel -Accijnzen", {"m4", "m5", "m9"})],
)  # fmt: skip
def test_an_exclusion_leaves_out_every_form_of_the_word(engine, query, left_out):
    found = set(by_id(engine.search(query, limit=20)))
    assert found == set(by_id(engine.search("diesel", limit=20))) - left_out and "m10" in found


def test_an_exclusion_leaves_the_parts_of_the_excluded_word_alone(engine):
    assert set(by_id(engine.search("fraude -belastingfraude"))) == {"m2"}


def test_did_you_mean_offers_only_a_spelling_that_finds_other_documents(engine):
    assert engine.search("warmtepomp").suggestion is None  # warmtepompen finds the same document
    assert engine.search("warmtepompen").suggestion is None
    assert engine.search("begrotng").suggestion == "begroting"  # a slip: its grams alone were near matches


def test_hits_are_counted_apart_from_near_matches_and_facets_count_the_hits(engine):
    results = engine.search("belastingfraude", facets=True, limit=20)
    near = {hit.document.id for hit in results.hits if hit.near is not None}
    assert results.held == 1 and {"m1", "m2"} <= {hit.document.id for hit in results.hits}
    assert "m2" in near and results.near_total == len(near) == results.total - 1
    assert results.facets_of == "hits" and results.facets["year"] == {"2017": 1}
    every = engine.search("fraude", facets=True)
    assert every.held == every.total == 2 and every.facets_of == "all" and every.facets["year"] == {"2017": 2}


def test_an_abbreviation_and_a_filter_only_query_count_as_hits(engine):
    ocmw = engine.search("ocmw")
    assert ocmw.held == ocmw.total == 1
    filtered = engine.search("belastingfraude", filters={"year": "2016"})
    assert filtered.held == 0 and all(hit.near for hit in filtered.hits)


def test_near_is_told_without_passages_too(engine):
    shown, bare = by_id(engine.search("belastingfraude")), by_id(engine.search("belastingfraude", passages=0))
    assert bare.keys() == shown.keys() and bare["m1"].near is None
    assert all(bare[key].near == shown[key].near for key in shown) and bare["m2"].near == shown["m2"].near
    assert bare["m2"].near[0].found == ("fraude",)


def test_the_header_and_json_count_hits_and_near_matches(index):
    runner = CliRunner()
    args = ["search", "belastingfraude", "--index", str(index.path), "--facets"]
    plain = runner.invoke(app, [*args, "-f", "plain"])
    assert plain.exit_code == 0, plain.output
    data = json.loads(runner.invoke(app, [*args, "-f", "json", "--passages", "0"]).stdout)
    near = data["total"] - 1
    header = f"1 document holds ‘belastingfraude’, and {near} near match{'es' if near != 1 else ''}"
    assert plain.stdout.splitlines()[0] == header and "facets of the 1 hit" in plain.stdout
    assert data["hits"] == 1 and data["facets_of"] == "hits" and data["facets"]["year"] == {"2017": 1}
    assert sum(result["near"] is None for result in data["results"]) == 1
    fraude = runner.invoke(app, ["search", "fraude", "--index", str(index.path), "-f", "plain"])
    assert fraude.stdout.splitlines()[0] == "2 documents for ‘fraude’"
