"""Rights on 职能目录与权责清单: a zone's leader keeps its catalog and power list; the city officer reads every zone
of the city (and may keep them too, as the reform's owner); anyone reads a published list on the public page."""

from devzone.core import registry
from devzone.core.access import register
from devzone.core.choices import Role

ALL = ["powers.function", "powers.powerlist", "powers.power"]

for role in (Role.ZONE_LEADER, Role.CITY_OFFICER, Role.SYSTEM):
    for action in ("view", "create", "change"):
        register(role, action, *ALL)
register(Role.DEPARTMENT_HEAD, "view", *ALL)
registry.menu("powers", "powers.powerlist")
