"""Core's figure of the city's reform bulletin (改革简报, ``registry.bulletin``): the reform's pilot zones, counted
from the zone rows (reform_facts.yaml: city.reform_start_pilots). The merged zones are planning's (its
institutions' history: ``institutions.merged``)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from devzone.core.models import Zone
from devzone.core.registry import Figure


def figures(*, city) -> list[Figure]:
    section = _("改革总体")
    zones = Zone.objects.filter(city=city)
    counts = zones.aggregate(pilots=Count("pk", filter=Q(is_pilot=True)), zones=Count("pk"))
    url = ""  # the zones themselves: the city views link their own list of zones
    return [
        Figure(
            section,
            "core.pilots",
            _("改革试点开发区"),
            counts["pilots"] if counts["zones"] else None,
            "",
            period=_("2019年起"),
            rule=_("开发区档案中标记为“改革试点”的开发区个数"),
            url=url,
        ),
    ]
