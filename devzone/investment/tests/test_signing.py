"""Signing a lead (签约) as officers rely on it: a contract is signed only under the lead's own firm — by its
credit code, and a lead without one takes the (valid) code it is signed with, so that no team can count another
firm's project as its own; and the signing form (page or API) submitted twice signs once."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from devzone.core.errors import DomainError
from devzone.core.models import Enterprise, Project
from devzone.investment.models import Contract, Lead
from devzone.testing import factories as f
from devzone.testing.investment import TODAY, new_lead, sign_contract

pytestmark = pytest.mark.django_db
API = "/api/v1/investment"
FIRM_B_CODE = f.credit_code_for(6161)


def api_post(c, url, body):
    return c.post(f"{API}/{url}", json.dumps(body), content_type="application/json")


def _page_data(form) -> dict:
    """What the browser posts: every field as the page filled it in."""
    data = {name: form[name].value() for name in form.fields}
    data["kind"] = data["kind"] or "new"  # a select posts its first option
    data |= {"signed_on": (TODAY - dt.timedelta(days=1)).isoformat(), "reason": "测试"}
    return {k: ("" if v is None else v) for k, v in data.items()}


@pytest.fixture
def codeless(officer, team_a):
    """Firm A's lead, registered without a credit code (as a lead met at a fair often is)."""
    return new_lead(officer, team_a, name="甲食品有限公司")


@pytest.fixture
def firm_b(officer2, team_a2):
    """Firm B: another team's lead, signed, with its enterprise and its project."""
    lead = new_lead(officer2, team_a2, name="乙机械有限公司", industry="34", credit_code=FIRM_B_CODE)
    return sign_contract(officer2, lead, "50000")


def refused_on_code(call) -> str:
    with pytest.raises(DomainError) as e:
        call()
    assert "credit_code" in e.value.errors, e.value.errors
    return " ".join(e.value.errors["credit_code"])


# --- the signed firm is the lead's firm ---------------------------------------------------------------
def test_it_refuses_to_sign_a_codeless_lead_under_another_teams_firm(officer, codeless, firm_b):
    refused_on_code(lambda: sign_contract(officer, codeless, "30000", credit_code=FIRM_B_CODE))
    refused_on_code(
        lambda: sign_contract(
            officer, codeless, "30000", credit_code=FIRM_B_CODE, kind="increase", project=firm_b.project
        )
    )
    assert list(Contract.objects.all()) == [firm_b]
    firm_b.project.refresh_from_db()
    assert firm_b.project.total_investment == Decimal("50000")
    codeless.refresh_from_db()
    assert (codeless.stage, codeless.credit_code, codeless.enterprise_id) == ("unaware", "", None)


def test_it_refuses_the_code_of_a_firm_another_lead_courts(officer, officer2, team_a2, codeless):
    """Firm B is still a lead of another team (no enterprise yet): its code cannot make firm A's contract."""
    other = new_lead(officer2, team_a2, name="乙机械有限公司", industry="34", credit_code=FIRM_B_CODE)
    message = refused_on_code(lambda: sign_contract(officer, codeless, "30000", credit_code=FIRM_B_CODE))
    assert other.company_name in message
    assert not Contract.objects.exists() and not Enterprise.objects.filter(credit_code=FIRM_B_CODE).exists()


def test_it_refuses_the_code_of_an_enterprise_registered_under_another_name(officer, codeless, zone_a):
    f.EnterpriseFactory(zone=zone_a, name="丙化工有限公司", credit_code=FIRM_B_CODE)
    message = refused_on_code(lambda: sign_contract(officer, codeless, "30000", credit_code=FIRM_B_CODE))
    assert "丙化工有限公司" in message
    assert not Contract.objects.exists() and not Project.objects.exists()


def test_a_codeless_lead_takes_the_valid_code_it_is_signed_with(officer, codeless):
    refused_on_code(lambda: sign_contract(officer, codeless, "30000", credit_code="91370100MA3C000000"))
    code = f.credit_code_for(7070)
    contract = sign_contract(officer, codeless, "30000", credit_code=f" {code.lower()} ")
    codeless.refresh_from_db()
    assert codeless.credit_code == code and codeless.enterprise_id == contract.enterprise_id
    assert (contract.enterprise.credit_code, contract.enterprise.name) == (code, "甲食品有限公司")
    # the lead's firm is now fixed by its code: a later contract names no other firm
    refused_on_code(
        lambda: sign_contract(officer, Lead.objects.get(pk=codeless.pk), "1000", credit_code=FIRM_B_CODE)
    )


