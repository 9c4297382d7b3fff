"""Named number sequences (intake, request, certificate and dispatch numbers): one locked row per sequence."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NumberSequence(models.Model):
    """The last number handed out by one sequence (``core.sequences.next_value``). The key names the sequence
    and its period, e.g. ``services.request:SQ20261204001``."""

    key = models.CharField(_("序列"), max_length=80, unique=True)
    last = models.PositiveBigIntegerField(_("最后编号"), default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")

    def __str__(self) -> str:
        return f"{self.key} = {self.last}"
