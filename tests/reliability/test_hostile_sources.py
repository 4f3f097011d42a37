"""A directory of hostile and broken sources beside good ones: each bad one is reported by name
with its reason, the good ones are indexed, the exit status says something was skipped, and
memory stays bounded (nothing is slurped whole)."""

from __future__ import annotations

import json
import os
import random
import tracemalloc
import zlib
from pathlib import Path

import pytest
from make_pdf import encrypted_pdf_bytes, pdf_bytes, text_pages
from typer.testing import CliRunner

from parlzoek.corpus import load, sample_corpus_dir
from parlzoek.corpus.decode import decode
from parlzoek.terminal.cli import app

MB = 1024 * 1024
GOOD_RECORD = {"id": "goed-1", "title": "Maatwerkbedrijven", "question": "Hoeveel maatwerkbedrijven zijn er?"}


def with_content_stream(pdf: bytes, raw: bytes) -> bytes:
    """The one-page PDF with its page content replaced by ``raw``, deflated (pypdf repairs the xref)."""
    start = pdf.index(b"<< /Length", pdf.index(b"/WinAnsiEncoding"))
    end = pdf.index(b"endstream", start)
    packed = zlib.compress(raw, 9)
    return pdf[:start] + b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\n" + pdf[end:]


def write_hostile_sources(root: Path) -> dict[str, str]:
    """Bad sources in ``root``, each with the words its problem must contain."""
    official = (Path(__file__).parent.parent / "fixtures" / "official-layout.txt").read_text(encoding="utf-8")
    pages = text_pages(official)
    one_page = pdf_bytes([["Titel"]])
    junk = random.Random(7)
    files = {
        "truncated.pdf": (pdf_bytes(pages)[:400], "corrupt or unsupported PDF"),
        "encrypted.pdf": (encrypted_pdf_bytes(pages), "encrypted PDF"),
        "image-only.pdf": (pdf_bytes([[]]), "no text layer"),
        "many-pages.pdf": (pdf_bytes([["x"]] * 501), "more than the 500"),
        "inflates-to-1gb.pdf": (with_content_stream(one_page, b" " * (1024 * MB)), "Limit reached"),
        "content-bomb.pdf": (
            with_content_stream(one_page, b"BT /F1 10 Tf\n" + b"(maatwerk) Tj T*\n" * (20 * MB // 17) + b"ET"),
            "a PDF bomb",
        ),
        "junk.txt": (bytes(junk.randrange(256) for _ in range(4096)), "binary data"),
        "junk-without-nul.txt": (bytes(junk.randrange(1, 256) for _ in range(4096)), "binary data"),
        "nul.txt": (b"Titel\nEen vraag\x00 met een NUL-byte.\n", "binary data (NUL"),
        "empty.txt": (b"", "empty file"),
        "not-json.json": (b"{'id': 1,", "malformed JSON"),
        "truncated.jsonl.gz": (b"\x1f\x8b\x08\x00garbage", "cannot read"),
    }
    for name, (content, _) in files.items():
        (root / name).write_bytes(content)
    with open(root / "200mb.txt", "wb") as huge:  # sparse: no disk used, but 200 MB to whoever reads it
        huge.truncate(200 * MB)
    with open(root / "long-line.jsonl", "w", encoding="utf-8") as lines:
        lines.write(json.dumps({**GOOD_RECORD, "id": "goed-2"}) + "\n")
        lines.write('{"id": "lang", "question": "' + "woord " * (50 * MB // 6) + '"}\n')
        lines.write(json.dumps({**GOOD_RECORD, "id": "goed-3"}) + "\n")
    (root / "loop").symlink_to(root)  # a directory walk that followed it would never end
    return {name: expected for name, (_, expected) in files.items()} | {
        "200mb.txt": "larger than 20 MB",
        "long-line.jsonl:2": "line longer than 10 MB",
    }


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    expected = write_hostile_sources(root)
    (root / "good.jsonl").write_text(json.dumps(GOOD_RECORD) + "\n", encoding="utf-8")
    (root / "mixed-encoding.txt").write_bytes(
        "Financiën\n1. Welke middelen krijgt België?\n".encode()
        + "Antwoord: de coördinatie ligt bij de Regering.\n".encode("cp1252")
    )
    sample = next(sample_corpus_dir().glob("*.txt"))
    (root / sample.name).write_bytes(sample.read_bytes())
    return root, expected


@pytest.mark.slow  # a folder of hostile files read and indexed
def test_hostile_sources_are_reported_and_the_good_ones_indexed(hostile_dir, tmp_path):
    root, expected = hostile_dir
    tracemalloc.start()
    try:
        result = CliRunner().invoke(app, ["index", str(root), "--index", str(tmp_path / "ix")])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    report = " ".join(result.stderr.split())
    for name, reason in expected.items():
        assert f"{name}" in report and reason in report, (name, reason)
    assert "Traceback" not in result.output
    assert peak < 250 * MB, f"peak Python memory {peak / MB:.0f} MB"  # pypdf inflates up to 75 MB itself
    search = CliRunner().invoke(app, ["search", "maatwerkbedrijven OR belgie", "--index", str(tmp_path / "ix"),
                                      "-f", "json", "-n", "20"])  # fmt: skip
    ids = {hit["id"] for hit in json.loads(search.stdout)["results"]}
    assert {"goed-1", "goed-2", "goed-3", "vp-2016-2017-687-liesbeth-homans"} <= ids
    mixed = json.loads(CliRunner().invoke(app, ["search", "coordinatie belgie", "--index", str(tmp_path / "ix"),
                                                "-f", "json"]).stdout)["results"]  # fmt: skip
    assert mixed[0]["id"] == "mixed-encoding"  # the words themselves; below it, documents sharing only grams
    assert mixed[0]["score"] > 2 * max([hit["score"] for hit in mixed[1:]], default=0)
    assert "mixed-encoding.txt: not valid UTF-8 throughout" in report


def test_mixed_encodings_keep_both_parts_right():
    text, warning = decode("Financiën in België: ".encode() + "één cent".encode("cp1252"))
    assert text == "Financiën in België: één cent" and "cp1252" in warning


def test_a_source_we_may_not_read_is_reported_and_the_rest_loads(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode (tests/test_loader.py simulates it instead)")
    locked = tmp_path / "locked.jsonl"
    locked.write_text(json.dumps(GOOD_RECORD) + "\n", encoding="utf-8")
    locked.chmod(0)
    (tmp_path / "open.jsonl").write_text(json.dumps({**GOOD_RECORD, "id": "open"}) + "\n", encoding="utf-8")
    result = load([tmp_path])
    assert [d.id for d in result.documents] == ["open"]
    assert [Path(p.source).name for p in result.problems] == ["locked.jsonl"]
