"""大服务 for key projects: timetables (milestones from signing to 达效), investment against 序时进度, agents and
their site visits, the problem list (问题清单), and the weekly dispatch issued for the leaders' meeting."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from devzone.core.models.base import (
    DetailPage,
    ScopedManager,
    Versioned,
    ZoneOwned,
    ZoneRow,
    ZoneSettings,
    clock_ref,
    ref,
    user_ref,
)
from devzone.core.models.business import amount_field
from devzone.projects.choices import (
    Colour,
    ProblemCategory,
    ProblemSource,
    ProblemStatus,
    ProjectType,
)


class ProjectRules(ZoneSettings, Versioned):
    """A zone's settings of the module: status rules, visit cadence, problem deadline, the dispatch time."""

    start_yellow_months = models.PositiveSmallIntegerField(
        _("未按期开工转黄（月）"), default=1, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    start_red_months = models.PositiveSmallIntegerField(
        _("未按期开工转红（月）"), default=3, validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    behind_yellow_points = models.DecimalField(
        _("落后序时进度转黄（百分点）"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("10"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    behind_red_points = models.DecimalField(
        _("落后序时进度转红（百分点）"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("30"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    recovery_months = models.PositiveSmallIntegerField(
        _("红转绿前黄色观察期（月）"), default=1, validators=[MaxValueValidator(12)]
    )
    visit_cadence_workdays = models.PositiveSmallIntegerField(
        _("走访周期（工作日）"), default=10, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    problem_deadline_workdays = models.PositiveSmallIntegerField(
        _("问题默认办理时限（工作日）"), default=10, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    dispatch_weekday = models.PositiveSmallIntegerField(
        _("周调度日"),
        default=0,
        choices=[
            (0, _("星期一")),
            (1, _("星期二")),
            (2, _("星期三")),
            (3, _("星期四")),
            (4, _("星期五")),
            (5, _("星期六")),
            (6, _("星期日")),
        ],
    )
    dispatch_hour = models.PositiveSmallIntegerField(
        _("周调度时间（时）"), default=19, validators=[MaxValueValidator(23)]
    )

    class Meta:
        verbose_name = _("重点项目规则")
        verbose_name_plural = _("重点项目规则")


class MilestoneTemplate(ZoneOwned):
    """A zone's timetable for a project type: ordered steps with their offsets from signing."""

    zone = ref("core.Zone", _("开发区"), on_delete=models.CASCADE)
    project_type = models.CharField(_("项目类型"), max_length=20, choices=ProjectType.choices)
    name = models.CharField(_("名称"), max_length=60)

    class Meta:
        verbose_name = _("节点模板")
        verbose_name_plural = _("节点模板")
        ordering = ["zone", "project_type"]
        constraints = [models.UniqueConstraint(fields=["zone", "project_type"], name="template_unique_type")]

    def __str__(self) -> str:
        return self.name


class TemplateStep(models.Model):
    scope_zone_path = "template__zone"

    template = models.ForeignKey(MilestoneTemplate, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("顺序"))
    code = models.CharField(_("节点代码"), max_length=30)
    name = models.CharField(_("节点名称"), max_length=30)
    offset_workdays = models.PositiveSmallIntegerField(
        _("距签约（工作日）"), validators=[MaxValueValidator(2000)]
    )
    approval_item_code = models.CharField(_("关联审批事项编码"), max_length=40, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="templatestep_unique_code"),
            models.UniqueConstraint(fields=["template", "order"], name="templatestep_unique_order"),
        ]

    def __str__(self) -> str:
        return self.name


class KeyProject(ZoneRow, Versioned):
    """A key project followed from signing to production: its agent, cadence and the stored status (recomputed
    by a service and a daily job, so the portfolio reads one row per project)."""

    scope_enterprise_path = "project__enterprise"

    project = ref("core.Project", _("项目"), related_name="tracking", one=True)
    project_type = models.CharField(
        _("项目类型"), max_length=20, choices=ProjectType.choices, default=ProjectType.INDUSTRIAL
    )
    agent = ref("core.Staff", _("代办专员"), related_name="key_projects", optional=True)
    visit_cadence_workdays = models.PositiveSmallIntegerField(
        _("走访周期（工作日）"), default=10, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    last_visit_on = models.DateField(_("最近走访"), null=True, blank=True)
    # The visit cadence as a core clock (from the last visit, or the handover, for the cadence in working days):
    # a calendar correction re-projects it, and ``next_visit_due``, its copy for lists and filters, follows.
    visit_clock = clock_ref(_("走访时限"))
    next_visit_due = models.DateField(_("下次走访期限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Colour.choices, default=Colour.GREEN)
    status_since = models.DateField(_("状态起始日"), null=True, blank=True)
    status_reason = models.CharField(_("状态原因"), max_length=200, blank=True)
    status_computed_on = models.DateField(null=True, blank=True)
    last_red_on = models.DateField(null=True, blank=True)
    turned_red_on = models.DateField(_("转红日期"), null=True, blank=True)
    behind_points = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    next_milestone = models.CharField(_("下一节点"), max_length=30, blank=True)
    # The next milestone's code (``Milestone.code``: a default step's, ``choices.DEFAULT_STEPS``, or a zone's own),
    # written with its name: the API answers it as ``next_milestone_code`` beside the name in the reader's language.
    next_milestone_code = models.CharField(_("下一节点代码"), max_length=30, blank=True)
    next_milestone_on = models.DateField(_("下一节点计划日期"), null=True, blank=True)
    handed_over_on = models.DateField(_("转入建设日期"))
    # The key project's version in which its agent and its cadence were last changed: a move made from an older
    # version is stale only for what it changes (``services.common.check_seen``; AnnualPlan and
    # MonthlyInvestment note theirs per year and month).
    agent_changed_in = models.PositiveIntegerField(default=0)
    cadence_changed_in = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("重点项目")
        verbose_name_plural = _("重点项目")
        ordering = ["zone", "-project__signed_on", "id"]
        indexes = [
            models.Index(fields=["zone", "status"]),
            models.Index(fields=["zone", "agent"]),
            models.Index(fields=["zone", "next_visit_due"]),
        ]

    def __str__(self) -> str:
        return self.project.name

    def get_absolute_url(self) -> str:
        return reverse("projects:project_detail", args=[self.project_id])


class Milestone(ZoneRow, Versioned):
    """One node of a project's timetable: planned date from the template, actual date when reached."""

    scope_enterprise_path = "project__enterprise"

    project = ref("core.Project", _("项目"), on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField(_("顺序"))
    code = models.CharField(_("节点代码"), max_length=30)
    name = models.CharField(_("节点"), max_length=30)
    planned_on = models.DateField(_("计划日期"))
    actual_on = models.DateField(_("实际日期"), null=True, blank=True)
    approval_item_code = models.CharField(_("关联审批事项编码"), max_length=40, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    recorded_by = user_ref(optional=True)

    class Meta:
        verbose_name = _("节点")
        verbose_name_plural = _("节点")
        ordering = ["project", "order"]
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="milestone_unique_code")]
        indexes = [
            models.Index(fields=["zone", "planned_on"]),
            models.Index(fields=["project", "approval_item_code"]),
        ]

    def __str__(self) -> str:
        return f"{self.project.name}·{self.name}"


class AnnualPlan(ZoneOwned):
    """The year's planned investment of a key project (万元)."""

    zone = ref("core.Zone")
    project = models.ForeignKey("core.Project", on_delete=models.CASCADE, related_name="annual_plans")
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    planned_wan = amount_field(_("年度计划投资（万元）"))
    # the key project's version in which this figure was last written (``services.common.check_seen``)
    changed_in = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["project", "year"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="annualplan_unique_year")]


class MonthlyInvestment(ZoneOwned):
    """Investment completed in one month (万元)."""

    zone = ref("core.Zone")
    project = models.ForeignKey("core.Project", on_delete=models.CASCADE, related_name="monthly_investments")
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    completed_wan = amount_field(_("完成投资（万元）"))
    # the key project's version in which this figure was last written (``services.common.check_seen``)
    changed_in = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["project", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], name="monthly_unique_month")
        ]


class AgentAssignment(ZoneOwned):
    """History of who was a project's agent (代办专员), from when to when."""

    zone = ref("core.Zone")
    project = models.ForeignKey("core.Project", on_delete=models.CASCADE, related_name="agent_assignments")
    agent = ref("core.Staff", _("代办专员"))
    started_on = models.DateField(_("起始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    assigned_by = user_ref()
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["project", "-started_on", "-id"]


class SiteVisit(ZoneOwned):
    """现场走访: date, people met, findings; photos optional. Internal (enterprises do not see visits)."""

    zone = ref("core.Zone")
    project = ref("core.Project", _("项目"), on_delete=models.CASCADE, related_name="site_visits")
    visited_on = models.DateField(_("走访日期"))
    agent = ref("core.Staff", _("走访人"), optional=True)
    recorded_by = user_ref()
    people_met = models.CharField(_("会见人员"), max_length=200)
    findings = models.TextField(_("走访情况"))

    class Meta:
        verbose_name = _("现场走访")
        verbose_name_plural = _("现场走访")
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["zone", "-visited_on"]),
            models.Index(fields=["project", "-visited_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.project.name} {self.visited_on}"


class VisitPhoto(models.Model):
    """A photo of a site visit; staff of the visit's zone see it (an enterprise never does)."""

    scope_zone_path = "visit__zone"

    visit = models.ForeignKey(SiteVisit, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to="projects/visits/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()

    objects = ScopedManager()

    def __str__(self) -> str:
        return self.original_name


class Problem(DetailPage, ZoneOwned, Versioned):
    """问题清单: a problem of a project with its category, responsible department and person, a deadline in
    working days (a core clock), progress notes and the resolution; escalated to the leaders when overdue."""

    detail_view = "projects:problem_detail"

    scope_enterprise_path = "project__enterprise"

    zone = ref("core.Zone")
    project = ref("core.Project", _("项目"), on_delete=models.CASCADE, related_name="problems")
    visit = ref(SiteVisit, _("来源走访"), on_delete=models.SET_NULL, related_name="problems", optional=True)
    source = models.CharField(_("来源"), max_length=20, choices=ProblemSource.choices)
    category = models.CharField(_("类别"), max_length=20, choices=ProblemCategory.choices)
    title = models.CharField(_("问题"), max_length=120)
    description = models.TextField(_("详细情况"), blank=True)
    department = ref("core.Department", _("责任部门"))
    owner = ref("core.Staff", _("责任人"))
    raised_by = user_ref()
    raised_on = models.DateField(_("提出日期"))
    clock = clock_ref()
    due_on = models.DateField(_("办结期限"))
    status = models.CharField(
        _("状态"), max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    resolution = models.TextField(_("解决情况"), blank=True)
    resolved_on = models.DateField(_("解决日期"), null=True, blank=True)
    resolved_by = user_ref(optional=True)
    escalated_on = models.DateField(_("提请领导督办日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题清单")
        ordering = ["-raised_on", "-id"]
        indexes = [
            models.Index(fields=["zone", "status", "due_on"]),
            models.Index(fields=["zone", "-raised_on"]),
            models.Index(fields=["zone", "resolved_on"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["project", "status"]),
        ]

    def __str__(self) -> str:
        return self.title


class ProblemNote(models.Model):
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="notes")
    on = models.DateField(_("日期"))
    author = user_ref()
    author_label = models.CharField(max_length=80)
    text = models.TextField(_("进展"))

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class WeeklyDispatch(DetailPage, ZoneOwned):
    """周调度: the report issued for the leaders' meeting, kept unchanged as issued (content snapshot + .docx)."""

    detail_view = "projects:dispatch_detail"

    zone = ref("core.Zone")
    week_start = models.DateField(_("周起始日"))
    number = models.PositiveSmallIntegerField(_("期次"), default=1)
    issued_at = models.DateTimeField(_("生成时间"))
    issued_by = user_ref(optional=True)
    automatic = models.BooleanField(_("定时生成"), default=False)
    title = models.CharField(_("标题"), max_length=120)
    content = models.JSONField(default=dict)
    docx = models.BinaryField(editable=False)

    class Meta:
        verbose_name = _("周调度")
        verbose_name_plural = _("周调度")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "week_start", "number"], name="dispatch_unique_number"),
            # the periodic job issues once a week per zone, even when two of its scans overlap
            models.UniqueConstraint(
                fields=["zone", "week_start"],
                condition=models.Q(automatic=True),
                name="dispatch_one_automatic_per_week",
            ),
        ]
        indexes = [models.Index(fields=["zone", "-issued_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def week_end(self):
        import datetime as dt

        return self.week_start + dt.timedelta(days=6)
