"""A candidate's documents (degree certificates, identity card scans …): checked by content like every upload,
and stored sealed under the city's personnel key (``personnel.vault``), so that the media folder and its backups
hold no readable copy. Only the candidate and the screening staff of a zone the candidate applied to open them;
each opening by staff is audited."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.core.models.base import ScopedManager
from devzone.personnel.choices import DocumentKind


def sealed_path(instance, filename: str) -> str:
    return f"personnel/{instance.candidate.city_id}/{uuid.uuid4().hex}.sealed"


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

    objects = ScopedManager()
    scope_zone_path = None
    scope_city_path = "candidate__city"
    scope_self_path = "candidate__user"

    class Meta:
        verbose_name = _("应聘材料")
        verbose_name_plural = _("应聘材料")
        ordering = ["kind", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
