"""The query language: parsing and validating what a user typed."""
