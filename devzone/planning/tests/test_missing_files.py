"""A party's or a park's contract whose stored file is gone (lost with the media volume, a restore without the
media, removed by hand) answers a 404 page in the reader's language that sends them to the administrator, and an
error in the log naming the file and its row (``core.files.download``), instead of a 500."""

from __future__ import annotations

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from devzone.planning import institutions
from devzone.testing.approvals import PDF

pytestmark = pytest.mark.django_db
GONE = "文件不存在或已被移除，请联系管理员。"


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("kind", ["party", "park"])
def test_a_contract_gone_from_storage_answers_404_and_tells_the_operator(
    kind, client_for, city_officer, zone_a, zone_a_leader, caplog
):
    contract = {"contract_file": SimpleUploadedFile("合同.pdf", PDF, content_type="application/pdf")}
    if kind == "party":
        row = institutions.party_set(
            actor=city_officer, zone_id=zone_a.pk, name="平台公司", role="platform", **contract
        )
    else:
        row = institutions.park_set(
            actor=city_officer, zone_id=zone_a.pk, name="智造园", operator="园区公司", **contract
        )
    url = reverse("planning:contract_download", args=[kind, row.pk])
    sent = client_for(zone_a_leader).get(url)
    assert sent.status_code == 200 and b"".join(sent.streaming_content) == PDF
    row.contract_file.storage.delete(row.contract_file.name)
    with caplog.at_level(logging.ERROR, logger="devzone.files"):
        for who in (city_officer, zone_a_leader):
            r = client_for(who).get(url)
            assert r.status_code == 404 and GONE in r.content.decode()
    errors = [rec.getMessage() for rec in caplog.records if rec.name == "devzone.files"]
    assert len(errors) == 2 and row.contract_file.name in errors[0]
    assert f"{row._meta.label} {row.pk}" in errors[0]
