"""A candidate's documents: checked by content, sealed at rest, opened only by the candidate and the screening
staff of a zone the candidate applied to (each staff opening audited)."""

import pytest
from django.urls import reverse

from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, NotFoundError
from devzone.core.models import AuditEvent
from devzone.personnel.models import CandidateDocument
from devzone.personnel.services import documents as doc_svc
from devzone.personnel.services import registrations as reg_svc
from devzone.testing import factories as f
from devzone.testing.approvals import PDF
from devzone.testing.personnel import make_campaign, make_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(city, zone_a, zone_b, officer_a, officer_b):
    campaign = make_campaign(city, [zone_a, zone_b])
    one, two = make_candidate(city, 1), make_candidate(city, 2)
    reg = reg_svc.registration_submit(actor=one.user, opening_id=campaign.openings.get(code="A01").pk)
    doc = doc_svc.document_upload(actor=one.user, kind="degree", name="硕士学位证书.pdf", data=PDF)
    return {
        "one": one,
        "two": two,
        "reg": reg,
        "doc": doc,
        "hr_a": officer_a,
        "hr_b": officer_b,
    }


def test_a_document_is_sealed_at_rest_and_opens_for_its_candidate(world):
    doc = world["doc"]
    with doc.file.open("rb") as fh:
        stored = fh.read()
    assert b"%PDF" not in stored and doc.file.name.endswith(".sealed")
    opened, data = doc_svc.document_open(actor=world["one"].user, document=doc.pk)
    assert data == PDF and opened.original_name == "硕士学位证书.pdf"


def test_what_is_not_a_pdf_or_image_is_refused_and_nothing_is_stored(world):
    with pytest.raises(DomainError, match="不是可接受的文件类型"):
        doc_svc.document_upload(
            actor=world["one"].user, kind="degree", name="a.exe", data=b"MZ\x90\x00binary"
        )
    assert CandidateDocument.objects.count() == 1


def test_another_candidate_cannot_open_or_delete_it(world):
    with pytest.raises(NotFoundError):
        doc_svc.document_open(actor=world["two"].user, document=world["doc"].pk)
    with pytest.raises(NotFoundError):
        doc_svc.document_delete(actor=world["two"].user, document=world["doc"].pk)


def test_screening_staff_of_the_zone_open_it_audited_and_others_get_404(world, client_for):
    url = reverse("personnel:registration_document", args=[world["reg"].pk, world["doc"].pk])
    response = client_for(world["hr_a"]).get(url)
    assert response.status_code == 200 and response.content == PDF
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(world["doc"].pk)).count() == 1
    assert client_for(world["hr_b"]).get(url).status_code == 404
    assert client_for(world["two"].user).get(url).status_code == 404


@pytest.mark.isolation
def test_document_pages_answer_only_their_owner(world, client_for):
    own = client_for(world["one"].user)
    other = client_for(world["two"].user)
    download = reverse("personnel:document_download", args=[world["doc"].pk])
    delete = reverse("personnel:document_delete", args=[world["doc"].pk])
    assert own.get(download).content == PDF
    assert other.get(download).status_code == 404
    assert other.post(delete).status_code == 404
    assert CandidateDocument.objects.filter(pk=world["doc"].pk).exists()
    upload = reverse("personnel:document_upload")
    assert other.post(upload, {"kind": "resume", "file": _file()}).status_code == 302
    assert CandidateDocument.objects.filter(candidate=world["two"]).count() == 1
    assert client_for(world["hr_a"]).post(upload, {"kind": "resume", "file": _file()}).status_code == 403
    assert own.post(delete).status_code == 302
    assert not CandidateDocument.objects.filter(pk=world["doc"].pk).exists()
    url = reverse("personnel:registration_document", args=[world["reg"].pk, world["doc"].pk])
    assert client_for(world["hr_a"]).get(url).status_code == 404  # deleted


def _file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("简历.pdf", PDF, content_type="application/pdf")


def test_the_full_identity_number_is_shown_on_request_and_each_reveal_is_audited(world, client_for, zone_a):
    from devzone.personnel.services.candidates import identity_reveal
    from devzone.personnel.vault import unseal

    cand = world["one"]
    full = unseal(cand.city_id, cand.id_sealed)
    url = reverse("personnel:registration_detail", args=[world["reg"].pk])
    reveals = AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_id=str(cand.pk), note__contains="身份证"
    )
    hr = client_for(world["hr_a"])
    page = hr.get(url).content.decode()
    assert full not in page and cand.id_masked in page and "show=identity" in page  # masked by default
    assert not reveals.exists()
    page = hr.get(url, {"show": "identity"}).content.decode()
    assert full in page
    assert reveals.count() == 1
    event = reveals.get()
    assert (event.actor, event.zone_id) == (world["hr_a"], zone_a.pk)
    # a reader without the right to screen (the zone's leader) sees the masked number, and nothing is recorded
    leader = f.user_with_role(Role.ZONE_LEADER, zone=zone_a, user__username="lead_a")
    page = client_for(leader).get(url, {"show": "identity"}).content.decode()
    assert full not in page and reveals.count() == 1
    with pytest.raises(NotFoundError):  # another zone's officer: out of reach
        identity_reveal(actor=world["hr_b"], registration=world["reg"].pk)
    assert reveals.count() == 1
