"""A candidate's documents: uploaded by the candidate (checked by content, sealed at rest), opened by the
candidate or by the screening staff of a zone they applied to, through a registration still being screened or
processed (audited); the documents a registration in the running was qualified on are kept until the campaign
finishes."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.access import can
from devzone.core.choices import AuditAction
from devzone.core.errors import NotFoundError, PermissionDeniedError, check_id, require
from devzone.core.files import DOCUMENTS, check_upload, open_stored
from devzone.core.locking import in_scope
from devzone.core.notify import stored
from devzone.personnel import vault
from devzone.personnel.choices import CampaignStatus, DocumentKind, RegistrationStatus
from devzone.personnel.models import Candidate, CandidateDocument, Registration
from devzone.personnel.models.documents import SCREENED_IN_RUNNING

MAX_DOCUMENTS = 12


class DocumentGone(NotFoundError):
    """The document's row is there (and the actor may open it), its stored file is not: lost with the media
    volume, a restore without the media, removed by hand. The page says so in the user's language (404)."""


@transaction.atomic
def document_upload(*, actor, kind: str, name: str, data: bytes) -> CandidateDocument:
    if not can(actor, "create", CandidateDocument):
        raise PermissionDeniedError(_("只有考生本人可以上传应聘材料"))
    candidate = Candidate.objects.for_user(actor, "change").select_for_update().first()
    require(candidate is not None, _("请先完善个人信息"))
    require(kind in DocumentKind.values, _("请选择材料类型"), "kind")
    require(
        candidate.documents.count() < MAX_DOCUMENTS, _("材料最多上传%(n)d份") % {"n": MAX_DOCUMENTS}, "file"
    )
    checked = check_upload(name, data, kinds=DOCUMENTS)
    doc = CandidateDocument(
        candidate=candidate,
        kind=kind,
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.data),
        sha256=checked.sha256,
    )
    doc.file.save("sealed", ContentFile(vault.seal_bytes(candidate.city_id, checked.data)), save=False)
    doc.save()
    # the kind's label in the site's language, whoever uploads (``stored``)
    audit.record(actor=actor, action=AuditAction.CREATE, obj=doc, note=stored(DocumentKind(doc.kind).label))
    return doc


# The registrations staff open the candidate's documents (and full identity number) through: one being screened
# (待审核, 退回修改) or processed (审核通过 … 拟聘用), in a campaign not finished. A registration rejected, given up,
# not shortlisted or not hired — or any of a finished campaign — no longer gives its zone a reason to read what
# the candidate keeps or uploads for other applications (个人信息保护法 §6, purpose limitation).
OPEN_TO_STAFF = (RegistrationStatus.SUBMITTED, RegistrationStatus.RETURNED, *SCREENED_IN_RUNNING)


def open_to_staff(reg: Registration) -> bool:
    """Whether staff who may screen ``reg`` may open its candidate's documents and identity number now."""
    return reg.status in OPEN_TO_STAFF and reg.campaign.status != CampaignStatus.FINISHED


def require_open_to_staff(reg: Registration) -> None:
    if not open_to_staff(reg):
        raise PermissionDeniedError(_("该报名已不在审核或办理中，不能再查阅考生的材料和完整身份证号码"))


def opened_by_staff(actor, registration) -> Registration:
    """The registration through which a staff member opens its candidate's documents or full identity number: in
    their reach to screen (``change``), and still being screened or processed (``require_open_to_staff``)."""
    reg = in_scope(Registration, registration, actor=actor, action="change", what=_("报名"))
    require_open_to_staff(reg)
    return reg


def record_opened(actor, reg: Registration, obj, note) -> None:
    """What a staff member opened of the candidate of ``reg`` (``note`` says what), audited as an export in the
    registration's zone."""
    audit.record(actor=actor, action=AuditAction.EXPORT, obj=obj, note=stored(note), zone_id=reg.zone_id)


@transaction.atomic
def document_delete(*, actor, document) -> None:
    """The candidate removes a document — not one a registration still in the running was qualified on
    (``DocumentQuerySet.held``): it stays, as screened, until the campaign finishes."""
    doc = in_scope(CandidateDocument, document, actor=actor, action="delete", what=_("材料"))
    require(
        not CandidateDocument.objects.filter(pk=doc.pk).held().exists(),
        _("该材料是已通过资格审核的报名所依据的材料，招聘结束前不能删除；如需补充，请上传新的材料"),
    )
    audit.record(actor=actor, action=AuditAction.DELETE, obj=doc)
    doc.delete()


def document_open(*, actor, document, registration=None) -> tuple[CandidateDocument, bytes]:
    """The document and its content. The candidate opens their own; staff open a document of the candidate of a
    registration they may screen (``registration``) while it is being screened or processed (``open_to_staff``;
    403 after), and the opening is audited. A stored file gone is
    ``DocumentGone`` (404 with its own sentence), logged for the operator and not audited as opened."""
    if registration is None:
        doc = in_scope(CandidateDocument, document, actor=actor, what=_("材料"))
    else:
        reg = opened_by_staff(actor, registration)
        pk = document.pk if hasattr(document, "pk") else check_id(document)
        doc = CandidateDocument.objects.filter(pk=pk, candidate_id=reg.candidate_id).first()
        if doc is None:
            raise NotFoundError(_("材料不存在"))
        data = _content(doc, actor)  # a file gone is not recorded as opened
        record_opened(actor, reg, doc, gettext_lazy("查阅考生材料"))
        return doc, data
    return doc, _content(doc, actor)


def _content(doc: CandidateDocument, actor) -> bytes:
    """The document's bytes, unsealed; a stored file gone is ``DocumentGone`` and an error in the log naming
    the file, its row and who asked, for the operator (``core.files.open_stored``)."""
    fh = open_stored(doc.file, asker=f"user {getattr(actor, 'pk', None)}")
    if fh is None:
        raise DocumentGone(_("文件不存在或已被移除，请联系管理员。"))
    with fh:
        sealed = fh.read()
    return vault.unseal_bytes(doc.candidate.city_id, sealed)
