"""Small corpora written for the tests (not real documents)."""

import json
import os
from pathlib import Path

DOCS = [
    {"id": "d1", "date": "2017-03-01", "title": "Maatwerkbedrijven in Vlaanderen", "minister": "Liesbeth Homans",
     "question": "1. Hoeveel maatwerkbedrijven zijn er?2. Werken ze samen met reguliere bedrijven?",
     "answer": "1. Er zijn 50 maatwerkbedrijven.2. Ja, via samenwerkingsverbanden in de sociale economie.",
     "themes": ["SOCIALE ECONOMIE"]},
    {"id": "d2", "date": "2016-05-10", "title": "Accijnzen op tabak", "minister": "Johan Van Overtveldt",
     "question": "Hoeveel brachten de accijnzen op tabak op?", "answer": "De FOD Financien ontving 2 miljard euro.",
     "themes": ["ACCIJNS", "TABAK"]},
    {"id": "d3", "date": "2017-09-30", "title": "Sociale economie en de economie",
     "minister": "Liesbeth Homans", "question": "Wat is de rol van de economie in de sociale sector?",
     "answer": "De economie en het sociale beleid versterken elkaar.", "themes": []},
]  # fmt: skip


def write_corpus(directory: Path, docs=DOCS, name="corpus.jsonl") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def rewrite_corpus(directory: Path, docs, name="corpus.jsonl") -> Path:
    """``write_corpus`` over an existing file, its modification time a second past the old one: an
    update tells a changed source by size and time, and a rewrite of the same size within the file
    system's timestamp granularity would otherwise look unchanged."""
    before = (directory / name).stat().st_mtime_ns
    path = write_corpus(directory, docs, name)
    os.utime(path, ns=(path.stat().st_atime_ns, max(path.stat().st_mtime_ns, before + 10**9)))
    return path
