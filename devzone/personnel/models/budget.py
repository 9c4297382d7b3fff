"""员额 and 特岗特薪: the share of each zone's staffing quota reserved for open recruitment and headhunting (about
15 %), the hires made through each channel against it, and the special pay agreements of special hires (一人一策),
approved through a recorded step."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.core.models.base import ZoneRow
from devzone.personnel.choices import HireChannel, SpecialPayStatus
from devzone.personnel.models.base import StaffRow


class QuotaReserve(ZoneRow):
    year = models.PositiveSmallIntegerField(_("年度"))
    reserved_percent = models.DecimalField(
        _("市场化选聘员额比例（%）"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(15),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )

    class Meta:
        verbose_name = _("员额预留")
        verbose_name_plural = _("员额预留")
        constraints = [models.UniqueConstraint(fields=["zone", "year"], name="personnel_one_reserve_a_year")]

    def __str__(self) -> str:
        return f"{self.zone} {self.year}"


class Hire(StaffRow):
    """A person hired through open recruitment (with their registration) or headhunting (with the agency)."""

    channel = models.CharField(_("渠道"), max_length=12, choices=HireChannel.choices)
    registration = models.ForeignKey(
        "personnel.Registration", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agency = models.CharField(_("猎聘机构"), max_length=80, blank=True)
    hired_on = models.DateField(_("入职日期"))

    class Meta:
        verbose_name = _("市场化选聘")
        verbose_name_plural = _("市场化选聘")
        ordering = ["-hired_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["staff"], name="personnel_hired_once"),
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(registration__isnull=False),
                name="personnel_one_hire_per_registration",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff}（{self.get_channel_display()}）"


class SpecialPay(StaffRow):
    """特岗特薪 (一事一议、一人一策): the agreed pay of one special hire for a term, with targets and review dates."""

    post = models.CharField(_("特设岗位"), max_length=60)
    term_from = models.DateField(_("聘期开始"))
    term_until = models.DateField(_("聘期届满"))
    annual_pay_fen = models.PositiveBigIntegerField(_("年薪（分）"))
    targets = models.TextField(_("目标任务"))
    review_dates = models.JSONField(_("考核时间"), default=list, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=SpecialPayStatus.choices, default=SpecialPayStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approval_note = models.CharField(_("审批意见"), max_length=300, blank=True)
    decision_ref = models.CharField(
        _("决定文号"), max_length=60, blank=True, help_text=_("批准时必填，如：济北开党工委〔2026〕12号")
    )
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("特岗特薪")
        verbose_name_plural = _("特岗特薪")
        ordering = ["-term_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_until__gt=models.F("term_from")), name="personnel_special_pay_term"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.post}"

    @property
    def annual_pay_wan(self) -> Decimal:
        """The annual pay in 万元 (for the ``wan`` filter)."""
        return Decimal(self.annual_pay_fen) / 1_000_000
