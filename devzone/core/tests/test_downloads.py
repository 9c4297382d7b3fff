"""A stored file that is gone from storage (lost with the media volume, a restore without the media, removed by
hand) or was never stored: its download (``core.files.download``; approvals' 申报材料 use it) answers 404 with a
page that tells the user, in their language, to ask the administrator, and logs an error naming the file for the
operator, instead of a 500. A file that is there is still sent as an attachment."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from devzone.approvals.models import Material
from devzone.core.choices import Role
from devzone.testing import factories as f
from devzone.testing.approvals import PDF, ItemFactory, submit

pytestmark = pytest.mark.django_db
GONE = "文件不存在或已被移除，请联系管理员。"


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def company_and_material(zone_a):
    project = f.ProjectFactory(zone=zone_a)
    company = f.user_with_role(
        Role.ENTERPRISE_USER, enterprise=project.enterprise, user__username="dl_company"
    )
    intake = submit(company, project, [ItemFactory(zone=zone_a)])
    return company, Material.objects.filter(application__intake=intake).first()


def url(material) -> str:
    return reverse("approvals:material_download", args=[material.pk])


def test_a_stored_material_is_sent_as_an_attachment(client_for, company_and_material):
    company, material = company_and_material
    r = client_for(company).get(url(material))
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("attachment")
    assert b"".join(r.streaming_content) == PDF


def test_a_material_gone_from_storage_answers_404_and_tells_the_operator(
    client_for, company_and_material, caplog
):
    company, material = company_and_material
    material.file.storage.delete(material.file.name)
    with caplog.at_level(logging.ERROR, logger="devzone.files"):
        r = client_for(company).get(url(material))
    assert r.status_code == 404
    page = r.content.decode()
    assert GONE in page and 'lang="zh-hans"' in page  # in the frame, in the user's language
    errors = [rec for rec in caplog.records if rec.levelno == logging.ERROR and rec.name == "devzone.files"]
    assert len(errors) == 1 and material.file.name in errors[0].getMessage()
    assert f"approvals.Material {material.pk}" in errors[0].getMessage()


def test_a_material_never_stored_answers_404(client_for, company_and_material, caplog):
    company, material = company_and_material
    Material.objects.filter(pk=material.pk).update(file="")
    with caplog.at_level(logging.ERROR, logger="devzone.files"):
        r = client_for(company).get(url(material))
    assert r.status_code == 404 and GONE in r.content.decode()
    assert any(rec.name == "devzone.files" for rec in caplog.records)


def test_another_enterprises_material_stays_a_plain_404(client_for, company_and_material, zone_a):
    """The missing-file page is only for a row the user may read: another enterprise learns nothing."""
    _company, material = company_and_material
    material.file.storage.delete(material.file.name)
    other = f.user_with_role(
        Role.ENTERPRISE_USER, enterprise=f.EnterpriseFactory(zone=zone_a), user__username="dl_other"
    )
    r = client_for(other).get(url(material))
    assert r.status_code == 404 and GONE not in r.content.decode()
