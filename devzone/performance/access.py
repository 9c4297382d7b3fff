"""Rights of the roles on the performance module (added to the core table). The finer rules — only the tally
staff drive a round, only leaders score and calibrate, a department head grades their own department (the zone leader its heads), who sees
totals and when — are in the services and selectors."""

from django.utils.translation import gettext_lazy

from devzone.core import registry
from devzone.core.access import register
from devzone.core.choices import Role
from devzone.core.notify import kind_label
from devzone.core.secrecy import no_trace

VIEW = [
    "performance.scheme",
    "performance.round",
    "performance.departmentresult",
    "performance.workreport",
    "performance.delegate",
    "performance.staffgrade",
    "performance.appeal",
    "performance.payprofile",
    "performance.payadjustment",
]

for role in (
    Role.ZONE_LEADER,
    Role.DEPARTMENT_HEAD,
    Role.TALLY_STAFF,
    Role.CITY_OFFICER,
):
    register(role, "view", *VIEW)
# The administrator runs the system (users, roles, reference data, calendar, backups): it reads the rounds it may
# reopen for a correction, not people's grades, appeals or pay.
register(Role.SYSADMIN, "view", "performance.round", "performance.scheme", "performance.departmentresult")
# Other zone staff (clerks, reviewers, agents, investment officers) read rounds and their own grade.
for role in (Role.WINDOW_CLERK, Role.REVIEWER, Role.AGENT, Role.INVESTMENT_OFFICER):
    register(role, "view", "performance.round", "performance.scheme", "performance.departmentresult")
register(Role.TALLY_STAFF, "change", "performance.round", "performance.payprofile")
register(Role.TALLY_STAFF, "create", "performance.round", "performance.payadjustment")
register(Role.ZONE_LEADER, "change", "performance.round", "performance.payprofile", "performance.appeal")
# 回避: an appeal no leader of its zone but the appellant could decide goes to the city officers of the zone's
# city (services.grades.appeal_refusal)
register(Role.CITY_OFFICER, "change", "performance.appeal")
register(Role.ZONE_LEADER, "create", "performance.scheme")
# the administrator reopens a published round for a correction; they set nobody's pay (services.pay)
register(Role.SYSADMIN, "change", "performance.round")
register(Role.DEPARTMENT_HEAD, "change", "performance.staffgrade")
register(Role.ZONE_LEADER, "change", "performance.staffgrade")  # the heads' grades (回避)
# The system actor (demo, benchmark): reads everything and writes the default scheme of a zone.
register(Role.SYSTEM, "view", *VIEW)
register(Role.SYSTEM, "create", "performance.scheme")
# The main navigation shows the module to those who may view these rows (core.registry.menu).
registry.menu("performance", "performance.round")

# The secret ballot leaves no trace: no session read or write, no server or access log line (core.secrecy).
no_trace("performance:vote", "api:performance_ballot_cast")

# How the grouped messages page names this module's notices (core.notify.kind_label).
kind_label("performance.appeal", gettext_lazy("等次申诉"))
kind_label("performance.round", gettext_lazy("考核环节"))
