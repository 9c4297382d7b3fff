"""The cast of the key-project tests: zone A with its leader, a 综合服务部 with an agent (staff + user) and a
responsible officer of 经济发展部 (staff + user), a signed project of an enterprise with its user; a zone-B twin."""

from __future__ import annotations

import pytest

from devzone.testing.projects import SIGNED, TODAY, Cast, build_cast, key, problem  # noqa: F401


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def a(zone_a, zone_a_leader):
    return build_cast(zone_a, "甲", leader=zone_a_leader)


@pytest.fixture
def b(zone_b, zone_b_leader):
    return build_cast(zone_b, "乙", leader=zone_b_leader)
