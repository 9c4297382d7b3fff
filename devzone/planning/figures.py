"""The indicators the platform computes itself, for one zone and a period (a year, or a quarter of it): the
approvals' on-time rate (approvals' running statistics), the enterprises' 好评率 (好差评, as services counts it) and the
projects signed (the contracts investment's counting rules count as projects). Reads other modules' tables; none of them imports planning."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum

from devzone.planning.choices import Source


def period(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if not quarter:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - dt.timedelta(days=1)
    return start, end


def computed(source: str, *, zone_id: int, year: int, quarter: int) -> Decimal | None:
    """The value of a computed indicator, or None when the platform has no data for the period."""
    start, end = period(year, quarter)
    if source == Source.APPROVALS_ON_TIME:
        from devzone.approvals.models import ElapsedBucket

        s = ElapsedBucket.objects.filter(zone_id=zone_id, month__gte=start, month__lte=end).aggregate(
            n=Sum("count"), ok=Sum("on_time")
        )
        return None if not s["n"] else (Decimal(100) * s["ok"] / s["n"]).quantize(Decimal("0.01"))
    if source == Source.SATISFACTION:
        # 企业好评率 as the national 好差评 system counts it (国办发〔2019〕51号: 基本满意 and above), services' one
        # definition (``scoring.GOOD_FROM``, ``scoring.percent``), which the cockpit's 好评率 reads too: the same
        # ratings never give a zone one rate on the cockpit and another in the assessment that sets its pool
        from devzone.services.models import Rating
        from devzone.services.scoring import GOOD_FROM, percent

        s = Rating.objects.filter(
            zone_id=zone_id, rated_on__gte=start, rated_on__lte=end, excluded=False
        ).aggregate(n=Count("pk"), ok=Count("pk", filter=Q(level__gte=GOOD_FROM)))
        return percent(s["ok"], s["n"]) if s["n"] else None
    if source == Source.CONTRACTS:
        # the signed projects as the zone's counting rules count them (decided at signing): investment's one
        # definition, which its leaderboard and figures and the city dashboard read too — a formal contract
        # after a framework agreement, a local investor, an excluded kind count no project
        from devzone.investment.selectors import COUNTED, contracts_in

        return Decimal(contracts_in(zone_id=zone_id, start=start, end=end).filter(COUNTED).count())
    return None
