"""企业服务: service requests (企业诉求) with their routing and replies, the one store of 好差评 ratings (for
approval applications, requests and the agency service of key projects) with follow-ups (整改) and appeals
(申诉), the quarterly satisfaction survey, and the support-measures plan of an enterprise (一企一策)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from devzone.core.models.base import (
    DetailPage,
    ScopedManager,
    Upload,
    Versioned,
    ZoneOwned,
    ZoneRow,
    ZoneSettings,
    actor_ref,
    clock_ref,
    ref,
    user_ref,
)
from devzone.services.choices import (
    AppealStatus,
    FollowUpStatus,
    MeasureStatus,
    RatingLevel,
    RequestCategory,
    RequestStatus,
    SubjectKind,
)
from devzone.services.models.surveys import (  # the survey's rows, in their own module
    AnswerCount as AnswerCount,
)
from devzone.services.models.surveys import (
    SealedAnswer as SealedAnswer,
)
from devzone.services.models.surveys import (
    Survey as Survey,
)
from devzone.services.models.surveys import (
    SurveyAddress as SurveyAddress,
)
from devzone.services.models.surveys import (
    SurveyComment as SurveyComment,
)
from devzone.services.models.surveys import (
    SurveyLink as SurveyLink,
)

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class ServiceSettings(ZoneSettings, Versioned):
    """A zone's settings of the service module (one row per zone, created with defaults when first read). Versioned:
    the page posts every setting, so a save from a page read before another leader's change would silently put the
    old values back."""

    followup_days = models.PositiveSmallIntegerField(
        _("整改回访时限（工作日）"), default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    auto_rate_enabled = models.BooleanField(_("逾期未评自动默认评价"), default=True)
    auto_rate_days = models.PositiveSmallIntegerField(
        _("默认评价期限（自然日）"), default=7, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    request_default_days = models.PositiveSmallIntegerField(
        _("诉求默认办理时限（工作日）"), default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    survey_departments = models.ManyToManyField(
        "core.Department", blank=True, related_name="+", verbose_name=_("满意度测评部门")
    )

    class Meta:
        verbose_name = _("企业服务设置")
        verbose_name_plural = _("企业服务设置")


class RoutingRule(ZoneOwned):
    """诉求分派: a request of this category goes to this department, with this deadline in working days."""

    zone = ref("core.Zone", _("开发区"), on_delete=models.CASCADE)
    category = models.CharField(_("诉求类别"), max_length=20, choices=RequestCategory.choices)
    department = ref("core.Department", _("承办部门"))
    deadline_days = models.PositiveSmallIntegerField(
        _("办理时限（工作日）"), default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )

    class Meta:
        verbose_name = _("诉求分派规则")
        verbose_name_plural = _("诉求分派规则")
        ordering = ["zone", "category"]
        constraints = [models.UniqueConstraint(fields=["zone", "category"], name="routing_unique_category")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} → {self.department}"


class ServiceRequest(DetailPage, ZoneRow, Versioned):
    """企业诉求: raised by an enterprise, routed to a department, answered within a deadline in working days."""

    detail_view = "services:request_detail"

    scope_enterprise_path = "enterprise"

    number = models.CharField(_("诉求编号"), max_length=30, unique=True)
    enterprise = ref("core.Enterprise", _("企业"), related_name="service_requests")
    category = models.CharField(_("诉求类别"), max_length=20, choices=RequestCategory.choices)
    title = models.CharField(_("标题"), max_length=100)
    description = models.TextField(_("诉求内容"))
    contact_name = models.CharField(_("联系人"), max_length=30, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    department = ref("core.Department", _("承办部门"))
    assignee = user_ref(_("承办人"), optional=True)
    submitted_by = user_ref()
    submitted_on = models.DateField(_("提交日期"))
    clock = clock_ref(_("时限"))
    due_on = models.DateField(_("办理期限"), null=True, blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    refuse_reason = models.TextField(_("不予受理理由"), blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("企业诉求")
        verbose_name_plural = _("企业诉求")
        ordering = ["-submitted_on", "-id"]
        indexes = [
            models.Index(fields=["zone", "status"]),
            models.Index(fields=["zone", "-submitted_on", "-id"], name="request_zone_recent"),
            # an enterprise's requests, newest first, walked from the index (the enterprise file, the portal)
            models.Index(fields=["enterprise", "-submitted_on", "-id"], name="request_enterprise_recent"),
            models.Index(fields=["department", "status"]),
            models.Index(fields=["assignee", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    # What the reader of the row reads (``selectors.request_list`` marks ``rated_hidden`` for them): a rated request
    # whose rating's enterprise they may not know reads as 已办结, at the version it had before the rating (the
    # rating is a move of its own, and the last: no move leaves 已评价). Unmarked rows read as stored.
    @property
    def shown_status(self) -> str:
        return RequestStatus.CLOSED if getattr(self, "rated_hidden", False) else self.status

    @property
    def shown_status_label(self) -> str:
        return str(RequestStatus(self.shown_status).label)

    @property
    def shown_version(self) -> int:
        return self.version - 1 if getattr(self, "rated_hidden", False) else self.version


class RequestReply(models.Model):
    """One message in a request's thread (staff or enterprise), or a recorded transition."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="replies")
    author = actor_ref()
    author_label = models.CharField(max_length=80)
    from_enterprise = models.BooleanField(default=False)
    action = models.CharField(max_length=20, blank=True)  # "" for a message, else the transition
    body = models.TextField(_("内容"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.author_label}: {self.body[:30]}"

    ACTION_LABELS = {
        "submit": _("提交诉求"),
        "accept": _("受理"),
        "assign": _("交办"),
        "answer": _("答复"),
        "refuse": _("不予受理"),
        "close": _("确认办结"),
        "extend": _("调整期限"),
    }

    @property
    def action_label(self) -> str:
        return str(self.ACTION_LABELS.get(self.action, self.action))


def attachment_path(instance, filename: str) -> str:
    return f"services/{instance.request.zone_id}/{instance.request_id}/{instance.sha256[:16]}"


class RequestAttachment(Upload):
    """An attachment (PDF or image), checked for type and size; read as its request is."""

    scope_zone_path = "request__zone"
    scope_enterprise_path = "request__enterprise"

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)


