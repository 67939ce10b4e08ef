"""Hypothesis profiles for the scheduling-core tests.

The profiles are registered here but not loaded globally (so other test packages
keep their own settings): tests/core/test_properties.py takes its settings from
the profile named by BOOKBOT_CORE_PROFILE, `core-ci` by default.

- `core-ci`: derandomized, so every run explores the same examples and a CI
  failure reproduces locally; sized so tests/core runs well under a minute.
- `core-dev`: random and ten times longer, for hunting bugs.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

_COMMON = settings(
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

settings.register_profile("core-ci", _COMMON, derandomize=True, max_examples=100)
settings.register_profile("core-dev", _COMMON, derandomize=False, max_examples=1000)
