"""Zone merges (review of the merge service): an enterprise user's account follows its enterprise into the zone
it joined, and two merges validated on the same rows cannot both go through (each zone merged into the other)."""

import datetime as dt

import pytest

from devzone.core import audit
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError
from devzone.core.models import Enterprise, Profile, Zone
from devzone.core.services.zones import zone_merge
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
MERGED_ON = dt.date(2019, 8, 1)


def test_enterprise_users_follow_their_enterprise_into_the_target_zone(
    client_for, zone_a, zone_b, city_officer, zone_a_leader, zone_b_leader
):
    """``Profile.clean``: an enterprise user's zone is their enterprise's. Left on the old zone, the account was
    managed by the old zone's leader and not by the leader of the zone its enterprise joined."""
    ent = f.EnterpriseFactory(zone=zone_b)
    user = f.user_with_role(Role.ENTERPRISE_USER, enterprise=ent, user__username="ent_b")
    c = client_for(user)
    assert c.get("/").context["reach"].zone_id == zone_b.pk  # logged in before the merge

    moved = zone_merge(actor=city_officer, sources=[zone_b], target=zone_a, merged_on=MERGED_ON)

    assert Enterprise.objects.get(pk=ent.pk).zone_id == zone_a.pk
    profile = Profile.objects.get(user=user)
    assert profile.zone_id == zone_a.pk
    assert moved["enterprise_accounts"] == 1
    assert Profile.objects.for_user(zone_a_leader, "change").filter(pk=profile.pk).exists()
    assert not Profile.objects.for_user(zone_b_leader, "change").filter(pk=profile.pk).exists()
    trail = audit.trail_for(profile).filter(action=AuditAction.BULK_UPDATE)
    assert trail.get().changes == {"zone_id": [zone_b.pk, zone_a.pk]}
    # the session opened before the merge is in the new zone at its next request (reach is read per request)
    page = c.get("/")
    assert page.context["reach"].zone_id == zone_a.pk
    assert page.context["active_zone"] == zone_a
    # the old zone's staff keep their accounts there until the personnel process re-appoints them
    assert Profile.objects.get(user=zone_b_leader).zone_id == zone_b.pk


def test_two_merges_submitted_together_cannot_make_a_cycle(zone_a, zone_b, city_officer):
    """Two officers (or a double submit) validate their forms before either merge commits: the second request
    holds the zones as they were before the first merge. The service checks the rows it locked, not those."""
    a_seen, b_seen = Zone.objects.get(pk=zone_a.pk), Zone.objects.get(pk=zone_b.pk)  # request 2's form
    zone_merge(actor=city_officer, sources=[zone_b], target=zone_a, merged_on=MERGED_ON)  # request 1
    with pytest.raises(DomainError, match=zone_b.name):
        zone_merge(actor=city_officer, sources=[a_seen], target=b_seen, merged_on=MERGED_ON)
    a, b = Zone.objects.get(pk=zone_a.pk), Zone.objects.get(pk=zone_b.pk)
    assert (a.merged_into_id, b.merged_into_id) == (None, zone_a.pk)


def test_a_stale_source_already_merged_elsewhere_is_refused_and_nothing_moves(
    city, zone_a, zone_b, city_officer
):
    zone_c = f.ZoneFactory(city=city, name="丙开发区")
    project = f.ProjectFactory(zone=zone_b)
    b_seen = Zone.objects.get(pk=zone_b.pk)
    zone_merge(actor=city_officer, sources=[zone_b], target=zone_c, merged_on=MERGED_ON)
    with pytest.raises(DomainError, match=zone_b.name):
        zone_merge(actor=city_officer, sources=[b_seen], target=zone_a, merged_on=MERGED_ON)
    assert Zone.objects.get(pk=zone_b.pk).merged_into_id == zone_c.pk
    project.refresh_from_db()
    assert project.zone_id == zone_c.pk
