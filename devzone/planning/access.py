"""Rights on 市级统筹: the city officer plans and assesses every zone of their city; a zone's leader reads their
own zone's plan and assessment and the city's schemes (the scoping in core.access does the rest)."""

from django.utils.translation import gettext_lazy as _

from devzone.core import registry
from devzone.core.access import register
from devzone.core.choices import Role
from devzone.core.notify import kind_label

ALL = [
    "planning.industryplan",
    "planning.plantarget",
    "planning.scheme",
    "planning.indicator",
    "planning.assessment",
    "planning.indicatorvalue",
]

for role in (Role.CITY_OFFICER, Role.SYSTEM):
    for action in ("view", "create", "change"):
        register(role, action, *ALL)
for role in (Role.ZONE_LEADER, Role.SYSADMIN):
    register(role, "view", *ALL)
registry.menu("planning", "planning.industryplan", "planning.assessment")

# How the grouped messages page names this module's notices (core.notify.kind_label).
kind_label("planning", _("市级统筹"))

# 机构改革 and 管委会+公司: the city officer records bodies, reform cuts, parties and parks of every zone of their
# city; the zone's leader reads their own zone's.
INSTITUTIONS = ["planning.institutionreform", "planning.internalbody", "planning.zoneparty", "planning.park"]
for role in (Role.CITY_OFFICER, Role.SYSTEM):
    for action in ("view", "create", "change"):
        register(role, action, *INSTITUTIONS)
for role in (Role.ZONE_LEADER, Role.SYSADMIN):
    register(role, "view", *INSTITUTIONS)