def test_a_codeless_lead_signs_under_the_enterprise_registered_with_its_name(officer, codeless, zone_a):
    registered = f.EnterpriseFactory(zone=zone_a, name="甲食品（有限公司）", credit_code=FIRM_B_CODE)
    contract = sign_contract(officer, codeless, "30000", credit_code=FIRM_B_CODE)
    codeless.refresh_from_db()
    assert contract.enterprise == registered
    assert (codeless.credit_code, codeless.enterprise) == (FIRM_B_CODE, registered)


def test_the_signing_page_and_the_api_refuse_another_firms_code(client_for, officer, codeless, firm_b):
    c = client_for(officer)
    url = reverse("investment:contract_create", args=[codeless.pk])
    form = c.get(url).context["form"]
    assert form.fields["credit_code"].required
    data = {**_page_data(form), "contract_investment": "30000", "credit_code": FIRM_B_CODE}
    r = c.post(url, data)
    assert r.status_code == 200 and r.context["form"].errors["credit_code"]
    r = api_post(
        c,
        "contracts",
        {
            "lead": codeless.pk,
            "version": codeless.version,
            "kind": "increase",
            "project": firm_b.project_id,
            "project_name": "二期",
            "contract_investment": "30000",
            "signed_on": TODAY.isoformat(),
            "credit_code": FIRM_B_CODE,
        },
    )
    assert r.status_code == 400 and "credit_code" in r.json()["errors"], r.content
    assert list(Contract.objects.all()) == [firm_b]


def test_the_signing_page_shows_a_coded_leads_code_and_signs_under_it(client_for, officer, lead_a, firm_b):
    c = client_for(officer)
    url = reverse("investment:contract_create", args=[lead_a.pk])
    form = c.get(url).context["form"]
    assert form.fields["credit_code"].disabled and form["credit_code"].value() == lead_a.credit_code
    r = c.post(url, {**_page_data(form), "credit_code": FIRM_B_CODE})  # a disabled field is not taken
    assert r.status_code == 302
    assert Contract.objects.get(lead=lead_a).enterprise.credit_code == lead_a.credit_code


# --- the signing form submitted twice signs once ------------------------------------------------------
def test_the_signing_form_posted_twice_signs_once(client_for, officer, lead_a):
    c = client_for(officer)
    url = reverse("investment:contract_create", args=[lead_a.pk])
    data = _page_data(c.get(url).context["form"])
    r = c.post(url, {k: v for k, v in data.items() if k != "version"})  # a form that did not come whole
    assert r.status_code == 200 and "签约表单不完整，请重新打开签约表单" in r.content.decode()
    assert not Contract.objects.exists()
    first = c.post(url, data)
    assert first.status_code == 302, first.context["form"].errors
    second = c.post(url, data, follow=True)  # a double click, or a retry after a slow answer
    assert second.redirect_chain == [(lead_a.get_absolute_url(), 302)]
    html = second.content.decode()
    assert "这份签约可能已经提交过），本次提交未保存" in html
    assert html.count(f"{lead_a.company_name}项目 · ") == 1  # the lead's page lists the one contract
    contract = Contract.objects.get(lead=lead_a)
    assert Project.objects.filter(zone=lead_a.zone).count() == 1
    assert contract.project.total_investment == Decimal("20000")
    # a second signing (the formal contract after a framework agreement) needs a fresh form
    again = _page_data(c.get(url).context["form"]) | {"kind": "new", "project": contract.project_id}
    assert c.post(url, again).status_code == 302
    assert Contract.objects.filter(lead=lead_a).count() == 2


def test_the_signing_api_posted_twice_signs_once(client_for, officer, lead_a):
    c = client_for(officer)
    body = {
        "lead": lead_a.pk,
        "version": c.get(f"{API}/leads/{lead_a.pk}").json()["version"],  # the lead as the client read it
        "project_name": "甲项目",
        "contract_investment": "30000",
        "signed_on": TODAY.isoformat(),
    }
    assert api_post(c, "contracts", body).status_code == 201
    again = api_post(c, "contracts", body)  # a retry after a slow answer
    assert again.status_code == 409 and "本次提交未保存" in again.json()["title"], again.content
    assert Contract.objects.filter(lead=lead_a).count() == 1
    assert Project.objects.filter(zone=lead_a.zone).count() == 1
    del body["version"]  # a signing that names no version is refused, not signed blind
    r = api_post(c, "contracts", body)
    assert r.status_code == 422 and "version" in r.json()["errors"], r.content
    assert Contract.objects.filter(lead=lead_a).count() == 1
