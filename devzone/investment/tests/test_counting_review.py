"""Defects of the counting found by review, each with the case that showed it: a 新签 after an increase only,
the project's total after a framework agreement, an increase and the formal contract, a credit code of another
firm typed on the signing form, 按期开工 counting every contract of a project, an amount cell too long for a
decimal, the bulletin dropping increases, and the 10 亿 projects judged by the framework agreement's amount."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from devzone.core.errors import DomainError
from devzone.investment import bulletin, selectors
from devzone.investment.models import Contract, Lead
from devzone.investment.services.stages import on_milestone_reached
from devzone.testing import factories as f
from devzone.testing.investment import TODAY, import_report, new_lead
from devzone.testing.investment import sign_contract as sign

pytestmark = pytest.mark.django_db
D = dt.timedelta


def lead(officer, team, n, **kw):
    return new_lead(officer, team, name=f"复核{n}食品有限公司", credit_code=f.credit_code_for(9100 + n), **kw)


def year(zone_id):
    return selectors.figures(zone_id=zone_id, start=dt.date(TODAY.year, 1, 1), end=TODAY)


def test_it_counts_a_new_signing_after_an_increase_only_and_keeps_the_increase(officer, team_a):
    """An 8,000 万元 project known before DevZone, increased by 30,000, then signed (新签) for 50,000: the 新签 is
    the project's first signing (counted, 50,000), the increase stays in the project's total."""
    x = lead(officer, team_a, 1)
    project = f.ProjectFactory(
        zone=team_a.zone,
        enterprise=f.EnterpriseFactory(zone=team_a.zone, credit_code=x.credit_code),
        total_investment=Decimal("8000"),
    )
    x.enterprise = project.enterprise
    x.save()
    sign(officer, x, "30000", kind="increase", project=project, project_name="增资", signed_on=TODAY - D(10))
    x.refresh_from_db()
    new = sign(officer, x, "50000", kind="new", project=project, project_name="正式合同")
    assert (new.counts_as_project, new.counted_investment, new.excluded_reason) == (
        True,
        Decimal("50000"),
        "",
    )
    project.refresh_from_db()
    assert project.total_investment == Decimal("80000")  # the binding 50,000 and the increase of 30,000
    t = year(team_a.zone_id)["totals"]
    assert (t["signed"], t["investment"], t["over_1_yi"]) == (1, Decimal("80000"), 1)


def test_it_keeps_an_increase_in_the_total_when_the_formal_contract_follows(officer, team_a):
    """Framework 15,000, increase 5,000, formal contract 18,000: the project's total is 23,000, as the figures."""
    x = lead(officer, team_a, 2)
    first = sign(officer, x, "15000", signed_on=TODAY - D(20))
    x.refresh_from_db()
    sign(
        officer,
        x,
        "5000",
        kind="increase",
        project=first.project,
        project_name="增资",
        signed_on=TODAY - D(10),
    )
    x.refresh_from_db()
    sign(officer, x, "18000", project=first.project, project_name="正式合同")
    first.project.refresh_from_db()
    assert first.project.total_investment == Decimal("23000")
    assert year(team_a.zone_id)["totals"]["investment"] == Decimal("23000")


def test_it_refuses_a_credit_code_other_than_the_leads_own(officer, officer2, team_a, team_a2):
    """Team A2 signed firm Y's project; team A's lead of firm X may not sign an increase on it by typing Y's code."""
    y = new_lead(officer2, team_a2, name="乙机械有限公司", industry="34", credit_code=f.credit_code_for(5151))
    theirs = sign(officer2, y, "50000", signed_on=TODAY - D(5))
    x = lead(officer, team_a, 3)
    with pytest.raises(DomainError) as e:
        sign(officer, x, "30000", kind="increase", project=theirs.project, credit_code=y.credit_code)
    assert "credit_code" in e.value.errors
    x.refresh_from_db()
    assert x.enterprise_id is None and Contract.objects.filter(lead=x).count() == 0
    # the lead's own code, in lower case or blank, signs as before
    own = sign(officer, x, "12000", credit_code=f.credit_code_for(9103).lower())
    assert own.enterprise.credit_code == x.credit_code


