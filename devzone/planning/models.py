"""市级统筹: a zone's industry plan (leading industries, multi-year targets) and the city's zone assessment,
whose result sets the zone's total pay pool."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.core.choices import ZoneLevel
from devzone.core.models.base import ScopedManager, Versioned, ZoneRow, actor_ref, ref
from devzone.planning.choices import (
    AMOUNT_NAMES,
    AssessmentStatus,
    BodyEnd,
    Metric,
    ParkKind,
    PartyRole,
    Source,
    StaffFunction,
    ValueKind,
)

MILLION = Decimal(1_000_000)  # fen in 1 万元

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


class IndustryPlan(ZoneRow, Versioned):
    """A zone's industry plan for 3–5 years: its 2–3 leading industries and yearly targets."""

    AUDIT_LABELS = {"targets": _("年度任务")}  # recorded beside the columns (core.audit.readable)

    start_year = models.PositiveSmallIntegerField(_("起始年度"), validators=YEAR)
    end_year = models.PositiveSmallIntegerField(_("截止年度"), validators=YEAR)
    industries = models.ManyToManyField("core.Industry", related_name="+", verbose_name=_("主导产业"))
    chain_note = models.TextField(_("产业链招商路径"), blank=True)
    # the day the plan was approved (批复) and took effect; the annual tasks' 序时进度 runs from it in its year
    # (``pace``). None: from 1 January of the start year
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    updated_by = actor_ref(_("修改人"))

    class Meta:
        verbose_name = _("产业规划")
        verbose_name_plural = _("产业规划")
        ordering = ["zone", "-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "start_year"], name="planning_plan_one_per_start"),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="planning_plan_years"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.zone} {self.start_year}–{self.end_year}"


class PlanTarget(models.Model):
    """One target of a plan for one year (the annual task), with its owner and quarterly progress."""

    scope_zone_path = "plan__zone"

    plan = ref(IndustryPlan, _("产业规划"), on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR)
    metric = models.CharField(_("指标"), max_length=20, choices=Metric.choices)
    target = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)
    owner = models.CharField(_("责任部门"), max_length=60, blank=True)
    # the day the task was added to a plan already saved, in the task's own year (``services.plan_set``, kept
    # across edits): its 序时进度 runs from then (``pace``). None: from the start of the year or of the plan
    added_on = models.DateField(_("增设日期"), null=True, blank=True)
    done = models.DecimalField(
        _("已完成"), max_digits=14, decimal_places=2, default=0
    )  # the latest quarter's
    # cumulative completion at the end of each quarter (None: not reported yet); ``done`` follows the latest
    q1 = models.DecimalField(_("一季度末累计"), max_digits=14, decimal_places=2, null=True, blank=True)
    q2 = models.DecimalField(_("二季度末累计"), max_digits=14, decimal_places=2, null=True, blank=True)
    q3 = models.DecimalField(_("三季度末累计"), max_digits=14, decimal_places=2, null=True, blank=True)
    q4 = models.DecimalField(_("四季度末累计"), max_digits=14, decimal_places=2, null=True, blank=True)

    objects = ScopedManager()

    #: the metrics counted in 万元, printed as amounts (12亿元); the others (家, 万元/亩) as plain numbers
    AMOUNTS = frozenset({Metric.OUTPUT, Metric.INVESTMENT, Metric.TAX})

    @property
    def in_wan(self) -> bool:
        return self.metric in self.AMOUNTS

    @property
    def metric_name(self) -> str:
        """The metric as a table's cell names it: without 万元 for an amount, whose cells carry their own unit
        (12亿元), with its unit for the others (家, 万元/亩), whose cells are plain numbers."""
        return AMOUNT_NAMES.get(self.metric) or self.get_metric_display()

    class Meta:
        verbose_name = _("年度任务")
        verbose_name_plural = _("年度任务")
        ordering = ["year", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "metric"], name="planning_target_once"),
        ]

    @property
    def quarters(self) -> list:
        return [self.q1, self.q2, self.q3, self.q4]

    def __str__(self) -> str:
        return f"{self.year} {self.get_metric_display()}"


