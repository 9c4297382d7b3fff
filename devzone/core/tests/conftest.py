"""Fixtures core's tests share (the cast itself is devzone/testing/cast.py)."""

from __future__ import annotations

import pytest

from devzone.core.choices import Role
from devzone.core.services import people as svc
from devzone.testing import factories as f


@pytest.fixture
def clerk(zone_a_leader, zone_a, zone_a_department):
    """A window clerk's account of zone A, made by its leader and linked to the staff record 窗口小李 (JB0101)."""
    f.StaffFactory(zone=zone_a, department=zone_a_department, name="窗口小李", employee_no="JB0101")
    person, _link = svc.person_create(
        actor=zone_a_leader, username="xiaoli", display_name="", role=Role.WINDOW_CLERK, staff_no="JB0101"
    )
    return person
