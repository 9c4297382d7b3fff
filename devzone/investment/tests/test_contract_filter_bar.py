"""The contract list has the filter bar of the other lists, drawn from its FilterSet (``filters.ContractFilter``,
the one the API list reads): project name, team, signing dates, "counted as a signed project" and — for a city
user, who sees several zones — the zone. A link that passes these parameters (the city bulletin's
``zone=…&start=…&end=…&counted=1``) opens the list with them shown in the bar, the pager keeps them all, and the
page and the API answer the same rows for the same query."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from devzone.testing import factories as f
from devzone.testing.investment import TODAY, new_lead
from devzone.testing.investment import sign_contract as sign

pytestmark = pytest.mark.django_db
API = "/api/v1/investment/contracts"
DAY = TODAY - dt.timedelta(days=10)


@pytest.fixture
def contracts(officer, team_a, officer_b, team_b):
    """甲: a framework agreement and its formal contract (only the first counts as a project) and a second
    project; 乙: one project."""
    x = new_lead(officer, team_a, name="筛选一有限公司", credit_code=f.credit_code_for(9701))
    first = sign(officer, x, "150000", signed_on=DAY, project_name="甲一期")
    x.refresh_from_db()
    sign(officer, x, "160000", project=first.project, project_name="甲一期正式合同", signed_on=DAY)
    y = new_lead(officer, team_a, name="筛选二有限公司", credit_code=f.credit_code_for(9702))
    sign(officer, y, "20000", signed_on=DAY, project_name="甲二期")
    z = new_lead(officer_b, team_b, name="筛选三有限公司", credit_code=f.credit_code_for(9703))
    sign(officer_b, z, "100", signed_on=DAY, project_name="乙项目")


def _bar(html: str) -> str:
    m = re.search(r'<form method="get" class="card card-body mb-3 filter-bar">.*?</form>', html, re.S)
    assert m, "the page has no filter bar"
    return m.group(0)


def _selected(bar: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', bar, re.S)
    assert select, f"no {name} in the filter bar"
    chosen = re.search(r'<option value="([^"]*)" selected>', select.group(0))
    return chosen.group(1) if chosen else ""


def test_a_city_user_filters_by_zone_and_counted_in_the_bar(client_for, city_officer, zone_a, contracts):
    url = reverse("investment:contract_list")
    r = client_for(city_officer).get(url, {"zone": zone_a.pk, "counted": "true", "start": DAY, "end": TODAY})
    bar = _bar(r.content.decode())
    assert _selected(bar, "zone") == str(zone_a.pk) and _selected(bar, "counted") == "true"
    for name in ("q", "team", "start", "end"):
        assert f'name="{name}"' in bar, name
    assert sorted(c.project_name for c in r.context["page"]) == ["甲一期", "甲二期"]


def test_the_bulletins_link_opens_the_list_with_its_filters_in_the_bar(
    client_for, city, city_officer, zone_a, contracts
):
    """The city bulletin's 半年签约项目 links to its rows; the bar shows which: the zone and "counted" (a link that
    writes ``counted=1`` reads the same)."""
    from devzone.investment import bulletin

    fig = next(x for x in bulletin.figures(city=city) if x.key == "investment.signed")
    c = client_for(city_officer)
    for url in (fig.url, fig.url.replace("counted=true", "counted=1")):
        r = c.get(url)
        bar = _bar(r.content.decode())
        assert _selected(bar, "zone") == str(zone_a.pk) and _selected(bar, "counted") == "true", url
        assert r.context["page"].paginator.count == fig.value == 2


def test_a_zone_user_has_no_zone_to_choose(client_for, zone_a_leader, contracts):
    bar = _bar(client_for(zone_a_leader).get(reverse("investment:contract_list")).content.decode())
    assert 'name="zone"' not in bar and 'name="counted"' in bar and 'name="team"' in bar


@pytest.mark.parametrize(
    "query,expected",
    [
        ({"counted": "true"}, ["甲一期", "甲二期"]),
        ({"counted": "false"}, ["甲一期正式合同"]),  # the contracts that count no project
        ({"q": "一期"}, ["甲一期", "甲一期正式合同"]),
        ({}, ["甲一期", "甲一期正式合同", "甲二期"]),
    ],
)
def test_the_page_and_the_api_filter_the_same_way(client_for, zone_a_leader, contracts, query, expected):
    c = client_for(zone_a_leader)
    page = c.get(reverse("investment:contract_list"), query).context["page"]
    assert sorted(x.project_name for x in page) == expected
    api = c.get(API, query)
    assert api.status_code == 200, api.content
    assert sorted(x["project_name"] for x in api.json()["items"]) == expected


def test_the_pager_keeps_every_filter(client_for, city_officer, zone_a, team_a, contracts, settings):
    settings.DEVZONE_PAGE_SIZE = 1
    query = {"zone": zone_a.pk, "counted": "true", "team": team_a.pk, "start": DAY, "end": TODAY, "q": "甲"}
    html = client_for(city_officer).get(reverse("investment:contract_list"), query).content.decode()
    link = re.search(r'href="\?([^"]*page=2[^"]*)"', html)
    assert link, "no link to the next page"
    kept = link.group(1).replace("&amp;", "&")
    for key in query:
        assert f"{key}=" in kept, key
    assert f"zone={zone_a.pk}" in kept and "counted=true" in kept


def test_a_value_the_filter_refuses_is_shown_beside_the_bar(client_for, zone_a_leader, contracts):
    r = client_for(zone_a_leader).get(reverse("investment:contract_list"), {"start": "2026-13-45"})
    assert r.status_code == 200
    assert "text-danger" in _bar(r.content.decode())


def test_a_zone_in_the_address_wins_over_the_zone_switcher(
    client_for, city_officer, zone_a, zone_b, team_a, team_b, contracts
):
    """A city user who picked 乙 in the zone switcher opens a link (or picks in the bar) 甲: the list is 甲's rows
    and the bar offers 甲's teams, not the switcher's zone narrowed to nothing; without a zone in the address the
    list keeps to the switcher's zone."""
    from devzone.core.zones import SESSION_KEY

    c = client_for(city_officer)
    session = c.session
    session[SESSION_KEY] = zone_b.pk
    session.save()
    url = reverse("investment:contract_list")
    r = c.get(url, {"zone": zone_a.pk, "counted": "true"})
    assert sorted(x.project_name for x in r.context["page"]) == ["甲一期", "甲二期"]
    teams = re.search(r'<select name="team".*?</select>', _bar(r.content.decode()), re.S).group(0)
    assert f'value="{team_a.pk}"' in teams and f'value="{team_b.pk}"' not in teams
    assert [x.project_name for x in c.get(url).context["page"]] == ["乙项目"]
