"""Corpora that change between versions, and a snapshot of what an index answers, for fault tests."""

from __future__ import annotations

import json
from pathlib import Path

from parlzoek.index.store import IndexHome
from parlzoek.search.service import SearchEngine

QUERIES = ("maatwerkbedrijven", "economie", "accijnzen", "versie")
WORDS = ["maatwerkbedrijven", "economie", "accijnzen", "tabak", "gemeenten", "werkzoekenden", "subsidies", "OCMW"]


def versioned_docs(version: int, count: int = 120) -> list[dict]:
    """``count`` documents whose texts, and so whose rankings, differ from one version to the next."""
    docs = []
    for n in range(count + version):
        words = [WORDS[(n * 3 + version + k) % len(WORDS)] for k in range(1 + (n + version) % 4)]
        docs.append(
            {
                "id": f"doc-{n:04d}",
                "title": f"Vraag {n} over {words[0]} (versie {version})",
                "question": f"1. Hoeveel {' en '.join(words)} zijn er?\n2. Welke versie {version} geldt?",
                "answer": f"1. Er zijn {n} {words[-1]}.\n2. Versie {version}, " + "zeker " * ((n * version) % 7),
                "date": f"2017-0{1 + n % 9}-1{n % 10}",
                "minister": ["Liesbeth Homans", "Philippe Muyters"][n % 2],
            }
        )
    return docs


def write_version(path: Path, version: int, count: int = 120) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = (json.dumps(doc, ensure_ascii=False) + "\n" for doc in versioned_docs(version, count))
    path.write_text("".join(lines), encoding="utf-8")
    return path


def snapshot(home: IndexHome) -> tuple:
    """What a user would see: the document count and the top ten of each query."""
    with SearchEngine(home) as engine:
        tops = tuple(tuple(hit.document.id for hit in engine.search(q, limit=10).hits) for q in QUERIES)
        return engine.stats().documents, tops