# The comment of an automatic rating, stored in Chinese; pages show it in the reader's language
# (``Rating.shown_comment``).
AUTO_COMMENT = gettext_noop("逾期未评价，系统默认基本满意")


def comment_shown(comment: str, automatic: bool) -> str:
    """A rating's comment as the reader reads it: the automatic one in the reader's language, a typed one as typed."""
    return gettext(AUTO_COMMENT) if automatic and comment == AUTO_COMMENT else comment


class Rating(DetailPage, ZoneRow):
    """好差评: one rating of one service the enterprise received. The rater is the enterprise; which of its
    users rated is not stored on the row (the rated never learn it). ``excluded`` after an upheld appeal."""

    detail_view = "services:rating_detail"

    scope_enterprise_path = "enterprise"

    kind = models.CharField(_("服务类型"), max_length=20, choices=SubjectKind.choices)
    application = ref(
        "approvals.Application",
        _("审批办件"),
        on_delete=models.CASCADE,
        related_name="rating",
        optional=True,
        one=True,
    )
    request = ref(
        ServiceRequest,
        _("企业诉求"),
        on_delete=models.CASCADE,
        related_name="rating",
        optional=True,
        one=True,
    )
    project = ref("core.Project", _("代办项目"), on_delete=models.CASCADE, optional=True)
    enterprise = ref("core.Enterprise", _("企业"))
    item = models.CharField(_("服务事项"), max_length=200)
    department = ref("core.Department", _("服务部门"), optional=True)
    served_by = actor_ref(_("服务人员"))
    served_by_label = models.CharField(_("服务人员"), max_length=80, blank=True)
    served_on = models.DateField(_("服务完成日期"), null=True, blank=True)
    level = models.PositiveSmallIntegerField(_("整体满意度"), choices=RatingLevel.choices)
    efficiency = models.PositiveSmallIntegerField(
        _("服务效率"), choices=RatingLevel.choices, null=True, blank=True
    )
    attitude = models.PositiveSmallIntegerField(
        _("服务态度"), choices=RatingLevel.choices, null=True, blank=True
    )
    convenience = models.PositiveSmallIntegerField(
        _("办事便利度"), choices=RatingLevel.choices, null=True, blank=True
    )
    comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    automatic = models.BooleanField(_("系统默认评价"), default=False)
    rated_on = models.DateField(_("评价日期"))
    excluded = models.BooleanField(_("不计入统计"), default=False)

    class Meta:
        verbose_name = _("好差评")
        verbose_name_plural = _("好差评")
        ordering = ["-rated_on", "-id"]
        constraints = [
            # one rating per service: the one-to-one fields for applications and requests, this for agency
            models.UniqueConstraint(
                fields=["project"], condition=Q(kind="agency"), name="rating_one_per_agency_project"
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="application",
                        application__isnull=False,
                        request__isnull=True,
                        project__isnull=True,
                    )
                    | Q(kind="request", request__isnull=False, application__isnull=True, project__isnull=True)
                    | Q(kind="agency", project__isnull=False, application__isnull=True, request__isnull=True)
                ),
                name="rating_subject_matches_kind",
            ),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="rating_level_1_to_5"),
        ]
        indexes = [
            # a zone's newest ratings (lists, API), walked from the index without a sort
            models.Index(fields=["zone", "-rated_on", "-id"], name="rating_zone_recent"),
            models.Index(fields=["department", "rated_on"]),
            models.Index(fields=["served_by", "rated_on"]),
            models.Index(fields=["enterprise", "-rated_on", "-id"], name="rating_enterprise_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.get_level_display()}"

    @property
    def is_bad(self) -> bool:
        return self.level <= RatingLevel.DISSATISFIED

    @property
    def shown_comment(self) -> str:
        return comment_shown(self.comment, self.automatic)


class FollowUp(DetailPage, ZoneRow, Versioned):
    """整改: opened by every 不满意/非常不满意 rating; handled with a call-back (回访) to the enterprise within
    the zone's limit in working days; then the enterprise rates the rectification."""

    detail_view = "services:followup_detail"

    scope_enterprise_path = "rating__enterprise"

    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="follow_up")
    status = models.CharField(
        _("状态"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    opened_on = models.DateField(_("开启日期"))
    clock = clock_ref(_("时限"))
    due_on = models.DateField(_("回访期限"), null=True, blank=True)
    handler = user_ref(_("整改负责人"), optional=True)
    rectification = models.TextField(_("整改措施"), blank=True)
    callback_on = models.DateField(_("回访日期"), null=True, blank=True)
    callback_contact = models.CharField(_("回访对象"), max_length=60, blank=True)
    callback_note = models.TextField(_("回访记录"), blank=True)
    callback_late = models.BooleanField(_("超期回访"), default=False)
    result_level = models.PositiveSmallIntegerField(
        _("整改评价"), choices=RatingLevel.choices, null=True, blank=True
    )
    result_comment = models.CharField(_("整改评价意见"), max_length=500, blank=True)
    result_on = models.DateField(_("整改评价日期"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("差评整改")
        verbose_name_plural = _("差评整改")
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["zone", "status"]), models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"整改：{self.rating.item}"


class Appeal(DetailPage, ZoneRow):
    """申诉: a staff member contests a bad rating as mistaken or malicious; a zone leader decides."""

    detail_view = "services:appeal_detail"

    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="appeal")
    filed_by = user_ref(_("申诉人"))
    filed_on = models.DateField(_("申诉日期"))
    reason = models.TextField(_("申诉理由"))
    status = models.CharField(
        _("状态"), max_length=20, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    decided_by = user_ref(_("裁定人"), optional=True)
    decided_on = models.DateField(_("裁定日期"), null=True, blank=True)
    decision = models.TextField(_("裁定意见"), blank=True)

    class Meta:
        verbose_name = _("差评申诉")
        verbose_name_plural = _("差评申诉")
        ordering = ["-filed_on", "-id"]
        indexes = [models.Index(fields=["zone", "status"])]

    def __str__(self) -> str:
        return f"申诉：{self.rating.item}"


class SupportPlan(ZoneRow, Versioned):
    """一企一策: the support-measures plan of one enterprise."""

    scope_enterprise_path = "enterprise"

    enterprise = ref(
        "core.Enterprise", _("企业"), on_delete=models.CASCADE, related_name="support_plan", one=True
    )
    summary = models.TextField(_("帮扶思路"), blank=True)
    owner = user_ref(_("包联负责人"), optional=True)

    class Meta:
        verbose_name = _("一企一策")
        verbose_name_plural = _("一企一策")

    def __str__(self) -> str:
        return f"一企一策：{self.enterprise}"


class SupportMeasure(models.Model):
    """One measure of a plan: what, who owns it, by when, and where it stands."""

    scope_zone_path = "plan__zone"
    scope_enterprise_path = "plan__enterprise"

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("措施"), max_length=120)
    detail = models.TextField(_("内容"), blank=True)
    department = ref("core.Department", _("责任部门"), optional=True)
    owner = user_ref(_("责任人"), optional=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    due_on = models.DateField(_("完成时限"), null=True, blank=True)
    done_on = models.DateField(_("落实日期"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.title
