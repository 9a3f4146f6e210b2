"""Skipping a test for a missing service or browser, except where CI demands that every test really runs."""

import os

import pytest

# Set by .ci/run: there a test that would skip for a missing service or browser fails instead.
REQUIRE_SERVICES = os.environ.get("PLANTRACK_REQUIRE_SERVICES") == "1"


def require(condition: bool, reason: str) -> None:
    """Skip the calling test when `condition` is false, unless CI demands every service be present."""
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"required by PLANTRACK_REQUIRE_SERVICES but missing: {reason}")
    pytest.skip(reason)
