"""The campaign statistics divide like with like: every figure is of one set — the openings a person may read and
their registrations. A zone's 人事专员 reads the zone's openings, seats and applicants (and its ratio); the city
office reads the whole campaign. Before, a zone officer's applicants were counted in the zone but divided by the
whole campaign's seats."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.urls import reverse

from devzone.personnel.tests.test_recruitment import apply, opening_of
from devzone.testing.personnel import make_candidate

pytestmark = pytest.mark.django_db


def test_campaign_statistics_of_a_zone_officer_divide_like_with_like(
    city, campaign, officer_a, city_officer, client_for
):
    # A01 (zone A): 2 applicants for its one seat; B01 (zone B): 4 for one
    for n, code in ((61, "A01"), (62, "A01"), (63, "B01"), (64, "B01"), (65, "B01"), (66, "B01")):
        apply(make_candidate(city, n), opening_of(campaign, code))
    url = f"/api/v1/personnel/campaigns/{campaign.pk}/statistics"
    zone = client_for(officer_a).get(url).json()
    assert (zone["openings"], zone["seats"], zone["applicants"]) == (1, 1, 2)
    assert (D(str(zone["average_ratio"])), D(str(zone["max_ratio"]))) == (D("2.0"), D("2.0"))
    page = client_for(officer_a).get(reverse("personnel:statistics", args=[campaign.pk]))
    assert [(o.code, o.applicants, ratio) for o, ratio in page.context["stats"]["openings"]] == [
        ("A01", 2, D("2.0"))
    ]
    whole = client_for(city_officer).get(url).json()
    assert (whole["openings"], whole["seats"], whole["applicants"]) == (2, 2, 6)
    assert (D(str(whole["average_ratio"])), D(str(whole["max_ratio"]))) == (D("3.0"), D("4.0"))
