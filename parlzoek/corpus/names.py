"""Names and functions printed in capitals, cased the way the Flemish Parliament registers them.

Surnames keep their particles as registered in Flanders: the first particle is capitalised and
any particle after it is lower case (``Van den Bossche``, ``Van der Auwera``, ``Van 't Hof``);
``De``, ``Van``, ``Vande``, ``Vanden`` and ``Vander`` are one particle each; both halves of a
double name keep their capitals (``Anne-Marie``, ``De Witte-Van Damme``); ``IJ`` stays a digraph.

A minister's function names roles in lower case (``Vlaams minister``, ``viceminister-president``)
and policy domains with capitals: every word of the domain list after ``minister van`` is
capitalised except the small words in ``_SMALL_WORDS`` (``Onderwijs en Vorming``, ``Binnenlands
Bestuur``, ``Gelijke Kansen``). Proper names anywhere in a function (``_PROPER_NAMES``: the
Flemish Government, Brussels, the Flemish Rim, Europe) keep their capitals too.
"""

from __future__ import annotations

import re

from parlzoek.corpus.textclean import collapse_spaces

# Particles that follow another particle (``Van den``, ``Van der``, ``Van 't``): lower case.
_FOLLOWING_PARTICLES = {"de", "den", "der", "des", "het", "'t", "’t", "ter", "ten", "te", "la", "le"}
_PARTICLES = _FOLLOWING_PARTICLES | {"van", "vande", "vanden", "vander", "du", "d'", "von", "di", "da"}
# Words of a domain list that stay lower case ("Wonen en Onroerend Erfgoed").
_SMALL_WORDS = {"en", "van", "de", "het", "der", "voor", "in", "op", "met", "tot", "of", "'t", "’t"}
# Proper names wherever they stand in a function, lower case → as written.
_PROPER_NAMES = {
    "vlaamse regering": "Vlaamse Regering",
    "vlaamse rand": "Vlaamse Rand",
    "vlaamse gemeenschap": "Vlaamse Gemeenschap",
    "vlaams": "Vlaams",
    "vlaamse": "Vlaamse",
    "vlaanderen": "Vlaanderen",
    "brussel": "Brussel",
    "brusselse": "Brusselse",
    "europese": "Europese",
    "europa": "Europa",
    "belgië": "België",
}
_PROPER = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _PROPER_NAMES), key=len, reverse=True)) + r")\b")
# A role, and the domains it is minister of: "vlaams minister van werk, economie en sociale economie".
_ROLE_DOMAINS = re.compile(
    r"\b((?:vice-?)?minister(?:-president)?|staatssecretaris)\s+van\s+(?!de\s+vlaamse\s+regering)"
    r"(.+?)(?=,\s*(?:vlaams|vice|minister|staatssecretaris)\b|\s+en\s+(?:vlaams|vice|minister)\b|$)"
)


def _word_case(word: str) -> str:
    """One word (or hyphenated double name) from capitals: ``IJZEREN`` → ``IJzeren``."""
    cased = "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))
    cased = re.sub(r"\bIj", "IJ", cased)  # the Dutch digraph
    return re.sub(r"(?<=\w['’])([a-z])", lambda m: m.group(1).upper(), cased)  # D'Hondt, not 't


def person_name(caps: str | None) -> str | None:
    """``JAN VAN DEN BOSSCHE`` → ``Jan Van den Bossche``; a name not in capitals is kept as written.

    >>> person_name("KURT DE LOOR"), person_name("ANNE-MARIE VAN DER AUWERA"), person_name("Els Van Damme")
    ('Kurt De Loor', 'Anne-Marie Van der Auwera', 'Els Van Damme')
    """
    if not caps or not caps.strip():
        return None
    name = collapse_spaces(caps)
    if not name.isupper():
        return name
    words, after_particle = [], False
    for word in name.split(" "):
        lower = word.lower()
        if (after_particle and lower in _FOLLOWING_PARTICLES) or lower in ("'t", "’t"):
            words.append(lower)
        else:
            words.append(_word_case(word))
        after_particle = lower in _PARTICLES
    return " ".join(words)


def _domains(text: str) -> str:
    return " ".join(word if word in _SMALL_WORDS else _word_case(word) for word in text.split(" "))


def function_text(caps: str) -> str:
    """A minister's function from capitals: roles in lower case, domains and proper names capitalised.

    >>> function_text("VLAAMS MINISTER VAN ONDERWIJS, SPORT, DIERENWELZIJN EN VLAAMSE RAND")
    'Vlaams minister van Onderwijs, Sport, Dierenwelzijn en Vlaamse Rand'
    """
    text = collapse_spaces(caps).lower()
    text = _ROLE_DOMAINS.sub(lambda m: f"{m.group(1)} van {_domains(m.group(2))}", text)
    text = _PROPER.sub(lambda m: _PROPER_NAMES[m.group(1)], text)
    return text[:1].upper() + text[1:]
