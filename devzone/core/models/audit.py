from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.core.choices import AuditAction
from devzone.core.models.base import actor_ref, ref


class AuditEvent(models.Model):
    """One trace (留痕) of a change or a login: who, when, what, before and after.

    Written by the services in the same transaction as the change itself (never by signals, which miss
    ``update()`` and bulk writes), so an import or a bulk change leaves its trail on every database."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = actor_ref(_("操作人"))
    actor_label = models.CharField(_("操作人"), max_length=80)
    action = models.CharField(_("操作"), max_length=20, choices=AuditAction.choices)
    # The content type and the zone have no index of their own: the (content_type, object_id, -at) and (zone, -at)
    # indexes begin with them, and every write of every module inserts a row here.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, db_index=False
    )
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    zone = ref("core.Zone", optional=True, db_index=False)
    changes = models.JSONField(_("变更"), default=dict, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"]),
            models.Index(fields=["zone", "-at"]),
            models.Index(fields=["action", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()} {self.object_repr}"
