"""Build ``parlzoek/analysis/data/nl-words.txt.gz``, the lexicon the compound splitter knows parts from.

Source: the OpenTaal Dutch word list (BSD or CC BY 3.0, (c) OpenTaal and contributors), as
Debian packages it in ``wdutch`` (``/usr/share/dict/dutch``). Kept: words of letters only,
4 to 15 long, lower case, diacritics folded as the index folds them. Not built from any corpus
or judgement, so it holds for documents we have not seen.

    apt-get download wdutch && dpkg-deb -x wdutch_*.deb wd
    python tools/make_wordlist.py wd/usr/share/dict/dutch
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

from whoosh.support.charset import accent_map

TARGET = Path(__file__).resolve().parent.parent / "parlzoek" / "indexer" / "data" / "nl-words.txt.gz"


def main(source: str) -> None:
    words = Path(source).read_text(encoding="utf-8").split()
    kept = sorted({w.translate(accent_map) for w in words if re.fullmatch(r"[a-zà-ÿ]{4,15}", w)})
    TARGET.write_bytes(gzip.compress("\n".join(kept).encode("utf-8"), 9, mtime=0))
    print(f"{len(kept)} words written to {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1])
