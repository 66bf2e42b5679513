"""Hypothesis settings and strategies shared by the property-based tests (tests/*/test_properties.py)."""
from __future__ import annotations

from hypothesis import HealthCheck
from hypothesis import strategies as st

FAST = dict(deadline=None)                      # pure functions: hundreds of examples in well under a second
SLOW = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
KINDS = ("pledges", "emissions", "partners", "people", "initiatives")
DIGITS = "0123456789"


def soup(tokens, max_size: int):
    """Strings made of the given characters and words, in any order."""
    return st.lists(st.sampled_from(list(tokens)), max_size=max_size).map("".join)


ANY_TEXT = st.one_of(st.text(max_size=80),
                     st.text(st.sampled_from(list(DIGITS + " ,.-+−%kKmMtbnGdes\u00a0\u202f")), max_size=30),
                     st.text(max_size=400))
