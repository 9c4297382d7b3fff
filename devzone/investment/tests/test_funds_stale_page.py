"""到位资金 is the total arrived so far under a contract, and a lower figure is always accepted (it corrects). Two
officers on one contract's page: the first records 5,000万元 (new money arrived); the second, on the page read
before (3,000万元 shown), types 4,000万元 — the 1,000万元 they heard of — and silently lowered the contract to
4,000万元: the page checked nothing. The page (and the API, when the client sends what it read) now carries the
funds it showed; another figure recorded meanwhile is refused (409) and changes nothing."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from devzone.core.errors import ConflictError
from devzone.core.models import AuditEvent
from devzone.investment import services as svc
from devzone.investment.models import Contract
from devzone.testing import factories as f
from devzone.testing.investment import new_lead
from devzone.testing.investment import sign_contract as sign

pytestmark = pytest.mark.django_db
API = "/api/v1/investment"


def _contract(officer, team):
    lead = new_lead(officer, team, name="资金并发食品有限公司", credit_code=f.credit_code_for(8801))
    c = sign(officer, lead, "10000")
    return svc.contract_record_funds(actor=officer, contract=c, funds_arrived=Decimal("3000"))


def test_a_stale_contract_page_does_not_lower_newer_funds(officer, team_a, client_for):
    c = _contract(officer, team_a)
    client = client_for(officer)
    page = client.get(c.get_absolute_url()).content.decode()
    assert 'name="seen"' in page, "the funds form carries the funds it showed"
    svc.contract_record_funds(actor=officer, contract=c, funds_arrived=Decimal("5000"), seen=Decimal("3000"))
    events = AuditEvent.objects.count()
    shown = client.post(
        reverse("investment:contract_funds", args=[c.pk]),
        {"funds_arrived": "4000", "seen": "3000"},
        follow=True,
    ).content.decode()
    c.refresh_from_db()
    assert c.funds_arrived == Decimal("5000"), "the stale page lowered the funds another had just recorded"
    assert "到位资金刚被他人更新为5,000万元" in shown
    assert AuditEvent.objects.count() == events
    # from the page read afresh it goes through
    client.post(reverse("investment:contract_funds", args=[c.pk]), {"funds_arrived": "4000", "seen": "5000"})
    c.refresh_from_db()
    assert c.funds_arrived == Decimal("4000")


def test_the_api_refuses_funds_judged_against_another_figure(officer, team_a, client_for):
    c = _contract(officer, team_a)
    client = client_for(officer)

    def post(body):
        return client.post(f"{API}/contracts/{c.pk}/funds", json.dumps(body), content_type="application/json")

    ok = post({"funds_arrived": "5000", "seen_funds_arrived": "3000"})
    assert ok.status_code == 200 and Decimal(str(ok.json()["funds_arrived"])) == Decimal("5000")
    stale = post({"funds_arrived": "4000", "seen_funds_arrived": "3000"})
    assert stale.status_code == 409
    assert Contract.objects.get(pk=c.pk).funds_arrived == Decimal("5000")
    assert post({"funds_arrived": "4500"}).status_code == 200  # without what it read: not checked


def test_the_service_refuses_a_stale_figure(officer, team_a):
    c = _contract(officer, team_a)
    with pytest.raises(ConflictError):
        svc.contract_record_funds(actor=officer, contract=c, funds_arrived=Decimal("1"), seen=Decimal("2999"))
    assert Contract.objects.get(pk=c.pk).funds_arrived == Decimal("3000")
