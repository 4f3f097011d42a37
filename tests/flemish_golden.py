"""Golden records of the Flemish fixture collection (``fixtures/flemish/``).

Every fixture is one source the loader reads (``NAME.txt``, ``NAME.pdf``, a sidecar
``NAME.meta.json`` with the file it names, and whatever other kinds the loader learns to read)
with its golden record beside it: ``NAME.EXT.golden``, the document as JSON (``Document.to_dict``,
``source`` as the file's name) plus the warnings read with it. The ``.golden`` suffix keeps the
loader, and so ``corpus inspect``, from taking a golden record for a corpus file.

A PDF fixture is generated from its ``NAME.pdf.src`` by ``make_pdf.py --flemish`` and committed.

To write the golden record of a new fixture, then read every field of it before committing:
``python tests/flemish_golden.py tests/fixtures/flemish/NAME.EXT``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from parlzoek.corpus import load

FLEMISH = Path(__file__).resolve().parent / "fixtures" / "flemish"
GOLDEN_SUFFIX = ".golden"


def golden_path(source: Path) -> Path:
    return source.with_name(source.name + GOLDEN_SUFFIX)


def fixture_sources(folder: Path = FLEMISH) -> list[Path]:
    """Every fixture that has a golden record, in name order."""
    return sorted(g.with_name(g.name[: -len(GOLDEN_SUFFIX)]) for g in folder.glob("*" + GOLDEN_SUFFIX))


def record(source: Path) -> dict[str, Any]:
    """What the loader makes of one fixture: its single document and the warnings read with it."""
    result = load([source])
    if result.problems or len(result.documents) != 1:
        problems = "; ".join(str(p) for p in result.problems)
        raise AssertionError(f"{source.name}: expected one document, got {len(result.documents)} ({problems})")
    document = result.documents[0].to_dict()
    document["source"] = source.name
    document["warnings"] = [w.message for w in result.warnings]
    return document


def write_golden(source: Path) -> Path:
    target = golden_path(source)
    target.write_text(json.dumps(record(source), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(write_golden(Path(name)))
