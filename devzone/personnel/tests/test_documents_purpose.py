"""Staff open a candidate's documents, and reveal the full identity number, only through a registration that is being
screened or processed (待审核、退回修改, 审核通过 … 拟聘用) in a campaign not finished — 个人信息保护法 §6. Before, any
registration counted: zone A's 人事专员, whose only link to the candidate was last campaign's rejected application,
opened what the candidate uploaded this year for zone B's opening."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.choices import AuditAction
from devzone.core.errors import PermissionDeniedError
from devzone.core.models import AuditEvent
from devzone.personnel.choices import CampaignStatus
from devzone.personnel.models import RecruitmentCampaign
from devzone.personnel.services import documents as doc_svc
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.tests.test_recruitment import _close
from devzone.testing.approvals import PDF
from devzone.testing.personnel import make_campaign, make_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_year_rejected(city, zone_a, zone_b, officer_a):
    """Rejected by zone A last campaign; applying to zone B now, with a document uploaded for it."""
    last_year = make_campaign(city, [zone_a], title="上一期公开招聘")
    cand = make_candidate(city, 7)
    old = reg_svc.registration_submit(actor=cand.user, opening_id=last_year.openings.get().pk)
    reg_svc.registration_screen(actor=officer_a, registration=old.pk, decision="reject", note="专业不符")
    _close(last_year)
    this_year = make_campaign(city, [zone_b], title="本期公开招聘")
    new = reg_svc.registration_submit(actor=cand.user, opening_id=this_year.openings.get().pk)
    doc = doc_svc.document_upload(
        actor=cand.user, kind="degree", name="为乙区岗位上传的学位证书.pdf", data=PDF
    )
    return old, new, doc


def _opened(doc) -> int:
    return AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(doc.pk)).count()


def test_a_rejected_registration_opens_nothing_any_more(last_year_rejected, officer_a, officer_b, client_for):
    old, new, doc = last_year_rejected
    with pytest.raises(PermissionDeniedError):
        doc_svc.document_open(actor=officer_a, document=doc.pk, registration=old.pk)
    page = client_for(officer_a).get(reverse("personnel:registration_document", args=[old.pk, doc.pk]))
    assert page.status_code == 403
    assert _opened(doc) == 0
    # zone B screens the registration it holds now, and may open it (audited)
    opened, data = doc_svc.document_open(actor=officer_b, document=doc.pk, registration=new.pk)
    assert data == PDF and _opened(doc) == 1


def test_the_old_registration_s_page_lists_no_document_and_reveals_no_identity_number(
    last_year_rejected, officer_a, client_for
):
    old, _new, doc = last_year_rejected
    url = reverse("personnel:registration_detail", args=[old.pk])
    html = client_for(officer_a).get(url + "?show=identity").content.decode()
    assert reverse("personnel:registration_document", args=[old.pk, doc.pk]) not in html
    assert 'data-testid="documents-closed"' in html and "查看完整号码" not in html
    assert old.candidate.id_masked in html
    # nor does the service, asked directly (an API or a page to come): the same rule as the documents
    from devzone.personnel.services.candidates import identity_reveal

    with pytest.raises(PermissionDeniedError):
        identity_reveal(actor=officer_a, registration=old.pk)
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(old.candidate_id)).exists()


def test_a_registration_under_screening_opens_them_until_its_campaign_finishes(
    city, campaign, officer_a, client_for
):
    cand = make_candidate(city, 8)
    doc = doc_svc.document_upload(actor=cand.user, kind="degree", name="学位证书.pdf", data=PDF)
    reg = reg_svc.registration_submit(actor=cand.user, opening_id=campaign.openings.get(code="A01").pk)
    c = client_for(officer_a)
    assert c.get(reverse("personnel:registration_document", args=[reg.pk, doc.pk])).status_code == 200
    html = c.get(reverse("personnel:registration_detail", args=[reg.pk]) + "?show=identity").content.decode()
    assert cand.id_masked not in html  # the full number, on request (audited)
    RecruitmentCampaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.FINISHED)
    assert c.get(reverse("personnel:registration_document", args=[reg.pk, doc.pk])).status_code == 403
