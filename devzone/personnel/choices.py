from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.core.choices import Education


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("报名中")
    CLOSED = "closed", _("报名结束")
    FINISHED = "finished", _("已结束")


class OpeningStatus(models.TextChoices):
    OPEN = "open", _("正常开考")
    CUT = "cut", _("核减计划")
    CANCELLED = "cancelled", _("取消")


# Education levels are core's (``core.choices.Education``); requirements compare them lowest first.
EDUCATION_ORDER = [
    Education.SECONDARY.value,
    Education.COLLEGE.value,
    Education.BACHELOR.value,
    Education.MASTER.value,
    Education.DOCTORATE.value,
]
POSTGRADUATE = {Education.MASTER.value, Education.DOCTORATE.value}


class Political(models.TextChoices):
    MASSES = "masses", _("群众")
    LEAGUE = "league", _("共青团员")
    PARTY = "party", _("中共党员")
    OTHER_PARTY = "other_party", _("民主党派")


class EmployerType(models.TextChoices):
    GOVERNMENT = "government", _("党政机关")
    INSTITUTION = "institution", _("事业单位")
    SOE = "soe", _("国有企业")
    PRIVATE = "private", _("民营及外资企业")
    GRADUATE = "graduate", _("应届毕业生")
    OTHER = "other", _("其他")


class RegistrationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("退回修改")
    QUALIFIED = "qualified", _("审核通过")
    REJECTED = "rejected", _("审核不通过")
    SHORTLISTED = "shortlisted", _("进入面试")
    NOT_SHORTLISTED = "not_shortlisted", _("未进入面试")
    RANKED = "ranked", _("已排名")
    HIRED = "hired", _("拟聘用")
    NOT_HIRED = "not_hired", _("未聘用")
    WITHDRAWN = "withdrawn", _("已放弃")


PASSED_SCREENING = {
    RegistrationStatus.QUALIFIED,
    RegistrationStatus.SHORTLISTED,
    RegistrationStatus.NOT_SHORTLISTED,
    RegistrationStatus.RANKED,
    RegistrationStatus.HIRED,
    RegistrationStatus.NOT_HIRED,
}


class ExamStage(models.TextChoices):
    WRITTEN = "written", _("笔试")
    INTERVIEW = "interview", _("面试")
    EXTRA = "extra", _("加试")  # only for applicants tied across the last (or a freed) seat


class DocumentKind(models.TextChoices):
    DIPLOMA = "diploma", _("学历证书")
    DEGREE = "degree", _("学位证书")
    IDENTITY = "identity", _("身份证")
    RESUME = "resume", _("个人简历")
    OTHER = "other", _("其他材料")


class EliminationTrigger(models.TextChoices):
    """刚性淘汰的情形 (reform_facts: 年度考核不称职, 未完成聘期工作目标, 竞聘落聘)."""

    INCOMPETENT = "incompetent", _("年度考核不称职")
    TERM_TARGET = "term_target", _("未完成聘期工作目标")
    COMPETITION = "competition", _("竞聘落聘")


class EliminationAction(models.TextChoices):
    TRANSFER = "transfer", _("转岗")
    WAIT = "wait", _("待岗")
    DEMOTE = "demote", _("降岗")
    DISMISS = "dismiss", _("解聘")


class CaseStatus(models.TextChoices):
    FLAGGED = "flagged", _("待研究")
    DECIDED = "decided", _("已决定")
    REFUSED = "refused", _("不同意调整岗位")
    APPEALED = "appealed", _("申诉中")
    FINAL = "final", _("已生效")
    CLEARED = "cleared", _("不予处理")


# 调整工作岗位: the decisions that adjust the person's post, which they may refuse (``services.staffing.case_refuse``)
ADJUSTMENTS = (EliminationAction.TRANSFER, EliminationAction.DEMOTE)
# the cases that count against the year's band: decided, refused (a decision stands), under appeal or final
COUNTED_CASES = (CaseStatus.DECIDED, CaseStatus.REFUSED, CaseStatus.APPEALED, CaseStatus.FINAL)


class CompetitionStatus(models.TextChoices):
    OPEN = "open", _("报名中")
    SCORING = "scoring", _("评分中")
    PUBLICITY = "publicity", _("公示中")
    FINAL = "final", _("已任用")


class EntryStatus(models.TextChoices):
    APPLIED = "applied", _("已报名")
    INELIGIBLE = "ineligible", _("不符合条件")
    SCORED = "scored", _("已评分")
    APPOINTED = "appointed", _("拟任用")
    NOT_APPOINTED = "not_appointed", _("落聘")
    WITHDRAWN = (
        "withdrawn",
        _("已撤回"),
    )  # 本人撤回 while the competition took applications: kept, never scored


class HireChannel(models.TextChoices):
    OPEN_RECRUITMENT = "open", _("公开招聘")
    HEADHUNTING = "headhunting", _("猎聘")


class SpecialPayStatus(models.TextChoices):
    DRAFT = "draft", _("拟订")
    APPROVED = "approved", _("已批准")
    ENDED = "ended", _("已终止")


class HireStepKind(models.TextChoices):
    """拟聘用 → 聘用: the steps every proposed hire passes, in this order."""

    MEDICAL = "medical", _("体检")
    INSPECTION = "inspection", _("考察")
    PUBLICITY = "publicity", _("公示")


class HireStepOutcome(models.TextChoices):
    PENDING = "pending", _("公示中")
    PASSED = "passed", _("合格")
    FAILED = "failed", _("不合格")


HIRE_STEP_ORDER = [HireStepKind.MEDICAL.value, HireStepKind.INSPECTION.value, HireStepKind.PUBLICITY.value]
