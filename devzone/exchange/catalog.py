"""The event kinds a subscriber may choose, with their names; ``<topic>.*`` takes every move of a topic."""

from django.utils.translation import gettext_lazy as _

KINDS = {
    "approvals.application.*": _("审批办件：全部环节"),
    "approvals.application.submit": _("审批办件：提交申请"),
    "approvals.application.accept": _("审批办件：受理"),
    "approvals.application.deem_accepted": _("审批办件：逾期视为受理"),
    "approvals.application.request_supplement": _("审批办件：受理前要求补正（暂停）"),
    "approvals.application.review_supplement": _("审批办件：审查中要求补正（暂停）"),
    "approvals.application.start_special": _("审批办件：启动特别程序（暂停）"),
    "approvals.application.suspend": _("审批办件：容缺材料逾期，中止审查（暂停）"),
    "approvals.application.reject": _("审批办件：不予受理"),
    "approvals.application.grant": _("审批办件：准予（许可、备案、确认……）"),
    "approvals.application.deny": _("审批办件：不予（许可、备案、确认……）"),
    "approvals.application.withdraw": _("审批办件：撤回"),
    "approvals.certificate.issued": _("电子证照：签发"),
    "approvals.certificate.revoked": _("电子证照：撤销"),
    "services.rating.given": _("好差评：评价（GB/T 39735 数据项）"),
    "services.followup.*": _("差评整改：全部环节"),
    "services.followup.rate": _("差评整改：企业评价整改（办结）"),
    "services.request.*": _("企业诉求：全部环节"),
    "projects.problem.resolve": _("重点项目问题：解决"),
    "projects.milestone.reached": _("重点项目：节点完成"),
}
