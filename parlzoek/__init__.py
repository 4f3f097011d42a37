"""parlzoek: full-text search over written parliamentary questions and their answers."""

import warnings as _warnings

__version__ = "0.1.0"

# Whoosh 2.7.4's sources have invalid escape sequences (and an `is` with a literal), which Python
# warns about whenever it compiles them: at every import where no .pyc can be written (read-only
# installs), as SyntaxWarning from 3.12, DeprecationWarning before. Every import of whoosh is inside
# this package, so the filter is set here, before any, and matches whoosh's own files only: a
# compile-time warning's module is its file name without ".py".
_WHOOSH_FILES = r"(.*[/\\])?whoosh([/\\.]|$)"
_warnings.filterwarnings("ignore", category=SyntaxWarning, module=_WHOOSH_FILES)
_warnings.filterwarnings("ignore", "invalid escape sequence", DeprecationWarning, _WHOOSH_FILES)
