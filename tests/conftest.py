"""Test-wide settings.

Hypothesis runs derandomized: every run (local or CI) tries the same generated examples, so
the suite's result does not depend on the luck of a seed. Exploring new examples is a
deliberate act: ``HYPOTHESIS_PROFILE=explore make test`` (then add any failure found as an
explicit case).
"""
from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", derandomize=False, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
