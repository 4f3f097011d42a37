"""The search service: a query's results, their passages and marks, facets, spelling, exports, similar questions."""
