from django.db import models
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    """The targets of an industry plan (产业规划目标)."""

    OUTPUT = "output", _("工业总产值（万元）")
    INVESTMENT = "investment", _("固定资产投资（万元）")
    TAX = "tax", _("税收（万元）")
    FIRMS = "firms", _("规上企业（家）")
    LAND = "land", _("亩均税收（万元/亩）")


class Source(models.TextChoices):
    """Where an indicator's value comes from: the platform's own data, or entered with evidence."""

    APPROVALS_ON_TIME = "approvals_on_time", _("审批按时办结率（平台计算）")
    SATISFACTION = "satisfaction", _("企业满意度（平台计算）")
    CONTRACTS = "contracts", _("招商签约项目数（平台计算）")
    ENTERED = "entered", _("填报（须附佐证）")


COMPUTED = {Source.APPROVALS_ON_TIME, Source.SATISFACTION, Source.CONTRACTS}


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("评分中")
    PUBLISHED = "published", _("已公布")
