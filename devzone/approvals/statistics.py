"""Approval statistics: elapsed working days against the legal and promised limits, on-time rates,
supplements per application — per item, per source department and per stage — and each project's approval
path. Read from ``ElapsedBucket`` rows kept as applications conclude, so a million applications cost a few
hundred rows to read; a period that starts or ends inside a month reads that month's part from the files
concluded in it (a bucket counts a whole month)."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Min, Q, Sum
from django.utils import timezone

from devzone.approvals.choices import Stage, Status
from devzone.approvals.models import Application, ApprovalItem, ElapsedBucket
from devzone.core.access import can


@dataclass
class Histogram:
    """Counts by elapsed working days; percentiles by the nearest-rank method."""

    counts: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    on_time: int = 0
    supplements: int = 0
    legal_late: int = 0  # past the statutory limit: decided after it, or withdrawn after it had run out
    withdrawn_late: int = 0  # of those, withdrawn (no decided file: in no other figure)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def add(
        self,
        elapsed: int | None,
        count: int,
        on_time: int,
        supplements: int,
        legal_late: int = 0,
        withdrawn_late: int = 0,
    ) -> None:
        if count:  # a late withdrawal alone adds no file to the days' histogram
            self.counts[elapsed] += count
        self.on_time += on_time
        self.supplements += supplements or 0
        self.legal_late += legal_late
        self.withdrawn_late += withdrawn_late

    def merge(self, other: Histogram) -> None:
        for value, count in other.counts.items():
            self.counts[value] += count
        self.on_time += other.on_time
        self.supplements += other.supplements
        self.legal_late += other.legal_late
        self.withdrawn_late += other.withdrawn_late

    def percentile(self, p: float) -> int | None:
        n = self.total
        if n == 0:
            return None
        rank = max(1, math.ceil(p * n - 1e-9))
        seen = 0
        for value in sorted(self.counts):
            seen += self.counts[value]
            if seen >= rank:
                return value
        return max(self.counts)


@dataclass
class Row:
    key: str
    label: str
    legal: int | None
    promised: int | None
    hist: Histogram
    # A stage or a department sums items of different limits: ``legal``/``promised`` are then their means
    # weighted by files, and the spans say how far the items' own limits range (None: one item).
    legal_span: tuple[int, int] | None = None
    promised_span: tuple[int, int] | None = None

    @staticmethod
    def _limit(value: int | None, span: tuple[int, int] | None) -> str:
        if span is not None and span[0] != span[1]:
            return f"{span[0]}–{span[1]}"
        return "—" if value is None else str(value)

    @property
    def promised_label(self) -> str:
        """The promised limit as the page shows it: one number, or the items' range (3–15)."""
        return self._limit(self.promised, self.promised_span)

    @property
    def legal_label(self) -> str:
        return self._limit(self.legal, self.legal_span)

    @property
    def count(self) -> int:
        return self.hist.total

    @property
    def median(self) -> int | None:
        return self.hist.percentile(0.5)

    @property
    def p90(self) -> int | None:
        return self.hist.percentile(0.9)

    @property
    def on_time_rate(self) -> float | None:
        return self.hist.on_time / self.count if self.count else None

    @property
    def legal_within(self) -> int:
        """Files decided within the statutory limit (行政许可法第四十二条 or the item's own law)."""
        return self.count - (self.hist.legal_late - self.hist.withdrawn_late)

    @property
    def legal_late(self) -> int:
        """Files past the statutory limit: decided too late in law, or withdrawn after it had run out."""
        return self.hist.legal_late

    @property
    def withdrawn_late(self) -> int:
        """Of the files past the statutory limit, those withdrawn after it had run out."""
        return self.hist.withdrawn_late

    @property
    def legal_rate(self) -> float | None:
        """依法按时办结率: the share decided within the statutory limit, of the files decided and those withdrawn
        after it had run out (a breach the withdrawal does not undo)."""
        judged = self.count + self.hist.withdrawn_late
        return self.legal_within / judged if judged else None

    @property
    def supplements_per_application(self) -> float | None:
        return self.hist.supplements / self.count if self.count else None

    @property
    def compression(self) -> float | None:
        """How much shorter than the legal limit the median case is (1 − median / legal)."""
        if not self.legal or self.median is None:
            return None
        return 1 - self.median / self.legal


