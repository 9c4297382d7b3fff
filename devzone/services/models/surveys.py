"""The satisfaction survey's rows: the survey, its one-use links, and — while it is open — the sealed answers and
the answers per address; after closing, the counts and the comments (services/answer_box.py)."""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from devzone.core.models.base import DetailPage, ZoneRow, user_ref
from devzone.services.choices import RatingLevel, SurveyStatus


class Survey(DetailPage, ZoneRow):
    """企业满意度测评 of one quarter: the service departments rated by every enterprise served in the quarter."""

    detail_view = "services:survey_detail"

    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(
        _("季度"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.OPEN
    )
    departments = models.ManyToManyField("core.Department", related_name="+", verbose_name=_("测评部门"))
    opened_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)
    created_by = user_ref()
    # names the survey's sealed-box key file (core.sealbox); the key itself is never in the database
    box_key = models.UUIDField(null=True, blank=True, editable=False)
    # names the key of the answers still in the inbox (``SealedAnswer.pending``): a new one at each release, the
    # old one destroyed once the release commits (services.surveys.inbox_release)
    inbox_key = models.UUIDField(null=True, blank=True, editable=False)
    # written at closing: answers per network address, e.g. {"answers": 40, "addresses": 31, "most_from_one": 6}
    address_report = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("满意度测评")
        verbose_name_plural = _("满意度测评")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "year", "quarter"], name="survey_one_per_quarter")
        ]

    def __str__(self) -> str:
        # in the reader's language (the active one), wherever it is shown
        return gettext("%(y)d年第%(q)d季度企业满意度测评") % {"y": self.year, "q": self.quarter}


class SurveyLink(models.Model):
    """A one-use link sent to one enterprise: only the token's SHA-256 is stored, and ``used`` is the only trace
    of the answer (no time, no link to the answer rows)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="links")
    enterprise = models.ForeignKey("core.Enterprise", on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "enterprise"], name="surveylink_one_per_enterprise")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.enterprise_id}"


class SealedAnswer(models.Model):
    """One enterprise's answer while the survey is open (``core.sealbox``): a random key and the ciphertext,
    nothing else — no link, no enterprise, no time, no department. ``pending``: in the inbox, written by the
    transaction that spent the link and sealed under the survey's ``inbox_key``; released (``pending`` false):
    written again, under the survey's ``box_key``, by a release of a batch of answers in random order, in a
    transaction of its own (services.surveys.inbox_release)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sealed_answers")
    box = models.BinaryField()
    pending = models.BooleanField(default=False)

    def __str__(self) -> str:
        return str(_("密封答卷"))


class AnswerCount(models.Model):
    """How many answers gave a department one level on one question: written once, when the survey closes,
    from the opened answers. Counts are all the statistics need and say nothing about which answers came
    together."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answer_counts")
    department = models.ForeignKey("core.Department", on_delete=models.CASCADE, related_name="+")
    question = models.CharField(max_length=12)  # overall, efficiency, attitude
    level = models.PositiveSmallIntegerField(choices=RatingLevel.choices)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "department", "question", "level"], name="answercount_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}={self.level} × {self.count}"


class SurveyComment(models.Model):
    """A free comment of an answer, kept apart from its levels (written at closing, in random order)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="comments")
    text = models.CharField(_("意见建议"), max_length=500)

    def __str__(self) -> str:
        return self.text[:30]


class SurveyAddress(models.Model):
    """How many answers of an open survey came from one network address — the address only as a keyed hash
    under the survey's own key, so that it cannot be named once the survey closes. Read for the report of
    suspicious patterns (many answers from one address); deleted at closing."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="addresses")
    address_mac = models.CharField(max_length=64)
    answers = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "address_mac"], name="surveyaddress_unique")]

    def __str__(self) -> str:
        return f"{self.address_mac[:8]} × {self.answers}"
