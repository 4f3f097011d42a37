"""Reading and scoring postings whole with arrays: OR parts, nodes, shapes, pruning, ranges, ties, collection."""
