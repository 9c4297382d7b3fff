"""竞聘上岗: a zone puts posts up for competition; its staff apply (eligibility by rank, years of service and the last
annual review); speeches and the democratic evaluation are scored; the best per post are appointed after a
publicity period of at least the working days the law sets (``CompetitionPublicityRule``; the calendar counts
them); then the posts change hands and those
who held a competed post and won none are flagged 竞聘落聘 for rigid elimination. The before/after figures
(average age, education, people promoted from lower posts) are computed from the entries."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from devzone.core.calendar import CalendarError
from devzone.core.choices import Rank
from devzone.core.models.base import LawRule, ScopedManager, ZoneRow, ref, user_ref
from devzone.core.workdays import get_calendar
from devzone.personnel.choices import CompetitionStatus, EntryStatus

SCORE = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class Competition(ZoneRow):
    title = models.CharField(_("名称"), max_length=100)
    status = models.CharField(
        _("状态"), max_length=10, choices=CompetitionStatus.choices, default=CompetitionStatus.OPEN
    )
    min_years = models.PositiveSmallIntegerField(_("最低任职年限"), default=2)
    speech_weight = models.DecimalField(
        _("竞聘演讲权重"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.60"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )
    # at least the minimum of the rule in force when the competition is put up (``CompetitionPublicityRule``)
    publicity_days = models.PositiveSmallIntegerField(
        _("公示期（工作日）"), default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    publicity_from = models.DateField(_("公示开始"), null=True, blank=True)
    publicity_until = models.DateField(_("公示截止"), null=True, blank=True)
    decided_on = models.DateField(_("任用日期"), null=True, blank=True)
    # who held the competed posts when the ranking was published: [[age, education], …] (the "before" figures)
    holders_before = models.JSONField(_("原任职人员"), default=list, blank=True)
    # 破格: posts opened to ranks further below than ``PromotionRule`` admits, on the written approval it names
    exceptional = models.BooleanField(_("破格（越级）竞聘"), default=False)
    exceptional_basis = models.CharField(_("破格批准依据"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("竞聘上岗")
        verbose_name_plural = _("竞聘上岗")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("personnel:competition_detail", args=[self.pk])

    @property
    def publicity_ends(self):
        """``publicity_end()`` for the pages."""
        return self.publicity_end()

    def publicity_end(self, calendar=None):
        """公示's last day while it runs: its start plus ``publicity_days`` working days by the calendar as it stands
        now (a correction made meanwhile moves it; ``calendar``: the one already read, for a list of rows);
        ``publicity_until`` is the day projected when it began, and the day it ended once the appointment is
        made. None before the ranking is published."""
        if self.publicity_from is None:
            return None
        if self.status != CompetitionStatus.PUBLICITY:
            return self.publicity_until
        try:
            return (calendar or get_calendar()).add_workdays(self.publicity_from, self.publicity_days)
        except CalendarError:  # a year the calendar cannot count: the day projected at the start
            return self.publicity_until


class PromotionRule(LawRule):
    """逐级晋升 in a competition, as data with its source (the law is data, never a constant in code): the lowest
    rank a post may be opened to (``CompetitionPost.min_rank``) is at most ``max_steps`` ranks below the post's own
    (1: the next lower rank; equal ranks are a lateral move, always open); and nobody is appointed to a post more
    than ``max_steps`` ranks above their own. Further only as 破格, with the written approval recorded on the
    competition (``Competition.exceptional_basis``). The rule in force on the day the competition is put up applies
    to it; a change of the law is a new row with its own ``effective_from`` (migration 0016 loads 《党政领导干部
    选拔任用工作条例》第九条). Without a rule in force the ranks are free, as before."""

    max_steps = models.PositiveSmallIntegerField(
        _("最多低于岗位职级的级数"), validators=[MinValueValidator(0), MaxValueValidator(3)]
    )
    effective_from = models.DateField(_("施行日期"), unique=True)

    class Meta:
        verbose_name = _("竞聘逐级晋升规则")
        verbose_name_plural = _("竞聘逐级晋升规则")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.max_steps} {self.basis}"


class CompetitionPublicityRule(LawRule):
    """任职前公示's legal minimum for a competition's appointees, as data with its source (the law is data, never a
    constant in code): a competition's ``publicity_days`` may not be fewer than the ``min_days`` working days of
    the rule in force on the day it is put up (《党政领导干部选拔任用工作条例》：公示期不少于五个工作日 — migration
    0017 loads it). A change of the law is a new row with its own ``effective_from``."""

    min_days = models.PositiveSmallIntegerField(
        _("公示期下限（工作日）"), validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    effective_from = models.DateField(_("施行日期"), unique=True)

    class Meta:
        verbose_name = _("竞聘公示期下限")
        verbose_name_plural = _("竞聘公示期下限")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.min_days} {self.basis}"


def competition_publicity_refusal(days: int | None, day=None) -> str | None:
    """Why ``days`` working days of a competition's 公示 break the rule in force on ``day`` (None when they do
    not): one rule for the page's form and the service (the API answers 400 with it), naming its source."""
    if days is None:
        return None
    rule = CompetitionPublicityRule.in_force(day)
    if rule is None or days >= rule.min_days:
        return None
    return _("公示期不得少于%(n)d个工作日（%(basis)s）") % {"n": rule.min_days, "basis": rule.basis}


