import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DomainEvent(models.Model):
    """The outbox: a fact of the domain (an application granted, a certificate issued, a rating given), written
    in the same transaction as the change it records (``core.events.emit``), so that it exists exactly when the
    change does. The exchange module delivers it to subscribers; nothing here knows them."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("事件类型"), max_length=80, db_index=True)
    zone = models.ForeignKey("core.Zone", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    object_type = models.CharField(max_length=60)  # "approvals.application"
    object_id = models.CharField(max_length=40)
    payload = models.JSONField(default=dict)
    occurred_at = models.DateTimeField(_("发生时间"), default=timezone.now)

    class Meta:
        verbose_name = _("领域事件")
        verbose_name_plural = _("领域事件")
        indexes = [models.Index(fields=["object_type", "object_id", "id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_type}#{self.object_id}"
