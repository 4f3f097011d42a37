"""Queries against the index: parsing, ranking, highlighted passages, exports."""
