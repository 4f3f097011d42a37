"""Table rows in extracted text: kept one per line, their cells separated by `` | ``.

A PDF's text layer gives a table row as one line of words and figures (``Antwerpen 6.012 28,6 %``)
and unwrapping would run the rows together. A row is found two ways: a line whose cells a
reader already separated (``CELL`` — a Word table, or a gap of three spaces or a tab turned into
``CELL`` by ``mark_cell_gaps``), or a run of two or more lines that each end in the same number
of figures after a short label. The line just above such a run is its header row when it is a
short line without figures that does not end a sentence; it is cut into cells where there is one
word, or one capitalised word group, per column.
"""

from __future__ import annotations

import re

CELL = " | "
_GAP = re.compile(r"[ ]*\t[ \t]*|(?<=\S) {3,}(?=\S)")
_FIGURE = r"[-+]?(?:€\s?)?\d[\d.]*(?:,\d+)?(?:\s?%)?"
_ROW = re.compile(rf"^(?P<label>.*?)(?P<figures>(?:(?:^|\s){_FIGURE})+)$")
_FIGURES = re.compile(_FIGURE)
_MAX_LABEL_WORDS = 5
_MAX_HEADER_WORDS = 8


def mark_cell_gaps(text: str) -> str:
    """A tab, or three or more spaces between words, is a gap between cells: made ``CELL``
    before spaces are collapsed, so the row survives as a row."""
    return "\n".join(_GAP.sub(CELL, line) if line.strip() else line for line in text.split("\n"))


def _figure_row(line: str) -> tuple[str, list[str]] | None:
    """(label, figures) of a line that reads as a table row, else ``None``; ``None`` too for a line
    whose cells are already separated (a Word table's row): it is a row as it stands."""
    match = None if CELL in line else _ROW.match(line)
    if not match:
        return None
    label = match.group("label").strip()
    if len(label.split()) > _MAX_LABEL_WORDS or (label and label[-1] in ".?!:;,"):
        return None
    figures = _FIGURES.findall(match.group("figures"))
    return label, [f.strip() for f in figures]


def _cells(label: str, figures: list[str]) -> str:
    return CELL.join([label, *figures] if label else figures)


def _header(line: str, columns: int) -> str | None:
    words = line.split()
    if not words or len(words) > _MAX_HEADER_WORDS or line[-1] in ".?!:;," or _FIGURES.search(line):
        return None
    if len(words) == columns:
        return CELL.join(words)
    by_capital = re.split(r" (?=[A-ZÀ-Þ])", line)  # "Provincie Aantal gemeenten Bedrag": a cell per capital
    return CELL.join(by_capital) if len(by_capital) == columns else line


def _may_be_header(lines: list[str], i: int, rows: dict[int, str]) -> bool:
    """A line above a run of rows, not the wrapped end of a sentence that began on the line above it."""
    if i < 0 or i in rows:
        return False
    before = lines[i - 1].strip() if i > 0 else ""
    return not before or before[-1] in ".?!:"


def table_rows(lines: list[str]) -> dict[int, str]:
    """Line index → the row as cells, for every line of ``lines`` that is a table row."""
    rows = {i: line for i, line in enumerate(lines) if CELL.strip() in line and CELL in line}
    i = 0
    while i < len(lines):
        first = _figure_row(lines[i])
        if first is None:
            i += 1
            continue
        run = [i]
        while run[-1] + 1 < len(lines):
            following = _figure_row(lines[run[-1] + 1])
            if following is None or len(following[1]) != len(first[1]):
                break
            run.append(run[-1] + 1)
        if len(run) >= 2:
            for j in run:
                rows[j] = _cells(*_figure_row(lines[j]))  # type: ignore[misc]
            columns = len(first[1]) + (1 if first[0] else 0)
            header = _header(lines[i - 1], columns) if _may_be_header(lines, i - 1, rows) else None
            if header is not None:
                rows[i - 1] = header
        i = run[-1] + 1
    return rows
