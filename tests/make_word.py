"""Write the Word, RTF and two-column fixtures of older years: texts in the official layout, invented.

Run as a script to (re)write them: ``python tests/make_word.py tests/fixtures/flemish /tmp/doc-sources``.
It writes the ``.docx``, ``.rtf`` and two-column ``.pdf`` fixtures directly, and the ``.docx``
sources of the ``.doc`` fixtures; a ``.doc`` (Word 97-2003) needs a word processor to write, so
those were converted once with LibreOffice and committed (see ``tests/fixtures/README.md``).
A paragraph per line; a line starting ``#. `` becomes an automatically numbered list item (the
number is Word's, not text), a line with tabs a table row.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from make_pdf import two_column_pages, two_column_pdf_bytes

DOCX_2007 = """\
SCHRIFTELIJKE VRAAG
nr. 145
van ELS MARTENS
datum: 12 januari 2007
FRANK VERCAMMEN
VLAAMS MINISTER VAN MOBILITEIT
Mobiliteit
Fietspaden langs gewestwegen
Het Fietsbeleidsplan belooft veilige fietspaden langs alle gewestwegen tegen 2010.
#. Hoeveel kilometer fietspad langs gewestwegen werd in 2006 aangelegd of vernieuwd?
#. Hoeveel kilometer gewestweg heeft nog geen afgescheiden fietspad?
FRANK VERCAMMEN
VLAAMS MINISTER VAN MOBILITEIT
ANTWOORD
op vraag nr. 145 van 12 januari 2007
van ELS MARTENS
#. In 2006 werd 212 kilometer fietspad aangelegd of vernieuwd, verdeeld als volgt.
Provincie\tKilometer
Antwerpen\t48
Limburg\t39
#. Langs 1.870 kilometer gewestweg ligt nog geen afgescheiden fietspad."""

DOC_2004 = """\
SCHRIFTELIJKE VRAAG
nr. 27
van JAN HERMANS
datum: 3 november 2004
HILDE WOUTERS
VLAAMS MINISTER VAN WELZIJN
Welzijn
Wachtlijsten in de thuiszorg
Steeds meer ouderen wachten op gezinszorg aan huis.
1. Hoeveel mensen stonden op 1 oktober 2004 op een wachtlijst voor gezinszorg?
2. Welke middelen komen er in 2005 bij?
HILDE WOUTERS
VLAAMS MINISTER VAN WELZIJN
ANTWOORD
op vraag nr. 27 van 3 november 2004
van JAN HERMANS
1. Op 1 oktober 2004 stonden 3.412 mensen op een wachtlijst.
2. In 2005 komt er 4,5 miljoen euro bij voor gezinszorg."""

RTF_2003 = """\
SCHRIFTELIJKE VRAAG
nr. 61
van ANNA JACOBS
datum: 17 februari 2003
PETER GOOSSENS
VLAAMS MINISTER VAN CULTUUR
Cultuur
Subsidies voor amateurkunsten
De amateurkunsten krijgen sinds het decreet van 2002 werkingssubsidies.
1. Hoeveel verenigingen kregen in 2002 een werkingssubsidie?
2. Hoeveel daarvan zijn koren of harmonieën?
PETER GOOSSENS
VLAAMS MINISTER VAN CULTUUR
ANTWOORD
op vraag nr. 61 van 17 februari 2003
van ANNA JACOBS
1. In 2002 kregen 1.204 verenigingen een werkingssubsidie.
2. Daarvan zijn er 388 koren en 271 harmonieën of fanfares."""

TWO_COLUMN_2002 = "\n".join(
    [  # long paragraphs: the PDF writer wraps them to the column
        "SCHRIFTELIJKE VRAAG",
        "nr. 9",
        "van TOM MAES",
        "datum: 8 oktober 2002",
        "KAREN SMETS",
        "VLAAMS MINISTER VAN ONDERWIJS",
        "Onderwijs",
        "Leerlingenvervoer buitengewoon onderwijs",
        "",
        "Ouders van leerlingen in het buitengewoon onderwijs klagen over lange ritten met de schoolbus. "
        "Sommige kinderen zitten meer dan anderhalf uur op de bus, twee keer per dag.",
        "",
        "1. Hoeveel leerlingen van het buitengewoon onderwijs maken gebruik van het leerlingenvervoer?",
        "",
        "2. Hoeveel van hen zitten langer dan een uur op de bus per rit?",
        "",
        "3. Welke maatregelen neemt de minister om de ritten in te korten?",
        "",
        "KAREN SMETS",
        "VLAAMS MINISTER VAN ONDERWIJS",
        "ANTWOORD",
        "op vraag nr. 9 van 8 oktober 2002",
        "van TOM MAES",
        "1. In het schooljaar 2001-2002 maakten 24.310 leerlingen van het buitengewoon onderwijs gebruik van "
        "het leerlingenvervoer.",
        "",
        "2. Voor 2.870 leerlingen duurt een rit langer dan een uur. Het gaat vooral om leerlingen van scholen"
        " met een groot wervingsgebied.",
        "",
        "3. De Vlaamse Vervoermaatschappij herschikt de ritten in overleg met de scholen, zodat geen rit "
        "langer dan anderhalf uur duurt. In 2003 komen er vijftig bussen bij.",
    ]
)

