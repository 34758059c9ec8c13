"""The two tiers of the suite: ``pytest -m "not slow"`` (in process, under a minute) and the
whole suite. A test over the three languages runs one of them in the fast tier."""

from __future__ import annotations

import pytest


def one_fast(values, fast: str = "en") -> list:
    """Parameters of which ``fast`` runs in the fast tier and the others in the whole suite only
    (``slow``): a test over every language keeps one in the quick loop."""
    return [v if v == fast else pytest.param(v, marks=pytest.mark.slow) for v in values]
