import errno
import os
from pathlib import Path

import pytest

from parlzoek.corpus import decode, load


def test_directories_are_walked_recursively_in_a_stable_order(tmp_path, fixtures):
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / "b" / "z.txt").write_text((fixtures / "official-layout.txt").read_text(encoding="utf-8"))
    (tmp_path / "a" / "deep" / "q.jsonl").write_text('{"id": "x", "question": "Waarom?"}\n')
    (tmp_path / "notes.md").write_text("not a source")
    (tmp_path / ".hidden.txt").write_text("skipped")
    result = load([tmp_path])
    assert [d.id for d in result.documents] == ["x", "vp-2023-2024-312-jan-peeters"]
    assert result.problems == []


def test_symlink_loops_do_not_hang(tmp_path):
    (tmp_path / "d").mkdir()
    os.symlink(tmp_path, tmp_path / "d" / "loop")
    (tmp_path / "d" / "q.jsonl").write_text('{"id": "x", "question": "Waarom?"}\n')
    assert [d.id for d in load([tmp_path]).documents] == ["x"]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty file"), (b"  \n\n", "empty file"), (b"\x00\x01\x02binary\x00", "binary data")],
)
def test_empty_and_binary_files_are_problems(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    good = tmp_path / "good.jsonl"
    good.write_text('{"id": "ok", "question": "Waarom?"}\n')
    result = load([path, good])
    assert [d.id for d in result.documents] == ["ok"]
    assert [(p.source, message in p.message) for p in result.problems] == [(str(path), True)]


def test_huge_text_file_is_refused_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(decode, "MAX_DOCUMENT_BYTES", 1024)
    from parlzoek.corpus import textdoc

    monkeypatch.setattr(textdoc, "MAX_DOCUMENT_BYTES", 1024)
    path = tmp_path / "huge.txt"
    path.write_text("Titel\n" + "woord " * 1000)
    result = load([path])
    assert result.documents == [] and "larger than" in result.problems[0].message


def test_latin1_text_file_is_decoded_with_a_warning(tmp_path, fixtures):
    path = tmp_path / "q.txt"
    text = (
        (fixtures / "official-layout.txt").read_text(encoding="utf-8").replace("ECONOMIE\nWerk", "ECONOMIE\nFinanciën")
    )
    path.write_bytes(text.replace("‘", "'").replace("’", "'").encode("latin-1"))
    result = load([path])
    assert result.documents[0].title.startswith("Financiën")
    assert [w.message for w in result.warnings] == ["not valid UTF-8 throughout; the other bytes decoded as cp1252"]


def test_missing_unsupported_and_unreadable_sources(tmp_path, monkeypatch):
    unreadable = tmp_path / "locked.jsonl"
    unreadable.write_text('{"id": "x", "question": "Waarom?"}\n')
    original_open = Path.open

    def deny(self, *args, **kwargs):
        if self == unreadable:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return original_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    (tmp_path / "x.odt").write_bytes(b"PK")
    result = load([tmp_path / "missing", tmp_path / "x.odt", unreadable])
    assert [(Path(p.source).name, p.message.split(";")[0].split(":")[0]) for p in result.problems] == [
        ("missing", "no such file or directory"),
        ("x.odt", "unsupported file type"),
        ("locked.jsonl", "cannot open"),
    ]


def test_duplicate_ids_are_reported_not_overwritten(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"id": "x", "question": "Eerst?"}\n{"id": "x", "question": "Later?"}\n')
    result = load([path])
    assert [d.question for d in result.documents] == ["Eerst?"]
    assert result.problems[0].line == 2 and "duplicate id 'x'" in result.problems[0].message


def test_same_file_named_twice_is_read_once(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"id": "x", "question": "Waarom?"}\n')
    result = load([path, tmp_path, path])
    assert [d.id for d in result.documents] == ["x"] and result.problems == []
