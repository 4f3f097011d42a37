"""The documents that have a field at all, read from the field's length bytes."""

from __future__ import annotations

import numpy as np
from whoosh.matching import ListMatcher
from whoosh.query import Every

from parlzoek.engine.reading.block_scores import SegmentTables


class FieldPresent(Every):
    """The documents with at least one indexed word in ``fieldname`` (``antwoord:*``: the answered
    questions; ``* -antwoord:*``: the unanswered), from the field's length byte per document
    (0 only for no words). Whoosh's ``Every`` of a field reads every posting of every word in it,
    seconds on a text field at 2,000 documents; a field without lengths (not scored) is left to it."""

    def matcher(self, searcher, context=None):
        tables = SegmentTables(searcher.reader())
        lengths = tables.lengths(self.fieldname) if tables.size else None
        if lengths is None:
            return super().matcher(searcher, context)
        present = tables.live_docnums(np.frombuffer(lengths, np.uint8) > 0)
        return ListMatcher(present.tolist(), all_weights=self.boost)