class CompetitionPost(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="posts")
    post = models.ForeignKey("core.Post", on_delete=models.PROTECT, related_name="+", verbose_name=_("岗位"))
    seats = models.PositiveSmallIntegerField(_("职数"), default=1, validators=[MinValueValidator(1)])
    min_rank = models.CharField(_("最低职级"), max_length=20, choices=Rank.choices, default=Rank.STAFF)

    objects = ScopedManager()
    scope_zone_path = "competition__zone"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["competition", "post"], name="personnel_post_once")]

    def __str__(self) -> str:
        return str(self.post)


class CompetitionEntry(models.Model):
    """One person's application to one post of a competition. An entry the person withdrew (本人撤回, while the
    competition took applications) is kept as ``WITHDRAWN`` with the time, for the office's record, and counts
    for nothing after: not scored, ranked or counted, and it does not stop the person applying again."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="entries")
    target = models.ForeignKey(CompetitionPost, on_delete=models.CASCADE, related_name="entries")
    staff = ref("core.Staff", _("工作人员"))
    status = models.CharField(
        _("状态"), max_length=14, choices=EntryStatus.choices, default=EntryStatus.APPLIED
    )
    eligibility = models.JSONField(_("资格审查"), default=list, blank=True)
    previous_post = models.ForeignKey(
        "core.Post",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("原岗位"),
    )
    previous_rank = models.CharField(_("原职级"), max_length=20, choices=Rank.choices)
    age = models.PositiveSmallIntegerField(_("年龄"))
    speech_score = models.DecimalField(
        _("演讲得分"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE
    )
    evaluation_score = models.DecimalField(
        _("测评得分"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE
    )
    total = models.DecimalField(_("综合得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    objects = ScopedManager()
    scope_zone_path = "competition__zone"

    class Meta:
        ordering = ["target", "rank", "pk"]
        constraints = [
            # one live entry per person and competition; the withdrawn ones they leave behind do not count
            models.UniqueConstraint(
                fields=["competition", "staff"],
                condition=~models.Q(status=EntryStatus.WITHDRAWN),
                name="personnel_one_entry_per_competition",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} → {self.target}"


class TieDecision(models.Model):
    """党工委/管委会研究确定: which of the entrants tied across a post's last seat take the seat(s), and why. Kept with
    the tie it settled (the entries equal on both scores when it was taken): ``competition_publish`` follows it
    only while that is still the tie, so a score changed afterwards asks for a new decision."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="tie_decisions")
    target = models.OneToOneField(
        CompetitionPost, on_delete=models.CASCADE, related_name="tie_decision", verbose_name=_("竞聘岗位")
    )
    tied = models.JSONField(_("末位并列人员"), default=list)  # entry ids, sorted
    chosen = models.JSONField(_("确定人选"), default=list)  # entry ids, sorted
    reason = models.CharField(_("研究确定理由"), max_length=300)
    decided_by = user_ref(_("决定人"))
    decided_at = models.DateTimeField(_("决定时间"), auto_now=True)

    objects = ScopedManager()
    scope_zone_path = "competition__zone"

    class Meta:
        verbose_name = _("末位并列研究确定")
        verbose_name_plural = _("末位并列研究确定")

    def __str__(self) -> str:
        return f"{self.target}: {self.reason}"
