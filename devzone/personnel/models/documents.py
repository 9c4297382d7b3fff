"""A candidate's documents (degree certificates, identity card scans …): checked by content like every upload,
and stored sealed under the city's personnel key (``personnel.vault``), so that the media folder and its backups
hold no readable copy. Only the candidate and the screening staff of a zone the candidate applied to open them —
staff through a registration still being screened or processed; each opening by staff is audited. A document a
registration was qualified on stays until the campaign finishes (``DocumentQuerySet.held``)."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from devzone.core.models.base import ScopedQuerySet
from devzone.personnel.choices import CampaignStatus, DocumentKind, RegistrationStatus

# The registrations a candidate's documents are evidence for: screened (审核通过) and still in the running, up to
# 拟聘用. Their documents stay as they were screened until the campaign finishes (``DocumentQuerySet.held``); staff
# open documents only through a registration being screened or one of these (``services.documents``).
SCREENED_IN_RUNNING = (
    RegistrationStatus.QUALIFIED,
    RegistrationStatus.SHORTLISTED,
    RegistrationStatus.RANKED,
    RegistrationStatus.HIRED,
)


def sealed_path(instance, filename: str) -> str:
    return f"personnel/{instance.candidate.city_id}/{uuid.uuid4().hex}.sealed"


class DocumentQuerySet(ScopedQuerySet):
    def held(self) -> DocumentQuerySet:
        """The documents a screening rested on: on file when a registration of their candidate was qualified
        (审核通过, or a staff re-review of a correction, 复核), while that registration is still in the running
        (``SCREENED_IN_RUNNING``) in a campaign not finished. The candidate may add documents, not delete these:
        the reviewer and the 考察 compare the originals with them."""
        from devzone.personnel.models.recruitment import RegistrationEvent

        screened = RegistrationEvent.objects.filter(
            Q(from_status=RegistrationStatus.SUBMITTED, to_status=RegistrationStatus.QUALIFIED)
            | (Q(from_status=F("to_status")) & ~Q(actor_id=F("registration__candidate__user_id"))),
            registration__candidate_id=OuterRef("candidate_id"),
            registration__status__in=SCREENED_IN_RUNNING,
            at__gte=OuterRef("uploaded_at"),
        ).exclude(registration__campaign__status=CampaignStatus.FINISHED)
        return self.filter(Exists(screened))

    def held_ids(self) -> set[int]:
        """The ids of ``held`` among these (one query): the page hides their 删除 button."""
        return set(self.held().values_list("pk", flat=True))


class CandidateDocument(models.Model):
    candidate = models.ForeignKey(
        "personnel.Candidate", on_delete=models.CASCADE, related_name="documents", verbose_name=_("应聘人员")
    )
    kind = models.CharField(_("材料类型"), max_length=12, choices=DocumentKind.choices)
    file = models.FileField(upload_to=sealed_path)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = models.Manager.from_queryset(DocumentQuerySet)()
    scope_zone_path = None
    scope_city_path = "candidate__city"
    scope_self_path = "candidate__user"

    class Meta:
        verbose_name = _("应聘材料")
        verbose_name_plural = _("应聘材料")
        ordering = ["kind", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
