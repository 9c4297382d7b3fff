"""What planning lends other modules through the core registry: the zone's leading industries from its current
plan (investment's industry fit) and the zone's total pay pool set by the published assessment (performance)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from devzone.core import registry
from devzone.planning import selectors


@registry.leading
def leading(zone_id: int) -> list[str] | None:
    return selectors.plan_codes(zone_id)


@registry.zone_pool
def zone_pool(*, zone_id: int, year: int, quarter: int) -> registry.ZonePool | None:
    a = selectors.pool_assessment(zone_id, year, quarter)
    if a is None:
        return None
    label = (
        _("%(year)d年度") % {"year": a.scheme.year}
        if not a.quarter
        else _("%(year)d年第%(q)d季度") % {"year": a.scheme.year, "q": a.quarter}
    )
    return registry.ZonePool(
        fen=a.pool_fen,
        reference=_("%(scheme)s %(period)s 得分%(score)s 第%(rank)d名")
        % {"scheme": a.scheme.name, "period": label, "score": a.score, "rank": a.rank},
    )
