"""The cast of the services tests, one ``Side`` per zone (built by ``devzone.testing.services``), and the
private media of each test."""

from __future__ import annotations

import pytest

from devzone.testing.services import A_MARK, B_MARK, build_side


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setenv("DEVZONE_SEAL_MASTER_KEY", "11" * 32)


@pytest.fixture
def side_a(zone_a, zone_a_leader):
    return build_side(zone_a, A_MARK, zone_a_leader)


@pytest.fixture
def side_b(zone_b, zone_b_leader):
    return build_side(zone_b, B_MARK, zone_b_leader)