QUESTION_PART_2005 = """\
SCHRIFTELIJKE VRAAG
nr. 88
van LIEN CLAES
datum: 14 maart 2005
MARC DE WEVER
VLAAMS MINISTER VAN LEEFMILIEU
Leefmilieu
Zwerfvuil langs autosnelwegen
Langs de autosnelwegen ligt steeds meer zwerfvuil.
1. Hoeveel ton zwerfvuil werd in 2004 langs de autosnelwegen opgeruimd?
2. Wat kostte dat?"""

ANSWER_PART_2005 = """\
MARC DE WEVER
VLAAMS MINISTER VAN LEEFMILIEU
ANTWOORD
op vraag nr. 88 van 14 maart 2005
van LIEN CLAES
#. In 2004 werd 1.150 ton zwerfvuil opgeruimd langs de autosnelwegen.
#. Het opruimen kostte 2,3 miljoen euro."""


def _restarted_list(document) -> str:
    """A new numbering instance of the ``List Number`` list (so its items count from 1 again); its id."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    abstract = next(n for n in numbering.num_lst if n.numId == style_num).abstractNumId.val
    num_id = max(n.numId for n in numbering.num_lst) + 1
    num = f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/></w:num>'
    numbering.append(parse_xml(num))
    return str(num_id)


def docx_bytes(text: str) -> bytes:
    """A ``.docx`` with one paragraph per line: ``#. `` items in Word's ``List Number`` style (numbered
    by Word, counting from 1 again after ``ANTWOORD``), tab lines as a table."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    restarted = None
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append(lines[i].split("\t"))
                i += 1
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, cells in enumerate(rows):
                for c, cell in enumerate(cells):
                    table.cell(r, c).text = cell
            continue
        line = lines[i]
        if line == "ANTWOORD":
            restarted = _restarted_list(document)
        if line.startswith("#. "):
            paragraph = document.add_paragraph(line[3:], style="List Number")
            if restarted:
                numbering = f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{restarted}"/></w:numPr>'
                paragraph._p.get_or_add_pPr().append(parse_xml(numbering))
        elif line:
            document.add_paragraph(line)
        i += 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _rtf_escape(line: str) -> str:
    out = []
    for char in line:
        if char in "\\{}":
            out.append("\\" + char)
        elif ord(char) < 128:
            out.append(char)
        else:
            out.append(f"\\'{char.encode('cp1252')[0]:02x}")
    return "".join(out)


def rtf_bytes(text: str) -> bytes:
    """A plain RTF document, a paragraph per line, accents as cp1252 escapes (as Word wrote them)."""
    head = r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\froman Times New Roman;}}{\info{\title Schriftelijke vraag}}"
    body = "".join(r"\pard\f0\fs24 " + _rtf_escape(line) + r"\par" + "\n" for line in text.split("\n"))
    return (head + "\n" + body + "}\n").encode("ascii")


def two_column_pdf(text: str) -> bytes:
    return two_column_pdf_bytes(two_column_pages(text))


def write_fixtures(target: Path, doc_sources: Path) -> None:
    """The fixtures into ``target``; the ``.docx`` to convert into the ``.doc`` fixtures into ``doc_sources``."""
    for folder in (target, doc_sources):
        folder.mkdir(parents=True, exist_ok=True)
    (target / "word-2007.docx").write_bytes(docx_bytes(DOCX_2007))
    (target / "rtf-2003.rtf").write_bytes(rtf_bytes(RTF_2003))
    (target / "two-column-2002.pdf").write_bytes(two_column_pdf(TWO_COLUMN_2002))
    (target / "schv-900718.2.docx").write_bytes(docx_bytes(ANSWER_PART_2005))
    (doc_sources / "word-2004.docx").write_bytes(docx_bytes(DOC_2004))
    (doc_sources / "schv-900718.docx").write_bytes(docx_bytes(QUESTION_PART_2005))


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    write_fixtures(out, Path(sys.argv[2]) if len(sys.argv) > 2 else out / "doc-sources")
