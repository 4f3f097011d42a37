"""Two-column PDFs: which reader gives the columns in reading order, and at what cost.

    python bench/two_column.py            # generated PDFs; prints a table (needs pdfminer.six for its row)

Issue 20 asks to compare pypdf's layout mode with pdfminer.six's layout analysis on generated
two-column PDFs and pick by measurement. The PDFs come from ``tests/make_pdf.py``: the fixture
texts set in two columns written row by row (as typesetting programs write them), plus the
same texts in one column (a reader must not split those). Correct = the words in the order of
the text (whitespace aside); ``order`` is difflib's ratio of the word sequences (1.0 = exact).
"""

from __future__ import annotations

import difflib
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from make_pdf import pdf_bytes, text_pages, two_column_pages, two_column_pdf_bytes  # noqa: E402

from parlzoek.corpus.pdf import extract_pdf_text  # noqa: E402


def _texts() -> list[str]:
    fixtures = ROOT / "tests" / "fixtures"
    texts = [p.read_text(encoding="utf-8") for p in sorted(fixtures.glob("official-layout*.txt"))]
    words = ["trajecten", "werkzoekenden", "provincie", "begeleiding", "OCMW's", "opleiding", "kinderopvang"]
    paragraphs = [f"{i}. " + " ".join(f"Zin {i}.{j} telt {i * j} {words[(i + j) % len(words)]}." for j in range(14))
                  for i in range(4, 40)]  # fmt: skip
    long = texts[0] + "\n\n" + "\n\n".join(paragraphs)
    return [*texts, long]


def pypdf_plain(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


READERS = {"pypdf plain": pypdf_plain, "parlzoek (pypdf layout + gutter)": extract_pdf_text, "pdfminer.six": pdfminer}


def order(expected: str, got: str) -> float:
    return difflib.SequenceMatcher(None, expected.split(), got.replace("-\n", "").split(), autojunk=False).ratio()


def main() -> None:
    cases = []
    for text in _texts():
        expected = text.replace("-\n", "")
        cases.append(("two columns", expected, two_column_pdf_bytes(two_column_pages(text))))
        cases.append(("one column", expected, pdf_bytes(text_pages(text, 60))))
    print("| reader | layout | documents | exact | mean order | ms per document (median of 5) |")
    print("|---|---|---:|---:|---:|---:|")
    for name, reader in READERS.items():
        for layout in ("two columns", "one column"):
            chosen = [(e, d) for kind, e, d in cases if kind == layout]
            try:
                ratios = [order(e, reader(d)) for e, d in chosen]
            except ImportError:
                print(f"| {name} | {layout} | not installed | | | |")
                continue
            times = []
            for _ in range(5):
                started = time.perf_counter()
                for _, data in chosen:
                    reader(data)
                times.append((time.perf_counter() - started) * 1000 / len(chosen))
            exact = sum(r == 1.0 for r in ratios)
            print(f"| {name} | {layout} | {len(chosen)} | {exact} | {statistics.mean(ratios):.3f} "
                  f"| {statistics.median(times):.1f} |")  # fmt: skip


if __name__ == "__main__":
    main()
