"""A certificate whose archived PDF is gone from storage (lost with the media volume, a restore without the
media, removed by hand): its download answers a 404 page in the reader's language that sends them to the
administrator (``core.files.download``), and the public verification by code answers "cannot confirm, ask the
issuer" on the page and in the API; both log an error naming the file and its row for the operator. Never a
500, never "genuine"."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
GONE = "文件不存在或已被移除，请联系管理员。"
UNREADABLE = "该证照的存档文件无法读取，暂不能确认其真实性，请联系发证机关"


def logged(caplog) -> list[str]:
    return [
        rec.getMessage()
        for rec in caplog.records
        if rec.name == "devzone.files" and rec.levelno == logging.ERROR
    ]


def test_a_certificate_gone_from_storage_answers_404_and_tells_the_operator(
    client_for, certificate, zone_a_reviewer, caplog
):
    url = reverse("certificates:pdf", args=[certificate.pk])
    assert client_for(zone_a_reviewer).get(url).status_code == 200
    certificate.pdf.storage.delete(certificate.pdf.name)
    with caplog.at_level(logging.ERROR, logger="devzone.files"):
        r = client_for(zone_a_reviewer).get(url)
    assert r.status_code == 404 and GONE in r.content.decode()
    errors = logged(caplog)
    assert len(errors) == 1 and certificate.pdf.name in errors[0]
    assert f"approvals.Certificate {certificate.pk}" in errors[0]


def test_verifying_a_certificate_whose_archive_is_gone_says_so_and_tells_the_operator(
    client, certificate, caplog
):
    certificate.pdf.storage.delete(certificate.pdf.name)
    with caplog.at_level(logging.ERROR, logger="devzone.files"):
        page = client.get(reverse("verify:page"), {"code": certificate.verify_code})
        api = client.get(f"/api/v1/verify/{certificate.verify_code}")
    assert page.status_code == 200 and UNREADABLE in page.content.decode()
    assert (
        api.status_code == 200 and api.json()["status"] == "invalid" and api.json()["message"] == UNREADABLE
    )
    errors = logged(caplog)
    assert len(errors) == 2 and all(certificate.pdf.name in e for e in errors)
    assert f"approvals.Certificate {certificate.pk}" in errors[0]
