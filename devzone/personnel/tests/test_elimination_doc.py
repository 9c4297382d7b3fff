"""The yearly 刚性淘汰 report to the city as a Word document: per zone the staff, the 3–5 % band, the cases that
count and the verdict, then each zone's cases; the city gets all its zones, a zone's leader only theirs; the
download names people and is audited."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from devzone.core.choices import Role
from devzone.core.models import AuditEvent
from devzone.personnel.models import AnnualReview, EliminationCase
from devzone.personnel.services import staffing as svc
from devzone.testing import factories as f
from devzone.testing.performance import build_org, grade_all, run_round

pytestmark = pytest.mark.django_db
YEAR = 2026


def text_of(content: bytes) -> str:
    doc = Document(BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


@pytest.fixture
def decided(zone_a, jinan_share):
    org = build_org(zone_a, "甲")
    r, _codes = run_round(org, year=YEAR, quarter=3)
    grade_all(org, r)
    svc.reviews_prepare(actor=org.leader, zone=org.zone, year=YEAR)
    review = AnnualReview.objects.order_by("staff__employee_no").first()
    svc.review_decide(actor=org.leader, review=review, grade="incompetent", note="年度考核不称职")
    svc.cases_flag(actor=org.leader, zone=org.zone, year=YEAR)
    case = svc.case_decide(
        actor=org.leader, case=EliminationCase.objects.get(), action="transfer", reason="不称职，转岗"
    )
    return org, case


@pytest.mark.isolation
def test_the_city_gets_every_zone_and_a_leader_only_theirs(decided, zone_b, city_officer, client_for):
    org, case = decided
    f.StaffFactory(zone=zone_b, employee_no="B001")
    url = reverse("personnel:annual_report") + f"?year={YEAR}"
    answer = client_for(city_officer).get(url)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    text = text_of(answer.content)
    assert f"{YEAR}年度刚性淘汰情况报告" in text
    # 30 staff: the band is 1–1 person; one decided case → within; zone B: 1 staff, band 0–0, none → within
    assert f"{org.zone.name} | 30 | 1—1 | 1 | 3.3% | 符合比例" in text
    assert f"{zone_b.name} | 1 | 0—0 | 0 |" in text
    assert (
        f"{case.staff.employee_no} | {case.staff.name} | 年度考核不称职 | 转岗 | 已决定 | 不称职，转岗"
        in text
    )
    assert "本年度无刚性淘汰人员" in text  # zone B's list
    body = Document(BytesIO(answer.content)).paragraphs[0].runs[0]._element.xml
    assert 'w:eastAsia="黑体"' in body
    assert AuditEvent.objects.filter(action="export", actor=city_officer).count() == 1

    b_leader = f.user_with_role(Role.ZONE_LEADER, zone=zone_b, user__username="b_lead")
    theirs = text_of(client_for(b_leader).get(url).content)
    assert zone_b.name in theirs and case.staff.name not in theirs and org.zone.name not in theirs
    outsider = client_for(f.user_with_role(Role.INVESTMENT_OFFICER, zone=zone_b, user__username="b_invest"))
    assert outsider.get(url).status_code in (403, 404)


def test_the_page_offers_the_report(decided, city_officer, client_for):
    page = client_for(city_officer).get(reverse("personnel:annual") + f"?year={YEAR}").content.decode()
    assert "data-report-docx" in page
