"""A Dutch word's other number (singular for a plural, plural for a singular), spelt by the rules
of Dutch spelling, for exclusions.

The stemmer joins most singulars and plurals (``bedrijf``/``bedrijven``, ``baan``/``banen``), but
gives a singular ending in a consonant and ``s`` a stem of its own: ``accijns`` stems to
``accijn``, ``accijnzen`` to ``accijns``; so too ``kans``/``kansen``, ``grens``/``grenzen``. An
exclusion (``-accijnzen``) leaves out the other number too; a search word is left as it is (the
ranking does not change). Forms that are no Dutch word at all are harmless: the index holds no
such term.
"""

from __future__ import annotations

from whoosh.support.charset import accent_map

PLURAL_S = ("els", "ers", "ems", "jes", "ies")  # plurals in -s: tafels, cijfers, bezems, huisjes, industries
MIN_LETTERS = 4  # shorter words have too many lookalikes
VOWELS = frozenset("aeiouy")


def other_number(word: str) -> set[str]:
    """Spellings of ``word`` in the other number (lower case, folded), or none for a short word.

    >>> sorted(other_number("accijnzen")), sorted(other_number("accijns")), sorted(other_number("banen"))
    (['accijns'], ['accijnsen', 'accijnzen'], ['baan'])
    """
    word = word.lower().translate(accent_map)
    if len(word) < MIN_LETTERS or not word.isalpha():
        return set()
    if word.endswith("en"):
        return {_singular(word[:-2])}
    if word.endswith(PLURAL_S):
        return {word[:-1]}
    return _plurals(word)


def _plurals(word: str) -> set[str]:
    if word.endswith("e"):
        return {word + "s", word + "n"}
    forms = {word + "en", word[:-1] + "zen" if word.endswith("s") else word + "s"}
    if word.endswith("f"):
        forms.add(word[:-1] + "ven")
    return forms


def _singular(base: str) -> str:
    """The singular of a plural in -en without its ending: ``accijnz`` → ``accijns``, ``briev`` →
    ``brief``, ``buss`` → ``bus``, ``ban`` → ``baan`` (an open syllable's vowel is written double)."""
    last, before = base[-1], base[-2]
    if last == "z":
        return base[:-1] + "s"
    if last == "v":
        return base[:-1] + "f"
    if last == before:
        return base[:-1]
    if last not in VOWELS and before in VOWELS and base[-3:-2] not in VOWELS:
        return base[:-1] + before + last
    return base
