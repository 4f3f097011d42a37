import gzip
import json

import pytest

from parlzoek.corpus import load


def write_jsonl(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


RECORD = {"id": "r1", "date": "2017-01-04", "title": "T", "question": "1. A?2. B?", "answer": "1. X. 2. Y.",
          "asker": "Peeters, Jan", "party": "CD&V", "minister": "Minister van Werk", "themes": ["WERK"]}  # fmt: skip


def test_malformed_lines_are_reported_with_line_numbers_and_the_rest_loads(tmp_path):
    path = write_jsonl(
        tmp_path / "r.jsonl",
        [
            json.dumps(RECORD),
            '{"id": "broken", "question": ',
            json.dumps({"id": "empty", "title": "no text"}),
            "",
            json.dumps([1, 2]),
            json.dumps({**RECORD, "id": "r2", "date": "geen datum"}),
            json.dumps({**RECORD, "id": "r3"}),
        ],
    )
    result = load([path])
    assert [d.id for d in result.documents] == ["r1", "r3"]
    assert [(p.line, p.message.split(":")[0]) for p in result.problems] == [
        (2, "malformed JSON"),
        (3, "record has neither question nor answer"),
        (5, "a record must be a JSON object, not list"),
        (6, "field 'date' is not a date"),
    ]
    assert all(p.source == str(path) for p in result.problems)


def test_fields_taken_as_given_and_unknown_fields_kept(tmp_path):
    (doc,) = load([write_jsonl(tmp_path / "r.jsonl", [json.dumps({**RECORD, "extra": {"x": 1}})])]).documents
    assert doc.minister == "Minister van Werk"  # the Chamber's function, as given
    assert doc.session_year is None  # kept as given: not derived for records
    assert (doc.themes, doc.party) == (("WERK",), "CD&V")
    assert doc.metadata == {"extra": {"x": 1}}
    assert doc.source_line == 1
    assert [(p.n, p.question, p.answer) for p in doc.passages] == [(1, "A?", "X."), (2, "B?", "Y.")]


def test_missing_optional_fields_and_missing_id(tmp_path):
    (doc,) = load([write_jsonl(tmp_path / "export.jsonl", [json.dumps({"question": "Waarom?"})])]).documents
    assert doc.id == "export-1" and doc.answer is None and doc.title == "" and doc.number is None


def test_json_array_and_our_own_inspect_output_round_trip(tmp_path):
    array = tmp_path / "a.json"
    array.write_text(json.dumps([RECORD, {**RECORD, "id": "r2"}]), encoding="utf-8")
    documents = load([array]).documents
    assert [d.id for d in documents] == ["r1", "r2"]
    again = tmp_path / "again.json"
    again.write_text(json.dumps({"documents": [d.to_dict() for d in documents]}), encoding="utf-8")
    reread = load([again]).documents
    assert [d.to_dict() | {"source": None, "source_line": None} for d in reread] == [
        d.to_dict() | {"source": None, "source_line": None} for d in documents
    ]


def test_gzipped_jsonl(tmp_path):
    path = tmp_path / "r.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps(RECORD) + "\n")
    assert [d.id for d in load([path]).documents] == ["r1"]


def test_cp1252_line_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_bytes(json.dumps({**RECORD, "title": "Financiën"}, ensure_ascii=False).encode("cp1252") + b"\n")
    result = load([path])
    assert result.documents[0].title == "Financiën"
    assert result.problems == [] and len(result.warnings) == 1 and "cp1252" in result.warnings[0].message


def test_overlong_line_is_skipped_not_slurped(tmp_path, monkeypatch):
    from parlzoek.corpus import decode

    monkeypatch.setattr(decode, "MAX_RECORD_BYTES", 1000)
    monkeypatch.setattr(decode.read_lines, "__defaults__", (1000,))
    path = write_jsonl(tmp_path / "r.jsonl", [json.dumps({**RECORD, "question": "x" * 5000}), json.dumps(RECORD)])
    result = load([path])
    assert [d.id for d in result.documents] == ["r1"]
    assert [(p.line, "longer than" in p.message) for p in result.problems] == [(1, True)]


@pytest.mark.slow
def test_the_whole_chamber_dev_corpus_loads_with_passages(dekamer):
    result = load([dekamer / "dev-corpus.jsonl"])
    assert len(result.documents) == 1947
    assert result.problems == [] and result.warnings == []
    assert all(doc.passages for doc in result.documents)
    multi = [doc for doc in result.documents if len(doc.passages) > 1]
    assert len(multi) > 1000
    first = next(doc for doc in result.documents if doc.id == "kamer-184502")
    assert [p.question[:30] for p in first.passages] == [
        "Op een eerdere parlementaire v",
        "Heeft de NMBS een oplossing ge",
    ]
    assert first.passages[1].answer.startswith("Bij de ingebruikname van de ITRIS-toestellen")
