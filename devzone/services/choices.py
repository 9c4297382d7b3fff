"""Choices of the enterprise-service module (企业服务: 诉求, 好差评, 整改, 申诉, 满意度测评, 一企一策)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RatingLevel(models.IntegerChoices):
    """The five levels of the national 好差评 system (政务服务"好差评"制度)."""

    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    BASICALLY = 3, _("基本满意")
    DISSATISFIED = 2, _("不满意")
    VERY_DISSATISFIED = 1, _("非常不满意")


BAD_LEVELS = {RatingLevel.DISSATISFIED, RatingLevel.VERY_DISSATISFIED}


class SubjectKind(models.TextChoices):
    """What was rated: an approval application, a service request, or the agency service of a key project."""

    APPLICATION = "application", _("审批办件")
    REQUEST = "request", _("企业诉求")
    AGENCY = "agency", _("全程代办")


class Indicator(models.TextChoices):
    """The indicator set of the rating (整体满意度 is the rating's level; the others are sub-scores)."""

    OVERALL = "overall", _("整体满意度")
    EFFICIENCY = "efficiency", _("服务效率")
    ATTITUDE = "attitude", _("服务态度")
    CONVENIENCE = "convenience", _("办事便利度")


class RequestCategory(models.TextChoices):
    PROCEDURES = "procedures", _("手续办理")
    LAND = "land", _("土地与规划")
    UTILITIES = "utilities", _("水电气暖")
    FINANCE = "finance", _("融资与金融")
    LABOUR = "labour", _("用工与人才")
    MATERIALS = "materials", _("原材料与物流")
    POLICY = "policy", _("政策咨询与兑现")
    OTHER = "other", _("其他")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已受理")
    IN_PROGRESS = "in_progress", _("办理中")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")
    RATED = "rated", _("已评价")
    REFUSED = "refused", _("不予受理")


OPEN_REQUEST_STATUSES = {RequestStatus.SUBMITTED, RequestStatus.ACCEPTED, RequestStatus.IN_PROGRESS}
# The service was received once the department answered: the enterprise may rate it.
SERVED_REQUEST_STATUSES = {RequestStatus.ANSWERED, RequestStatus.CLOSED}


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("待整改回访")
    CALLED_BACK = "called_back", _("已回访，待企业评价")
    CLOSED = "closed", _("已办结")


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("待裁定")
    UPHELD = "upheld", _("申诉成立")
    REJECTED = "rejected", _("申诉不成立")


class SurveyStatus(models.TextChoices):
    OPEN = "open", _("测评中")
    CLOSED = "closed", _("已结束")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("计划")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已落实")
    DROPPED = "dropped", _("已取消")
