"""One FilterSet for the lead list page and the API list: the same query gives the same leads through both
doors; the owner is found by name (a text search, not a drop-down of every staff member); a value the filter
refuses is a 400 on its field in the API."""

import pytest
from django.urls import reverse

from devzone.investment import services as svc
from devzone.testing.investment import new_lead

pytestmark = pytest.mark.django_db
API = "/api/v1/investment/leads"


@pytest.fixture
def leads(officer, team_a, team_a2, officer2, zone_a_leader):
    owned = new_lead(officer, team_a, name="甲食品有限公司")
    svc.lead_assign(actor=officer, lead=owned, owner=officer.profile.staff)
    other = new_lead(officer2, team_a2, name="乙电子有限公司", industry="39", stage="aware")
    new_lead(officer, team_a, name="丙机械有限公司", industry="34")
    return {"owned": owned, "other": other}


def _page_names(c, query: dict) -> set[str]:
    page = c.get(reverse("investment:lead_list"), query | {"view": "all"}).context["page"]
    return {lead.company_name for lead in page}


def _api_names(c, query: dict) -> set[str]:
    r = c.get(API, query)
    assert r.status_code == 200, r.content
    return {x["company_name"] for x in r.json()["items"]}


@pytest.mark.parametrize(
    "query,expected",
    [
        ({"q": "食品"}, {"甲食品有限公司"}),
        ({"owner": "officer_a职员"}, {"甲食品有限公司"}),
        ({"owner": "职员"}, {"甲食品有限公司"}),
        ({"stage": "aware"}, {"乙电子有限公司"}),
        ({}, {"甲食品有限公司", "乙电子有限公司", "丙机械有限公司"}),
    ],
)
def test_the_page_and_the_api_filter_the_same_way(client_for, zone_a_leader, leads, query, expected):
    c = client_for(zone_a_leader)
    assert _page_names(c, query) == expected
    assert _api_names(c, query) == expected


def test_mine_is_the_users_own_leads_on_both_doors(client_for, officer, leads):
    c = client_for(officer)
    assert _page_names(c, {"mine": "1"}) == {"甲食品有限公司"}
    assert _api_names(c, {"mine": "true"}) == {"甲食品有限公司"}


def test_a_team_of_another_zone_or_an_unknown_stage_is_an_error_on_its_field(
    client_for, zone_a_leader, leads, team_b
):
    # an unknown stage is outside the published enum (422); another zone's team is a row out of reach (400)
    c = client_for(zone_a_leader)
    for query, field, status in (({"stage": "nonsense"}, "stage", 422), ({"team": team_b.pk}, "team", 400)):
        r = c.get(API, query)
        assert r.status_code == status and field in r.json()["errors"], (query, r.content)


def test_the_pager_keeps_the_filters(client_for, zone_a_leader, leads, settings):
    settings.DEVZONE_PAGE_SIZE = 1
    html = (
        client_for(zone_a_leader).get(reverse("investment:lead_list"), {"view": "all", "q": "有限"}).content
    )
    assert "q=%E6%9C%89%E9%99%90" in html.decode() and "page=2" in html.decode()
