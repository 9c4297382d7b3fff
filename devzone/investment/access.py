"""Rights of the roles on 大招商 (added to the core table). Zone leaders run it; investment officers work their
teams' leads, activities and contracts (the team rule is in ``TeamScopedQuerySet``); department heads read the
zone; city officers read the city. Approving an industry exception is a leader's (services check the role)."""

from django.utils.translation import gettext_lazy as _

from devzone.core import registry
from devzone.core.access import register
from devzone.core.choices import Role
from devzone.core.notify import kind_label

WORK = ["investment.lead", "investment.leadlog", "investment.activity", "investment.contract"]
ORG = [
    "investment.investmentteam",
    "investment.teammember",
    "investment.teamtarget",
    "investment.investmentsettings",
]
ALL = WORK + ORG

for role in (
    Role.ZONE_LEADER,
    Role.DEPARTMENT_HEAD,
    Role.INVESTMENT_OFFICER,
    Role.CITY_OFFICER,
    Role.SYSADMIN,
):
    register(role, "view", *ALL)
register(Role.INVESTMENT_OFFICER, "create", *WORK)
register(Role.INVESTMENT_OFFICER, "change", *WORK)
register(Role.ZONE_LEADER, "create", *ALL)
register(Role.ZONE_LEADER, "change", *ALL)
register(Role.ZONE_LEADER, "delete", "investment.teammember", "investment.teamtarget")
# The system actor (jobs, the projects module's milestones reported by a job): it reads the module and moves
# leads and contracts as a milestone requires.
register(Role.SYSTEM, "view", *ALL)
register(Role.SYSTEM, "change", "investment.lead", "investment.contract")

# The menu offers 大招商 to those who may open its front door (the lead list).
registry.menu("investment", "investment.lead")


# How the grouped messages page names this module's notices (core.notify.kind_label).
kind_label("investment.owner", _("大项目线索待指定负责人"), digest=True)
kind_label("investment.unfit", _("产业不符"))
kind_label("investment.unassigned", _("线索失去负责人"))
kind_label("investment.report", _("进展报告到期"), digest=True)
kind_label("investment.referrer", _("待回复推荐人"), digest=True)
kind_label("investment.assessment", _("大项目线索待研判"), digest=True)
