"""Rights of the roles on the key-project module (added to the core table). The services check the finer
rules (who resolves a problem, who may pick a non-agent as agent)."""

from django.utils.translation import gettext_lazy as _

from devzone.core import registry
from devzone.core.access import register
from devzone.core.choices import ZONE_STAFF, Role
from devzone.core.notify import kind_label

APP = [
    "projects.projectrules",
    "projects.milestonetemplate",
    "projects.templatestep",
    "projects.keyproject",
    "projects.milestone",
    "projects.annualplan",
    "projects.monthlyinvestment",
    "projects.agentassignment",
    "projects.sitevisit",
    "projects.visitphoto",
    "projects.problem",
    "projects.weeklydispatch",
]
WORK = [
    "projects.keyproject",
    "projects.milestone",
    "projects.annualplan",
    "projects.monthlyinvestment",
    "projects.sitevisit",
    "projects.visitphoto",
    "projects.problem",
]
for role in (*ZONE_STAFF, Role.CITY_OFFICER, Role.SYSADMIN):
    register(role, "view", *APP)
# The system administrator only reads (DOMAIN.md: users, roles, reference data, the calendar, backups); the
# zone's leaders, agents and department heads do the module's work.
register(Role.ZONE_LEADER, "create", *APP)
register(Role.ZONE_LEADER, "change", *APP)
for role in (Role.AGENT, Role.DEPARTMENT_HEAD):
    register(role, "create", *WORK, "projects.weeklydispatch")
    register(role, "change", *WORK)
register(Role.INVESTMENT_OFFICER, "create", "projects.keyproject")
register(Role.INVESTMENT_OFFICER, "change", "projects.keyproject")
# Any officer may be the responsible person of a problem: raise it, add progress, resolve it.
for role in ZONE_STAFF:
    register(role, "create", "projects.problem")
    register(role, "change", "projects.problem")
# An enterprise sees its own projects' public progress (status, milestones) and its problems; raises problems.
register(Role.ENTERPRISE_USER, "view", "projects.keyproject", "projects.milestone", "projects.problem")
register(Role.ENTERPRISE_USER, "create", "projects.problem")
# The system actor (periodic jobs, the demo, the bench) reads the module and issues the weekly dispatch.
register(Role.SYSTEM, "view", *APP)
register(Role.SYSTEM, "create", "projects.weeklydispatch")
# The main navigation shows the module to those who may view these rows (core.registry.menu).
registry.menu("services", "projects.keyproject")


# How the grouped messages page names this module's notices (core.notify.kind_label).
kind_label("projects.escalate", _("问题升级"))
kind_label("projects.visit", _("走访到期"), digest=True)
kind_label("projects.problem", _("问题清单"))
kind_label("projects.dispatch", _("周调度"))
kind_label("projects.agent", _("代办指派"))
