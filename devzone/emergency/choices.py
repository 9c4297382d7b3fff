from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    EPIDEMIC = "epidemic", _("疫情防控")
    FLOOD = "flood", _("防汛救灾")
    SHORTAGE = "shortage", _("物资短缺")


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("收集需求中")
    CLOSED = "closed", _("已结束")


class NeedStatus(models.TextChoices):
    """A need stands (its unserved part takes part in the next run) until it is withdrawn; what it was given
    stays allocated and deliverable either way."""

    ACTIVE = "active", _("有效")
    WITHDRAWN = "withdrawn", _("已撤回")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("制定中")
    ACTIVE = "active", _("落实中")
    DONE = "done", _("已办结")
