"""A department's work report, uploaded again, replaces the old one on disk too; it is downloaded as the type
its content was checked to be."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from devzone.performance import services as svc
from devzone.performance.choices import RoundStatus
from devzone.testing.performance import PDF, run_round

pytestmark = pytest.mark.django_db


def test_a_replaced_report_leaves_the_disk(
    org, settings, tmp_path, client_for, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    r, _codes = run_round(org, until=RoundStatus.REPORTS)
    dept = org.depts[0]
    first = Path(r.reports.get(department=dept).file.path)
    assert first.exists()
    with django_capture_on_commit_callbacks(execute=True):
        svc.report_upload(
            actor=org.heads[dept.pk], round=r, department_id=dept.pk, name="述职（修改）.html", data=PDF
        )
    assert not first.exists()
    report = r.reports.get(department=dept)
    assert Path(report.file.path).exists() and report.original_name.endswith(".pdf")
    resp = client_for(org.tally).get(reverse("performance:report_download", args=[r.pk, dept.pk]))
    assert resp["Content-Type"] == "application/pdf" and "attachment" in resp["Content-Disposition"]
