"""Open recruitment (公开招聘): the city's campaign (公告), its openings per zone and post (岗位), the candidates who
register on the public portal, their registrations (报名), and scores entered twice by two clerks.

A campaign belongs to the city (its personnel office publishes it); an opening and the registrations for it belong
to the opening's zone; a candidate is a person of the public with an account of their own and sees only their own
rows. Identity and phone numbers are stored sealed (``personnel.vault``) and found by a keyed digest; lists show
only the masked forms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from devzone.core.choices import Education
from devzone.core.models.base import LawRule, ScopedManager, ScopedQuerySet, ZoneOwned, ref
from devzone.personnel.choices import (
    CampaignStatus,
    EmployerType,
    ExamStage,
    OpeningStatus,
    Political,
    RegistrationStatus,
)

SCORE = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


def exam_date_refusals(
    closes: dt.datetime | None, written_exam_on: dt.date | None, interview_on: dt.date | None
) -> dict[str, str]:
    """What the announcement's exam dates break, by field: the written exam comes after the day registration
    closes (Beijing time; screening comes between), the interview after the written exam (or, without one, after
    registration closes). One rule for the model, the page's form and the API's body."""
    closes_on = timezone.localdate(closes) if closes is not None and timezone.is_aware(closes) else None
    refusals = {}
    if written_exam_on is not None and closes_on is not None and written_exam_on <= closes_on:
        refusals["written_exam_on"] = _("笔试日期须晚于报名截止日期")
    if interview_on is not None:
        if written_exam_on is not None and interview_on <= written_exam_on:
            refusals["interview_on"] = _("面试日期须晚于笔试日期")
        elif written_exam_on is None and closes_on is not None and interview_on <= closes_on:
            refusals["interview_on"] = _("面试日期须晚于报名截止日期")
    return refusals


class RecruitmentCampaign(models.Model):
    """招聘公告: one national campaign of the city, with its stages, ratio, weights and publicity period."""

    city = models.ForeignKey("core.City", on_delete=models.PROTECT, related_name="+", verbose_name=_("城市"))
    title = models.CharField(_("公告名称"), max_length=120)
    announcement = models.TextField(_("公告正文"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT, db_index=True
    )
    registration_opens = models.DateTimeField(_("报名开始"))
    registration_closes = models.DateTimeField(_("报名截止"))
    written_exam_on = models.DateField(_("笔试日期"), null=True, blank=True)
    interview_on = models.DateField(_("面试日期"), null=True, blank=True)
    exam_ratio = models.PositiveSmallIntegerField(
        _("开考比例（1:N）"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    written_weight = models.DecimalField(
        _("笔试成绩权重"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0.30")), MaxValueValidator(Decimal(1))],
    )
    written_pass_line = models.DecimalField(
        _("笔试合格分数线"), max_digits=5, decimal_places=2, default=Decimal(60), validators=SCORE
    )
    publicity_days = models.PositiveSmallIntegerField(
        _("公示期（工作日）"),
        default=7,
        # the legal minimum is data with its source (``PublicityRule``, checked in ``clean``), not this floor
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_zone_path = None
    scope_city_path = "city"
    scope_public = True  # a published campaign is read by anyone on the portal (views choose published ones)

    class Meta:
        verbose_name = _("招聘公告")
        verbose_name_plural = _("招聘公告")
        ordering = ["-registration_opens", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(registration_closes__gt=models.F("registration_opens")),
                name="personnel_campaign_window",
                violation_error_message=_("报名截止须晚于报名开始"),
            ),
            models.CheckConstraint(
                condition=models.Q(written_weight__gte=Decimal("0.30"), written_weight__lte=1),
                name="personnel_campaign_written_weight",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        refusals = exam_date_refusals(self.registration_closes, self.written_exam_on, self.interview_on)
        if (publicity := publicity_days_refusal(self.publicity_days)) is not None:
            refusals["publicity_days"] = publicity
        if refusals:
            raise ValidationError(refusals)

    def get_absolute_url(self) -> str:
        return reverse("personnel:campaign_detail", args=[self.pk])


class Opening(ZoneOwned):
    """岗位: a post in one zone with its headcount and requirements. The exam ratio may cut or cancel it after
    registration closes; the decision, its reason and who took it are kept."""

    campaign = models.ForeignKey(
        RecruitmentCampaign, on_delete=models.PROTECT, related_name="openings", verbose_name=_("招聘公告")
    )
    zone = ref("core.Zone", _("开发区"))
    code = models.CharField(_("岗位代码"), max_length=20)
    title = models.CharField(_("岗位名称"), max_length=80)
    leadership = models.BooleanField(_("领导岗位"), default=False)
    headcount = models.PositiveSmallIntegerField(_("招聘人数"), validators=[MinValueValidator(1)])
    education_min = models.CharField(_("学历要求"), max_length=10, choices=Education.choices)
    majors = models.CharField(_("专业要求"), max_length=200, blank=True, help_text=_("以顿号分隔；空为不限"))
    age_max = models.PositiveSmallIntegerField(_("年龄上限"), null=True, blank=True)
    experience_years = models.PositiveSmallIntegerField(_("工作年限要求"), default=0)
    party_member_only = models.BooleanField(_("限中共党员"), default=False)
    status = models.CharField(
        _("开考状态"), max_length=10, choices=OpeningStatus.choices, default=OpeningStatus.OPEN
    )
    final_headcount = models.PositiveSmallIntegerField(_("核定招聘人数"), null=True, blank=True)
    decision_note = models.CharField(_("开考比例处理说明"), max_length=300, blank=True)
    # the qualified applicants the exam ratio was applied to (``campaigns.opening_apply_ratio``): an opening that
    # reached the ratio keeps no note of its own, its line is written from these figures in the reader's language
    ratio_qualified = models.PositiveIntegerField(_("核定时合格人数"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("招聘岗位")
        verbose_name_plural = _("招聘岗位")
        ordering = ["campaign", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "code"],
                name="personnel_opening_code",
                violation_error_message=_("本公告中已有该岗位代码"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("personnel:opening_detail", args=[self.pk])

    @property
    def decision_text(self) -> str:
        """What the exam ratio decided, in the reader's language: the officer's note of a cut or a cancellation
        as written, or the figures of an opening that reached the ratio."""
        if self.decision_note:
            return self.decision_note
        if self.ratio_qualified is None:
            return ""
        return gettext("合格人数 %(q)d，达到开考比例 1:%(r)d") % {
            "q": self.ratio_qualified,
            "r": self.campaign.exam_ratio,
        }

    @property
    def seats(self) -> int:
        return self.headcount if self.final_headcount is None else self.final_headcount


class Candidate(models.Model):
    """应聘人员: a person of the public, with one profile used for every application."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="candidate", verbose_name=_("账号")
    )
    city = models.ForeignKey("core.City", on_delete=models.PROTECT, related_name="+", verbose_name=_("城市"))
    name = models.CharField(_("姓名"), max_length=30)
    id_sealed = models.BinaryField(_("身份证号码（加密）"), editable=False)
    id_digest = models.CharField(max_length=64, editable=False)
    id_masked = models.CharField(_("身份证号码"), max_length=18, editable=False)
    phone_sealed = models.BinaryField(_("手机号码（加密）"), editable=False)
    phone_digest = models.CharField(max_length=64, editable=False, db_index=True)
    phone_masked = models.CharField(_("手机号码"), max_length=11, editable=False)
    birth_date = models.DateField(_("出生日期"))
    male = models.BooleanField(_("男"))
    education = models.CharField(_("最高学历"), max_length=10, choices=Education.choices)
    school = models.CharField(_("毕业院校"), max_length=80)
    double_first_class = models.BooleanField(_("双一流高校"), default=False, editable=False)
    major = models.CharField(_("专业"), max_length=60)
    graduated_on = models.DateField(_("毕业时间"))
    experience_years = models.PositiveSmallIntegerField(_("工作年限"), default=0)
    political = models.CharField(_("政治面貌"), max_length=12, choices=Political.choices)
    province = models.CharField(_("生源地（省份）"), max_length=20)
    employer_type = models.CharField(_("现工作单位性质"), max_length=12, choices=EmployerType.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()
    scope_zone_path = None
    scope_city_path = "city"
    scope_self_path = "user"

    class Meta:
        verbose_name = _("应聘人员")
        verbose_name_plural = _("应聘人员")
        constraints = [
            models.UniqueConstraint(fields=["city", "id_digest"], name="personnel_candidate_identity")
        ]

    def __str__(self) -> str:
        return self.name


class RegistrationQuerySet(ScopedQuerySet):
    """Registrations that remember whose reach ``for_user`` narrowed them to (``reach``: the user and the
    action), so that figures computed from them take the other rows they need in the same reach: the campaign
    statistics divide a zone officer's applicants by the seats of that zone's openings, not the city's
    (``selectors.campaign_statistics``)."""

    reach: tuple | None = None

    def for_user(self, user, action: str = "view") -> RegistrationQuerySet:
        scoped = super().for_user(user, action)._chain()
        scoped.reach = (user, action)
        return scoped

    def _clone(self):
        clone = super()._clone()
        clone.reach = self.reach
        return clone

    def with_precheck_ran(self) -> RegistrationQuerySet:
        """Each row's ``precheck_ran``: whether the automatic pre-check ran (``selectors.prechecked``, for a list
        read a page at a time)."""
        ran = RegistrationEvent.objects.filter(registration=models.OuterRef("pk"), from_status="")
        return self.annotate(precheck_ran=models.Exists(ran))


class Registration(ZoneOwned):
    """报名: one candidate's application to one opening; one per campaign."""

    # No index of their own for the campaign and the opening: the one-per-campaign constraint (campaign, candidate)
    # and (opening, status) begin with them. An application under a deadline surge updates every index there is.
    campaign = models.ForeignKey(
        RecruitmentCampaign,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("招聘公告"),
        db_index=False,
    )
    opening = models.ForeignKey(
        Opening,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("报考岗位"),
        db_index=False,
    )
    zone = ref("core.Zone", _("开发区"))
    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("应聘人员")
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=RegistrationStatus.choices, default=RegistrationStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("提交时间"))
    precheck = models.JSONField(_("自动预审"), default=list, blank=True)
    # 资料更正待复核: the qualifying facts (``candidates.QUALIFYING_FIELDS``) as this registration was screened on
    # them, kept when the candidate corrected their profile afterwards, until the recruiting unit re-reviews the
    # correction (``registrations.registration_recheck``). None: the registration stands on the current profile.
    reviewed_profile = models.JSONField(_("审核所依据的报名信息"), null=True, blank=True, editable=False)
    screening_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    ticket = models.CharField(_("准考证号"), max_length=20, blank=True)
    room = models.CharField(_("考场"), max_length=20, blank=True)
    seat = models.PositiveSmallIntegerField(_("座位号"), null=True, blank=True)
    written_score = models.DecimalField(
        _("笔试成绩"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE
    )
    interview_score = models.DecimalField(
        _("面试成绩"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE
    )
    composite = models.DecimalField(_("综合成绩"), max_digits=5, decimal_places=2, null=True, blank=True)
    # 加试: entered for the applicants tied across the last (or a freed) seat, by two clerks like every score;
    # set only when they agree (``exams.score_enter``), and then it orders the tie (``selection.rank``).
    extra_score = models.DecimalField(
        _("加试成绩"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE
    )
    # 再次加试: when the 加试 ends equal across the seat, those still tied sit another round; the agreed score of
    # each further round (第2轮, 第3轮 …) is appended here as text ("85.50"), oldest first, never overwritten —
    # ``extra_score`` stays the first round's (``selection.rank`` orders the tie round by round).
    extra_retests = models.JSONField(_("再次加试成绩"), default=list, blank=True)
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)
    # equal on every score that counts with another candidate still in the running (one who withdrew or failed a
    # hiring step ties nobody: ``hiring.move_up`` clears the flag of the one left)
    tied = models.BooleanField(_("成绩并列待加试"), default=False)
    # the stage the candidate gave up at (放弃): what had been published to them then stays published
    withdrawn_from = models.CharField(
        _("放弃时的状态"), max_length=16, choices=RegistrationStatus.choices, blank=True
    )
    version = models.PositiveIntegerField(default=1)

    objects = models.Manager.from_queryset(RegistrationQuerySet)()
    scope_self_path = "candidate__user"

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["opening", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "candidate"], name="personnel_one_opening_per_campaign"
            ),
            models.UniqueConstraint(
                fields=["campaign", "ticket"],
                condition=~models.Q(ticket=""),
                name="personnel_one_ticket_number",
            ),
        ]
        indexes = [models.Index(fields=["opening", "status"], name="personnel_reg_opening_status")]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.opening}"

    @property
    def precheck_reasons(self) -> list[str]:
        """The automatic pre-check's findings in the reader's language (stored as codes: ``eligibility.reason``)."""
        from devzone.personnel.eligibility import reasons

        return reasons(self.precheck)

    @property
    def precheck_text(self) -> str:
        """The findings as one line, joined in the reader's language (``eligibility.reasons_text``)."""
        from devzone.personnel.eligibility import reasons_text

        return reasons_text(self.precheck)

    @property
    def tied_in_running(self) -> bool:
        """并列 as the opening's standing shows it: a candidate who left the running (放弃, 未聘用) keeps the rank and
        flag they had, on their own page, but the standing others read shows no tie of theirs."""
        return self.tied and self.status in (RegistrationStatus.RANKED, RegistrationStatus.HIRED)

    @property
    def extra_rounds(self) -> tuple[Decimal, ...]:
        """The agreed 加试 scores, round by round (empty before the first counts)."""
        if self.extra_score is None:
            return ()
        return (self.extra_score, *(Decimal(s) for s in self.extra_retests))

    def published_results(self) -> dict:
        """What the candidate reads of their results: the written score once the interview shortlist is drawn up
        (``exams.shortlist_opening``), the interview score, composite and rank once the opening is ranked and the
        ranking published (``exams.rank_opening``), the 加试 scores as soon as they count (two clerks agree);
        nothing of a stage before. A candidate who gave up keeps reading what had been published to them then
        (``withdrawn_from``): the written score when they left 进入面试, everything when they left after the
        ranking (their rank as it stood). Staff read every score as entered."""
        ranked = self.rank is not None
        written = (
            ranked
            or self.status in (RegistrationStatus.SHORTLISTED, RegistrationStatus.NOT_SHORTLISTED)
            or (
                self.status == RegistrationStatus.WITHDRAWN
                and self.withdrawn_from == RegistrationStatus.SHORTLISTED
            )
        )
        return {
            "written_score": self.written_score if written else None,
            "interview_score": self.interview_score if ranked else None,
            "composite": self.composite if ranked else None,
            "rank": self.rank if ranked else None,
            "tied": self.tied if ranked else False,
            "extra_score": self.extra_score if ranked else None,
            "extra_rounds": self.extra_rounds if ranked else (),
        }

    def get_absolute_url(self) -> str:
        return reverse("personnel:registration_detail", args=[self.pk])


