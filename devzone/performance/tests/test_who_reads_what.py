"""Who reads a person's grade and pay beyond the pay sheet itself: the appeals (the appellant's grade and
reasons: the zone's grade readers and the head of the department that gave the grade), a person's own pay page
before the quarter's pay is final, and the year's report (the pay spread only for pay readers)."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.performance import selectors
from devzone.performance import services as svc
from devzone.performance.models import StaffGrade
from devzone.testing import factories as f
from devzone.testing.performance import grade_all, run_round

pytestmark = pytest.mark.django_db
API = "/api/v1/performance"


def _page_text(resp) -> str:
    """A page's text without the per-request token (so two answers can be compared)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", resp.content.decode())


def test_my_pay_page_says_not_yet_final_until_the_sheet_is_complete(org, client_for):
    """The 'my' page hides a pay line until the sheet is complete; the detail page behind it did not: it
    showed the whole pool shared among the few graded so far (not what will be paid) and the pool's total
    weight, which moves by post × department coefficient × grade factor each time a colleague is graded — a
    grade only the head, the leaders and the tally staff may read. The person now reads "尚未确定", the same
    page whoever is graded meanwhile; pay readers still see the provisional figures, marked as such."""
    r, _ = run_round(org)
    d = org.depts[0]
    head = org.heads[d.pk]
    me, colleague = org.staff[d.pk][4], org.staff[d.pk][5]
    user = f.staff_user(Role.WINDOW_CLERK, me, "me_clerk")
    svc.grades_set(actor=head, round=r, department_id=d.pk, grades={me.pk: "pass"})
    c = client_for(user)
    url = reverse("performance:pay_person", args=[r.pk, me.pk])
    first = c.get(url)
    assert first.status_code == 200
    html = first.content.decode()
    assert "尚未确定" in html and "季度应发" not in html and "÷" not in html
    svc.grades_set(actor=head, round=r, department_id=d.pk, grades={colleague.pk: "excellent"})
    assert _page_text(c.get(url)) == _page_text(first)
    # the tally staff see the provisional line, said to be provisional
    tally = client_for(org.tally).get(url).content.decode()
    assert "季度应发" in tally and "尚未确定" in tally
    # once everyone is graded the person reads their line and its derivation
    grade_all(org, r)
    assert selectors.pay_sheet(r).ready
    html = c.get(url).content.decode()
    assert "季度应发" in html and "÷" in html and "尚未确定" not in html


def test_a_department_head_reads_only_their_own_departments_appeals(org, client_for):
    """A head reads the grades of their own department only (``grades_visible_to``); the appeals — the
    appellant's name, grade and reasons — follow the same rule, on the page and in the API. Roles that read no
    grades read no appeals."""
    r, _ = run_round(org)
    grade_all(org, r)
    d0, d1 = org.depts[0], org.depts[1]
    appellant = org.staff[d0.pk][5]
    user = f.staff_user(Role.WINDOW_CLERK, appellant, "appellant")
    g = StaffGrade.objects.get(round=r, staff=appellant)
    svc.appeal_submit(actor=user, grade=g, reason="本人因病休假两周，工作量被低估")
    other_head = client_for(org.heads[d1.pk])
    page = other_head.get(reverse("performance:appeal_list")).content.decode()
    assert appellant.name not in page and "工作量被低估" not in page
    assert other_head.get(f"{API}/appeals").json() == []
    own_head = client_for(org.heads[d0.pk])
    assert "工作量被低估" in own_head.get(reverse("performance:appeal_list")).content.decode()
    assert [a["staff_name"] for a in own_head.get(f"{API}/appeals").json()] == [appellant.name]
    for reader in (org.leader, org.tally):
        assert [a["staff_name"] for a in client_for(reader).get(f"{API}/appeals").json()] == [appellant.name]
    # the appellant's own appeal is on their 'my' page, not in the list of the zone's appeals
    assert client_for(user).get(f"{API}/appeals").status_code == 403


def test_the_years_report_gives_the_pay_spread_only_to_pay_readers(org, client_for):
    """The lowest and the highest pay of a quarter are one person's pay each, to the fen: the report (page,
    workbook, API) needs only the right to view rounds, so a window clerk — refused the pay sheet — gets the
    coefficients and the grade distribution but no pay spread; a leader gets it all."""
    r, _ = run_round(org)
    grade_all(org, r)
    top = max(selectors.pay_sheet(r).rows, key=lambda x: x.line.total_fen)
    clerk = client_for(f.user_with_role(Role.WINDOW_CLERK, zone=org.zone, user__username="clerk_r"))
    leader = client_for(org.leader)
    assert clerk.get(f"{API}/rounds/{r.pk}/pay").status_code == 403
    url = f"{API}/zones/{org.zone.pk}/reports/2026"
    body = clerk.get(url).json()
    assert body["pay_spread_yuan"] is None and body["grades"] and body["coefficients"]
    assert any(top.line.total_fen / 100 in row for row in leader.get(url).json()["pay_spread_yuan"])
    page = reverse("performance:report")
    assert "chart-spread" not in clerk.get(page).content.decode()
    assert "chart-spread" in leader.get(page).content.decode()

    def sheets(c) -> list[str]:
        return openpyxl.load_workbook(io.BytesIO(c.get(page, {"format": "xlsx"}).content)).sheetnames

    assert "工资差距" not in sheets(clerk) and "工资差距" in sheets(leader)
