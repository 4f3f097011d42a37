"""The fixtures of older years (Word, RTF, two columns, two files) against their golden records.

Each golden record sits beside its fixture as ``NAME.EXT.golden`` (the Flemish collection's
convention: ``Document.to_dict()`` with ``source`` as the file's name, plus the warnings read
with it; the ``.golden`` suffix is no reader's, so the loader skips it). Once the collection's
own golden test reads every ``.golden`` in the folder, these records are compared there too
and this module can go. To write a record after a deliberate change, then read it through:
``python tests/test_formats_golden.py tests/fixtures/flemish/NAME.EXT``.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from make_word import write_fixtures

from parlzoek.corpus import load

FLEMISH = Path(__file__).resolve().parent / "fixtures" / "flemish"
FIXTURES = ["rtf-2003.rtf", "schv-900718.meta.json", "two-column-2002.pdf", "word-2004.doc", "word-2007.docx"]
NEEDS_ANTIWORD = {"word-2004.doc", "schv-900718.meta.json"}


def loaded(source: Path) -> dict[str, Any]:
    """The one document a fixture holds, as its golden record has it."""
    result = load([source])
    assert not result.problems and len(result.documents) == 1, [str(p) for p in result.problems]
    document = result.documents[0].to_dict()
    document["source"] = source.name
    document["warnings"] = [w.message for w in result.warnings]
    return document


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_matches_its_golden_record_field_by_field(name):
    if name in NEEDS_ANTIWORD and shutil.which("antiword") is None:
        pytest.skip("needs antiword: apt-get install antiword")
    source = FLEMISH / name
    golden = json.loads(source.with_name(name + ".golden").read_text(encoding="utf-8"))
    actual = loaded(source)
    assert sorted(actual) == sorted(golden)
    for key in sorted(set(golden) - {"passages"}):
        assert actual[key] == golden[key], f"{name}: {key}"
    assert len(actual["passages"]) == len(golden["passages"]), f"{name}: number of passages"
    for got, expected in zip(actual["passages"], golden["passages"], strict=True):
        assert got == expected, f"{name}: passage {expected['n']}"


def test_the_generated_fixtures_are_what_make_word_writes(tmp_path):
    """RTF and PDF are byte for byte (a ``.docx`` carries its creation time, so its text is compared)."""
    write_fixtures(tmp_path, tmp_path / "doc-sources")
    for name in ("rtf-2003.rtf", "two-column-2002.pdf"):
        assert (tmp_path / name).read_bytes() == (FLEMISH / name).read_bytes(), name
    for name in ("word-2007.docx", "schv-900718.2.docx"):
        assert loaded_text(tmp_path / name) == loaded_text(FLEMISH / name), name


def loaded_text(path: Path) -> str:
    from parlzoek.corpus.filetext import file_text

    return file_text(path)


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        path = Path(arg)
        target = path.with_name(path.name + ".golden")
        target.write_text(json.dumps(loaded(path), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(target)
