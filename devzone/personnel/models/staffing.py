"""年度考核 and 刚性淘汰 inside a zone: the year's review of each staff member (proposed from the four published
quarters of the performance module, decided by the zone), term targets (聘期目标), and elimination cases with
their decision, notice and appeal. The yearly rate is checked against the city's share (``EliminationShare``, the
band in persons from ``selection.elimination_band``)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from devzone.core.models.base import LawRule, ScopedManager, ref
from devzone.personnel.choices import CaseStatus, EliminationAction, EliminationTrigger
from devzone.personnel.models.base import StaffRow

ANNUAL_GRADES = [
    ("excellent", _("优秀")),
    ("competent", _("称职")),
    ("basic", _("基本称职")),
    ("incompetent", _("不称职")),
]
# 竞聘上岗: last year's review at these grades bars a staff member from applying (docs/personnel.md)
GRADES_BARRING_COMPETITION = ("basic", "incompetent")


class AnnualReview(StaffRow):
    year = models.PositiveSmallIntegerField(_("年度"))
    quarters = models.JSONField(_("季度等次"), default=dict)
    proposed = models.CharField(_("按季度结果"), max_length=12, choices=ANNUAL_GRADES)
    grade = models.CharField(_("年度等次"), max_length=12, choices=ANNUAL_GRADES, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("年度考核")
        verbose_name_plural = _("年度考核")
        ordering = ["year", "staff__employee_no"]
        constraints = [models.UniqueConstraint(fields=["staff", "year"], name="personnel_one_review_a_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.staff}"

    @property
    def quarter_grades(self) -> list[tuple[str, str]]:
        """The year's quarterly grades as a person reads them: ``[("1", "合格"), …]`` in quarter order."""
        from devzone.performance.choices import Grade

        labels = dict(Grade.choices)
        return [(q, labels.get(g, g)) for q, g in sorted(self.quarters.items())]


class TermTarget(StaffRow):
    """聘期目标: what a staff member undertook for their term, and whether it was met (None: not yet assessed)."""

    term_end = models.DateField(_("聘期届满"))
    target = models.CharField(_("聘期目标"), max_length=300)
    met = models.BooleanField(_("是否完成"), null=True, blank=True)
    assessment = models.CharField(_("考核意见"), max_length=300, blank=True)
    # the version the assessment form showed (a leader's 考核 or 更正 over another's taken since is stale, 409)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("聘期目标")
        verbose_name_plural = _("聘期目标")
        ordering = ["term_end", "pk"]

    def __str__(self) -> str:
        return f"{self.staff}：{self.target}"


class EliminationCase(StaffRow):
    year = models.PositiveSmallIntegerField(_("年度"))
    trigger = models.CharField(_("情形"), max_length=12, choices=EliminationTrigger.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.FLAGGED, db_index=True
    )
    action = models.CharField(_("处理方式"), max_length=10, choices=EliminationAction.choices, blank=True)
    reason = models.CharField(_("决定理由"), max_length=500, blank=True)
    notified_at = models.DateTimeField(_("告知时间"), null=True, blank=True)
    appeal = models.CharField(_("申诉理由"), max_length=500, blank=True)
    appeal_answer = models.CharField(_("申诉处理意见"), max_length=500, blank=True)
    # The appeal window of the decision, fixed when the person is told: the last day (Beijing date) and the
    # rule it comes from (``AppealWindow``); a later change of the rule does not move a decision's deadline.
    appeal_until = models.DateField(_("申诉期限"), null=True, blank=True)
    appeal_basis = models.CharField(_("申诉期限依据"), max_length=300, blank=True)
    # 本人不同意调整工作岗位: the person's refusal of the post adjustment decided (转岗/降岗), which opens the way to
    # 解聘 where the law asks for it (``DismissalRule``): when, and the person's statement.
    adjustment_refused_at = models.DateTimeField(_("不同意调整岗位时间"), null=True, blank=True)
    adjustment_refusal = models.CharField(_("本人意见"), max_length=500, blank=True)
    # 解聘: the day the dismissal takes effect (at least the rule's notice period after the written notice) and the
    # legal basis it was decided on, fixed when the person is told.
    effective_on = models.DateField(_("解除聘用合同日期"), null=True, blank=True)
    dismissal_basis = models.CharField(_("解聘依据"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("刚性淘汰")
        verbose_name_plural = _("刚性淘汰")
        ordering = ["-year", "staff__employee_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "year", "trigger"], name="personnel_one_case_per_trigger"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.staff} {self.get_trigger_display()}"

    def get_absolute_url(self) -> str:
        return reverse("personnel:case_detail", args=[self.pk])


class AppealWindow(LawRule):
    """申诉期限 of a 刚性淘汰 decision, as data with its source (the law is data, never a constant in code): the
    person may ask for a review within ``days`` natural days from the day they know of the decision; the day of
    notice is not counted, and a period ending on a rest day ends on the next working day (民法典第二百零一条、
    第二百零三条, ``core.calendar.natural_period_end``). The rule in force on the day of notice applies; a change
    of the law is a new row with its own ``effective_from`` (migration 0006 loads the national rule)."""

    days = models.PositiveSmallIntegerField(
        _("申请复核期限（日）"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    effective_from = models.DateField(_("施行日期"), unique=True)

    class Meta:
        verbose_name = _("刚性淘汰申诉期限")
        verbose_name_plural = _("刚性淘汰申诉期限")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.days} {self.basis}"


class DismissalRule(LawRule):
    """解除聘用合同的法定条件 of a 刚性淘汰 situation, as data with its source (the law is data, never a constant in
    code): for a case of ``trigger``, 解聘 is open only after the person refused a post adjustment decided on the
    case (不同意调整工作岗位), or when the situation held ``consecutive_years`` years in a row (this year included);
    and the dismissal takes effect at least ``notice_days`` natural days after the written notice. The rule in
    force on the day of the decision applies; a change of the law is a new row with its own ``effective_from``
    (migration 0014 loads 《事业单位人事管理条例》第十八条 for 年度考核不称职). A situation without a rule keeps
    the decision free, as before."""

    trigger = models.CharField(_("情形"), max_length=12, choices=EliminationTrigger.choices)
    consecutive_years = models.PositiveSmallIntegerField(
        _("连续年数"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    notice_days = models.PositiveSmallIntegerField(
        _("提前书面通知（日）"), validators=[MinValueValidator(0), MaxValueValidator(365)]
    )

    class Meta:
        verbose_name = _("解聘条件")
        verbose_name_plural = _("解聘条件")
        ordering = ["trigger", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["trigger", "effective_from"], name="personnel_dismissal_rule_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {self.basis}"


class EliminationShare(LawRule):
    """刚性淘汰比例: the share of a city's zone staff to be eliminated each year (济南: 3%–5%), as data with its
    source, set by the city's personnel office. A year is measured against the rule in force on its last day (the
    day the year's cases are counted); a change is a new row with its own ``effective_from``, so past years keep
    the rule they were measured by. A city without a rule sees no band (the page says so)."""

    scope_zone_path = None
    scope_city_path = "city"

    city = ref("core.City", _("城市"))
    low_percent = models.DecimalField(
        _("比例下限（%）"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    high_percent = models.DecimalField(
        _("比例上限（%）"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("刚性淘汰比例")
        verbose_name_plural = _("刚性淘汰比例")
        ordering = ["city", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "effective_from"], name="personnel_elimination_share_once"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    low_percent__gte=0, high_percent__lte=100, low_percent__lte=models.F("high_percent")
                ),
                name="personnel_elimination_share_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.low_percent}%–{self.high_percent}% {self.basis}"
