"""The pay sheet (page, export, API) shows a pending appeal among its problems, as 结算 refuses it: it never
looks ready — the export offered — while the quarter cannot be settled (one list, settlement's own)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.performance import selectors
from devzone.performance import services as svc
from devzone.performance.models import StaffGrade
from devzone.performance.services.settlement import pending_appeal_problems, settlement_problems
from devzone.testing.performance import grade_all, member_user, run_round

pytestmark = pytest.mark.django_db
API = "/api/v1/performance"


def test_the_pay_sheet_is_not_ready_while_an_appeal_is_pending(org, client_for):
    r, _ = run_round(org)
    grade_all(org, r)
    assert selectors.pay_sheet(r).ready
    user, member = member_user(org, "appellant_sheet")
    a = svc.appeal_submit(actor=user, grade=StaffGrade.objects.get(round=r, staff=member), reason="申诉")
    sheet = selectors.pay_sheet(r)
    [why] = pending_appeal_problems(r)
    assert not sheet.ready and why in sheet.problems
    assert settlement_problems(r, sheet) == sheet.problems  # the same list: never told twice, never apart
    c = client_for(org.tally)
    page = c.get(reverse("performance:pay_sheet", args=[r.pk])).content.decode()
    assert why in page
    export = c.get(reverse("performance:pay_export", args=[r.pk]))
    assert export.status_code == 302  # refused, back to the sheet
    body = c.get(f"{API}/rounds/{r.pk}/pay").json()
    assert body["ready"] is False and why in body["problems"]
    svc.appeal_decide(actor=org.leader, appeal=a, new_grade="", decision="维持")
    assert selectors.pay_sheet(r).ready
    assert c.get(reverse("performance:pay_export", args=[r.pk])).status_code == 200
