"""Counts in messages for people: "1 document", "2 documents"."""

from __future__ import annotations


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """``number`` with its noun in the singular or plural; the plural is the singular plus ``s``
    unless given.

    >>> counted(1, "document"), counted(1947, "document"), counted(2, "process", "processes")
    ('1 document', '1,947 documents', '2 processes')
    """
    noun = singular if number == 1 else plural or f"{singular}s"
    return f"{number:,} {noun}"
