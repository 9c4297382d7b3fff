"""Stationed teams (招商小分队), their members and annual targets, and the zone's rules of 大招商; the team
scoping every row of the module shares."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.core.access import reach_of
from devzone.core.choices import Role
from devzone.core.models.base import DetailPage, ScopedQuerySet, ZoneOwned, ZoneRow, ref
from devzone.core.models.business import amount_field


def outside_zone(row, **messages) -> dict:
    """``clean``'s errors for the related rows that lie in another zone than ``row``: ``team=message`` names
    the foreign key and the error it gets (a row not yet given a zone, or a key not set, is not checked)."""
    return {
        name: message
        for name, message in messages.items()
        if getattr(row, f"{name}_id") and row.zone_id and getattr(row, name).zone_id != row.zone_id
    }


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


class InvestmentTeam(DetailPage, ZoneOwned):
    """A stationed team (招商小分队) with its region and station (驻点)."""

    detail_view = "investment:team_detail"

    zone = ref("core.Zone", _("开发区"), related_name="investment_teams")
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


class TeamMember(ZoneRow):
    """A member of a team: a staff member of the zone (whose account, if any, is linked through its profile),
    with the number of active leads they can follow (capacity)."""

    team = ref(InvestmentTeam, _("小分队"), on_delete=models.CASCADE, related_name="members")
    staff = ref("core.Staff", _("工作人员"), related_name="team_memberships")
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
        errors = outside_zone(self, team=_("小分队不属于该开发区"), staff=_("工作人员不属于该开发区"))
        if errors:
            raise ValidationError(errors)


class TeamTarget(ZoneRow):
    """A team's annual targets (年度目标)."""

    team = ref(InvestmentTeam, _("小分队"), on_delete=models.CASCADE, related_name="targets")
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

    zone = ref(
        "core.Zone", _("开发区"), on_delete=models.CASCADE, related_name="investment_settings", one=True
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
