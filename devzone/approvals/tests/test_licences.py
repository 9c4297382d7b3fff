"""Certificates as electronic licence records (approvals.licences): one record per certificate, all of a year as
JSON Lines, the revocations published without login; scoped like the certificate."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.approvals.certificates import revoke_certificate
from devzone.approvals.licences import ELEMENTS
from devzone.approvals.models import Certificate
from devzone.approvals.services import applications as svc
from devzone.testing.approvals import ItemFactory, accepted

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]


@pytest.fixture
def certificate(company_user, clerk, reviewer, project_a, zone_a, settings):
    settings.DEVZONE_SEAL_MASTER_KEY = "22" * 32
    settings.DEVZONE_PUBLIC_URL = "https://devzone.example.gov.cn"
    item = ItemFactory(zone=zone_a, name="建筑工程施工许可", result_type="施工许可证")
    app = accepted(company_user, clerk, reviewer, project_a, item, on=dt.date(2025, 3, 3))
    svc.application_grant(actor=reviewer, application=app, on=dt.date(2025, 3, 6))
    return Certificate.objects.get(application=app)


def test_a_certificates_record_carries_the_licence_elements(certificate, client_for, reviewer, zone_b_leader):
    url = reverse("certificates:metadata", args=[certificate.pk])
    body = client_for(reviewer).get(url).json()
    record = body["record"]
    assert set(record) == set(ELEMENTS) == set(body["elements"])
    assert (record["licence_number"], record["holder_code"], record["status"]) == (
        certificate.number,
        certificate.holder_credit_code,
        "valid",
    )
    assert record["issued_on"] == "2025-03-06" and record["signature_algorithm"] == "SM2withSM3"
    assert record["verify_url"].startswith("https://devzone.example.gov.cn/verify/")
    assert client_for(zone_b_leader).get(url).status_code == 404


def test_the_years_records_in_bulk_and_the_public_revocation_list(certificate, client_for, reviewer, client):
    bulk = client_for(reviewer).get(reverse("certificates:metadata_bulk"), {"year": "2025"})
    lines = [json.loads(line) for line in b"".join(bulk.streaming_content).decode().splitlines()]
    assert [r["licence_number"] for r in lines] == [certificate.number]
    assert client_for(reviewer).get(reverse("certificates:metadata_bulk"), {"year": "x"}).status_code == 400
    assert client.get(reverse("verify:revocations")).json() == {"revoked": []}
    revoke_certificate(actor=reviewer, certificate=certificate, on=dt.date(2025, 4, 1), reason="违反承诺")
    [revoked] = client.get(reverse("verify:revocations")).json()["revoked"]
    assert (revoked["licence_number"], revoked["revoked_on"]) == (certificate.number, "2025-04-01")
    assert "违反承诺" not in json.dumps(revoked, ensure_ascii=False)  # the reason stays inside
    again = client_for(reviewer).get(reverse("certificates:metadata", args=[certificate.pk])).json()["record"]
    assert (again["status"], again["revoked_on"]) == ("revoked", "2025-04-01")


@pytest.mark.parametrize(
    ("year", "status"),
    [("2025", 200), ("", 200), ("x", 400), ("1999", 400), ("2101", 400), ("-2025", 400), ("9" * 30, 400)],
)
def test_the_bulk_records_year_is_a_year_from_2000_to_2100_or_a_400(
    certificate, client_for, reviewer, year, status
):
    bulk = client_for(reviewer).get(reverse("certificates:metadata_bulk"), {"year": year})
    assert bulk.status_code == status
    if status == 400:
        assert bulk.json()["title"] == "年份无效"
    else:
        expected = year or str(timezone.localdate().year)
        assert bulk["Content-Disposition"] == f'attachment; filename="licences-{expected}.jsonl"'
