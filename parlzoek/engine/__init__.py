"""The Whoosh extension: postings written and read fast.

It knows terms, weights and segments, not Dutch nor parlzoek's ranking.
"""
