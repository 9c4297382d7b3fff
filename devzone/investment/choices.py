"""Choices of 大招商: the funnel stages in their order, lead sources, activity kinds, contract kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """The funnel (未接触→了解→关注→请进→洽谈→签约→落地→留住), in order: a lead reaches each stage once."""

    UNAWARE = "unaware", _("未接触")
    AWARE = "aware", _("了解")
    ATTENTIVE = "attentive", _("关注")
    INVITED = "invited", _("请进（考察）")
    NEGOTIATING = "negotiating", _("洽谈")
    SIGNED = "signed", _("签约")
    LANDED = "landed", _("落地")
    KEPT = "kept", _("留住（投产）")


STAGE_ORDER = list(Stage.values)
STAGE_INDEX = {s: i for i, s in enumerate(STAGE_ORDER)}
# A lead is worked by its team until it is signed; after that the project moves it on by itself.
WORKING_STAGES = STAGE_ORDER[: STAGE_INDEX[Stage.SIGNED]]


class Source(models.TextChoices):
    DOOR_TO_DOOR = "door_to_door", _("登门招商")
    STATIONED = "stationed", _("驻点招商")
    FAIR = "fair", _("展会招商")
    REFERRAL = "referral", _("以商招商")
    ONLINE = "online", _("网络招商")
    OTHER = "other", _("其他")


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("登门拜访")
    STATIONED = "stationed", _("驻点工作")
    FAIR = "fair", _("展会")


class LogKind(models.TextChoices):
    NOTE = "note", _("跟进记录")
    ASSESSMENT = "assessment", _("项目研判")
    REPORT = "report", _("进展报告")
    REFERRER = "referrer", _("回复推荐人")
    STAGE = "stage", _("阶段变更")
    OWNER = "owner", _("指定负责人")
    LOST = "lost", _("流失")
    REOPEN = "reopen", _("重新跟进")
    EXCEPTION = "exception", _("产业例外")
    MERGE = "merge", _("合并")
    CONTRACT = "contract", _("签约")


class ContractKind(models.TextChoices):
    NEW = "new", _("新签")
    INCREASE = "increase", _("增资扩股")


class Period(models.TextChoices):
    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")
    HALF = "half", _("半年")
    YEAR = "year", _("年度")
