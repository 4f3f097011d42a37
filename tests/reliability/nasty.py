"""The nastiest inputs found so far, kept as regression tests (add what a fuzz run finds)."""

NASTY_QUERIES = [
    '"', '""', '" "', "(((", ")))", "(", "-", "--", "+", "*", "?", "~", "~2", "a~99999", "^", "^^^", ":", "::",
    "minister:", "minister:(", "jaar:", "jaar:-1", "jaar:abc", "jaar:99999999999999999999", "nr:", "nr:-5",
    "nr:1e400", "datum:[", "datum:[2017 to", "datum:[to]", "datum:{2017 TO 2016}", "thema:", "titel:\"",
    "foo:bar", "NOT", "AND OR NOT", "NIET", "OF", "EN", "de het een", "\\", "\\\\\"", "'", "\x00", "\x1b[31m",
    "\u202e", "\ud7ff", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ß" * 300, "a" * 5000, "maatwerkbedrijven " * 400, "*" * 50, "a*b*c*d*",
    "ocmwa~920172017maatwerkbedrijvenaccijns", "maatwerkbedrijven~99",  # 12 GB before edits were capped
    '"\n0', 'a "b\r\n c\td',  # an unclosed quote before a line break: its message stayed two lines
    'jaar:""', 'datum:""', 'datum:"" economie',  # an unparseable date raised from inside Whoosh's search
    "economie~0", "economie~-1", "\"economie\"~", "\"economie sociale\"~99999", "[[[[", "{}", "(a OR (b AND (c",
]  # fmt: skip

NASTY_TEXTS = [
    "",
    "\n\n\n",
    "1.",
    "1.\n2.\n3.",
    "Titel\n1. 2. 3.",
    "ANTWOORD",
    "ANTWOORD op vraag nr. 687 van 8 juni 2017",
    "SCHRIFTELIJKE VRAAG nr. 1 van X datum: 31 februari 2017\nANTWOORD op vraag nr. 1 van 31 februari 2017 van X",
    "Titel\n1. Vraag een?\n1. Vraag twee?\nANTWOORD\n2. Antwoord twee.\n1. Antwoord een.",
    "Titel\n3. b) Alleen een letter?\nANTWOORD\n1., 2. en 3. Samen.\nIdem.",
    "Titel\nwoord-\n\nANTWOORD\n-\n-",
    "\x1b]0;titel\x07\n1. \u202eomgekeerd\n",
]

NASTY_RECORDS = [
    {"id": "sup", "question": "Waarom?", "number": "\u00b2"},  # isdigit() but not int(): found by fuzzing
    {"id": "big", "question": "Waarom?", "number": 99999999999},  # beyond the index's 32 bits
    {"id": "neg", "question": "Waarom?", "number": -1},
    {"id": ["lijst"], "question": "Waarom?"},
    {"id": "deep", "question": {"a": [[[[[]]]]]}},
]