class RegistrationEvent(models.Model):
    """Each recorded step of a registration (submitted, screened, shortlisted, ranked, hired …)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, choices=RegistrationStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=RegistrationStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    scope_zone_path = "registration__zone"
    scope_self_path = "registration__candidate__user"

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.from_status} → {self.to_status}"


class ScoreEntry(models.Model):
    """One clerk's entry of one score. A score counts only when two different clerks entered the same value;
    a mismatch is shown to both and neither value counts until one corrects theirs."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="score_entries")
    stage = models.CharField(_("考试环节"), max_length=10, choices=ExamStage.choices)
    # 加试 only: the round (a second round when the first ended equal); the earlier rounds' entries are kept
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("成绩"), max_digits=5, decimal_places=2, validators=SCORE)
    at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_zone_path = "registration__zone"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "stage", "round", "clerk"], name="personnel_score_once_per_clerk"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.stage} {self.score}"


class RegistrationRecusal(models.Model):
    """回避 (《事业单位公开招聘人员暂行规定》第二十七条): a member of the recruitment's staff declares a conflict —
    夫妻关系、直系血亲关系、三代以内旁系血亲或者近姻亲关系 — with the candidate of one registration. From then on
    they take no part in it: its 资格审核 and 复核, its scores and its hiring steps refuse them
    (``services.registrations.refuse_recused``). A declaration is kept, never withdrawn; it is audited."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="recusals", verbose_name=_("报名")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("回避人员")
    )
    reason = models.CharField(_("回避事由"), max_length=300)
    declared_at = models.DateTimeField(_("声明时间"), auto_now_add=True)

    objects = ScopedManager()
    scope_zone_path = "registration__zone"

    class Meta:
        verbose_name = _("回避声明")
        verbose_name_plural = _("回避声明")
        ordering = ["declared_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "user"],
                name="personnel_recusal_once",
                violation_error_message=_("您已就该报名声明回避"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.user_id}"


class PublicityRule(LawRule):
    """公示期的法定下限 of a recruitment, as data with its source (the law is data, never a constant in code): a
    campaign's ``publicity_days`` may not be fewer than the ``min_days`` working days of the rule in force on the
    day it is set (《事业单位公开招聘人员暂行规定》第二十五条：公示期一般为7至15日 — migration loads it). A change
    of the law is a new row with its own ``effective_from``."""

    min_days = models.PositiveSmallIntegerField(
        _("公示期下限（工作日）"), validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    effective_from = models.DateField(_("施行日期"), unique=True)

    class Meta:
        verbose_name = _("招聘公示期下限")
        verbose_name_plural = _("招聘公示期下限")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.min_days} {self.basis}"


def publicity_days_refusal(days: int | None, day: dt.date | None = None) -> str | None:
    """Why ``days`` working days of 公示 break the law in force (None when they do not): one rule for the model,
    the page's form and the API's body, naming its source."""
    if days is None:
        return None
    rule = PublicityRule.in_force(day)
    if rule is None or days >= rule.min_days:
        return None
    return _("公示期不得少于%(n)d个工作日（%(basis)s）") % {"n": rule.min_days, "basis": rule.basis}