class Scheme(Versioned):
    """The city's assessment scheme for one zone category (level) and year: indicators with weights summing to
    100 and the pay pool a zone earns at a full score."""

    AUDIT_LABELS = {"indicators": _("考核指标")}

    scope_city_path = "city"
    scope_zone_path = None

    city = ref("core.City", _("城市"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR)
    category = models.CharField(_("开发区类别"), max_length=20, choices=ZoneLevel.choices)
    name = models.CharField(_("名称"), max_length=80)
    full_pool_fen = models.BigIntegerField(
        _("满分季度奖金池（分）"),
        validators=[MinValueValidator(0)],
        help_text=_("得分100时开发区每季度的绩效奖金总额"),
    )
    basis = models.CharField(_("依据文件"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-year", "category"]
        constraints = [
            models.UniqueConstraint(fields=["city", "year", "category"], name="planning_scheme_once"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def full_pool_wan(self) -> Decimal:
        """The full quarterly pool in 万元, for the ``wan`` filter (3,200,000.00 元 reads 320万元)."""
        return Decimal(self.full_pool_fen) / MILLION


class Indicator(models.Model):
    scope_city_path = "scheme__city"
    scope_zone_path = None

    scheme = ref(Scheme, _("考核方案"), on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("指标"), max_length=60)
    weight = models.DecimalField(_("权重（%）"), max_digits=5, decimal_places=2)
    target = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)
    source = models.CharField(_("数据来源"), max_length=30, choices=Source.choices)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Assessment(ZoneRow, Versioned):
    """One zone's result of a scheme for a year (quarter 0) or a quarter: score, rank among the scheme's
    zones, and the pay pool it sets."""

    AUDIT_LABELS = {"values": _("指标得分")}

    scheme = ref(Scheme, _("考核方案"), related_name="assessments")
    quarter = models.PositiveSmallIntegerField(_("季度"), default=0, validators=[MaxValueValidator(4)])
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)
    pool_fen = models.BigIntegerField(_("绩效奖金池（分）"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    scored_by = actor_ref(_("评分人"))
    # why the city left the zone out of the period (``AssessmentStatus.EXCLUDED``); empty otherwise
    excluded_reason = models.CharField(_("不参加考核的理由"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("开发区考核")
        verbose_name_plural = _("开发区考核")
        ordering = ["scheme", "quarter", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "zone", "quarter"], name="planning_assessment_once"),
        ]

    def __str__(self) -> str:
        return f"{self.zone} {self.scheme.year}"

    @property
    def pool_wan(self) -> Decimal | None:
        """The pool it sets, in 万元 (for the ``wan`` filter); None while not scored. A quarter's result sets
        that quarter's pool; the year's (quarter 0) sets the pool of each quarter of the year that has no result
        of its own (``selectors.pool_assessment``)."""
        return None if self.pool_fen is None else Decimal(self.pool_fen) / MILLION


class IndicatorValue(models.Model):
    """A zone's value of one indicator: computed from the platform's data, entered with its evidence, or — where
    the platform has no data — 不可评估 (no value) until the city enters it by hand with its source or excludes the
    indicator for the zone with a reason (``ValueKind``)."""

    scope_zone_path = "assessment__zone"

    assessment = ref(Assessment, _("开发区考核"), on_delete=models.CASCADE, related_name="values")
    indicator = ref(Indicator, _("考核指标"), on_delete=models.CASCADE)
    value = models.DecimalField(_("实际值"), max_digits=14, decimal_places=2, null=True, blank=True)
    kind = models.CharField(
        _("取值方式"), max_length=20, choices=ValueKind.choices, default=ValueKind.PLATFORM
    )
    # an entered value's evidence, a hand-entered value's source, an exclusion's reason (empty for platform data)
    evidence = models.CharField(_("佐证"), max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("指标实际值")
        verbose_name_plural = _("指标实际值")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="planning_value_once"),
            # no value exactly when there is none to score: no data yet, or excluded for the zone
            models.CheckConstraint(
                condition=models.Q(value__isnull=True, kind__in=["missing", "excluded"])
                | (models.Q(value__isnull=False) & ~models.Q(kind__in=["missing", "excluded"])),
                name="planning_value_present",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.value}"


# --- 机构改革: internal bodies with their history, the reform's cut per zone, platform companies and parks ---


class InstitutionReform(ZoneRow):
    """A zone's institutional reform: the day bodies are counted "after" (the day before is "before") and its
    decision document. One per zone."""

    reform_on = models.DateField(_("改革实施日期"))
    document = models.CharField(_("决定文号"), max_length=120)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("机构改革")
        verbose_name_plural = _("机构改革")
        ordering = ["zone", "reform_on"]
        constraints = [models.UniqueConstraint(fields=["zone"], name="planning_reform_one_per_zone")]

    def __str__(self) -> str:
        return f"{self.zone} {self.reform_on}"


class InternalBody(ZoneRow, Versioned):
    """An internal body (内设机构) of a zone with its history: created (dated, 文号), and at most one end —
    merged into another body of the zone, or abolished (dated, 文号). Its staff count and function give the
    share of investment and service staff. Linked to core's Department where one exists."""

    name = models.CharField(_("名称"), max_length=60)
    department = ref("core.Department", _("对应部门"), optional=True, on_delete=models.SET_NULL)
    function = models.CharField(
        _("职能类别"), max_length=20, choices=StaffFunction.choices, default=StaffFunction.OTHER
    )
    staff = models.PositiveIntegerField(_("人员数"), default=0)
    established_on = models.DateField(_("设立日期"))
    established_doc = models.CharField(_("设立文号"), max_length=120)
    ended_on = models.DateField(_("合并/撤销日期"), null=True, blank=True)
    end = models.CharField(_("变动"), max_length=20, choices=BodyEnd.choices, blank=True)
    ended_doc = models.CharField(_("合并/撤销文号"), max_length=120, blank=True)
    merged_into = ref("self", _("并入"), optional=True, related_name="merged_bodies")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("内设机构")
        verbose_name_plural = _("内设机构")
        ordering = ["zone", "established_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=models.F("established_on")),
                name="planning_body_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(models.Q(ended_on__isnull=True) & models.Q(end=""))
                | (models.Q(ended_on__isnull=False) & ~models.Q(end="")),
                name="planning_body_end_dated",
            ),
        ]
        indexes = [models.Index(fields=["zone", "established_on"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class ContractTerms(models.Model):
    """An operating contract: number, term, optional file, and the responsibilities it hands over."""

    contract_no = models.CharField(_("合同编号"), max_length=60, blank=True)
    starts_on = models.DateField(_("合同起始日期"), null=True, blank=True)
    ends_on = models.DateField(_("合同截止日期"), null=True, blank=True)
    contract_file = models.FileField(_("合同文件"), upload_to="planning/contracts/%Y/", blank=True)
    responsibilities = models.TextField(_("职责分工"), blank=True)

    class Meta:
        abstract = True


class ZoneParty(ZoneRow, ContractTerms, Versioned):
    """A party that builds or runs a zone beside (or instead of) its 管委会: the platform company, the operating
    enterprise, the district that co-builds it. Who runs the zone stays on core's Zone (operator,
    operating_company); these rows add the contract and responsibilities of each party."""

    name = models.CharField(_("名称"), max_length=100)
    role = models.CharField(_("角色"), max_length=20, choices=PartyRole.choices)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("开发区运营主体")
        verbose_name_plural = _("开发区运营主体")
        ordering = ["zone", "role", "name"]
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="planning_party_once")]

    def __str__(self) -> str:
        return self.name


class Park(ZoneRow, ContractTerms, Versioned):
    """A park inside a zone built and run by an enterprise (区中园), or inside another park (园中园)."""

    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=20, choices=ParkKind.choices, default=ParkKind.ZONE_PARK)
    parent = ref("self", _("所在园区"), optional=True, related_name="inner_parks")
    operator = models.CharField(_("运营企业"), max_length=100)
    area_km2 = models.DecimalField(
        _("面积（平方公里）"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("园区")
        verbose_name_plural = _("园区")
        ordering = ["zone", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="planning_park_once")]

    def __str__(self) -> str:
        return self.name
