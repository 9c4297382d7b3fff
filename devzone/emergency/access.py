"""Rights on 应急保障: the city officer runs the city's campaigns (supplies, allocation, deliveries, plans); a
zone's leader and agents enter needs for their firms, record deliveries and keep the firms' plans in their zone
and read the city's campaigns (a zone's own campaign only that zone: ``Campaign.scope_city_zone_path``); an
enterprise user submits, trims and withdraws its own needs (the services: while the campaign collects them) and
reads its allocations, deliveries and plan (the scoping in core.access does the rest)."""

from django.utils.translation import gettext_lazy as _

from devzone.core import registry
from devzone.core.access import register
from devzone.core.choices import Role
from devzone.core.notify import kind_label

CITY = ["emergency.campaign", "emergency.priorityclass", "emergency.supply", "emergency.allocationrun"]
ZONE = ["emergency.need", "emergency.allocation", "emergency.delivery", "emergency.firmplan"]
ALL = CITY + ZONE

for role in (Role.CITY_OFFICER, Role.SYSTEM):
    for action in ("view", "create", "change"):
        register(role, action, *ALL)
for role in (Role.ZONE_LEADER, Role.AGENT):
    register(role, "view", *ALL)
    for action in ("create", "change"):
        register(role, action, "emergency.need", "emergency.delivery", "emergency.firmplan")
    register(role, "change", "emergency.allocation")  # a delivery adds to the allocation's delivered units
register(Role.SYSADMIN, "view", *ALL)
register(Role.ENTERPRISE_USER, "view", *ZONE)
register(Role.ENTERPRISE_USER, "create", "emergency.need")
register(Role.ENTERPRISE_USER, "change", "emergency.need")
registry.menu("emergency", "emergency.campaign", "emergency.need")

# How the grouped messages page names this module's notices (core.notify.kind_label).
kind_label("emergency", _("应急保障"))
