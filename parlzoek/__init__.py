"""parlzoek: full-text search over written parliamentary questions and their answers."""

__version__ = "0.1.0"
