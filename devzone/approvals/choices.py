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


class LegalNature(models.TextChoices):
    """The item's legal nature. Only 行政许可 takes the limits and the extension rule of 行政许可法 (第四十二条)."""

    LICENSING = "licensing", _("行政许可")
    CONFIRMATION = "confirmation", _("行政确认")
    FILING = "filing", _("备案")
    TECHNICAL_REVIEW = "technical_review", _("技术审查")
    OTHER = "other", _("其他")


class ResultKind(models.TextChoices):
    """What the item's result is: it sets the certificate's wording (a 备案 is not a 准予行政许可)."""

    PERMIT = "permit", _("许可证")
    REPLY = "reply", _("批复")
    APPROVAL_DOCUMENT = "approval_document", _("核准文件")
    FILING_PROOF = "filing_proof", _("备案证明")
    REGISTRATION_PROOF = "registration_proof", _("登记证明")
    REVIEW_CERTIFICATE = "review_certificate", _("审查合格书")
    OTHER = "other", _("其他证明文件")


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
# Waiting for the enterprise's 补正 (at the window, or asked by the reviewer): the enterprise's move.
SUPPLEMENT_STATUSES = {Status.SUPPLEMENT, Status.REVIEW_SUPPLEMENT}
# Open and with the zone, not waiting for the enterprise: the enterprise's "办理中的申请".
IN_PROGRESS_STATUSES = OPEN_STATUSES - SUPPLEMENT_STATUSES
CLOCK_RUNNING_STATUSES = {Status.IN_REVIEW}
CONCLUDED_STATUSES = {Status.GRANTED, Status.DENIED, Status.REVOKED}


class SpecialKind(models.TextChoices):
    """特别程序 whose time is not counted in the statutory limit: 行政许可法第四十五条 (听证、招标、拍卖、检验、
    检测、检疫、鉴定、专家评审) and, for 企业投资项目核准, 委托评估 (企业投资项目核准和备案管理条例第十一条)."""

    HEARING = "hearing", _("听证")
    TENDER = "tender", _("招标")
    AUCTION = "auction", _("拍卖")
    INSPECTION = "inspection", _("检验")
    TESTING = "testing", _("检测")
    QUARANTINE = "quarantine", _("检疫")
    APPRAISAL = "appraisal", _("鉴定")
    EXPERT = "expert", _("专家评审")
    ENTRUSTED_EVALUATION = "entrusted_evaluation", _("委托评估")


# The legal source of each special procedure and the longest limit the law itself sets are the law's data:
# ``catalog.law.special_law`` (委托评估: 30 working days, 条例第十一条).


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已撤销")


class PostCheckResult(models.TextChoices):
    PENDING = "pending", _("待核查")
    CONFORMS = "conforms", _("符合承诺")
    BREACH = "breach", _("违反承诺")
