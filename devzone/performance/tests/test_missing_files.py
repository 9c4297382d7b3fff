"""A department's work report whose stored file is gone (lost with the media volume, a restore without the
media, removed by hand) answers a 404 page in the reader's language that sends them to the administrator, and an
error in the log naming the file and its row (``core.files.download``), instead of a 500."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from devzone.performance.choices import RoundStatus
from devzone.testing.performance import PDF, run_round

pytestmark = pytest.mark.django_db
GONE = "文件不存在或已被移除，请联系管理员。"


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_work_report_gone_from_storage_answers_404_and_tells_the_operator(org, client_for, caplog):
    r, _codes = run_round(org, until=RoundStatus.REPORTS)
    dept = org.depts[0]
    report = r.reports.get(department=dept)
    url = reverse("performance:report_download", args=[r.pk, dept.pk])
    sent = client_for(org.tally).get(url)
    assert sent.status_code == 200 and b"".join(sent.streaming_content) == PDF
    report.file.storage.delete(report.file.name)
    with caplog.at_level(logging.ERROR, logger="devzone.files"):
        gone = client_for(org.tally).get(url)
    assert gone.status_code == 404 and GONE in gone.content.decode()
    errors = [rec.getMessage() for rec in caplog.records if rec.name == "devzone.files"]
    assert len(errors) == 1 and report.file.name in errors[0]
    assert f"performance.WorkReport {report.pk}" in errors[0]
