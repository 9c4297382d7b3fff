"""The campaign page's and the API's needs and allocations through one FilterSet (emergency.filters): the
enterprise is searched by name or credit code, a supply or priority narrows both lists, each list pages by its
own parameter and its pager keeps the filter, and a value that names nothing gives nothing (page) or a 400 (API)."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from devzone.emergency import services
from devzone.emergency.tests.conftest import start_masks_campaign, submit
from devzone.testing import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]
API = "/api/v1/emergency"


@pytest.fixture
def many(campaign, firms, enterprise_user, zone_b_leader, city_officer):
    """The two firms' needs plus 30 more firms of zone B in the other class, then one allocation run."""
    submit(enterprise_user, campaign, quantity=50)
    submit(zone_b_leader, campaign, firms["b"], quantity=20, rank=1)
    for i in range(30):
        firm = f.EnterpriseFactory(zone=firms["b"].zone, name=f"丙企业{i:02d}有限公司")
        submit(zone_b_leader, campaign, firm, quantity=10, rank=1)
    services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk)
    return campaign


def test_the_page_searches_the_enterprise_and_narrows_both_lists(client_for, city_officer, many, firms):
    c = client_for(city_officer)
    url = reverse("emergency:campaign", args=[many.pk])
    page = c.get(url, {"q": "乙企业"}).content.decode()
    needs = page.split('data-testid="needs"')[1].split("</table>")[0]
    allocations = page.split('data-testid="allocations"')[1].split("</table>")[0]
    assert "乙企业有限公司" in needs and "丙企业" not in needs and firms["a"].name not in needs
    assert "乙企业有限公司" in allocations and "丙企业" not in allocations
    bar = page.split('class="card card-body mb-3 filter-bar"')[1].split("</form>")[0]
    assert bar.count(">全部</option>") == 2 and "请选择" not in bar  # a filter's empty choice is "all"
    foreign = many.classes.get(rank=0)
    page = c.get(url, {"priority": foreign.pk}).content.decode()
    needs = page.split('data-testid="needs"')[1].split("</table>")[0]
    assert firms["a"].name in needs and "乙企业" not in needs


@override_settings(DEVZONE_PAGE_SIZE=10)
def test_each_list_pages_by_its_own_parameter_and_keeps_the_filter(client_for, city_officer, many):
    c = client_for(city_officer)
    url = reverse("emergency:campaign", args=[many.pk])
    other = many.classes.get(rank=1)
    page = c.get(url, {"priority": other.pk}).content.decode()
    assert "共 31 条" in page  # 乙 and the 30 丙 firms
    nexts = re.findall(r'rel="next" href="\?([^"]+)"', page)
    assert f"priority={other.pk}&amp;needs_page=2" in nexts
    assert f"priority={other.pk}&amp;allocations_page=2" in nexts
    second = c.get(url, {"priority": other.pk, "needs_page": 2}).content.decode()
    assert "第 2 / 4 页" in second and "第 1 / 4 页" in second  # needs on page 2, allocations still on page 1
    assert f"priority={other.pk}&amp;needs_page=2&amp;allocations_page=2" in second.replace(
        "amp;amp;", "amp;"
    )


def test_a_filter_that_names_nothing_gives_no_rows_on_the_page_and_400_in_the_api(
    client_for, city_officer, many
):
    c = client_for(city_officer)
    page = c.get(reverse("emergency:campaign", args=[many.pk]), {"supply": "99999999999999999999"})
    assert page.status_code == 200 and "尚无需求" in page.content.decode()
    r = c.get(f"{API}/needs", {"supply": "not-a-number"})
    assert r.status_code in (400, 422), r.content
    assert r["Content-Type"].startswith("application/problem+json")


def test_the_api_lists_use_the_same_filters(client_for, city_officer, many, firms):
    c = client_for(city_officer)
    assert [n["enterprise_name"] for n in _all(c, "needs", q="乙企业")] == ["乙企业有限公司"]
    credit = firms["a"].credit_code
    rows = _all(c, "needs", q=credit[-6:])
    assert [n["enterprise"] for n in rows] == [firms["a"].pk]
    rows = _all(c, "allocations", priority=many.classes.get(rank=0).pk)
    assert len(rows) == 1


def _all(c, what, **params):
    r = c.get(f"{API}/{what}", params)
    assert r.status_code == 200, r.content
    body = r.json()
    return body["items"] if isinstance(body, dict) else body


def test_an_enterprise_filters_its_own_rows_by_the_campaigns_that_reach_it(
    client_for, city_officer, enterprise_user, zone_b, many, firms
):
    """The campaign, supply and priority an enterprise names are those of the campaigns that reach its firm
    (campaigns are the city's rows, which ``for_user`` gives an enterprise none of): its rows, not a 400. Another
    zone's own campaign reaches it not, and stays a 400."""
    c = client_for(enterprise_user)
    supply = many.supplies.get()
    assert [n["enterprise"] for n in _all(c, "needs", campaign=many.pk)] == [firms["a"].pk]
    assert [a["enterprise"] for a in _all(c, "allocations", supply=supply.pk)] == [firms["a"].pk]
    assert _all(c, "needs", priority=many.classes.get(rank=1).pk) == []
    other = start_masks_campaign(city_officer, name="乙区专项", zone_id=zone_b.pk)
    assert c.get(f"{API}/needs", {"campaign": other.pk}).status_code == 400
    assert c.get(f"{API}/allocations", {"supply": other.supplies.get().pk}).status_code == 400
