"""The names of the index's fields that the code names, in one place (the schema is ``index.schema``).

Top level because every layer names them: the analysis (an abbreviation's phrase is looked for in
``body``), the engine, the query language, the ranking and the search service.
"""

from __future__ import annotations

TITLE, QUESTION, ANSWER = "title", "question", "answer"
TEXT_FIELDS = (TITLE, QUESTION, ANSWER)  # the stored texts of a document, each a field of its own
BODY = "body"  # title, question and answer joined: where a query word counts most
PARTS = "parts"  # the parts of the body's compounds
GRAMS = "grams"  # character 4-grams of title and question
META = "meta"  # the document's metadata as words
WORD_FIELDS = frozenset({*TEXT_FIELDS, BODY, META})  # fields whose terms stand in a document's text
