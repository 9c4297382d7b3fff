"""What 大招商 does when the projects module reports something (found by ``core.registry``): a lead moves
to 落地 at groundbreaking and to 留住 at production."""

from devzone.core import registry
from devzone.investment.services import on_milestone_reached
from devzone.projects.hooks import on_milestone_reached as register

register(on_milestone_reached)


# The module's figures of the city's reform bulletin (改革简报), read by the city views (oversight).
from devzone.investment.bulletin import figures as _bulletin_figures  # noqa: E402

registry.bulletin("investment", _bulletin_figures)
