"""How hard the property tests try: a fifth of the examples while working, all of them in CI.

``CI`` set to anything but "", "0", "false" or "no" (``.ci/run`` sets it, as CI services do) selects
the full strength; ``CI=true pytest`` gives it locally too. A test that sets its own count writes
``max_examples=examples(n)``; the others take the loaded profile's count (``--hypothesis-profile``
picks another for a run, but ``examples`` follows ``CI`` alone).
"""

from __future__ import annotations

import os

from hypothesis import settings

FULL = os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}
QUICK_SHARE = 5  # the quick profile runs one in this many of the full count (rounded up)


def examples(full: int) -> int:
    """``full`` in CI, else ``full / QUICK_SHARE`` rounded up.

    >>> [examples(n) for n in (150, 12)] == ([150, 12] if FULL else [30, 3])
    True
    """
    return full if FULL else -(-full // QUICK_SHARE)


def load_profile() -> str:
    """Register the ``full`` and ``quick`` profiles, load the one ``CI`` selects, and return its name.

    Both start from the settings Hypothesis loaded itself (its own ``ci`` profile, derandomized,
    where it detects CI). Neither has a deadline: a deadline is a timing assertion, and on a loaded
    2-core machine (CI's) it fails by load, not by a fault; speed is measured in bench/.
    """
    settings.register_profile("full", deadline=None)
    settings.register_profile("quick", deadline=None, max_examples=examples(settings.default.max_examples))
    name = "full" if FULL else "quick"
    settings.load_profile(name)
    return name
