"""What an index records about its analysis: a hash of the rules' own data, computed when asked.

An index holds terms, and the terms are what the rules made of the text: a changed stop list,
protected stem, compound word list, stemmer or party table makes other terms, and an index built
before would silently miss words. So the signature is read from the data the analysis runs on,
never typed by hand: change any of it and every older index is refused with the advice to
rebuild it. A change to the code's logic that keeps its data (a filter's order, say) cannot be
seen this way; it bumps ``RULE_VERSION``.
"""

from __future__ import annotations

import functools
import hashlib
import json
from importlib.metadata import version

from whoosh.support.charset import accent_map

from parlzoek.analysis import compounds, dutch, grams, parties

RULE_VERSION = 1  # bump with any change to what the analysis code makes of the same data
SHORT = 12  # hex digits of the hash shown to people (``parlzoek stats``)


@functools.cache
def snowball_version() -> str:
    """The installed snowballstemmer's version: its stems are part of the rules."""
    return version("snowballstemmer")


def analysis_rules() -> dict[str, object]:
    """The data every index-time analyzer runs on, as JSON-ready values; the stemmer, which an
    index chose, stands next to their hash in the signature."""
    return {
        "rule_version": RULE_VERSION,
        "snowballstemmer": snowball_version(),
        "token_pattern": dutch.TOKEN_PATTERN,
        "word_pattern": dutch._WORD.pattern,
        "stop_words": sorted(dutch.STOP_WORDS),
        "protected_stems": sorted(dutch.PROTECTED_STEMS.items()),
        "folding": sorted(accent_map.items()),
        "compounds": {
            "lexicon": compounds.lexicon_digest(),
            "min_word": compounds.MIN_WORD,
            "min_part": compounds.MIN_PART,
            "resplit_from": compounds.RESPLIT_FROM,
            "links": compounds.LINKS,
        },
        "grams": {"size": grams.GRAM_SIZE, "edge": grams.EDGE},
        "parties": {
            "joins": parties._JOINS.pattern,
            "not_key": parties._NOT_KEY.pattern,
            "min_part": parties.MIN_PART,
            "same_party": sorted(parties.SAME_PARTY.items()),
        },
    }


def rules_hash() -> str:
    """SHA-256 of ``analysis_rules``, in hex: read from the data each time (a millisecond)."""
    canonical = json.dumps(analysis_rules(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def analyzer_signature(stemmer: str) -> dict[str, object]:
    """What an index's manifest records about its analysis; an index whose record differs is refused."""
    return {"stemmer": stemmer, "snowballstemmer": snowball_version(), "rules": rules_hash()}


def short_signature(signature: dict[str, object]) -> str:
    """The rules' hash as shown to people: its first ``SHORT`` hex digits."""
    return str(signature.get("rules", "?"))[:SHORT]


def describe_signature(signature: object) -> str:
    """A manifest's analysis record for a message: ``rules 8eb876e188a8, stemmer dutch, snowballstemmer 3.0.1``;
    a record from before the rules were hashed says so."""
    if not isinstance(signature, dict):
        return "no record of its rules"
    rules = f"rules {short_signature(signature)}" if "rules" in signature else "rules from before they were hashed"
    return f"{rules}, stemmer {signature.get('stemmer', '?')}, snowballstemmer {signature.get('snowballstemmer', '?')}"
