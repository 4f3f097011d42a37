"""Which of a question's files hold its text (question, answer) and which are attachments.

Recent questions have one file with both; some older ones a question file and an answer file
(``vrg.088.doc`` + ``antw.088.docx``); an answer may add tables (Excel, PDF) as further files.
The open data does not say which file is which, so the text decides: a further file that opens
a written question or an answer (``SCHRIFTELIJKE VRAAG``, ``ANTWOORD op vraag``) is a part of
the question's text; anything else is an attachment, listed but not indexed.
"""

from __future__ import annotations

import re
from pathlib import Path

from parlzoek.corpus.filetext import file_kind, file_text
from parlzoek.errors import SourceError

_HEADER = re.compile(r"SCHRIFTELIJKE\s+VRAAG|ANTWOORD\s+op\s+vraag", re.IGNORECASE)
_WORD_KINDS = (".doc", ".docx", ".rtf")


def is_text_part(path: Path) -> bool:
    """Whether a further file of a question is part of its text (else an attachment).

    A Word or RTF file that cannot be read here (no antiword yet) counts as a part: the loader
    then reports it with the reason, instead of the answer silently missing.
    """
    kind = file_kind(path)
    if kind is None:
        return False
    try:
        head = file_text(path)[:2000]
    except SourceError:
        return kind in _WORD_KINDS
    return bool(_HEADER.search(head))
