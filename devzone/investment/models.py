"""大招商: stationed teams, the lead funnel, activities, contracts, the zone's rules, and the funnel counters
that keep the analytics fast at 200,000 leads."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from devzone.core.access import reach_of
from devzone.core.choices import Role
from devzone.core.models.base import ScopedQuerySet, ZoneOwned
from devzone.core.models.business import MAX_AMOUNT_WAN
from devzone.investment.choices import (
    STAGE_INDEX,
    ActivityKind,
    ContractKind,
    LogKind,
    Source,
    Stage,
)

AMOUNT = [MinValueValidator(Decimal("0")), MaxValueValidator(MAX_AMOUNT_WAN)]


def amount_field(label, **kwargs):
    return models.DecimalField(label, max_digits=12, decimal_places=2, validators=AMOUNT, **kwargs)


class TeamScopedQuerySet(ScopedQuerySet):
    """Zone scoping as everywhere, and one rule more: an investment officer sees the rows of the teams they are
    a member of (a team sees its leads); leaders and department heads see the zone, city officers the city."""

    team_path = "team"

    def for_user(self, user, action: str = "view"):
        qs = super().for_user(user, action)
        r = reach_of(user)
        if r.role == Role.INVESTMENT_OFFICER:
            teams = TeamMember.objects.filter(staff__profile__user=user, is_active=True).values("team_id")
            qs = qs.filter(**{f"{self.team_path}_id__in": teams})
        return qs


class InvestmentTeam(ZoneOwned):
    """A stationed team (招商小分队) with its region and station (驻点)."""

    zone = models.ForeignKey(
        "core.Zone", on_delete=models.PROTECT, related_name="investment_teams", verbose_name=_("开发区")
    )
    name = models.CharField(_("名称"), max_length=40)
    region = models.CharField(_("负责区域"), max_length=40)
    station_city = models.CharField(_("驻点城市"), max_length=40)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("招商小分队")
        verbose_name_plural = _("招商小分队")
        ordering = ["zone_id", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name"],
                name="investment_team_unique_name",
                violation_error_message=_("本开发区已有同名小分队"),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("investment:team_detail", args=[self.pk])


class TeamMember(ZoneOwned):
    """A member of a team: a staff member of the zone (whose account, if any, is linked through its profile),
    with the number of active leads they can follow (capacity)."""

    zone = models.ForeignKey(
        "core.Zone", on_delete=models.PROTECT, related_name="+", verbose_name=_("开发区")
    )
    team = models.ForeignKey(
        InvestmentTeam, on_delete=models.CASCADE, related_name="members", verbose_name=_("小分队")
    )
    staff = models.ForeignKey(
        "core.Staff", on_delete=models.PROTECT, related_name="team_memberships", verbose_name=_("工作人员")
    )
    is_captain = models.BooleanField(_("队长"), default=False)
    capacity = models.PositiveSmallIntegerField(
        _("线索容量"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("可同时跟进的在跟线索数"),
    )
    is_active = models.BooleanField(_("在队"), default=True)

    class Meta:
        verbose_name = _("小分队队员")
        verbose_name_plural = _("小分队队员")
        ordering = ["team_id", "-is_captain", "id"]
        constraints = [models.UniqueConstraint(fields=["team", "staff"], name="team_member_unique")]

    def __str__(self) -> str:
        return f"{self.team}·{self.staff.name}"

    def clean(self) -> None:
        errors = {}
        if self.team_id and self.zone_id and self.team.zone_id != self.zone_id:
            errors["team"] = _("小分队不属于该开发区")
        if self.staff_id and self.zone_id and self.staff.zone_id != self.zone_id:
            errors["staff"] = _("工作人员不属于该开发区")
        if errors:
            raise ValidationError(errors)


class TeamTarget(ZoneOwned):
    """A team's annual targets (年度目标)."""

    zone = models.ForeignKey(
        "core.Zone", on_delete=models.PROTECT, related_name="+", verbose_name=_("开发区")
    )
    team = models.ForeignKey(
        InvestmentTeam, on_delete=models.CASCADE, related_name="targets", verbose_name=_("小分队")
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    contract_investment = amount_field(_("合同投资额目标（万元）"))
    signed_projects = models.PositiveSmallIntegerField(_("签约项目数目标"), default=0)
    over_1_yi = models.PositiveSmallIntegerField(_("亿元以上项目目标"), default=0)
    over_10_yi = models.PositiveSmallIntegerField(_("10亿元以上项目目标"), default=0)

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["team_id", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "year"],
                name="team_target_unique_year",
                violation_error_message=_("该小分队本年度已有目标"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.year}"


def default_stale_limits() -> dict:
    # Working days a lead may stay idle in each working stage before it is marked stale.
    return {"unaware": 60, "aware": 30, "attentive": 20, "invited": 15, "negotiating": 20}


def default_weights() -> dict:
    return {
        "signed": 20,
        "investment": 30,
        "over_1_yi": 15,
        "over_10_yi": 10,
        "funds": 10,
        "on_time": 5,
        "conversion": 5,
        "landed": 5,
    }


def default_excluded() -> list:
    return ["K", "70"]  # 房地产业 (the section and its division)


class InvestmentSettings(ZoneOwned):
    """A zone's follow-up rules and counting rules. Defaults come from practice (docs/investment.md)."""

    zone = models.OneToOneField(
        "core.Zone", on_delete=models.CASCADE, related_name="investment_settings", verbose_name=_("开发区")
    )
    big_lead_wan = amount_field(_("大项目线索门槛（万元）"), default=Decimal("10000"))
    owner_within = models.PositiveSmallIntegerField(
        _("指定负责人时限（工作日）"), default=1, validators=[MaxValueValidator(60)]
    )
    assessment_within = models.PositiveSmallIntegerField(
        _("项目研判时限（工作日）"), default=3, validators=[MaxValueValidator(60)]
    )
    referrer_within = models.PositiveSmallIntegerField(
        _("回复推荐人时限（工作日）"), default=5, validators=[MaxValueValidator(60)]
    )
    report_every = models.PositiveSmallIntegerField(
        _("进展报告周期（工作日）"), default=10, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    stale_limits = models.JSONField(_("各阶段停滞上限（工作日）"), default=default_stale_limits)
    default_capacity = models.PositiveSmallIntegerField(
        _("默认线索容量"), default=30, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    count_first_signing_only = models.BooleanField(_("项目只在首次签约时计数"), default=True)
    increase_counts_increment = models.BooleanField(_("增资只计增量"), default=True)
    exclude_local = models.BooleanField(_("不计本地投资者"), default=True)
    excluded_industries = models.JSONField(
        _("不计入的行业（门类或大类代码）"), default=default_excluded, blank=True
    )
    weights = models.JSONField(_("排行榜指标权重"), default=default_weights)
    # The leading industries the leads' fit was last judged against: the hourly scan re-judges only when the
    # zone's industries differ (the zone page changes them without telling this module).
    fitted_for = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("招商规则")
        verbose_name_plural = _("招商规则")

    def __str__(self) -> str:
        return f"{self.zone}招商规则"


class LeadQuerySet(TeamScopedQuerySet):
    def unmerged(self):
        return self.filter(merged_into__isnull=True)


class Lead(ZoneOwned):
    """A firm the zone courts (客商线索): one row per firm in a zone's pipeline, matched by credit code and by
    normalised name. Every stage has its date; the funnel counters follow each change."""

    zone = models.ForeignKey(
        "core.Zone", on_delete=models.PROTECT, related_name="leads", verbose_name=_("开发区")
    )
    enterprise = models.ForeignKey(
        "core.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leads",
        verbose_name=_("已登记企业"),
    )
    company_name = models.CharField(_("企业名称"), max_length=100)
    name_key = models.CharField(max_length=100, editable=False, db_index=False)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    industry = models.ForeignKey(
        "core.Industry",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("行业"),
        limit_choices_to={"parent__isnull": False},
    )
    section = models.CharField(max_length=1, editable=False)  # the industry's 门类, for the counters
    intended_investment = amount_field(_("意向投资额（万元）"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    referrer = models.CharField(_("推荐人（以商招商）"), max_length=60, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=30, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_local = models.BooleanField(
        _("本地投资者"), default=False, help_text=_("本地企业的投资不计入招商业绩")
    )
    team = models.ForeignKey(
        InvestmentTeam, on_delete=models.PROTECT, related_name="leads", verbose_name=_("小分队")
    )
    owner = models.ForeignKey(
        "core.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_leads",
        verbose_name=_("负责人"),
    )
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices, default=Stage.UNAWARE)
    unaware_on = models.DateField(_("不了解"), null=True, blank=True)
    aware_on = models.DateField(_("了解日期"), null=True, blank=True)
    attentive_on = models.DateField(_("关注日期"), null=True, blank=True)
    invited_on = models.DateField(_("请进日期"), null=True, blank=True)
    negotiating_on = models.DateField(_("洽谈日期"), null=True, blank=True)
    signed_on = models.DateField(_("签约日期"), null=True, blank=True)
    landed_on = models.DateField(_("落地日期"), null=True, blank=True)
    kept_on = models.DateField(_("留在日期"), null=True, blank=True)
    created_on = models.DateField(_("登记日期"))
    fits = models.BooleanField(_("符合产业定位"), default=False)
    exception_on = models.DateField(_("例外批准日期"), null=True, blank=True)
    exception_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    exception_reason = models.CharField(_("例外理由"), max_length=200, blank=True)
    exception_requested = models.BooleanField(_("已申请产业例外"), default=False)
    lost_on = models.DateField(_("流失日期"), null=True, blank=True)
    lost_reason = models.CharField(_("流失原因"), max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged", verbose_name=_("并入")
    )
    owner_assigned_on = models.DateField(_("指定负责人日期"), null=True, blank=True)
    assessed_on = models.DateField(_("研判日期"), null=True, blank=True)
    referrer_replied_on = models.DateField(_("回复推荐人日期"), null=True, blank=True)
    last_report_on = models.DateField(_("最近进展报告"), null=True, blank=True)
    last_activity_on = models.DateField(_("最近跟进"))
    is_stale = models.BooleanField(_("停滞"), default=False)
    # Which reminders the follow-up scan has sent (once each; the report reminder once per ISO week while it is
    # overdue): the scan picks only leads not yet reminded, so a backlog larger than one scan's batch drains.
    owner_reminded = models.BooleanField(default=False, editable=False)
    assessment_reminded = models.BooleanField(default=False, editable=False)
    referrer_reminded = models.BooleanField(default=False, editable=False)
    report_reminded_on = models.DateField(null=True, blank=True, editable=False)
    # Denormalised: in the team's working list (not lost, not merged, fits or excepted, not yet signed).
    is_active = models.BooleanField(default=True, editable=False)
    note = models.TextField(_("备注"), blank=True)
    version = models.PositiveIntegerField(default=0)

    objects = LeadQuerySet.as_manager()

    class Meta:
        verbose_name = _("招商线索")
        verbose_name_plural = _("招商线索")
        ordering = ["zone_id", "last_activity_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "credit_code"],
                condition=Q(merged_into__isnull=True) & ~Q(credit_code=""),
                name="lead_unique_code_in_zone",
                violation_error_message=_("本开发区的招商线索中已有该统一社会信用代码的企业"),
            ),
            models.UniqueConstraint(
                fields=["zone", "name_key"],
                condition=Q(merged_into__isnull=True),
                name="lead_unique_name_in_zone",
                violation_error_message=_("本开发区的招商线索中已有该企业"),
            ),
            models.CheckConstraint(
                condition=Q(intended_investment__isnull=True) | Q(intended_investment__gte=0),
                name="lead_investment_not_negative",
            ),
        ]
        indexes = [
            # The working list: a zone's (or a team's) active leads, the most neglected first, walked in order
            # and stopped at the page's end. Partial: SQLite cannot use a boolean column of an index (Django
            # writes the filter as a bare ``WHERE "is_active"``), but it matches the same term to an index's
            # condition.
            models.Index(  # team_id last: an officer's count reads the index alone
                fields=["zone", "last_activity_on", "id", "team"],
                name="lead_active_idx",
                condition=Q(is_active=True, merged_into__isnull=True),
            ),
            models.Index(
                fields=["team", "last_activity_on", "id"],
                name="lead_team_active_idx",
                condition=Q(is_active=True, merged_into__isnull=True),
            ),
            models.Index(fields=["zone", "last_activity_on", "id"], name="lead_all_idx"),
            models.Index(fields=["zone", "stage"], name="lead_stage_idx"),
            models.Index(fields=["owner", "is_active"], name="lead_owner_idx"),
            models.Index(fields=["zone", "created_on"], name="lead_created_idx"),
        ]

    def __str__(self) -> str:
        return self.company_name

    @property
    def stage_index(self) -> int:
        return STAGE_INDEX[self.stage]

    @property
    def is_lost(self) -> bool:
        return self.lost_on is not None

    @property
    def excepted(self) -> bool:
        return self.exception_on is not None

    def stage_dates(self) -> dict:
        return {s: getattr(self, f"{s}_on") for s in Stage.values}

    def compute_active(self) -> bool:
        return (
            self.lost_on is None
            and self.merged_into_id is None
            and (self.fits or self.exception_on is not None)
            and STAGE_INDEX[self.stage] < STAGE_INDEX[Stage.SIGNED]
        )

    def prepare(self) -> None:
        """The derived columns (also for bulk loads, which skip ``save``)."""
        from devzone.investment.dedupe import name_key

        self.credit_code = (self.credit_code or "").strip().upper()
        self.name_key = name_key(self.company_name)
        if self.industry_id:
            self.section = self.industry_id if len(self.industry_id) == 1 else section_of(self.industry_id)
        self.is_active = self.compute_active()

    def save(self, *args, **kwargs):
        self.prepare()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = list(
                {*update_fields, "is_active", "name_key", "section", "credit_code", "updated_at"}
            )
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from devzone.core.codes import CodeError, validate_credit_code

        errors = {}
        if self.credit_code:
            try:
                validate_credit_code(self.credit_code.strip().upper())
            except CodeError as e:
                errors["credit_code"] = e.reason
        if self.team_id and self.zone_id and self.team.zone_id != self.zone_id:
            errors["team"] = _("小分队不属于该开发区")
        if self.owner_id and self.zone_id and self.owner.zone_id != self.zone_id:
            errors["owner"] = _("负责人不属于该开发区")
        if self.enterprise_id and self.zone_id and self.enterprise.zone_id != self.zone_id:
            errors["enterprise"] = _("企业不属于该开发区")
        if self.source == Source.REFERRAL and not (self.referrer or "").strip():
            errors["referrer"] = _("以商招商的线索须填写推荐人")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("investment:lead_detail", args=[self.pk])


@lru_cache(maxsize=128)
def section_of(division: str) -> str:
    from devzone.core.industries import SECTIONS

    n = int(division)
    for letter, _name, first, last in SECTIONS:
        if first <= n <= last:
            return letter
    return "?"


class LeadLog(ZoneOwned):
    """The lead's timeline (跟进记录): stage changes with their dates, assessments, reports, replies to the
    referrer, owner changes, loss and reopening, exceptions, merges, the contract."""

    zone = models.ForeignKey(
        "core.Zone", on_delete=models.PROTECT, related_name="+", verbose_name=_("开发区")
    )
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="logs", verbose_name=_("线索"))
    kind = models.CharField(_("类型"), max_length=20, choices=LogKind.choices)
    on = models.DateField(_("日期"))
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    text = models.TextField(_("内容"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = _("跟进记录")
        verbose_name_plural = _("跟进记录")
        ordering = ["lead_id", "-on", "-id"]
        indexes = [models.Index(fields=["lead", "-on"], name="lead_log_idx")]

    def __str__(self) -> str:
        return f"{self.lead} {self.get_kind_display()} {self.on}"


class ActivityQuerySet(TeamScopedQuerySet):
    pass


class Activity(ZoneOwned):
    """A visit (登门拜访), a day of stationed work (驻点工作日志) or a fair (展会) with the leads met there."""

    zone = models.ForeignKey(
        "core.Zone", on_delete=models.PROTECT, related_name="+", verbose_name=_("开发区")
    )
    team = models.ForeignKey(
        InvestmentTeam, on_delete=models.PROTECT, related_name="activities", verbose_name=_("小分队")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("标题"), max_length=100)
    on = models.DateField(_("日期"))
    end_on = models.DateField(_("结束日期"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    content = models.TextField(_("内容"), blank=True)
    leads = models.ManyToManyField(Lead, blank=True, related_name="activities", verbose_name=_("接触的线索"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("招商活动")
        verbose_name_plural = _("招商活动")
        ordering = ["zone_id", "-on", "-id"]
        indexes = [models.Index(fields=["zone", "on"], name="activity_day_idx")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.end_on and self.on and self.end_on < self.on:
            errors["end_on"] = _("结束日期不能早于开始日期")
        if self.team_id and self.zone_id and self.team.zone_id != self.zone_id:
            errors["team"] = _("小分队不属于该开发区")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("investment:activity_detail", args=[self.pk])


class ContractQuerySet(TeamScopedQuerySet):
    pass


class Contract(ZoneOwned):
    """A signed contract (签约). Signing creates (or, for a capital increase, enlarges) the core project. What the
    leaderboard counts is decided once, at signing, by the zone's counting rules and stored here."""

    zone = models.ForeignKey(
        "core.Zone", on_delete=models.PROTECT, related_name="contracts", verbose_name=_("开发区")
    )
    lead = models.ForeignKey(Lead, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("线索"))
    enterprise = models.ForeignKey(
        "core.Enterprise", on_delete=models.PROTECT, related_name="contracts", verbose_name=_("企业")
    )
    project = models.ForeignKey(
        "core.Project", on_delete=models.PROTECT, related_name="contracts", verbose_name=_("项目")
    )
    team = models.ForeignKey(
        InvestmentTeam, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("小分队")
    )
    owner = models.ForeignKey(
        "core.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("负责人"),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=ContractKind.choices, default=ContractKind.NEW)
    project_name = models.CharField(_("项目名称"), max_length=100)
    contract_investment = models.DecimalField(
        _("合同投资额（万元）"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_AMOUNT_WAN)],
    )
    land_mu = models.DecimalField(
        _("计划用地（亩）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100000"))],
    )
    expected_output = amount_field(_("预计年产值（万元）"), null=True, blank=True)
    expected_tax = amount_field(_("预计年税收（万元）"), null=True, blank=True)
    signed_on = models.DateField(_("签约日期"))
    groundbreaking_due = models.DateField(_("约定开工日期"), null=True, blank=True)
    groundbreaking_on = models.DateField(_("开工日期"), null=True, blank=True)
    production_on = models.DateField(_("投产日期"), null=True, blank=True)
    funds_arrived = amount_field(_("到位资金（万元）"), default=Decimal("0"))
    # Decided at signing by the counting rules (counting.py):
    counts_as_project = models.BooleanField(_("计为签约项目"), default=True)
    counted_investment = amount_field(_("计入业绩的投资额（万元）"), default=Decimal("0"))
    excluded_reason = models.CharField(_("不计入原因"), max_length=100, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("签约合同")
        verbose_name_plural = _("签约合同")
        ordering = ["zone_id", "-signed_on", "-id"]
        indexes = [
            models.Index(fields=["zone", "signed_on"], name="contract_day_idx"),
            models.Index(fields=["team", "signed_on"], name="contract_team_idx"),
        ]

    def __str__(self) -> str:
        return self.project_name

    @property
    def intensity(self) -> Decimal | None:
        """投资强度 (万元/亩), derived: never entered."""
        if not self.land_mu:
            return None
        return (self.contract_investment / self.land_mu).quantize(Decimal("0.01"))

    @property
    def groundbreaking_in_time(self) -> bool | None:
        if self.groundbreaking_due is None or self.groundbreaking_on is None:
            return None
        return self.groundbreaking_on <= self.groundbreaking_due

    def get_absolute_url(self) -> str:
        return reverse("investment:contract_detail", args=[self.pk])


class FunnelCell(models.Model):
    """Denormalised funnel counters: per zone, cohort year (the year a lead was registered), team, owner,
    source and industry section, how many leads reached each stage, how many were lost, and for each stage the
    working leads that left it with the days they spent in it. Services add a lead's contribution after a
    change and take the old one away before it (F() updates, so concurrent moves add up); ``rebuild`` recounts
    a zone from the leads (loadgen, repair). The funnel and the leaderboard read these rows, not the leads."""

    zone = models.ForeignKey("core.Zone", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    team = models.ForeignKey(InvestmentTeam, on_delete=models.CASCADE, related_name="+")
    owner_key = models.BigIntegerField(default=0)  # the owner's staff id, 0 for none
    source = models.CharField(max_length=20, choices=Source.choices)
    section = models.CharField(max_length=1)
    leads = models.IntegerField(default=0)
    lost = models.IntegerField(default=0)
    reached_unaware = models.IntegerField(default=0)
    reached_aware = models.IntegerField(default=0)
    reached_attentive = models.IntegerField(default=0)
    reached_invited = models.IntegerField(default=0)
    reached_negotiating = models.IntegerField(default=0)
    reached_signed = models.IntegerField(default=0)
    reached_landed = models.IntegerField(default=0)
    reached_kept = models.IntegerField(default=0)
    left_unaware = models.IntegerField(default=0)
    left_aware = models.IntegerField(default=0)
    left_attentive = models.IntegerField(default=0)
    left_invited = models.IntegerField(default=0)
    left_negotiating = models.IntegerField(default=0)
    left_signed = models.IntegerField(default=0)
    left_landed = models.IntegerField(default=0)
    days_unaware = models.BigIntegerField(default=0)
    days_aware = models.BigIntegerField(default=0)
    days_attentive = models.BigIntegerField(default=0)
    days_invited = models.BigIntegerField(default=0)
    days_negotiating = models.BigIntegerField(default=0)
    days_signed = models.BigIntegerField(default=0)
    days_landed = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "year", "team", "owner_key", "source", "section"],
                name="funnel_cell_unique",
            )
        ]
        indexes = [models.Index(fields=["zone", "year"], name="funnel_cell_zone_year")]

    def __str__(self) -> str:
        return f"{self.zone_id}/{self.year}/{self.team_id}/{self.owner_key}/{self.source}/{self.section}"
