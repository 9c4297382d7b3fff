"""Leads (客商线索), their timeline, and the funnel counters that keep the analytics fast at 200,000 leads."""

from __future__ import annotations

from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from devzone.core.models.base import DetailPage, Versioned, ZoneOwned, ZoneRow, actor_ref, ref
from devzone.core.models.business import amount_field
from devzone.investment.choices import (
    STAGE_INDEX,
    LogKind,
    Source,
    Stage,
)
from devzone.investment.models.teams import InvestmentTeam, TeamScopedQuerySet, outside_zone


class LeadQuerySet(TeamScopedQuerySet):
    def unmerged(self):
        return self.filter(merged_into__isnull=True)


class Lead(DetailPage, ZoneOwned, Versioned):
    """A firm the zone courts (客商线索): one row per firm in a zone's pipeline, matched by credit code and by
    normalised name. Every stage has its date; the funnel counters follow each change."""

    detail_view = "investment:lead_detail"

    zone = ref("core.Zone", _("开发区"), related_name="leads")
    enterprise = ref("core.Enterprise", _("已登记企业"), related_name="leads", optional=True)
    company_name = models.CharField(_("企业名称"), max_length=100)
    name_key = models.CharField(max_length=100, editable=False, db_index=False)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    industry = ref("core.Industry", _("行业"), limit_choices_to={"parent__isnull": False})
    section = models.CharField(max_length=1, editable=False)  # the industry's 门类, for the counters
    intended_investment = amount_field(_("意向投资额（万元）"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    referrer = models.CharField(_("推荐人（以商招商）"), max_length=60, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=30, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_local = models.BooleanField(
        _("本地投资者"), default=False, help_text=_("本地企业的投资不计入招商业绩")
    )
    team = ref(InvestmentTeam, _("小分队"), related_name="leads")
    owner = ref("core.Staff", _("负责人"), related_name="owned_leads", optional=True)
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices, default=Stage.UNAWARE)
    unaware_on = models.DateField(_("未接触日期"), null=True, blank=True)
    aware_on = models.DateField(_("了解日期"), null=True, blank=True)
    attentive_on = models.DateField(_("关注日期"), null=True, blank=True)
    invited_on = models.DateField(_("请进日期"), null=True, blank=True)
    negotiating_on = models.DateField(_("洽谈日期"), null=True, blank=True)
    signed_on = models.DateField(_("签约日期"), null=True, blank=True)
    landed_on = models.DateField(_("落地日期"), null=True, blank=True)
    kept_on = models.DateField(_("留住（投产）日期"), null=True, blank=True)
    created_on = models.DateField(_("登记日期"))
    fits = models.BooleanField(_("符合产业定位"), default=False)
    exception_on = models.DateField(_("例外批准日期"), null=True, blank=True)
    exception_by = actor_ref()
    exception_reason = models.CharField(_("例外理由"), max_length=200, blank=True)
    exception_requested = models.BooleanField(_("已申请产业例外"), default=False)
    lost_on = models.DateField(_("流失日期"), null=True, blank=True)
    lost_reason = models.CharField(_("流失原因"), max_length=200, blank=True)
    merged_into = ref("self", _("并入"), related_name="merged", optional=True)
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
    # The versions ``records_from`` → ``records_to`` were given by follow-up records alone (a call noted, an
    # assessment, a progress report): a record adds a line to the timeline and changes nothing the lead's forms
    # show, so a form read in that run (its move, its owner, its edit) is not stale for it (``only_records_since``).
    records_from = models.PositiveIntegerField(default=0, editable=False)
    records_to = models.PositiveIntegerField(default=0, editable=False)

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
            # The desk's 停滞的招商线索 (investment.desk): a zone's stale working leads, counted from this index
            # alone; without it every home page scanned all the leads (4.2 ms for a zone of 20,000).
            models.Index(fields=["zone"], name="lead_stale_idx", condition=Q(is_active=True, is_stale=True)),
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

    def only_records_since(self, version: int) -> bool:
        """Whether every change after ``version`` (one the lead had) was a follow-up record."""
        return self.records_to == self.version and self.records_from <= version < self.version

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
        errors |= outside_zone(
            self,
            team=_("小分队不属于该开发区"),
            owner=_("负责人不属于该开发区"),
            enterprise=_("企业不属于该开发区"),
        )
        if self.source == Source.REFERRAL and not (self.referrer or "").strip():
            errors["referrer"] = _("以商招商的线索须填写推荐人")
        if errors:
            raise ValidationError(errors)


@lru_cache(maxsize=128)
def section_of(division: str) -> str:
    from devzone.core.industries import SECTIONS

    n = int(division)
    for letter, _name, first, last in SECTIONS:
        if first <= n <= last:
            return letter
    return "?"


class LeadLog(ZoneRow):
    """The lead's timeline (跟进记录): stage changes with their dates, assessments, reports, replies to the
    referrer, owner changes, loss and reopening, exceptions, merges, the contract."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="logs", verbose_name=_("线索"))
    kind = models.CharField(_("类型"), max_length=20, choices=LogKind.choices)
    on = models.DateField(_("日期"))
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    text = models.TextField(_("内容"), blank=True)
    actor = actor_ref()
    actor_label = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = _("跟进记录")
        verbose_name_plural = _("跟进记录")
        ordering = ["lead_id", "-on", "-id"]
        indexes = [models.Index(fields=["lead", "-on"], name="lead_log_idx")]

    def __str__(self) -> str:
        return f"{self.lead} {self.get_kind_display()} {self.on}"


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