def period(start: dt.date | None = None, end: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The period the statistics read (the page, its export and the API): from ``start`` (by default 1 January
    of this year) to ``end`` (by default today); a reversed period is turned round."""
    today = timezone.localdate()
    start, end = start or today.replace(month=1, day=1), end or today
    return (end, start) if end < start else (start, end)


# The files a bucket counts: those decided (准予 or 不予, a grant revoked later included), not those rejected at
# the window or withdrawn (``services.review._conclude``) — but a file withdrawn after its statutory limit had
# run out counts as late in law (``withdrawn_late``, ``services.intake.application_withdraw``).
DECIDED = (Status.GRANTED, Status.DENIED, Status.REVOKED)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def whole_months(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The whole months within ``start``–``end`` as [first, last): the first days of the first whole month
    and of the month after the last (first >= last: no whole month)."""
    first = start if start.day == 1 else _next_month(start)
    after_end = end + dt.timedelta(days=1)
    last = after_end if after_end.day == 1 else end.replace(day=1)
    return first, last


def concluded_counts(*, user, start: dt.date, end: dt.date, zone=None) -> list[dict]:
    """Files decided from ``start`` to ``end`` in the user's reach (narrowed to ``zone``), counted per zone, item
    and elapsed working days: ``n`` files, ``ok`` within the promised limit, ``late`` after the statutory one,
    ``sup`` supplements. The whole months come from the buckets; the days of a month the period cuts, from the
    files concluded on them, judged as ``_conclude`` judged them (a stopped clock keeps its due date)."""
    first, last = whole_months(start, end)
    buckets = ElapsedBucket.objects.for_user(user).filter(month__gte=first, month__lt=last)
    # the files in the reach the buckets have (a role that may not read the statistics reads no file either)
    files = (
        Application.objects.for_user(user) if can(user, "view", ElapsedBucket) else Application.objects.none()
    )
    legal_late = Q(legal_clock__isnull=False, concluded_on__gt=F("legal_clock__due_on"))
    decided = Q(status__in=DECIDED, elapsed_workdays__isnull=False)
    withdrawn_late = Q(status=Status.WITHDRAWN) & legal_late
    files = files.filter(decided | withdrawn_late, concluded_on__range=(start, end)).exclude(
        concluded_on__gte=first, concluded_on__lt=last
    )
    if zone is not None:
        buckets, files = buckets.filter(zone=zone), files.filter(zone=zone)
    keys = ("zone_id", "item_id", "elapsed_workdays")
    counted = buckets.values(*keys).annotate(
        n=Sum("count"),
        ok=Sum("on_time"),
        sup=Sum("supplements"),
        late=Sum("legal_late"),
        wl=Sum("withdrawn_late"),
    )
    on_time = Q(concluded_on__lte=F("clock__due_on")) | Q(
        clock__due_on__isnull=True, elapsed_workdays__lte=F("clock__budget_workdays")
    )
    # a withdrawn file has no elapsed days of its own (None): it adds only to ``late`` and ``wl``
    cut = files.values(*keys).annotate(
        n=Count("id", filter=decided),
        ok=Count("id", filter=decided & on_time),
        sup=Sum("supplements", filter=decided),
        late=Count("id", filter=legal_late),
        wl=Count("id", filter=withdrawn_late),
    )
    return [*counted, *cut]


def approval_statistics(*, user, start: dt.date, end: dt.date, zone=None) -> dict[str, list[Row]]:
    """Rows per item, per source department and per stage, for applications concluded from ``start`` to
    ``end`` (to the day), in the user's reach (narrowed to ``zone`` when given)."""
    counts = concluded_counts(user=user, start=start, end=end, zone=zone)
    items = {
        i.pk: i
        for i in ApprovalItem.objects.for_user(user)
        .select_related("source_department")
        .only(
            "pk",
            "code",
            "name",
            "stage",
            "legal_limit_days",
            "promised_limit_days",
            "handling_kind",
            "source_department__name",
        )
    }
    by_item: dict[int, Histogram] = defaultdict(Histogram)
    for r in counts:
        by_item[r["item_id"]].add(r["elapsed_workdays"], r["n"], r["ok"], r["sup"], r["late"], r["wl"])
    per_item, per_dept, per_stage = [], defaultdict(Histogram), defaultdict(Histogram)
    dept_limits: dict[str, list[int]] = defaultdict(list)
    stage_limits: dict[str, list[int]] = defaultdict(list)
    for item_id, hist in by_item.items():
        item = items.get(item_id)
        if item is None:
            continue
        per_item.append(Row(item.code, str(item), item.legal_limit_days, item.promised_limit_days, hist))
        for target, key, limits in (
            (per_dept, item.source_department.name, dept_limits),
            (per_stage, item.stage, stage_limits),
        ):
            target[key].merge(hist)
            limits[key].append((item.legal_limit_days, item.promised_limit_days, hist.total))

    def weighted(limits) -> tuple[int | None, int | None]:
        n = sum(c for _l, _p, c in limits)
        if not n:
            return None, None
        return round(sum(legal * c for legal, _p, c in limits) / n), round(
            sum(p * c for _l, p, c in limits) / n
        )

    def spans(limits) -> dict:
        if not limits:
            return {}
        legal, promised = [x for x, _p, _c in limits], [p for _l, p, _c in limits]
        return {"legal_span": (min(legal), max(legal)), "promised_span": (min(promised), max(promised))}

    departments = [
        Row(k, k, *weighted(dept_limits[k]), h, **spans(dept_limits[k])) for k, h in sorted(per_dept.items())
    ]
    stages = [
        Row(k, str(Stage(k).label), *weighted(stage_limits[k]), h, **spans(stage_limits[k]))
        for k, h in per_stage.items()
    ]
    stages.sort(key=lambda r: list(Stage.values).index(r.key))
    per_item.sort(key=lambda r: r.key)
    zones = _per_zone(user, counts, items) if zone is None else []
    return {"items": per_item, "departments": departments, "stages": stages, "zones": zones}


def _per_zone(user, counts: list[dict], items) -> list[Row]:
    """The city's comparison in the all-zones mode: one row per zone (key: the zone's id, for the drill-down),
    with the limits weighted by the zone's own mix of items. Empty for a user who sees one zone."""
    from devzone.core.models import Zone

    names = dict(Zone.objects.for_user(user).values_list("pk", "name"))
    if len(names) < 2:
        return []
    hists: dict[int, Histogram] = defaultdict(Histogram)
    limits: dict[int, list] = defaultdict(list)
    for r in counts:
        item = items.get(r["item_id"])
        if item is None:
            continue
        hists[r["zone_id"]].add(r["elapsed_workdays"], r["n"], r["ok"], r["sup"], r["late"], r["wl"])
        limits[r["zone_id"]].append((item.legal_limit_days, item.promised_limit_days, r["n"]))

    def weighted(rows) -> tuple[int | None, int | None]:
        n = sum(c for _l, _p, c in rows)
        if not n:
            return None, None
        return round(sum(legal * c for legal, _p, c in rows) / n), round(sum(p * c for _l, p, c in rows) / n)

    return sorted(
        (Row(str(z), names.get(z, ""), *weighted(limits[z]), h) for z, h in hists.items() if z in names),
        key=lambda r: r.label,
    )


@dataclass
class PathStep:
    item: str
    stage: str
    submitted_on: dt.date
    concluded_on: dt.date | None
    status: str
    elapsed_workdays: int | None
    days_from_first_intake: int | None


def project_path(*, user, project_id: int) -> tuple[dt.date | None, list[PathStep]]:
    """A project's approval path from its first intake: each application with the natural days from the first
    intake to its conclusion ("3 days to the land certificate, 57 days to groundbreaking")."""
    apps = Application.objects.for_user(user).filter(project_id=project_id).select_related("item")
    first = apps.aggregate(m=Min("submitted_on"))["m"]
    steps = [
        PathStep(
            item=str(a.item),
            stage=a.item.get_stage_display(),
            submitted_on=a.submitted_on,
            concluded_on=a.concluded_on,
            status=a.get_status_display(),
            elapsed_workdays=a.elapsed_workdays,
            days_from_first_intake=(a.concluded_on - first).days if a.concluded_on and first else None,
        )
        for a in apps.order_by("concluded_on", "submitted_on", "id")
        if a.status not in (Status.WITHDRAWN,)
    ]
    return first, steps
