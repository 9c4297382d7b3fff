"""The bench's floor of the lead list (issue 17): the leader's list (its default tab, 在跟线索) is what it
fetches."""

from __future__ import annotations

import pytest

from devzone.core.bench import bench_user
from devzone.testing.clients import make_client
from devzone.testing.floors import assert_floor_is_the_page, quiet, small_zone

pytestmark = pytest.mark.django_db


def test_the_lead_floor_fetches_the_lead_lists_rows_in_its_order_with_the_total():
    from devzone.investment.bench import lead_floor, loadgen_leads

    zone = small_zone(staff=50)
    loadgen_leads(zone=zone, count=400, log=quiet)
    c = make_client(bench_user(zone))
    for page in (1, 2):
        assert_floor_is_the_page(c, f"/investment/leads/?page={page}", lead_floor(zone, page))


def test_the_bench_officer_is_an_investment_officer_although_a_member_is_also_a_key_project_agent():
    """The key-project load takes its agents from the zone's staff, who may be team members: the bench took the
    first member's account whatever its role, and the lead list answered 403 (issue 17)."""
    from devzone.core.bench import bench_account
    from devzone.core.choices import Role
    from devzone.investment.bench import _officer, loadgen_leads
    from devzone.investment.models import TeamMember

    zone = small_zone(staff=50)
    loadgen_leads(zone=zone, count=40, log=quiet)
    first = TeamMember.objects.filter(zone=zone).order_by("id").first()
    bench_account("agent_of_a_member", Role.AGENT, zone, display_name="代办员", staff=first.staff)
    officer = _officer(zone)
    assert officer.profile.role == Role.INVESTMENT_OFFICER
    assert make_client(officer).get("/investment/leads/").status_code == 200
    assert _officer(zone) == officer  # the next run takes the same account
