"""The Whoosh internals the engine relies on: every private name of Whoosh 2.7.4 we read, call or
override, each with what we use it for.

The engine reads Whoosh's blocks, columns and writers directly because its public API would
decode a posting at a time. Nothing outside ``parlzoek/engine`` may use a private Whoosh name, and
only this module imports one (``tests/test_architecture.py`` checks both, and that this list
names exactly what the engine uses): a Whoosh upgrade starts by reading this list.
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import _lenfield

WHOOSH_INTERNALS: dict[str, str] = {
    # Reading a term's postings block by block (W3LeafMatcher), in block_scores, or_parts, array_ranges
    "_data": "a block's decoded (ids, weights, values), None until read",
    "_read_data": "decodes the current block",
    "_ids": "the current block's document numbers; also FilterMatcher's set of deleted documents",
    "_byteids": "whether the block's ids are stored whole rather than as deltas",
    "_read_weights": "decodes the current block's term frequencies",
    "_read_values": "decodes the current block's positions",
    "_weights": "the current block's term frequencies (also the postings writer's buffer)",
    "_values": "the current block's positions (also the postings writer's buffer)",
    "_next_block": "moves to a term's next block",
    "_maxid": "the current block's last document number, to skip blocks without candidates",
    "_startoffset": "where a term's postings start: the key of its flat postings",
    "_exclude": "whether a FilterMatcher excludes its set (the reader's deleted documents)",
    # Per-document columns and segment files (SegmentReader, W3PerDocReader, column readers)
    "_perdoc": "a segment reader's per-document reader: deleted documents, length columns",
    "_cached_reader": "the per-document reader's column reader for a field's lengths",
    "_lenfield": "the column name holding a field's lengths (imported below as length_column_name)",
    "_dbfile": "the file a fixed-width column reader reads",
    "_basepos": "where a fixed-width column's values start in that file",
    "_count": "how many values a fixed-width column holds",
    "_segment": "a segment reader's segment, to open our flat postings file beside its own",
    "_storage": "a segment reader's storage, likewise",
    "_buf": "a BufferFile's buffer: our mapped files keep a view there instead of a copy",
    "_name": "a StructFile's name, set by our mapped files",
    "_fpath": "FileStorage's path of a file, for opening compound files through a map",
    "_text": "a highlight Formatter's hook for the text between hits (HTML-escaped by ours)",
    # Queries and matchers we extend
    "_btexts": "the indexed values a compiled term range stands for",
    "_compile_query": "NumericRange's own compilation, wrapped by ArrayRange",
    "_matcher": "the hook of a compound query that builds its matcher (AccumulatingOr)",
    "_find_first": "AndNotMatcher's first match, which ExcludingMatcher replaces",
    "_find_next": "AndNotMatcher's step to the next match",
    "_replacement": "a WrappingMatcher's copy around a replaced child (MatchingOnly, ConditionalWeightMatcher)",
    "_rewrap": "a WrappingQuery's copy around a rewritten child (ConditionalWeight)",
    # The query parser's view of the schema (date_ranges)
    "_fields": "a Schema's fields by name, replaced in the parser's copy",
    "_parse_datestring": "DATETIME's reading of a date as a period, bounded exactly by ExactDateRanges",
    # Writing segments (W3FieldWriter, W3PostingsWriter, W3Codec, SegmentWriter, MpWriter)
    "_postwriter": "a field writer's postings writer, filled a term at a time",
    "_create_file": "a field writer's way to create a segment file (our flat postings)",
    "_blocklimit": "postings per block, of the codec and its postings writer",
    "_compression": "the codec's zlib level for blocks",
    "_inlinelimit": "the codec's limit for postings stored inline",
    "_write_block": "writes a postings block (overridden to pickle with protocol 4)",
    "_new_block": "clears the postings writer's buffers after a block",
    "_blockcount": "blocks written for the current term",
    "_postfile": "the postings file being written",
    "_terminfo": "the current term's statistics, given each block",
    "_mini_ids": "a block's ids as Whoosh stores them",
    "_mini_weights": "a block's weights as Whoosh stores them (overridden)",
    "_mini_values": "a block's values as Whoosh stores them",
    "_minlength": "the block's shortest field length",
    "_maxlength": "the block's longest field length",
    "_maxweight": "the block's highest weight",
    "_tempstorage": "a writer's storage for temporary files (our term pool's runs)",
    "_check_state": "SegmentWriter's check that it is still open",
    "_check_fields": "SegmentWriter's check of a document's field names",
    "_added": "SegmentWriter's flag that a document was added",
    "_commit_toc": "MpWriter's commit of the table of contents (refused when a process failed)",
    "_new_task": "MpWriter's start of a writer process (ours chooses the start method)",
}

length_column_name = _lenfield  # the name of the column that holds a field's lengths


def column_bytes(column, width: int = 1):
    """The stored values of a fixed-width column reader, as a buffer of ``width`` bytes per value
    (fewer values than documents where the last documents have none)."""
    return column._dbfile.get(column._basepos, column._count * width)
