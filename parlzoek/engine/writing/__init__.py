"""Writing a segment's postings a term at a time (the pool and the postings writer)."""
