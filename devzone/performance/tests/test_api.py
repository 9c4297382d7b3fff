"""The API's own paths through a round's early steps, as a department head's and the tally staff's scripts
would use them: upload the work report (multipart), nominate and withdraw a delegate, pull satisfaction."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from devzone.performance.choices import RoundStatus
from devzone.performance.models import Delegate, WorkReport
from devzone.testing.performance import PDF, run_round

pytestmark = pytest.mark.django_db
API = "/api/v1/performance"
JSON = "application/json"


def test_a_head_uploads_the_report_and_nominates_then_withdraws_a_delegate(org, client_for):
    r, _ = run_round(org, until=RoundStatus.SATISFACTION)
    d = org.depts[2]
    head = client_for(org.heads[d.pk])
    upload = SimpleUploadedFile("投资促进部述职报告.pdf", PDF, content_type="application/pdf")
    resp = head.post(f"{API}/rounds/{r.pk}/reports", {"department": d.pk, "file": upload})
    assert resp.status_code == 201, resp.content
    assert resp.json()["name"] == "投资促进部述职报告.pdf"
    assert WorkReport.objects.get(round=r, department=d).size == len(PDF)
    exe = SimpleUploadedFile("a.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    resp = head.post(f"{API}/rounds/{r.pk}/reports", {"department": d.pk, "file": exe})
    assert resp.status_code == 400 and "不是可接受的文件类型" in resp.json()["title"]
    other = org.depts[3]
    resp = head.post(
        f"{API}/rounds/{r.pk}/reports",
        {"department": other.pk, "file": SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")},
    )
    assert resp.status_code == 403
    assert [x["department"] for x in head.get(f"{API}/rounds/{r.pk}/reports").json()] == [d.pk]

    staff = org.delegates_of(d)[0]
    resp = head.post(f"{API}/rounds/{r.pk}/delegates", json.dumps({"staff": staff.pk}), content_type=JSON)
    assert resp.status_code == 201
    listed = head.get(f"{API}/rounds/{r.pk}/delegates").json()
    assert [(x["staff"], x["name"]) for x in listed] == [(staff.pk, staff.name)]
    assert head.delete(f"{API}/rounds/{r.pk}/delegates/{listed[0]['id']}").status_code == 204
    assert not Delegate.objects.filter(round=r).exists()


def test_pulling_satisfaction_says_so_when_the_quarter_has_no_survey_or_ratings(org, client_for):
    r, _ = run_round(org, until=RoundStatus.SATISFACTION)
    tally = client_for(org.tally)
    resp = tally.post(f"{API}/rounds/{r.pk}/satisfaction/pull")
    assert resp.status_code == 400
    assert resp.json()["title"] == "2026年第3季度没有满意度调查或好差评数据，请录入纸质问卷结果"
    r.refresh_from_db()
    assert r.version == 1 and not r.results.exclude(satisfaction=None).exists()
    assert client_for(org.leader).post(f"{API}/rounds/{r.pk}/satisfaction/pull").status_code == 403


def test_pulling_satisfaction_waits_for_the_quarters_survey_to_close(org, client_for):
    """While the quarter's satisfaction survey collects answers its figure is not there: the departments were scored
    on 好差评 alone, silently. Now the pull is refused, naming the survey's closing day."""
    import datetime as dt

    from devzone.services.models import Survey

    r, _ = run_round(org, until=RoundStatus.SATISFACTION)
    Survey.objects.create(
        zone=org.zone,
        year=r.year,
        quarter=r.quarter,
        opened_on=dt.date(2026, 10, 8),
        closes_on=dt.date(2026, 10, 20),
        created_by=org.leader,
    )
    resp = client_for(org.tally).post(f"{API}/rounds/{r.pk}/satisfaction/pull")
    assert resp.status_code == 400
    assert (
        resp.json()["title"]
        == "2026年第3季度的企业满意度调查尚未结束（2026年10月20日截止），请在调查结束后汇总"
    )
    r.refresh_from_db()
    assert not r.results.exclude(satisfaction=None).exists()
