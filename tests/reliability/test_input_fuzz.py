"""Arbitrary and mutated documents, records and query files: documents or reported problems,
never a traceback, and no text of a parsed document lost from its passages."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nasty import NASTY_QUERIES, NASTY_RECORDS, NASTY_TEXTS
from typer.testing import CliRunner

from parlzoek.corpus import load, sample_corpus_dir
from parlzoek.corpus.textdoc import parse_with_text, parsed_to_document
from parlzoek.errors import SourceError
from parlzoek.index.build import update_index
from parlzoek.index.store import IndexHome
from parlzoek.terminal.cli import app

SLOW = pytest.mark.slow  # the fuzzers: hundreds of examples each; the nasty cases stay in the quick lane

SAMPLE = next(sample_corpus_dir().glob("*.txt")).read_text(encoding="utf-8")
OFFICIAL = (Path(__file__).parent.parent / "fixtures" / "official-layout.txt").read_text(encoding="utf-8")
JUNK = st.text(st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["\n", "\n\n", "1.", " 2. ", "3. b)", "ANTWOORD", "op vraag nr. 7 van 8 juni 2017", "Idem.", "-\n", "\x00", "\x1b["]
)
EXAMPLES = int(os.environ.get("PARLZOEK_FUZZ_EXAMPLES", "150"))  # bench/soak.py raises it
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def mutated(draw, text: str) -> str:
    """``text`` with slices deleted, doubled or replaced by junk: a realistic broken extraction."""
    for _ in range(draw(st.integers(1, 6))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 400)))
        action = draw(st.sampled_from(["delete", "double", "junk", "truncate"]))
        middle = {"delete": "", "double": text[start:end] * 2, "junk": draw(JUNK), "truncate": None}[action]
        text = text[:start] if middle is None else text[:start] + middle + text[end:]
    return text


def words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]{2,}", text)


def assert_no_text_lost(text: str) -> None:
    try:
        parsed = parse_with_text(text)
    except SourceError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    doc = parsed_to_document(parsed, Path("fuzz.txt"), "fuzz.txt")
    for passage in doc.passages:
        assert doc.question[passage.question_start : passage.question_end] == passage.question
        assert (doc.answer or "")[passage.answer_start : passage.answer_end] == passage.answer
    in_passages = " ".join(p.question + " " + p.answer for p in doc.passages)
    missing = [w for w in words((doc.question or "") + " " + (doc.answer or "")) if w not in in_passages]
    assert missing == [], missing[:5]


@FUZZ
@SLOW
@given(st.text() | mutated(SAMPLE) | mutated(OFFICIAL))
def test_text_parser_loses_nothing_and_never_crashes(text):
    assert_no_text_lost(text)


@pytest.mark.parametrize("text", NASTY_TEXTS)
def test_nasty_texts(text):
    assert_no_text_lost(text)


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
FIELDS = ["id", "title", "question", "answer", "number", "date", "minister", "asker", "themes", "session_year"]
RECORDS = st.fixed_dictionaries({}, optional={name: VALUES | st.text() for name in FIELDS})
LINES = st.one_of(
    RECORDS.map(lambda r: json.dumps(r).encode()),
    st.binary(max_size=120),
    mutated(json.dumps({"id": "vraag", "question": SAMPLE})).map(str.encode),
)


@FUZZ
@SLOW
@given(st.lists(LINES, max_size=8))
def test_every_jsonl_line_is_a_document_or_a_reported_problem(tmp_path, lines):
    data = b"\n".join(lines)
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(data)
    result = load([path])
    assert len(result.documents) + len(result.problems) == sum(1 for line in data.split(b"\n") if line.strip())
    assert all(p.line is not None for p in result.problems)


@SLOW
@settings(max_examples=max(30, EXAMPLES // 5), deadline=None)
@given(st.lists(LINES, min_size=1, max_size=6))
def test_what_loads_also_indexes(lines):
    with tempfile.TemporaryDirectory() as root:
        path = Path(root, "fuzz.jsonl")
        path.write_bytes(b"\n".join(lines))
        summary = update_index(IndexHome(Path(root, "ix")), [path])
        assert summary.documents_total == len(load([path]).documents)


@pytest.mark.parametrize("record", NASTY_RECORDS)
def test_nasty_records_are_reported_problems(tmp_path, record):
    path = tmp_path / "nasty.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    summary = update_index(IndexHome(tmp_path / "ix"), [path])
    assert summary.documents_total == 0 and [p.line for p in summary.problems] == [1]


@FUZZ
@SLOW
@given(st.binary(max_size=300) | RECORDS.map(lambda r: json.dumps([r, r]).encode()))
def test_a_json_file_loads_or_is_one_reported_problem(tmp_path, data):
    path = tmp_path / "fuzz.json"
    path.write_bytes(data)
    result = load([path])
    assert result.documents or result.problems


QUERY_LINES = st.lists(st.sampled_from(NASTY_QUERIES) | st.text(max_size=30), max_size=6)


@SLOW
@settings(
    max_examples=max(40, EXAMPLES // 4), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(QUERY_LINES, st.sampled_from(["jsonl", "csv", "trec"]))
def test_batch_on_any_query_file_reports_and_never_crashes(batch_index, tmp_path, lines, output):
    queries = tmp_path / "queries.txt"
    queries.write_bytes("\n".join(lines).encode("utf-8", errors="surrogatepass"))
    result = CliRunner().invoke(app, ["batch", str(queries), "--index", batch_index, "-f", output])
    assert result.exit_code in (0, 1, 2) and (result.exception is None or isinstance(result.exception, SystemExit))
    assert "Traceback" not in result.output
    if output == "jsonl":
        assert all(json.loads(line) for line in result.stdout.splitlines())


@pytest.fixture(scope="module")
def batch_index(tmp_path_factory):
    from corpus_helpers import write_corpus

    root = tmp_path_factory.mktemp("batch")
    assert (
        CliRunner().invoke(app, ["index", str(write_corpus(root / "src")), "--index", str(root / "ix")]).exit_code == 0
    )
    return str(root / "ix")
