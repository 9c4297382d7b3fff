"""Who opens the city's read-only views (领导驾驶舱, 改革简报): the city's officers, nobody in a zone. The module has
no rows of its own; its two pages are granted as labels of their own, and every figure on them is read through
the scoping of the module it comes from."""

from devzone.core import registry
from devzone.core.access import RULES, reach_of, register
from devzone.core.choices import Role

PAGES = ("oversight.citydashboard", "oversight.bulletin")

register(Role.CITY_OFFICER, "view", *PAGES)
registry.menu("oversight", *PAGES)


def may_view(user, page: str = "oversight.citydashboard") -> bool:
    """A city-wide reach and the right to the page: a zone's staff, an enterprise or a candidate never."""
    r = reach_of(user)
    return r.kind == "city" and bool(r.city_id) and page in RULES.get(r.role, {}).get("view", set())
