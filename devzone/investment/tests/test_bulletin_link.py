"""The city bulletin's 大招商 figures link to their rows: one zone's half-year, counted contracts only. The link
under 半年签约项目 opens the contract list of that zone (with the zones merged into it, whose contracts the figure
counts under it) and that half-year, only the contracts counted as projects, so the list's count is the figure —
never every zone's contracts of the half-year, nor a formal contract after its framework agreement. The API list
takes the same filters; a zone out of reach is refused."""

import datetime as dt

import pytest

from devzone.core.services.zones import zone_merge
from devzone.investment import bulletin
from devzone.investment.models import Contract
from devzone.testing import factories as f
from devzone.testing.investment import TODAY, new_lead
from devzone.testing.investment import sign_contract as sign

pytestmark = pytest.mark.django_db
H2 = TODAY - dt.timedelta(days=10)


def lead(officer, team, n):
    return new_lead(officer, team, name=f"简报{n}有限公司", credit_code=f.credit_code_for(9600 + n))


def signed_figure(city):
    return next(fig for fig in bulletin.figures(city=city) if fig.key == "investment.signed")


def listed(client, url) -> list[str]:
    r = client.get(url)
    assert r.status_code == 200
    return sorted(c.project_name for c in r.context["page"])


def test_the_link_lists_the_zones_counted_contracts_of_the_half_year(
    city, officer, team_a, officer_b, team_b, city_officer, client_for
):
    """甲开发区 signs 150,000 and 20,000 (the first a framework agreement followed by its formal contract, counted
    once), 乙开发区 signs 100: the figure is 甲's 2 projects, and so is the list it links to."""
    x = lead(officer, team_a, 1)
    first = sign(officer, x, "150000", signed_on=H2, project_name="甲一期")
    x.refresh_from_db()
    sign(officer, x, "160000", project=first.project, project_name="甲一期正式合同", signed_on=H2)
    sign(officer, lead(officer, team_a, 2), "20000", signed_on=H2, project_name="甲二期")
    sign(officer_b, lead(officer_b, team_b, 3), "100", signed_on=H2, project_name="乙项目")
    assert Contract.objects.count() == 4
    fig = signed_figure(city)
    assert fig.value == 2 and fig.period.startswith(team_a.zone.name)
    assert listed(client_for(city_officer), fig.url) == ["甲一期", "甲二期"]


def test_a_merged_zones_contracts_count_under_the_zone_it_joined_and_are_listed_there(
    city, zone_a, zone_b, officer, team_a, officer_b, team_b, city_officer, client_for
):
    sign(officer, lead(officer, team_a, 4), "50000", signed_on=H2, project_name="甲项目")
    sign(officer_b, lead(officer_b, team_b, 5), "40000", signed_on=H2, project_name="乙项目")
    zone_merge(actor=city_officer, sources=[zone_b], target=zone_a, merged_on=TODAY)
    fig = signed_figure(city)
    assert fig.value == 2 and fig.period.startswith(zone_a.name)
    assert listed(client_for(city_officer), fig.url) == ["乙项目", "甲项目"]


def test_the_api_list_takes_the_zone_and_counted_filters(
    zone_a, zone_b, officer, team_a, officer_b, team_b, city_officer, client_for
):
    x = lead(officer, team_a, 6)
    first = sign(officer, x, "30000", project_name="甲框架协议")
    x.refresh_from_db()
    sign(officer, x, "35000", project=first.project, project_name="甲正式合同")
    sign(officer_b, lead(officer_b, team_b, 7), "100", project_name="乙项目")
    api = "/api/v1/investment/contracts"
    r = client_for(city_officer).get(api, {"zone": zone_a.pk, "counted": "true"})
    assert r.status_code == 200
    assert [c["project_name"] for c in r.json()["items"]] == ["甲框架协议"]
    r = client_for(city_officer).get(api, {"zone": zone_a.pk})
    assert sorted(c["project_name"] for c in r.json()["items"]) == ["甲框架协议", "甲正式合同"]
    # a zone user names another zone: refused on the field, not a silently unfiltered list
    r = client_for(officer).get(api, {"zone": zone_b.pk})
    assert r.status_code == 400 and "zone" in r.json()["errors"], r.content
