"""绩效考核: versioned schemes, quarterly rounds, satisfaction, work reports, delegates, anonymous ballots,
leader scores, department results, individual grades, appeals and pay profiles.

Confidentiality by construction: a ballot code is stored only as its keyed digest (HMAC-SHA256 under the round's
code key, a key file outside the database destroyed when voting closes) with a used flag; while
voting is open a ballot is stored only sealed (``SealedBallot``, encrypted under the round's key file, see
``ballot_box``; first in the round's inbox, then released in shuffled batches, ``services.ballots``); when
voting closes the box is opened once into per-department counts per score value (``ScoreCount``) and the keys
are destroyed. No score row ever names a voter, a code, a time or a ballot."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.core.choices import Rank
from devzone.core.models.base import (
    DetailPage,
    LawRule,
    ScopedManager,
    Versioned,
    ZoneOwned,
    ZoneRow,
    ref,
    user_ref,
)
from devzone.performance.choices import (
    AdjustmentKind,
    AppealStatus,
    CoefficientMode,
    Grade,
    PoolScope,
    RoundStatus,
    SatisfactionSource,
)

SCORE_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
GRADE_KEYS = ("excellent", "good", "pass", "improve")


def default_weights() -> dict:
    return {
        "service": {"satisfaction": 30, "democratic": 30, "leader": 40},
        "other": {"satisfaction": 0, "democratic": 40, "leader": 60},
    }


def default_bands() -> list:
    """(minimum composite, coefficient) in score mode; (cumulative share %, coefficient) in rank mode."""
    return [["95", "1.2"], ["90", "1.1"], ["85", "1.0"], ["80", "0.9"]]


def default_proportions() -> dict:
    """Grade proportions (percent) per coefficient; ``min_improve``: 待改进 seats required."""
    return {
        "1.2": {"excellent": 40, "good": 40, "pass": 20, "improve": 0, "min_improve": 0},
        "1.1": {"excellent": 30, "good": 40, "pass": 30, "improve": 0, "min_improve": 0},
        "1.0": {"excellent": 20, "good": 40, "pass": 40, "improve": 0, "min_improve": 0},
        "0.9": {"excellent": 10, "good": 30, "pass": 55, "improve": 5, "min_improve": 0},
        "0.8": {"excellent": 0, "good": 20, "pass": 70, "improve": 10, "min_improve": 1},
    }


def default_factors() -> dict:
    return {"excellent": "1.2", "good": "1.0", "pass": "0.8", "improve": "0.5"}


class Scheme(DetailPage, ZoneRow):
    """One version of a zone's assessment scheme. Versions are never edited once a round uses them: a change
    is a new version; a round keeps the version it opened with."""

    detail_view = "performance:scheme_detail"

    version = models.PositiveIntegerField(_("版本"))
    note = models.CharField(_("修订说明"), max_length=200, blank=True)
    weights = models.JSONField(_("各类部门的构成权重（%）"), default=default_weights)
    coefficient_mode = models.CharField(
        _("系数确定方式"), max_length=10, choices=CoefficientMode.choices, default=CoefficientMode.SCORE
    )
    bands = models.JSONField(_("系数分档"), default=default_bands)
    floor_coefficient = models.DecimalField(
        _("最低系数"), max_digits=3, decimal_places=2, default=Decimal("0.8")
    )
    proportions = models.JSONField(_("各系数对应的等次比例（%）"), default=default_proportions)
    min_improve_size = models.PositiveSmallIntegerField(
        _("须评待改进的最小部门人数"),
        default=5,
        help_text=_("部门人数达到此数时，才适用各档“至少待改进人数”；0 表示不要求"),
    )
    # the small-department rule (docs/performance.md): off (null) keeps the plain largest-remainder quotas
    small_excellent_from = models.DecimalField(
        _("小部门优秀保底：适用的最低部门系数"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("部门系数达到此值时，即使按比例不足1人，也至少有1个优秀名额；留空表示不适用"),
    )
    small_excellent_min_size = models.PositiveSmallIntegerField(
        _("小部门优秀保底：适用的最小部门人数"),
        default=2,
        help_text=_("部门人数不少于此数时才适用小部门优秀保底"),
    )
    grade_factors = models.JSONField(_("等次系数"), default=default_factors)
    guaranteed_percent = models.DecimalField(
        _("保底比例（%）"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(80),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    pool_scope = models.CharField(
        _("奖金池"), max_length=12, choices=PoolScope.choices, default=PoolScope.ZONE
    )
    delegates_per_department = models.PositiveSmallIntegerField(_("每部门测评代表人数"), default=3)
    delegate_min_rank = models.CharField(
        _("测评代表最低职级"), max_length=20, choices=Rank.choices, default=Rank.DEPUTY_SECTION
    )
    min_ballots = models.PositiveSmallIntegerField(_("最少有效票数"), default=6)
    trim_above = models.PositiveSmallIntegerField(_("超过多少票时去掉最高最低分"), default=5)
    trim_count = models.PositiveSmallIntegerField(_("去掉最高、最低分各几个"), default=1)
    reject_uniform = models.BooleanField(_("所有部门同分的票无效"), default=True)
    improve_streak = models.PositiveSmallIntegerField(_("连续待改进几个季度提示"), default=2)
    created_by = user_ref(optional=True)

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["zone", "-version"]
        constraints = [models.UniqueConstraint(fields=["zone", "version"], name="scheme_unique_version")]

    def __str__(self) -> str:
        return _("考核方案 第%(v)s版") % {"v": self.version}

    def clean(self) -> None:
        from devzone.performance.schemes import validate_scheme

        errors = validate_scheme(self)
        if errors:
            raise ValidationError(errors)


class Round(DetailPage, ZoneRow):
    """The assessment of one zone's quarter, bound to the scheme version it opened with."""

    detail_view = "performance:round_detail"

    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("季度"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    scheme = ref(Scheme, _("考核方案"), related_name="rounds")
    status = models.CharField(
        _("环节"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.SATISFACTION
    )
    # aggregates only: how many ballots came in and how many were invalid (never which or when)
    ballots_cast = models.PositiveIntegerField(_("收回票数"), default=0)
    ballots_invalid = models.PositiveIntegerField(_("无效票数"), default=0)
    codes_issued = models.PositiveIntegerField(_("发放测评码"), default=0)
    voting_closed = models.BooleanField(_("测评已截止"), default=False)
    # names the round's ballot-box key file (performance/ballot_box.py); the key itself is never in the database
    box_key = models.UUIDField(null=True, blank=True, editable=False)
    # names the key of the ballots still in the inbox (``SealedBallot.pending``): a new one at each release, the
    # old one destroyed once the release commits (services.ballots.inbox_release, core.inbox)
    inbox_key = models.UUIDField(null=True, blank=True, editable=False)
    # names the key file the ballot codes' digests are keyed with (HMAC-SHA256, ``services.common.digest``),
    # beside the box's: a new one each time codes are printed, destroyed when voting closes. None: codes
    # printed before the keyed digest (their rows hold a plain SHA-256)
    code_key = models.UUIDField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    # 结算: the quarter's pay went into the payroll; grades and pay are locked from then on (corrections are
    # ``PayAdjustment`` rows paid in a later payroll)
    pay_closed_at = models.DateTimeField(_("结算时间"), null=True, blank=True)
    pay_closed_by = user_ref(optional=True)
    # the quarter's performance pool as it was paid, frozen at 结算 with the decision it rests on (the city's
    # assessment, blank when the pool was what the zone withheld from its own staff): a pool the city publishes
    # or changes afterwards does not move a paid quarter. Empty for quarters settled before it was kept (they
    # read the pool as before).
    pay_pool_fen = models.PositiveBigIntegerField(_("结算时的绩效奖金池（分）"), null=True, blank=True)
    pay_pool_reference = models.CharField(_("结算时奖金池的依据"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("考核轮次")
        verbose_name_plural = _("考核轮次")
        ordering = ["zone", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "year", "quarter"], name="round_unique_quarter"),
        ]

    def __str__(self) -> str:
        return _("%(y)s年第%(q)s季度考核") % {"y": self.year, "q": self.quarter}

    @property
    def is_published(self) -> bool:
        return self.status == RoundStatus.PUBLISHED

    @property
    def is_pay_closed(self) -> bool:
        return self.pay_closed_at is not None

    @property
    def revote_required(self) -> bool:
        """The ballot box was opened with fewer valid ballots than the scheme's minimum: that vote is void and
        the delegates vote again with new codes (``services.codes_generate``)."""
        return self.status == RoundStatus.VOTING and self.voting_closed


class DepartmentResult(ZoneOwned):
    """One department in a round: its components, composite, rank and coefficient (with any calibration),
    and the grade quota that follows from the coefficient."""

    scope_zone_path = "round__zone"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="results")
    department = ref("core.Department", _("部门"))
    department_type = models.CharField(_("部门类别"), max_length=10)
    headcount = models.PositiveSmallIntegerField(_("参与考核人数"), default=0)
    # who the headcount counted (staff ids, in 工号 order): the people in post in the department when the round
    # opened. They are graded and paid by this department for the quarter even if they leave or move on later;
    # a person who joins after the opening is not assessed in this round.
    members = models.JSONField(_("参与考核人员"), default=list, blank=True)
    satisfaction = models.DecimalField(
        _("企业满意度"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE_VALIDATORS
    )
    satisfaction_source = models.CharField(
        _("满意度来源"), max_length=10, choices=SatisfactionSource.choices, blank=True
    )
    # no count of ballots per department is kept: a ballot skips its own department, so the counts would tell
    # which department's delegate cast an invalid ballot or none (docs/performance.md, "Confidentiality design")
    democratic = models.DecimalField(_("民主测评"), max_digits=5, decimal_places=2, null=True, blank=True)
    leader = models.DecimalField(_("领导评分"), max_digits=5, decimal_places=2, null=True, blank=True)
    composite = models.DecimalField(_("综合得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)
    computed_coefficient = models.DecimalField(
        _("测算系数"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    coefficient = models.DecimalField(_("部门系数"), max_digits=3, decimal_places=2, null=True, blank=True)
    calibration_reason = models.CharField(_("校准理由"), max_length=300, blank=True)
    quota = models.JSONField(_("等次名额"), default=dict, blank=True)

    class Meta:
        verbose_name = _("部门考核结果")
        verbose_name_plural = _("部门考核结果")
        ordering = ["round", "department__order", "department__name"]
        constraints = [models.UniqueConstraint(fields=["round", "department"], name="result_unique_dept")]

    def __str__(self) -> str:
        return f"{self.round}·{self.department.name}"

    @property
    def calibrated(self) -> bool:
        return bool(self.calibration_reason)


class WorkReport(ZoneOwned):
    """A department head's report on the quarter (述职报告)."""

    scope_zone_path = "round__zone"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reports")
    department = ref("core.Department", _("部门"))
    file = models.FileField(upload_to="performance/reports/%Y/")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = user_ref()

    class Meta:
        verbose_name = _("述职报告")
        verbose_name_plural = _("述职报告")
        ordering = ["round", "department__order"]
        constraints = [models.UniqueConstraint(fields=["round", "department"], name="report_unique_dept")]

    def __str__(self) -> str:
        return self.original_name


class Delegate(ZoneOwned):
    """A delegate to the internal meeting (测评代表). Known by name; which ballot they cast is not."""

    scope_zone_path = "round__zone"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="delegates")
    department = ref("core.Department", _("部门"))
    staff = ref("core.Staff", _("代表"))
    nominated_by = user_ref()

    class Meta:
        verbose_name = _("测评代表")
        verbose_name_plural = _("测评代表")
        ordering = ["round", "department__order", "staff__employee_no"]
        constraints = [models.UniqueConstraint(fields=["round", "staff"], name="delegate_unique_staff")]

    def __str__(self) -> str:
        return self.staff.name


class BallotCode(models.Model):
    """A one-time ballot code: only its keyed digest (``Round.code_key``) and whether it was used. The department is the one whose
    delegates draw the slips (their ballot skips their own department); nothing ties a code to a person, and
    no timestamp says when it was used."""

    scope_zone_path = "round__zone"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="codes")
    department = ref("core.Department")
    digest = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("测评码")
        verbose_name_plural = _("测评码")

    def __str__(self) -> str:
        return str(_("测评码（已用）") if self.used else _("测评码"))


class SealedBallot(models.Model):
    """A cast ballot while the box is open: a random UUID key, the ciphertext, and nothing else (no code, no
    department, no time). ``pending``: in the inbox, written by the transaction that spent the code and sealed
    under the round's ``inbox_key``; released (``pending`` false): written again, under the round's ``box_key``,
    by a release of a batch of ballots in random order, in a transaction of its own (services.ballots,
    ``core.inbox``). Opened and deleted when voting closes."""

    scope_zone_path = "round__zone"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sealed_ballots")
    box = models.BinaryField()
    pending = models.BooleanField(default=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("密封选票")
        verbose_name_plural = _("密封选票")

    def __str__(self) -> str:
        return str(_("密封选票"))


class ScoreCount(models.Model):
    """How many valid ballots gave a department one score value: written once, when voting closes, from the
    opened box. Counts keep the trimmed mean exact and say nothing about which scores came together."""

    scope_zone_path = "round__zone"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="score_counts")
    department = ref("core.Department")
    score = models.DecimalField(max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)
    count = models.PositiveIntegerField()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("测评分计数")
        verbose_name_plural = _("测评分计数")
        constraints = [
            models.UniqueConstraint(fields=["round", "department", "score"], name="scorecount_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.score} × {self.count}"


class LeaderScore(ZoneOwned):
    """A main leader's score of a department (主要领导打分); seen by the tally staff only until publication."""

    scope_zone_path = "round__zone"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="leader_scores")
    department = ref("core.Department")
    leader = user_ref()
    score = models.DecimalField(_("评分"), max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)

    class Meta:
        verbose_name = _("领导评分")
        verbose_name_plural = _("领导评分")
        constraints = [
            models.UniqueConstraint(fields=["round", "department", "leader"], name="leaderscore_unique")
        ]


class StaffGrade(ZoneOwned, Versioned):
    """A staff member's grade in a round (个人等次), given by the department head within the quota.

    ``version`` moves on with every change of the grade (by the head, the leader or an appeal decision): the
    grades page and the API send the versions they showed, so a page saved after someone else changed a grade
    is refused (409) instead of silently putting it back (0: no grade yet)."""

    scope_zone_path = "round__zone"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="grades")
    staff = ref("core.Staff", _("工作人员"))
    department = ref("core.Department", _("部门"))
    grade = models.CharField(_("等次"), max_length=10, choices=Grade.choices)
    graded_by = user_ref()
    # the pay inputs as they stood when the head graded (a later change of the pay profile or the post does
    # not rewrite a published quarter's pay; saving the grades again takes the current figures)
    monthly_standard_fen = models.PositiveIntegerField(_("标准月薪（分）"), null=True, blank=True)
    post_coefficient = models.DecimalField(
        _("岗位价值系数"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    # the amounts other modules added to the quarter's pay (特岗特薪 …) as settled: [{key, label, fen,
    # reference}]; None until the quarter is settled (a decision approved later is paid as a 补发)
    paid_extras = models.JSONField(_("结算时的其他薪酬"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("个人等次")
        verbose_name_plural = _("个人等次")
        ordering = ["round", "department__order", "staff__employee_no"]
        constraints = [models.UniqueConstraint(fields=["round", "staff"], name="grade_unique_staff")]
        indexes = [models.Index(fields=["round", "department"])]

    def __str__(self) -> str:
        return f"{self.staff.name}：{self.get_grade_display()}"


class Appeal(ZoneOwned):
    """申诉: a staff member contests their grade; a leader decides and the decision is recorded."""

    scope_zone_path = "round__zone"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="appeals")
    grade = models.ForeignKey(StaffGrade, on_delete=models.CASCADE, related_name="appeals")
    reason = models.TextField(_("申诉理由"), max_length=2000)
    submitted_by = user_ref()
    status = models.CharField(
        _("状态"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    original_grade = models.CharField(_("原等次"), max_length=10, choices=Grade.choices)
    new_grade = models.CharField(_("改定等次"), max_length=10, choices=Grade.choices, blank=True)
    decision = models.TextField(_("处理意见"), blank=True)
    decided_by = user_ref(optional=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("申诉")
        verbose_name_plural = _("申诉")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return _("%(n)s的申诉") % {"n": self.grade.staff.name}


class AppealWindowRule(LawRule):
    """申诉期限 of a grade (个人等次), as data with its source (the law is data, never a constant in code): an
    appeal is taken until the ``days``-th working day (core calendar) after the day the round was published. The
    rule in force on the publication day applies; a change of the rule is a new row with its own
    ``effective_from`` (migration 0012 loads the default). Without a rule in force appeals have no time limit."""

    days = models.PositiveSmallIntegerField(
        _("申诉期限（工作日）"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    effective_from = models.DateField(_("施行日期"), unique=True)

    class Meta:
        verbose_name = _("个人等次申诉期限")
        verbose_name_plural = _("个人等次申诉期限")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.days} {self.basis}"


class PayProfile(ZoneRow):
    """A staff member's standard monthly pay (标准月薪, in fen): the former full salary the guaranteed share
    and the performance pool are cut from."""

    staff = ref("core.Staff", _("工作人员"), on_delete=models.CASCADE, related_name="pay_profile", one=True)
    monthly_standard_fen = models.PositiveIntegerField(
        _("标准月薪（分）"), validators=[MinValueValidator(1), MaxValueValidator(100_000_000)]
    )
    note = models.CharField(_("备注"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("薪酬档案")
        verbose_name_plural = _("薪酬档案")
        ordering = ["zone", "staff__department__order", "staff__employee_no"]

    def __str__(self) -> str:
        return f"{self.staff.name}：{self.monthly_standard_fen / 100:.2f}"

    def clean(self) -> None:
        if self.staff_id and self.zone_id and self.staff.zone_id != self.zone_id:
            raise ValidationError({"staff": _("工作人员不属于该开发区")})


class PayAdjustment(ZoneOwned):
    """补发/扣回: a correction of a closed quarter's pay, paid in a later payroll. Never edited or deleted: a
    mistaken adjustment is corrected by another one; who and when are on the row and in the audit trail."""

    scope_zone_path = "round__zone"

    round = ref(Round, _("所属考核季度"), related_name="adjustments")
    staff = ref("core.Staff", _("工作人员"))
    kind = models.CharField(_("类别"), max_length=12, choices=AdjustmentKind.choices)
    amount_fen = models.PositiveIntegerField(
        _("金额（分）"), validators=[MinValueValidator(1), MaxValueValidator(100_000_000)]
    )
    reason = models.CharField(_("事由"), max_length=500)
    payroll_month = models.DateField(_("随哪月工资发放"), help_text=_("该月1日"))
    created_by = user_ref(_("经办人"))

    class Meta:
        verbose_name = _("补发扣回")
        verbose_name_plural = _("补发扣回")
        ordering = ["round", "payroll_month", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.staff.name}：{self.amount_fen / 100:.2f}"

    @property
    def recorded_by(self) -> str:
        """Who recorded it: the name on the profile, else the login."""
        profile = getattr(self.created_by, "profile", None)
        return (profile.display_name if profile else "") or self.created_by.get_username()

    @property
    def signed_fen(self) -> int:
        """The amount as it enters the payroll: positive for 补发, negative for 扣回."""
        return self.amount_fen if self.kind == AdjustmentKind.SUPPLEMENT else -self.amount_fen
