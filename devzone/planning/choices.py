from django.db import models
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    """The targets of an industry plan (产业规划目标)."""

    OUTPUT = "output", _("工业总产值（万元）")
    INVESTMENT = "investment", _("固定资产投资（万元）")
    TAX = "tax", _("税收（万元）")
    FIRMS = "firms", _("规上企业（家）")
    LAND = "land", _("亩均税收（万元/亩）")


#: the names of the metrics counted in 万元 without their unit, for the tables whose cells carry the unit
#: themselves (12亿元, 3,600万元: ``wan`` picks it), so that a label never says 万元 above a cell in 亿元
AMOUNT_NAMES = {
    Metric.OUTPUT: _("工业总产值"),
    Metric.INVESTMENT: _("固定资产投资"),
    Metric.TAX: _("税收"),
}


class Source(models.TextChoices):
    """Where an indicator's value comes from: the platform's own data, or entered with evidence."""

    APPROVALS_ON_TIME = "approvals_on_time", _("审批按时办结率（平台计算）")
    # 好评率 as services and the cockpit count it (``services.scoring.GOOD_FROM``: 基本满意 and above, 国办发〔2019〕51号)
    SATISFACTION = "satisfaction", _("企业好评率（平台计算，含基本满意）")
    CONTRACTS = "contracts", _("招商签约项目数（平台计算）")
    ENTERED = "entered", _("填报（须附佐证）")


COMPUTED = {Source.APPROVALS_ON_TIME, Source.SATISFACTION, Source.CONTRACTS}


class ValueKind(models.TextChoices):
    """How a zone's value of an indicator was found. A computed indicator the platform has no data for is
    不可评估 (``missing``, no value): never scored as 0. The city's assessment office resolves it for that zone
    before publishing — the value entered by hand with its source (``manual``), or the indicator excluded for the
    zone with the reason (``excluded``: the other indicators' weights re-normalised to 100)."""

    PLATFORM = "platform", _("平台数据")
    ENTERED = "entered", _("填报")
    MANUAL = "manual", _("人工补录")
    EXCLUDED = "excluded", _("不计分")
    MISSING = "missing", _("不可评估（平台暂无数据）")


#: the values of a computed indicator the platform had no data for: the office may (re)resolve them
NO_DATA = {ValueKind.MISSING, ValueKind.MANUAL, ValueKind.EXCLUDED}


class AssessmentStatus(models.TextChoices):
    """A zone's result of a period: being scored, published, or — decided by the city with a written reason (a
    zone set up during the period, a zone under rectification) — not taking part in the period's assessment: no
    score, rank or pool from it."""

    DRAFT = "draft", _("评分中")
    PUBLISHED = "published", _("已公布")
    EXCLUDED = "excluded", _("不参加本期考核")


class StaffFunction(models.TextChoices):
    """What an internal body's staff do, for the share of investment and service staff (机构改革)."""

    INVESTMENT = "investment", _("招商引资")
    SERVICE = "service", _("企业服务")
    OTHER = "other", _("其他")


FRONT_LINE = {StaffFunction.INVESTMENT, StaffFunction.SERVICE}


class BodyEnd(models.TextChoices):
    """How an internal body ended."""

    MERGED = "merged", _("合并")
    ABOLISHED = "abolished", _("撤销")


class PartyRole(models.TextChoices):
    """A zone's party in the 管委会+公司 model."""

    PLATFORM = "platform", _("平台公司")
    OPERATOR = "operator", _("运营企业")
    CO_BUILDER = "co_builder", _("共建方（属地政府）")


class ParkKind(models.TextChoices):
    ZONE_PARK = "zone_park", _("区中园")
    PARK_PARK = "park_park", _("园中园")
