"""Activities (招商活动) and contracts (签约) of 大招商."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.core.models.base import DetailPage, ZoneOwned, ZoneRow, actor_ref, ref
from devzone.core.models.business import amount_field
from devzone.investment import counting
from devzone.investment.choices import (
    ActivityKind,
    ContractKind,
)
from devzone.investment.models.leads import Lead
from devzone.investment.models.teams import InvestmentTeam, TeamScopedQuerySet, outside_zone


class ActivityQuerySet(TeamScopedQuerySet):
    pass


class Activity(DetailPage, ZoneRow):
    """A visit (登门拜访), a day of stationed work (驻点工作日志) or a fair (展会) with the leads met there."""

    detail_view = "investment:activity_detail"

    team = ref(InvestmentTeam, _("小分队"), related_name="activities")
    kind = models.CharField(_("类型"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("标题"), max_length=100)
    on = models.DateField(_("日期"))
    end_on = models.DateField(_("结束日期"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    content = models.TextField(_("内容"), blank=True)
    leads = models.ManyToManyField(Lead, blank=True, related_name="activities", verbose_name=_("接触的线索"))
    recorded_by = actor_ref()

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
        errors |= outside_zone(self, team=_("小分队不属于该开发区"))
        if errors:
            raise ValidationError(errors)


# The reasons the counting rules store on a contract (``counting``: kept in Chinese, the figures compare them), as
# the reader reads them.
REASON_LABELS = {
    counting.LOCAL: _("本地投资者"),
    counting.EXCLUDED_KIND: _("不计入的行业"),
    counting.RESTATED: _("同一项目再次签约：首次签约已计数，金额以本合同为准"),
}


class ContractQuerySet(TeamScopedQuerySet):
    pass


class Contract(DetailPage, ZoneOwned):
    """A signed contract (签约). Signing creates (or, for a capital increase, enlarges) the core project. What the
    leaderboard counts is decided once, at signing, by the zone's counting rules and stored here."""

    detail_view = "investment:contract_detail"

    zone = ref("core.Zone", _("开发区"), related_name="contracts")
    lead = models.ForeignKey(Lead, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("线索"))
    enterprise = ref("core.Enterprise", _("企业"), related_name="contracts")
    project = ref("core.Project", _("项目"), related_name="contracts")
    team = ref(InvestmentTeam, _("小分队"), related_name="contracts")
    owner = ref("core.Staff", _("负责人"), optional=True)
    kind = models.CharField(_("类型"), max_length=20, choices=ContractKind.choices, default=ContractKind.NEW)
    project_name = models.CharField(_("项目名称"), max_length=100)
    contract_investment = amount_field(_("合同投资额（万元）"), positive=True)
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
    signed_by = actor_ref()

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
    def shown_reason(self) -> str:
        """Why the contract counts no project (``excluded_reason``) in the reader's language; a reason stored
        before these texts, as stored."""
        return str(REASON_LABELS.get(self.excluded_reason, self.excluded_reason))

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
