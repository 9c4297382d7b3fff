"""One grants only roles ranked strictly below one's own (people.grantable_roles): a zone leader never makes
another 主任/副主任, an administrator never another 系统管理员 (docs/operations.md)."""

from __future__ import annotations

import pytest

from devzone.core.choices import Role
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import Profile
from devzone.core.services import people as svc

pytestmark = pytest.mark.django_db


def test_a_zone_leader_cannot_create_a_fellow_leader_account(zone_a_leader, zone_a):
    """docs/operations.md: a 主任/副主任 manages 'below their own rank … never another 主任/副主任'. Creating one
    hands the creator the new leader's one-time link, i.e. a second leader account they alone control and that
    they (and any fellow leader) can then never deactivate."""
    with pytest.raises((DomainError, PermissionDeniedError)):
        svc.person_create(
            actor=zone_a_leader, username="puppet", display_name="傀儡", role=Role.ZONE_LEADER, zone=zone_a
        )
    assert not Profile.objects.filter(user__username="puppet").exists()


def test_a_zone_leader_cannot_promote_a_subordinate_to_their_own_rank(zone_a_leader, clerk):
    with pytest.raises((DomainError, PermissionDeniedError)):
        svc.person_set_role(actor=zone_a_leader, profile=clerk, role=Role.ZONE_LEADER, reason="提拔")
    assert Profile.objects.get(pk=clerk.pk).role == Role.WINDOW_CLERK


def test_an_administrator_cannot_create_a_fellow_administrator(sysadmin):
    """The same for the city's administrator: a new 系统管理员 whose link they hold, which no administrator of
    the app may then deactivate (only break-glass)."""
    with pytest.raises((DomainError, PermissionDeniedError)):
        svc.person_create(actor=sysadmin, username="admin_puppet", display_name="傀儡", role=Role.SYSADMIN)
    assert not Profile.objects.filter(user__username="admin_puppet").exists()
