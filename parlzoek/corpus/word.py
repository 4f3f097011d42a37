"""Text out of Word files: ``.docx`` through python-docx, ``.doc`` (Word 97-2003) through antiword.

Both give the text a reader sees, in reading order, for the Flemish layout parser: paragraphs on
their own lines, a table row as one line with its cells separated by a tab (so the row stays a
row), and Word's automatic list numbers written out (``1.``, ``a)``), because the parser finds
sub-questions by those markers and a ``.docx`` stores them as numbering, not as text. Page
headers and footers are left out: they are page furniture, not the question.

``.doc`` is a binary format with no maintained pure-Python reader; antiword (a small C program,
Debian package ``antiword``) reads it. Without it a ``.doc`` is a problem that says how to
install it, and everything else is still read.
"""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from parlzoek.errors import SourceError

MAX_UNPACKED_XML = 64 * 1024 * 1024  # a question with its answer is some 100 KB of XML; more is a zip bomb
ANTIWORD_TIMEOUT = 60.0
ANTIWORD_HINT = "install antiword to read .doc files (Debian/Ubuntu: apt-get install antiword)"
LINE_CHARS = 100
SENTENCE_ENDS = ".?!:;"
_LIST_TAB = re.compile(r"^((?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)]|[-•·–*])\t+")  # "1.<tab>text", Word's list label
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip


def roman(number: int) -> str:
    """Lower-case Roman numerals, as Word's ``lowerRoman`` list numbers.

    >>> roman(14)
    'xiv'
    """
    out = ""
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out += letters * count
    return out


def list_label(number_format: str, count: int) -> str:
    """One level's number in Word's ``numFmt``.

    >>> [list_label(f, 3) for f in ("decimal", "lowerLetter", "upperRoman", "bullet")]
    ['3', 'c', 'III', '-']
    """
    if number_format == "lowerLetter":
        return chr(ord("a") + (count - 1) % 26)
    if number_format == "upperLetter":
        return chr(ord("A") + (count - 1) % 26)
    if number_format in ("lowerRoman", "upperRoman"):
        text = roman(count)
        return text.upper() if number_format == "upperRoman" else text
    if number_format == "bullet":
        return "-"
    return str(count)


