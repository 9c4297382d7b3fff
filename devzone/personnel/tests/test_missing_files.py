"""A candidate's document whose stored file is gone (lost with the media volume, a restore without the media,
removed by hand) answers a 404 page in the reader's language that sends them to the administrator, for the
candidate and for the screening staff, and an error in the log naming the file and its row; the staff's attempt
is not recorded as an opening. Never a 500."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from devzone.core.choices import AuditAction, Role
from devzone.core.models import AuditEvent
from devzone.personnel.services import documents as doc_svc
from devzone.personnel.services import registrations as reg_svc
from devzone.testing import factories as f
from devzone.testing.approvals import PDF
from devzone.testing.personnel import make_campaign, make_candidate

pytestmark = pytest.mark.django_db
GONE = "文件不存在或已被移除，请联系管理员。"


def test_a_document_gone_from_storage_answers_404_and_tells_the_operator(city, zone_a, client_for, caplog):
    campaign = make_campaign(city, [zone_a])
    candidate = make_candidate(city, 1)
    reg = reg_svc.registration_submit(actor=candidate.user, opening_id=campaign.openings.get(code="A01").pk)
    doc = doc_svc.document_upload(actor=candidate.user, kind="degree", name="学位证书.pdf", data=PDF)
    hr = f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone_a, user__username="hr_gone")
    own = reverse("personnel:document_download", args=[doc.pk])
    screened = reverse("personnel:registration_document", args=[reg.pk, doc.pk])
    assert client_for(candidate.user).get(own).content == PDF
    doc.file.storage.delete(doc.file.name)
    with caplog.at_level(logging.ERROR, logger="devzone.files"):
        for who, url in ((candidate.user, own), (hr, screened)):
            r = client_for(who).get(url)
            assert r.status_code == 404 and GONE in r.content.decode(), url
    errors = [rec.getMessage() for rec in caplog.records if rec.name == "devzone.files"]
    assert len(errors) == 2 and all(
        doc.file.name in e and f"personnel.CandidateDocument {doc.pk}" in e for e in errors
    )
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(doc.pk)).exists()
    # the service says so to any other caller (a 404 in the API's terms), in the same words
    with pytest.raises(doc_svc.DocumentGone, match=GONE):
        doc_svc.document_open(actor=candidate.user, document=doc.pk)
