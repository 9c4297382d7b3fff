"""Choices of the performance module (statuses are TextChoices, labels translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    """The steps of a round, in order; the tally staff move it forward."""

    SATISFACTION = "satisfaction", _("企业满意度")
    REPORTS = "reports", _("部门述职")
    NOMINATION = "nomination", _("推荐测评代表")
    VOTING = "voting", _("民主测评")
    LEADER = "leader", _("领导评分")
    TALLIED = "tallied", _("已计分")
    PUBLISHED = "published", _("已公布")


STEP_ORDER = list(RoundStatus.values)


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    IMPROVE = "improve", _("待改进")


class AnnualGrade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    BASIC = "basic", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")


class PoolScope(models.TextChoices):
    ZONE = "zone", _("全区统一奖金池")
    DEPARTMENT = "department", _("各部门分设奖金池")


class CoefficientMode(models.TextChoices):
    SCORE = "score", _("按综合得分分档")
    RANK = "rank", _("按排名分档")


class DepartmentType(models.TextChoices):
    SERVICE = "service", _("服务部门")
    OTHER = "other", _("其他部门")


class SatisfactionSource(models.TextChoices):
    SURVEY = "survey", _("满意度调查与好差评")
    PAPER = "paper", _("纸质问卷录入")


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("待处理")
    UPHELD = "upheld", _("维持原等次")
    CHANGED = "changed", _("改变等次")


COMPONENTS = {
    "satisfaction": _("企业满意度"),
    "democratic": _("民主测评"),
    "leader": _("领导评分"),
}


class AdjustmentKind(models.TextChoices):
    SUPPLEMENT = "supplement", _("补发")
    RECOVERY = "recovery", _("扣回")
