"""The API as an integrating system uses it: bad input answers 4xx with field messages and changes nothing."""

import json

import pytest

from devzone.investment.models import Contract, Lead
from devzone.testing.investment import TODAY

pytestmark = pytest.mark.django_db
API = "/api/v1/investment"


def post(c, url, body):
    return c.post(f"{API}/{url}", json.dumps(body), content_type="application/json")


def test_a_duplicate_answers_409_with_the_existing_lead(client_for, officer, team_a, lead_a):
    r = post(
        c := client_for(officer),
        "leads",
        {"company_name": "山东示例食品股份有限公司", "industry": "14", "source": "fair", "team": team_a.pk},
    )
    assert r.status_code == 409 and r.json()["existing"] == lead_a.pk and r.json()["by"] == "company_name"
    r = post(
        c,
        "leads",
        {
            "company_name": "别名",
            "credit_code": lead_a.credit_code,
            "industry": "14",
            "source": "fair",
            "team": team_a.pk,
        },
    )
    assert r.status_code == 409 and r.json()["by"] == "credit_code"
    assert Lead.objects.count() == 1


def test_bad_input_answers_with_the_field(client_for, officer, team_a, lead_a, zone_a_leader):
    c = client_for(officer)
    body = {"company_name": "甲食品有限公司", "industry": "14", "source": "fair", "team": team_a.pk}
    assert "intended_investment" in post(c, "leads", body | {"intended_investment": "-1"}).json()["errors"]
    assert (
        "intended_investment"
        in post(c, "leads", body | {"intended_investment": "100000001"}).json()["errors"]
    )
    assert "industry" in post(c, "leads", body | {"industry": "C"}).json()["errors"]
    assert post(c, "leads", body | {"source": "referral"}).status_code == 400  # no referrer
    r = post(c, f"leads/{lead_a.pk}/move", {"target": "signed", "on": TODAY.isoformat()})
    assert r.status_code == 400 and "stage" in r.json()["errors"]
    r = post(c, f"leads/{lead_a.pk}/move", {"target": "negotiating", "on": TODAY.isoformat()})
    assert r.status_code == 400 and "reason" in r.json()["errors"]
    r = post(c, f"leads/{lead_a.pk}/approve_exception", {"reason": "自己批"})
    assert r.status_code == 403
    r = post(c, f"leads/{lead_a.pk}/move", {"target": "aware", "on": TODAY.isoformat(), "version": 999})
    assert r.status_code == 409
    nocode = post(c, "leads", body).json()
    r = post(
        c,
        "contracts",
        {
            "lead": nocode["id"],
            "version": nocode["version"],
            "project_name": "甲项目",
            "contract_investment": "5000",
            "signed_on": TODAY.isoformat(),
        },
    )
    assert r.status_code == 400 and "credit_code" in r.json()["errors"]
    assert not Contract.objects.exists() and Lead.objects.get(pk=lead_a.pk).stage == "unaware"


def test_signing_through_the_api(client_for, officer, lead_a):
    c = client_for(officer)
    r = post(
        c,
        "contracts",
        {
            "lead": lead_a.pk,
            "version": lead_a.version,
            "project_name": "甲项目",
            "contract_investment": "30000",
            "land_mu": "60",
            "signed_on": TODAY.isoformat(),
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["intensity"] == "500.00" or float(body["intensity"]) == 500
    assert c.get(f"{API}/leads/{lead_a.pk}").json()["stage"] == "signed"
    assert c.get(f"/api/v1/core/projects/{body['project']}").status_code == 200
