"""Dutch analysis: folding, stemming, compounds, abbreviations, grams.

One implementation of each rule, called by indexing and querying alike.
"""
