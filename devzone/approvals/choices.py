"""Choices of the approvals module (大审批)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HandlingKind(models.TextChoices):
    """办理项 of an item (主项 → 子项 → 办理项)."""

    NEW = "new", _("新设")
    CHANGE = "change", _("变更")
    RENEW = "renew", _("延续")
    CANCEL = "cancel", _("注销")


class ItemKind(models.TextChoices):
    INSTANT = "instant", _("即办件")
    PROMISED = "promised", _("承诺件")


class Stage(models.TextChoices):
    """Stages of the construction-project approval process (工程建设项目审批四个阶段)."""

    LAND_PLANNING = "land_planning", _("立项用地规划许可")
    CONSTRUCTION_PLANNING = "construction_planning", _("工程建设许可")
    CONSTRUCTION_PERMIT = "construction_permit", _("施工许可")
    COMPLETION = "completion", _("竣工验收")
    OTHER = "other", _("其他")


class StepName(models.TextChoices):
    ACCEPT = "accept", _("受理")
    REVIEW = "review", _("审查")
    DECIDE = "decide", _("决定")
    CERTIFY = "certify", _("制证")


class IntakeChannel(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业网上申报")
    WINDOW = "window", _("窗口代为录入")


class Status(models.TextChoices):
    """The life of one application (办件)."""

    SUBMITTED = "submitted", _("已提交")
    SUPPLEMENT = "supplement", _("待补正")  # before acceptance: the clerk listed what is missing
    WAITING = "waiting", _("等待前置事项")  # accepted, its prerequisite has not concluded yet
    IN_REVIEW = "in_review", _("审查中")
    REVIEW_SUPPLEMENT = "review_supplement", _("审查中补正")
    SPECIAL = "special", _("特别程序")
    SUSPENDED = "suspended", _("中止（容缺材料逾期）")
    REJECTED = "rejected", _("不予受理")
    GRANTED = "granted", _("准予许可")
    DENIED = "denied", _("不予许可")
    WITHDRAWN = "withdrawn", _("已撤回")
    REVOKED = "revoked", _("已撤销许可")


OPEN_STATUSES = {
    Status.SUBMITTED,
    Status.SUPPLEMENT,
    Status.WAITING,
    Status.IN_REVIEW,
    Status.REVIEW_SUPPLEMENT,
    Status.SPECIAL,
    Status.SUSPENDED,
}
CLOCK_RUNNING_STATUSES = {Status.IN_REVIEW}
CONCLUDED_STATUSES = {Status.GRANTED, Status.DENIED, Status.REVOKED}


class SpecialKind(models.TextChoices):
    HEARING = "hearing", _("听证")
    TESTING = "testing", _("检验检测")
    EXPERT = "expert", _("专家评审")
    APPRAISAL = "appraisal", _("鉴定")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已撤销")


class PostCheckResult(models.TextChoices):
    PENDING = "pending", _("待核查")
    CONFORMS = "conforms", _("符合承诺")
    BREACH = "breach", _("违反承诺")