def test_it_counts_groundbreaking_on_time_once_per_counted_project(officer, team_a):
    """A framework agreement and its formal contract break ground once; a local investor's project counts nothing."""
    x = lead(officer, team_a, 4)
    first = sign(officer, x, "15000", signed_on=TODAY - D(20), groundbreaking_due=TODAY + D(30))
    x.refresh_from_db()
    sign(
        officer, x, "18000", project=first.project, project_name="正式合同", groundbreaking_due=TODAY + D(30)
    )
    local = sign(officer, lead(officer, team_a, 5, is_local=True), "15000", groundbreaking_due=TODAY + D(30))
    on_milestone_reached(project=first.project, code="groundbreaking", on=TODAY, actor=officer)
    on_milestone_reached(project=local.project, code="groundbreaking", on=TODAY, actor=officer)
    assert year(team_a.zone_id)["totals"]["on_time"] == 1
    board = selectors.leaderboard(zone_id=team_a.zone_id, period="year", anchor=TODAY)["rows"]
    row = next(r for r in board if r.label == team_a.name)
    assert row.values["on_time"] == 1


def test_it_reports_an_amount_too_long_for_a_decimal_as_a_row_error(client_for, officer, team_a):
    from openpyxl import Workbook

    from devzone.investment.excel import HEADER

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    long = "123456789012345678901234567890.123"
    ws.append(["甲食品有限公司", "", "14", long, "展会招商", "", team_a.name, "", "了解", "", "", "否", ""])
    out = BytesIO()
    wb.save(out)
    r = client_for(officer).post(
        reverse("investment:lead_import"), {"file": SimpleUploadedFile("a.xlsx", out.getvalue())}
    )
    assert r.status_code == 200
    assert any("意向投资额超过上限" in m for m in import_report(r)[2])
    assert Lead.objects.count() == 0


def test_the_bulletin_counts_increases_as_the_figures_page_does(officer, team_a):
    x = lead(officer, team_a, 6)
    first = sign(officer, x, "8000", signed_on=TODAY - D(20))
    x.refresh_from_db()
    sign(officer, x, "30000", kind="increase", project=first.project, project_name="二期增资")
    assert year(team_a.zone_id)["totals"]["investment"] == Decimal("38000")
    amount = next(fig for fig in bulletin.figures(city=team_a.zone.city) if fig.key == "investment.amount")
    assert amount.value == Decimal("3.80")


def test_a_10_yi_project_is_judged_by_its_binding_amount(officer, team_a):
    """A 90,000 万元 framework agreement, then the formal contract of 120,000: one 10 亿 project, listed with the
    binding amount under the first signing; the bulletin agrees."""
    x = lead(officer, team_a, 7)
    first = sign(officer, x, "90000", signed_on=TODAY - D(20))
    x.refresh_from_db()
    sign(officer, x, "120000", project=first.project, project_name="正式合同")
    data = year(team_a.zone_id)
    t = data["totals"]
    assert (t["signed"], t["investment"], t["over_1_yi"], t["over_10_yi"]) == (1, Decimal("120000"), 1, 1)
    assert [(b["pk"], b["counted_investment"]) for b in data["big"]] == [(first.pk, Decimal("120000"))]
    figs = {fig.key: fig.value for fig in bulletin.figures(city=team_a.zone.city)}
    assert (figs["investment.over_1_yi"], figs["investment.over_10_yi"]) == (1, 1)
    board = selectors.leaderboard(zone_id=team_a.zone_id, period="year", anchor=TODAY)["rows"]
    assert next(r for r in board if r.label == team_a.name).values["over_10_yi"] == 1
