"""The documents a qualification rests on (学历学位证书 …) stay as they were screened: once a registration is qualified
(审核通过) the candidate may add documents but not delete — or swap — those on file at the screening, while that
registration is in the running and its campaign not finished; the portal offers no 删除 for them and says why.
Before, the candidate deleted the certificate they were qualified on and the sealed file left the disk unseen."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.errors import DomainError
from devzone.personnel.choices import CampaignStatus
from devzone.personnel.models import CandidateDocument, RecruitmentCampaign
from devzone.personnel.services import documents as doc_svc
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.tests.test_recruitment import opening_of
from devzone.testing.approvals import PDF
from devzone.testing.personnel import make_candidate

pytestmark = pytest.mark.django_db

REFUSAL = "已通过资格审核的报名所依据的材料"


@pytest.fixture
def screened(city, campaign, officer_a):
    """A candidate qualified on their degree certificate."""
    cand = make_candidate(city, 1)
    doc = doc_svc.document_upload(actor=cand.user, kind="degree", name="硕士学位证书.pdf", data=PDF)
    reg = reg_svc.registration_submit(actor=cand.user, opening_id=opening_of(campaign).pk)
    reg = reg_svc.registration_screen(actor=officer_a, registration=reg.pk, decision="qualify")
    return cand, doc, reg


def test_the_service_refuses_deleting_what_the_qualification_rests_on(screened):
    cand, doc, _reg = screened
    with pytest.raises(DomainError, match=REFUSAL):
        doc_svc.document_delete(actor=cand.user, document=doc.pk)
    assert CandidateDocument.objects.filter(pk=doc.pk).exists()
    with doc.file.open("rb") as fh:
        assert fh.read()  # the sealed file is still on disk


def test_the_portal_hides_its_delete_button_and_refuses_the_post_with_the_reason(screened, client_for):
    cand, doc, _reg = screened
    later = doc_svc.document_upload(actor=cand.user, kind="other", name="补充材料.pdf", data=PDF)
    c = client_for(cand.user)
    html = c.get(reverse("personnel:my")).content.decode()
    assert reverse("personnel:document_delete", args=[doc.pk]) not in html
    assert 'data-testid="document-held"' in html
    # what was added after the screening was not screened on: it may go
    assert reverse("personnel:document_delete", args=[later.pk]) in html
    answer = c.post(reverse("personnel:document_delete", args=[doc.pk]), follow=True)
    assert REFUSAL in answer.content.decode()
    assert CandidateDocument.objects.filter(pk=doc.pk).exists()
    c.post(reverse("personnel:document_delete", args=[later.pk]))
    assert not CandidateDocument.objects.filter(pk=later.pk).exists()


def test_before_screening_and_once_out_of_the_running_the_candidate_may_delete(city, campaign, screened):
    # not screened yet: the candidate may still change their documents
    other = make_candidate(city, 2)
    draft = doc_svc.document_upload(actor=other.user, kind="degree", name="学位证书.pdf", data=PDF)
    reg_svc.registration_submit(actor=other.user, opening_id=opening_of(campaign).pk)
    doc_svc.document_delete(actor=other.user, document=draft.pk)
    assert not CandidateDocument.objects.filter(pk=draft.pk).exists()
    # given up: the registration no longer rests on them
    cand, doc, reg = screened
    reg_svc.registration_withdraw(actor=cand.user, registration=reg.pk)
    doc_svc.document_delete(actor=cand.user, document=doc.pk)
    assert not CandidateDocument.objects.filter(pk=doc.pk).exists()


def test_a_finished_campaign_releases_them(screened):
    cand, doc, reg = screened
    RecruitmentCampaign.objects.filter(pk=reg.campaign_id).update(status=CampaignStatus.FINISHED)
    assert not CandidateDocument.objects.filter(pk=doc.pk).held().exists()
    doc_svc.document_delete(actor=cand.user, document=doc.pk)
    assert not CandidateDocument.objects.filter(pk=doc.pk).exists()
