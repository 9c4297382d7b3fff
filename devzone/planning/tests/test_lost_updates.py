"""Concurrent changes are detected, never silently overwritten: 人工补录/不计分 on the scheme page carries the
assessment's version; a zone's party and park (Versioned rows) are read with their version and changed only at
it; ``PUT /plans`` on an existing plan needs the version read, as ``POST /schemes`` does."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.planning import institutions, services
from devzone.planning.choices import ValueKind
from devzone.planning.models import IndicatorValue, IndustryPlan, Park, ZoneParty
from devzone.testing import factories as f
from devzone.testing.planning import scheme_of

pytestmark = pytest.mark.django_db
API = "/api/v1/planning"
JSON = "application/json"


@pytest.fixture
def colleague(city):
    return f.user_with_role(Role.CITY_OFFICER, city=city, user__username="city_officer_2")


def _hidden_fields(html: str, testid: str) -> dict:
    form = re.search(rf'<form[^>]*data-testid="{re.escape(testid)}"[^>]*>(.*?)</form>', html, re.S)
    assert form, testid
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(1)))


def test_a_stale_exclude_on_the_page_does_not_overwrite_a_colleagues_manual_value(
    city_officer, colleague, zone_a, client_for
):
    scheme = scheme_of(
        city_officer,
        category=zone_a.level,
        indicators=[
            {"name": "审批按时办结率", "weight": "50", "target": "95", "source": "approvals_on_time"},
            {"name": "亩均税收", "weight": "50", "target": "20", "source": "entered"},
        ],
    )
    entered = scheme.indicators.get(source="entered")
    computed = scheme.indicators.get(source="approvals_on_time")
    a = services.zone_score(
        actor=city_officer,
        scheme_id=scheme.pk,
        zone_id=zone_a.pk,
        entered={str(entered.pk): {"value": "20", "evidence": "税务"}},
    )
    assert a.values.get(indicator=computed).kind == ValueKind.MISSING
    page = client_for(colleague).get(reverse("planning:scheme_detail", args=[scheme.pk])).content.decode()
    stale = _hidden_fields(page, f"exclude-{a.pk}-{computed.pk}")
    assert stale["version"] == str(a.version)
    url = reverse("planning:value_resolve", args=[a.pk])
    client_for(city_officer).post(
        url,
        {
            **_hidden_fields(page, f"manual-{a.pk}-{computed.pk}"),
            "value": "96",
            "evidence": "政务服务中心台账",
        },
    )
    assert IndicatorValue.objects.get(assessment=a, indicator=computed).kind == ValueKind.MANUAL
    r = client_for(colleague).post(url, {**stale, "evidence": "无可靠数据"}, follow=True)
    assert "刚被他人处理过" in r.content.decode()
    row = IndicatorValue.objects.get(assessment=a, indicator=computed)
    assert (row.kind, row.value) == (ValueKind.MANUAL, 96)


PARTY = {"name": "甲平台公司", "role": "platform", "contract_no": "HT-1", "responsibilities": "土地开发"}
PARK = {"name": "甲园", "operator": "甲运营公司", "contract_no": "YQ-1"}


@pytest.mark.parametrize(("path", "body", "model"), [("parties", PARTY, ZoneParty), ("parks", PARK, Park)])
def test_a_stale_or_unversioned_put_of_a_party_or_park_is_a_conflict(
    city_officer, colleague, zone_a, client_for, path, body, model
):
    a, b = client_for(city_officer), client_for(colleague)
    a.raise_request_exception = b.raise_request_exception = False
    body = {**body, "zone": zone_a.pk}
    created = a.put(f"{API}/{path}", body, content_type=JSON)
    assert created.status_code == 200 and created.json()["version"] == 1
    [read] = b.get(f"{API}/{path}").json()["items"]
    seen = read["version"]
    changed = a.put(f"{API}/{path}", {**body, "contract_no": "HT-2", "version": seen}, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["version"] == seen + 1
    stale = b.put(f"{API}/{path}", {**body, "contract_no": "HT-1-补充", "version": seen}, content_type=JSON)
    assert stale.status_code == 409
    unversioned = b.put(f"{API}/{path}", {**body, "contract_no": "HT-1-补充"}, content_type=JSON)
    assert unversioned.status_code == 409
    assert model.objects.get(zone=zone_a).contract_no == "HT-2"


def test_a_stale_version_given_to_the_services_is_a_conflict(city_officer, zone_a):
    from devzone.core.errors import ConflictError

    party = institutions.party_set(actor=city_officer, zone_id=zone_a.pk, name="甲平台公司", role="platform")
    institutions.party_set(
        actor=city_officer, zone_id=zone_a.pk, name="甲平台公司", role="operator", version=party.version
    )
    with pytest.raises(ConflictError):
        institutions.party_set(
            actor=city_officer, zone_id=zone_a.pk, name="甲平台公司", role="platform", version=party.version
        )
    assert ZoneParty.objects.get().role == "operator"


def test_a_plan_put_without_version_does_not_overwrite_an_existing_plan(city_officer, zone_a, client_for):
    c = client_for(city_officer)
    c.raise_request_exception = False
    plan = services.plan_set(
        actor=city_officer,
        zone_id=zone_a.pk,
        start_year=2026,
        end_year=2028,
        industries=["26", "38"],
        targets=[{"year": 2026, "metric": "output", "target": "1000"}],
    )
    body = {
        "zone": zone_a.pk,
        "start_year": 2026,
        "end_year": 2028,
        "industries": ["26", "38"],
        "targets": [],
    }
    r = c.put(f"{API}/plans", body, content_type=JSON)
    assert r.status_code == 409, r.content
    assert IndustryPlan.objects.get(zone=zone_a).targets.count() == 1
    ok = c.put(f"{API}/plans", {**body, "version": plan.version}, content_type=JSON)
    assert ok.status_code == 200 and IndustryPlan.objects.get(zone=zone_a).targets.count() == 0


def _page_fields(html: str, testid: str) -> dict:
    """The values a form of the page posts as it was read (inputs with a value, the selected options)."""
    form = re.search(rf'<form[^>]*data-testid="{re.escape(testid)}"[^>]*>(.*?)</form>', html, re.S).group(1)
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        fields[name] = chosen.group(1) if chosen else ""
    return {k: v for k, v in fields.items() if k != "csrfmiddlewaretoken"}


def test_the_companies_page_opens_a_party_with_its_version_and_refuses_a_stale_save(
    city_officer, colleague, zone_a, client_for
):
    party = institutions.party_set(
        actor=city_officer, zone_id=zone_a.pk, name="甲平台公司", role="platform", contract_no="HT-1"
    )
    url = reverse("planning:companies")
    page = client_for(colleague).get(url, {"party": party.pk}).content.decode()
    assert f'href="?party={party.pk}#party-form"' in page
    # the form says it changes that party, and offers the way back to registering a new one
    assert "修改运营主体：甲平台公司" in page and "取消修改" in page
    assert "登记运营主体" in client_for(colleague).get(url).content.decode()
    opened = _page_fields(page, "party-form")
    assert (opened["party-name"], opened["party-version"], opened["party-contract_no"]) == (
        "甲平台公司",
        str(party.version),
        "HT-1",
    )
    # meanwhile the officer changes the contract
    institutions.party_set(
        actor=city_officer,
        zone_id=zone_a.pk,
        name="甲平台公司",
        role="platform",
        contract_no="HT-2",
        version=party.version,
    )
    r = client_for(colleague).post(url, {**opened, "party-contract_no": "HT-1-补充"})
    assert r.status_code == 200 and "刚被他人修改过" in r.content.decode()
    assert ZoneParty.objects.get().contract_no == "HT-2"
    # the blank form naming a registered party does not change it unseen either
    blank = {"which": "party", "party-zone": zone_a.pk, "party-name": "甲平台公司", "party-role": "operator"}
    r = client_for(colleague).post(url, blank)
    assert r.status_code == 200 and "请打开该记录修改" in r.content.decode()
    assert ZoneParty.objects.get().role == "platform"
    # opened afresh, the change is saved
    fresh = _page_fields(client_for(colleague).get(url, {"party": party.pk}).content.decode(), "party-form")
    assert client_for(colleague).post(url, {**fresh, "party-contract_no": "HT-3"}).status_code == 302
    assert ZoneParty.objects.get().contract_no == "HT-3"


def test_the_companies_page_opens_a_park_with_its_version(city_officer, zone_a, client_for):
    outer = institutions.park_set(actor=city_officer, zone_id=zone_a.pk, name="甲园", operator="甲公司")
    inner = institutions.park_set(
        actor=city_officer,
        zone_id=zone_a.pk,
        name="乙园",
        operator="乙公司",
        kind="park_park",
        parent_id=outer.pk,
    )
    c = client_for(city_officer)
    url = reverse("planning:companies")
    opened = _page_fields(c.get(url, {"park": inner.pk}).content.decode(), "park-form")
    assert (opened["park-name"], opened["park-parent"], opened["park-version"]) == (
        "乙园",
        str(outer.pk),
        str(inner.version),
    )
    assert c.post(url, {**opened, "park-operator": "丙公司"}).status_code == 302
    assert Park.objects.get(pk=inner.pk).operator == "丙公司"
    assert (
        c.post(url, {**opened, "park-operator": "丁公司"}).status_code == 200
    )  # the version read is stale now
    assert Park.objects.get(pk=inner.pk).operator == "丙公司"


@pytest.mark.parametrize("pk", ["99999999999999999999", "x", "0"])
def test_a_bad_row_id_opens_the_blank_form(city_officer, client_for, pk):
    r = client_for(city_officer).get(reverse("planning:companies"), {"party": pk, "park": pk})
    assert r.status_code == 200 and 'name="party-version"' in r.content.decode()
