"""Party names as search keys: ``partij:groen``, ``partij:N-VA``, ``partij:cd&v``.

Parties spell themselves with capitals, hyphens, ampersands, dots and spaces (``CD&V``,
``N-VA``, ``sp.a``, ``Open Vld``, ``Ecolo-Groen``, ``PTB-GO!``), and people type them any
which way. A name's key is its letters and digits only, lower case and without accents, so
``cd&v``, ``CD&V`` and ``cdv`` meet, as do ``N-VA`` and ``nva``, ``"open vld"`` and ``openvld``.

A name that joins names, each of two letters or more (``Ecolo-Groen``, ``Open Vld``,
``Vuye&Wouters``), is indexed under each part's key as well: ``partij:groen`` finds the
Chamber's joint group ``Ecolo-Groen`` next to Flemish ``Groen``. Abbreviations whose pieces are
single letters (``N-VA``, ``CD&V``, ``sp.a``) are one name only, so ``partij:n`` finds nothing.
A query's value is always one key: what the reader typed is one party name.

Two spellings of one party that share no key (``VB`` and ``Vlaams Belang``) are tied by
``SAME_PARTY``: each is indexed under the other's key too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from whoosh.analysis import Token, Tokenizer
from whoosh.support.charset import accent_map

_JOINS = re.compile(r"[\s\-‐&/+,]+")  # between the names of a joint list; a dot is part of a name (sp.a)
_NOT_KEY = re.compile(r"[\W_]+")
MIN_PART = 2
SAME_PARTY = {"vb": "vlaamsbelang", "vlaamsbelang": "vb"}


def party_key(name: str) -> str:
    """The key a party name is found by.

    >>> party_key("CD&V"), party_key("N-VA"), party_key("Open Vld"), party_key("sp.a"), party_key("DéFI")
    ('cdv', 'nva', 'openvld', 'spa', 'defi')
    """
    return _NOT_KEY.sub("", name.lower().translate(accent_map))


def party_keys(name: str) -> list[str]:
    """Every key a document with this party is indexed under: the name's own first.

    >>> party_keys("Ecolo-Groen"), party_keys("N-VA"), party_keys("PTB-GO!"), party_keys("VB")
    (['ecologroen', 'ecolo', 'groen'], ['nva'], ['ptbgo', 'ptb', 'go'], ['vb', 'vlaamsbelang'])
    """
    whole = party_key(name)
    if not whole:
        return []
    keys = [whole]
    parts = [party_key(part) for part in _JOINS.split(name)]
    parts = [part for part in parts if part]
    if len(parts) > 1 and all(len(part) >= MIN_PART for part in parts):
        keys += parts
    if whole in SAME_PARTY:
        keys.append(SAME_PARTY[whole])
    return list(dict.fromkeys(keys))


def _query_key(value: str) -> str:
    """A query's value as one key; a value without letters or digits (``partij:&``) as itself,
    which no document has, so the filter finds nothing rather than being dropped unseen."""
    return party_key(value) or value.strip().lower()


class PartyTokenizer(Tokenizer):
    """Whoosh's side of ``party_keys`` (indexing) and ``party_key`` (a query's value)."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,  # noqa: PLR0917 (Whoosh's)
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs) -> Iterator[Token]:  # fmt: skip
        keys = party_keys(value) if mode != "query" else [_query_key(value)]
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, key in enumerate(keys):
            token.text = key
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token


def party_analyzer() -> PartyTokenizer:
    return PartyTokenizer()
