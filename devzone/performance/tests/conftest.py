"""Fixtures of the performance tests: the organisation of zone A and zone B (built by
``devzone.testing.performance.build_org``)."""

from __future__ import annotations

import pytest

from devzone.testing.performance import build_org


@pytest.fixture
def org(zone_a):
    return build_org(zone_a, "甲")


@pytest.fixture
def org_b(zone_b):
    return build_org(zone_b, "乙")
