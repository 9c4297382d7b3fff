"""After 拟聘用: the physical examination (体检), the inspection (考察) and the publicity (公示) of each proposed hire,
one recorded step each with its outcome and date. A failed step takes the registration out, and the next in
rank moves up (递补)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.core.calendar import CalendarError
from devzone.core.models.base import ScopedManager
from devzone.core.workdays import get_calendar
from devzone.personnel.choices import HireStepKind, HireStepOutcome


class HireStep(models.Model):
    registration = models.ForeignKey(
        "personnel.Registration", on_delete=models.CASCADE, related_name="hire_steps", verbose_name=_("报名")
    )
    kind = models.CharField(_("环节"), max_length=12, choices=HireStepKind.choices)
    outcome = models.CharField(_("结论"), max_length=10, choices=HireStepOutcome.choices)
    on = models.DateField(_("日期"))
    publicity_until = models.DateField(_("公示截止"), null=True, blank=True)
    concluded_on = models.DateField(_("公示结束日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()
    scope_zone_path = "registration__zone"
    scope_self_path = "registration__candidate__user"

    class Meta:
        verbose_name = _("聘用前环节")
        verbose_name_plural = _("聘用前环节")
        ordering = ["registration", "on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "kind"], name="personnel_hire_step_once")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.get_kind_display()} {self.get_outcome_display()}"

    def period_end(self, days: int | None = None, calendar=None) -> dt.date | None:
        """公示's last day. While it runs: its start plus the campaign's period (``days``, read from the campaign when
        not given) in working days, by the calendar as it stands now — an administrator's correction made meanwhile
        moves it, as it moves every open clock. ``publicity_until`` is that day as projected when the publicity
        began (kept for the lists that filter on it) and, once concluded, as it was then. None for 体检 and 考察.
        ``calendar``: the one already read, for a list of rows."""
        if self.kind != HireStepKind.PUBLICITY:
            return None
        if self.outcome != HireStepOutcome.PENDING:
            return self.publicity_until
        if days is None:
            days = self.registration.campaign.publicity_days
        try:
            return (calendar or get_calendar()).add_workdays(self.on, days)
        except CalendarError:  # a year the calendar cannot count: the day projected at the start
            return self.publicity_until

    @property
    def publicity_ends(self) -> dt.date | None:
        """``period_end`` for the pages."""
        return self.period_end()
