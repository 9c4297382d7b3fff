"""Rights of the roles on the approvals module (added to the core table)."""

from django.utils.translation import gettext_lazy as _

from devzone.core import registry
from devzone.core.access import register
from devzone.core.choices import Role
from devzone.core.notify import kind_label

APP = [
    "approvals.approvalitem",
    "approvals.sourcedepartment",
    "approvals.intake",
    "approvals.application",
    "approvals.certificate",
    "approvals.approvalseal",
    "approvals.elapsedbucket",
    "approvals.material",  # a material is read as its application is
]
CATALOG = ["approvals.approvalitem", "approvals.sourcedepartment"]

for role in (
    Role.ZONE_LEADER,
    Role.DEPARTMENT_HEAD,
    Role.WINDOW_CLERK,
    Role.REVIEWER,
    Role.AGENT,
    Role.CITY_OFFICER,
    Role.SYSADMIN,
    Role.INVESTMENT_OFFICER,
    Role.TALLY_STAFF,
):
    register(role, "view", *APP)
for role in (Role.ZONE_LEADER, Role.SYSADMIN):
    register(role, "create", *CATALOG)
    register(role, "change", *CATALOG, "approvals.approvalseal")
# The single window: clerks (and enterprises, for their own) open intakes; clerks accept or reject.
register(Role.WINDOW_CLERK, "create", "approvals.intake")
register(Role.WINDOW_CLERK, "change", "approvals.intake", "approvals.application")
register(
    Role.ENTERPRISE_USER,
    "view",
    "approvals.intake",
    "approvals.application",
    "approvals.material",
    "approvals.certificate",
    "approvals.approvalitem",
    "approvals.sourcedepartment",
)
register(Role.ENTERPRISE_USER, "create", "approvals.intake")
# Reviewers act on applications; leaders approve extensions and oversee.
register(Role.REVIEWER, "change", "approvals.application")
register(Role.ZONE_LEADER, "change", "approvals.application")
# The system actor (core.actors): the deemed-acceptance and 容缺 scans move applications of every zone; the
# demo loads a zone's catalog through the import's checks. Nothing else.
register(Role.SYSTEM, "view", "approvals.application", "approvals.approvalitem")
register(Role.SYSTEM, "change", "approvals.application", "approvals.approvalitem")
register(Role.SYSTEM, "create", "approvals.approvalitem")
# The main navigation shows the module to those who may view these rows (core.registry.menu).
registry.menu("approvals", "approvals.application", "approvals.intake")


# How the grouped messages page names this module's notices (core.notify.kind_label).
kind_label("approvals.warn", _("办件时限预警"), digest=True)
kind_label("approvals.escalate", _("办件超期升级"))
kind_label("approvals.step", _("办件环节提醒"), digest=True)
# the statutory clock's own notices (jobs._legal_notice): the escalation says the law is already past
kind_label("approvals.legal_warn", _("法定时限预警"), digest=True)
kind_label("approvals.legal_escalate", _("超过法定时限督办"))
# a 特别程序 against its own limit (行政许可法第四十五条; jobs._special_notice)
kind_label("approvals.special_warn", _("特别程序时限预警"), digest=True)
kind_label("approvals.special_escalate", _("特别程序超期督办"))
# 告知承诺: the check after a grant on commitment, due by its date (jobs._post_check_notice)
kind_label("approvals.post_check_warn", _("承诺核查预警"), digest=True)
kind_label("approvals.post_check_escalate", _("承诺核查逾期督办"))
kind_label("approvals.supplement", _("补正通知"))
kind_label("approvals.assign", _("办件分派"))
kind_label("approvals.claim", _("办件认领"))
kind_label("approvals.decision", _("办理结果"))
kind_label("approvals.time_limit", _("办理期限告知"))