class _Numbering:
    """Word's automatic list numbers, counted as the paragraphs come (``numbering.xml``)."""

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, level) -> (format, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        self.styles = {}  # style id -> (its numPr or None, the id it is based on); looked up once, not per paragraph
        for style in document.styles.element.iter(f"{_W}style"):
            style_pr, based_on = style.pPr, style.basedOn
            num_pr = style_pr.numPr if style_pr is not None else None
            self.styles[style.styleId] = (num_pr, based_on.val if based_on is not None else None)
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return  # a document without lists
        abstract = {a.get(f"{_W}abstractNumId"): a for a in root.iter(f"{_W}abstractNum")}
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            definition = abstract.get(ref.get(f"{_W}val") if ref is not None else None)
            for lvl in definition.iter(f"{_W}lvl") if definition is not None else ():
                values = [lvl.find(f"{_W}{name}") for name in ("numFmt", "lvlText", "start")]
                fmt, text, start = (v.get(f"{_W}val", "") if v is not None else "" for v in values)
                level = int(lvl.get(f"{_W}ilvl", "0"))
                self.levels[(num.get(f"{_W}numId"), level)] = (fmt, text, int(start) if start.isdigit() else 1)

    def _num_pr(self, paragraph):
        """The paragraph's list membership, its own or its style's (``List Number`` carries one)."""
        p_pr = paragraph._p.pPr
        if p_pr is not None and p_pr.numPr is not None:
            return p_pr.numPr
        style_id = p_pr.style if p_pr is not None else None
        for _ in range(10):  # styles are based on styles; a cycle or a long chain ends here
            if style_id not in self.styles:
                return None
            num_pr, style_id = self.styles[style_id]
            if num_pr is not None:
                return num_pr
        return None

    def label(self, paragraph) -> str:
        """``1. `` / ``a) `` for a numbered paragraph (its counter moved on), ``""`` otherwise."""
        num_pr = self._num_pr(paragraph)
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        if (num_id, level) not in self.levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, self.levels[(num_id, level)][2] - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        fmt, text, _ = self.levels[(num_id, level)]
        if fmt == "bullet":
            return "- "
        for k in range(level + 1):
            if (num_id, k) in self.levels:
                count = counters.get(k, self.levels[(num_id, k)][2])
                text = text.replace(f"%{k + 1}", list_label(self.levels[(num_id, k)][0], count))
        return f"{text} " if text else ""


def _is_line(paragraph: str) -> bool:
    """A heading-like paragraph (a header field, a subject line, a table row): short, and no sentence end."""
    text = paragraph.rstrip()
    return "\t" in text or (len(text) < LINE_CHARS and text[-1:] not in SENTENCE_ENDS)


def join_paragraphs(paragraphs: list[str]) -> str:
    r"""Paragraphs as PDF extraction of the official layout gives them: header fields, subject lines
    and table rows one a line, a blank line after prose, so the layout parser reads both alike.

    >>> join_paragraphs(["nr. 88", "Werk", "", "De vraag.", " 1.\tHoeveel?", "A\t1", "B\t2"])
    'nr. 88\nWerk\nDe vraag.\n\n1. Hoeveel?\n\nA\t1\nB\t2'
    """
    kept = [_LIST_TAB.sub(r"\1 ", p.strip(" ")) for p in paragraphs if p.strip()]
    text = kept[0] if kept else ""
    for previous, paragraph in itertools.pairwise(kept):
        text += ("\n" if _is_line(previous) else "\n\n") + paragraph
    return text


def _check_unpacked_size(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(i.file_size for i in archive.infolist() if i.filename.endswith((".xml", ".rels")))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SourceError(f"corrupt .docx (not a zip archive: {exc})") from exc
    if unpacked > MAX_UNPACKED_XML:
        raise SourceError(f".docx unpacks to {unpacked // (1024 * 1024)} MB of XML (a zip bomb?); not read")


def _row_text(row) -> str:
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue  # a merged cell is listed once per grid column it spans
        seen.add(id(cell._tc))
        cells.append(" ".join(cell.text.split()))
    return "\t".join(cells)


def extract_docx_text(data: bytes) -> str:
    """The body of a ``.docx``: paragraphs, table rows and list numbers, in reading order.

    Raises:
        SourceError: corrupt, oversized, or without any text.
    """
    _check_unpacked_size(data)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        numbering = _Numbering(document)
        lines = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_row_text(row) for row in block.rows)
            else:
                lines.append(numbering.label(block) + block.text)
    except SourceError:
        raise
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, zipfile.BadZipFile, SyntaxError) as exc:
        raise SourceError(f"corrupt or unsupported .docx ({type(exc).__name__}: {exc})") from exc
    text = join_paragraphs(lines)
    if not text:
        raise SourceError(".docx has no text")
    return text


_ANTIWORD_ROW = re.compile(r"^\|(.*)\|\s*$")


def _antiword_rows(text: str) -> str:
    """antiword draws a table row as ``|cell   |cell   |``; a row becomes tab-separated cells."""
    lines = []
    for line in text.split("\n"):
        row = _ANTIWORD_ROW.match(line)
        lines.append("\t".join(cell.strip() for cell in row.group(1).split("|")) if row else line)
    return "\n".join(lines)


def extract_doc_text(path: Path) -> str:
    """The text of a Word 97-2003 ``.doc``, one paragraph a line, through antiword.

    Raises:
        SourceError: antiword is not installed (the message says how to get it), or it cannot
            read the file.
    """
    program = shutil.which("antiword")
    if program is None:
        raise SourceError(f"cannot read a .doc without antiword: {ANTIWORD_HINT}")
    try:
        done = subprocess.run(
            [program, "-m", "UTF-8.txt", "-w", "0", str(path)],
            capture_output=True, timeout=ANTIWORD_TIMEOUT, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        raise SourceError(f"antiword took more than {ANTIWORD_TIMEOUT:.0f} s; not read") from exc
    except OSError as exc:
        raise SourceError(f"cannot run antiword: {exc.strerror or exc}") from exc
    text = done.stdout.decode("utf-8", errors="replace")
    if done.returncode != 0 or not text.strip():
        reason = " ".join(done.stderr.decode("utf-8", errors="replace").split()) or "no text"
        raise SourceError(f"antiword cannot read this .doc ({reason[:200]})")
    return join_paragraphs(_antiword_rows(text.replace("\r", "")).split("\n"))
