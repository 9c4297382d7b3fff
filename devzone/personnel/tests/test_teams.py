"""班子: the figures before and after the reform day, from hand-made rows; the page in reach only."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from devzone.core.choices import Education, Role
from devzone.personnel.models import TeamMember
from devzone.personnel.selectors import reform_day, team_comparison
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
REFORM = dt.date(2019, 6, 1)


def member(zone, name, born, *, joined=dt.date(2014, 1, 1), left=None, edu="", origin=""):
    return TeamMember.objects.create(
        zone=zone,
        name=name,
        post="副主任",
        birth_date=born,
        fulltime_education=edu,
        exchanged_from=origin,
        joined_on=joined,
        left_on=left,
    )


@pytest.fixture
def teams(zone_a, zone_b):
    # before: 56, 50, 48 (one full-time bachelor); after: 50 stays, 40 and 42 come by exchange (two degrees)
    member(zone_a, "甲", dt.date(1962, 9, 1), left=REFORM)
    member(zone_a, "乙", dt.date(1968, 9, 1), edu=Education.BACHELOR)
    member(zone_a, "丙", dt.date(1970, 9, 1), left=REFORM)
    member(zone_a, "丁", dt.date(1978, 9, 1), joined=REFORM, edu=Education.MASTER, origin="市发展改革委")
    member(zone_a, "戊", dt.date(1976, 9, 1), joined=REFORM, origin="历城区")
    member(zone_b, "己", dt.date(1960, 1, 1))  # another zone: not in zone A's figures


def test_the_figures_before_and_after_the_reform_day(teams, zone_a):
    qs = TeamMember.objects.filter(zone=zone_a)
    assert reform_day(qs) == REFORM
    c = team_comparison(qs, reform_on=REFORM, after_on=REFORM)
    assert (c["before"].members, c["before"].average_age, c["before"].fulltime_bachelor) == (3, D("51.3"), 1)
    assert (c["after"].members, c["after"].average_age, c["after"].fulltime_bachelor) == (3, D("44.0"), 2)
    assert (c["exchanged"], c["exchange_share"], c["age_change"], c["degree_ratio"]) == (
        2,
        D("66.7"),
        D("-7.3"),
        D("2.0"),
    )


@pytest.mark.isolation
def test_the_page_shows_only_the_zones_in_reach(teams, zone_a, zone_b, client_for, city_officer):
    leader = f.user_with_role(Role.ZONE_LEADER, zone=zone_a, user__username="a_lead")
    page = client_for(leader).get(reverse("personnel:teams"))
    assert page.status_code == 200
    assert "丁" in page.content.decode() and "己" not in page.content.decode()
    city = client_for(city_officer).get(reverse("personnel:teams"))
    assert "己" in city.content.decode()
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=zone_a, user__username="a_clerk")
    assert client_for(clerk).get(reverse("personnel:teams")).status_code == 403
