"""Core's figures of the city's reform bulletin (改革简报, ``registry.bulletin``): the reform's pilot zones and the
zones merged into another, counted from the zone rows (reform_facts.yaml: city.reform_start_pilots, zone_merge)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from devzone.core.models import Zone
from devzone.core.registry import Figure


def figures(*, city) -> list[Figure]:
    section = _("改革总体")
    zones = Zone.objects.filter(city=city)
    counts = zones.aggregate(pilots=Count("pk", filter=Q(is_pilot=True)), zones=Count("pk"))
    merged = list(
        zones.filter(merged_into__isnull=False)
        .values("merged_into__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "merged_into__name")
    )
    top = merged[0] if merged else None
    url = ""  # the zones themselves: the city views link their own list of zones
    return [
        Figure(
            section,
            "core.pilots",
            _("改革试点开发区"),
            counts["pilots"] if counts["zones"] else None,
            _("个"),
            period=_("2019年起"),
            rule=_("开发区档案中标记为“改革试点”的开发区个数"),
            url=url,
        ),
        Figure(
            section,
            "core.merged",
            _("整合为一个开发区的原开发区"),
            top["n"] if top else None,
            _("个"),
            period=_("整合至%(zone)s") % {"zone": top["merged_into__name"]} if top else "",
            rule=_("并入同一开发区的原开发区个数（取并入最多的一个）"),
            url=url,
        ),
    ]
