from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.core.choices import ClockStatus
from devzone.core.models.base import ScopedManager, Versioned


class CalendarDay(models.Model):
    """An administrator's correction of one day, or a day of a loaded official schedule: a holiday or a make-up
    working day the package does not know (or knows wrongly), with the document it rests on (``source``)."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("工作日"))
    name = models.CharField(_("说明"), max_length=40, blank=True)
    source = models.CharField(_("依据"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("日历调整")
        verbose_name_plural = _("日历调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'班' if self.is_workday else '休'} {self.name}"


class CalendarYear(models.Model):
    """A year whose official schedule (国务院办公厅放假安排) an administrator loaded: its dates stop being
    provisional. ``source`` is the document that published it (国办发明电〔2025〕7号 …)."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(_("依据"), max_length=200)

    class Meta:
        verbose_name = _("已加载的年度日历")
        verbose_name_plural = _("已加载的年度日历")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarRevision(models.Model):
    """A single row whose number goes up with every calendar change, so every process rebuilds its cached
    calendar when another one changed it."""

    number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"calendar revision {self.number}"


class Clock(Versioned):
    """A time limit in working days (办理时限): start, budget and paused spans are the truth; the due date
    is derived from them and the calendar, stored for queries and re-projected when the calendar changes."""

    zone = models.ForeignKey("core.Zone", on_delete=models.PROTECT, related_name="clocks")
    purpose = models.CharField(_("用途"), max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    started_on = models.DateField(_("起算日"))
    budget_workdays = models.PositiveIntegerField(_("时限（工作日）"))
    status = models.CharField(
        _("状态"), max_length=20, choices=ClockStatus.choices, default=ClockStatus.RUNNING
    )
    due_on = models.DateField(_("到期日"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(_("到期日为暂定"), default=False)
    stopped_on = models.DateField(_("结束日"), null=True, blank=True)

    class Meta:
        verbose_name = _("时限")
        verbose_name_plural = _("时限")
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.started_on}+{self.budget_workdays}"


class ClockPause(models.Model):
    """A span during which the clock does not run (补正, 特别程序 …): working days after ``paused_on`` up to
    and including ``resumed_on`` are not counted."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="pauses")
    paused_on = models.DateField(_("暂停日"))
    resumed_on = models.DateField(_("恢复日"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=100)

    class Meta:
        ordering = ["paused_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resumed_on__isnull=True) | models.Q(resumed_on__gte=models.F("paused_on")),
                name="clockpause_resume_after_pause",
            )
        ]

    def __str__(self) -> str:
        return f"{self.paused_on}–{self.resumed_on or '…'} {self.reason}"


class ClockJournal(models.Model):
    """Why a due date moved: every re-projection after a calendar change is written here. Read in the zone of
    its clock (the calendar page shows an administrator the moves in their reach)."""

    scope_zone_path = "clock__zone"

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="journal")
    at = models.DateTimeField(auto_now_add=True)
    old_due_on = models.DateField(null=True, blank=True)
    new_due_on = models.DateField(null=True, blank=True)
    old_provisional = models.BooleanField(default=False)
    new_provisional = models.BooleanField(default=False)
    reason = models.CharField(max_length=200)

    objects = ScopedManager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.old_due_on} → {self.new_due_on}: {self.reason}"
