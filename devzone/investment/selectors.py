"""Reads of 大招商 used by pages and the API: scoped through ``for_user``; the funnel and the leaderboard read
the denormalised counters and the contracts, never the 200,000 leads one by one."""

from __future__ import annotations

import calendar as pycal
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core.access import reach_of, zone_ids_in_reach
from devzone.core.choices import Role
from devzone.core.industries import local_name
from devzone.core.models import Staff
from devzone.investment import counting, funnel, scoring
from devzone.investment.choices import ContractKind, Period, Source
from devzone.investment.models import Activity, Contract, FunnelCell, InvestmentTeam, Lead, TeamMember
from devzone.investment.services import settings_for

YI = Decimal("10000")
TEN_YI = Decimal("100000")


def lead_list(*, user, action: str = "view") -> QuerySet[Lead]:
    return Lead.objects.for_user(user, action).unmerged().select_related("team", "owner", "industry")


def merge_candidates(*, user, lead: Lead, q: str = "", limit: int = 20) -> list[Lead]:
    """Leads that may be the same firm as ``lead``, for the merge on its page: those whose name holds its
    distinctive part (place names aside) or that share its contact phone; or, when the user searches, those
    matching the search. Only leads the user may change, at most ``limit``."""
    from devzone.investment.dedupe import name_stem

    qs = (
        Lead.objects.for_user(user, "change")
        .unmerged()
        .filter(zone_id=lead.zone_id)
        .exclude(pk=lead.pk)
        .select_related("team")
    )
    q = (q or "").replace("\x00", "").strip()[:100]
    if q:
        cond = Q(company_name__icontains=q) | Q(credit_code=q.upper())
    else:
        stem = name_stem(lead.company_name)
        cond = Q(name_key__contains=stem) if len(stem) >= 2 else Q(pk__in=[])
        if lead.contact_phone:
            cond |= Q(contact_phone=lead.contact_phone)
    return list(qs.filter(cond).order_by("company_name", "pk")[:limit])


def my_team_ids(user) -> list[int] | None:
    """The teams an investment officer belongs to; None for everybody who sees the whole zone."""
    if reach_of(user).role != Role.INVESTMENT_OFFICER:
        return None
    return list(
        TeamMember.objects.filter(staff__profile__user=user, is_active=True).values_list("team_id", flat=True)
    )


def teams_for(user, zone_id: int | None = None) -> QuerySet[InvestmentTeam]:
    qs = InvestmentTeam.objects.for_user(user).filter(is_active=True)
    return qs.filter(zone_id=zone_id) if zone_id else qs


def teams_to_write_for(user, zone_id: int | None = None) -> QuerySet[InvestmentTeam]:
    """The teams a user may register leads and activities for: an officer's own, a leader's zone's."""
    teams = teams_for(user, zone_id)
    mine = my_team_ids(user)
    return teams if mine is None else teams.filter(pk__in=mine)


def officers_for(user, zone_id: int | None = None) -> QuerySet[Staff]:
    members = TeamMember.objects.for_user(user).filter(is_active=True)
    if zone_id:
        members = members.filter(zone_id=zone_id)
    return Staff.objects.filter(pk__in=members.values("staff_id")).order_by("name")


# --- the funnel ------------------------------------------------------------------------------------------
COUNTER_FIELDS = (
    ["leads", "lost"]
    + [f"reached_{s}" for s in funnel.STAGES]
    + [f"left_{s}" for s in funnel.STAGES[:-1]]
    + [f"days_{s}" for s in funnel.STAGES[:-1]]
)
GROUPS = {"team": "team_id", "source": "source", "industry": "section", "owner": "owner_key"}


def cells_for(user, zone_id: int | None) -> QuerySet[FunnelCell]:
    qs = FunnelCell.objects.filter(zone_id__in=zone_ids_in_reach(user))
    if zone_id:
        qs = qs.filter(zone_id=zone_id)
    teams = my_team_ids(user)
    if teams is not None:
        qs = qs.filter(team_id__in=teams)
    return qs


def _sums(qs) -> dict:
    return {k: v or 0 for k, v in qs.aggregate(**{f: Sum(f) for f in COUNTER_FIELDS}).items()}


@dataclass
class FunnelGroup:
    key: object
    label: str
    totals: dict
    rows: list[funnel.StageRow]

    @property
    def signed_rate(self) -> float | None:
        n = self.totals.get("leads", 0)
        return self.totals.get("reached_signed", 0) / n if n else None


def funnel_data(
    *, user, zone_id: int | None, year: int | None = None, team_id: int | None = None, by: str = "team"
):
    qs = cells_for(user, zone_id)
    if year:
        qs = qs.filter(year=year)
    if team_id:
        qs = qs.filter(team_id=team_id)
    totals = _sums(qs)
    field = GROUPS.get(by, "team_id")
    grouped = qs.values(field).order_by(field).annotate(**{f: Sum(f) for f in COUNTER_FIELDS})
    labels = _labels(by, [g[field] for g in grouped])
    groups = [
        FunnelGroup(
            key=g[field],
            label=labels.get(g[field], str(g[field])),
            totals={f: g[f] or 0 for f in COUNTER_FIELDS},
            rows=funnel.summarise({f: g[f] or 0 for f in COUNTER_FIELDS}),
        )
        for g in grouped
    ]
    years = sorted(
        set(cells_for(user, zone_id).values_list("year", flat=True).distinct().order_by()), reverse=True
    )
    return {"totals": totals, "rows": funnel.summarise(totals), "groups": groups, "years": years}


def _labels(by: str, keys: list) -> dict:
    if by == "team":
        return dict(InvestmentTeam.objects.filter(pk__in=keys).values_list("pk", "name"))
    if by == "source":
        return {k: str(Source(k).label) for k in keys if k in Source.values}
    if by == "industry":
        return {k: f"{k} {local_name(k)}" for k in keys}
    if by == "owner":
        names = dict(Staff.objects.filter(pk__in=keys).values_list("pk", "name"))
        return {k: names.get(k, _("未指定负责人")) for k in keys}
    return {}


# --- periods ---------------------------------------------------------------------------------------------
def period_bounds(period: str, anchor: dt.date) -> tuple[dt.date, dt.date]:
    y, m = anchor.year, anchor.month
    if period == Period.MONTH:
        return dt.date(y, m, 1), dt.date(y, m, pycal.monthrange(y, m)[1])
    if period == Period.QUARTER:
        first = 3 * ((m - 1) // 3) + 1
        last = first + 2
        return dt.date(y, first, 1), dt.date(y, last, pycal.monthrange(y, last)[1])
    if period == Period.HALF:
        return (dt.date(y, 1, 1), dt.date(y, 6, 30)) if m <= 6 else (dt.date(y, 7, 1), dt.date(y, 12, 31))
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def period_label(period: str, start: dt.date) -> str:
    """The period starting on ``start`` in the reader's language: 2026年10月 / October 2026, 2026年第3季度 /
    Q3 2026, 2026年上半年 / H1 2026, 2026年 / 2026."""
    y = start.year
    if period == Period.MONTH:
        return date_format(start, "YEAR_MONTH_FORMAT")
    if period == Period.QUARTER:
        return _("%(year)d年第%(quarter)d季度") % {"year": y, "quarter": (start.month - 1) // 3 + 1}
    if period == Period.HALF:
        return (_("%(year)d年上半年") if start.month <= 6 else _("%(year)d年下半年")) % {"year": y}
    return _("%(year)s年") % {"year": y}


# --- figures and the leaderboard -------------------------------------------------------------------------
COUNTED = Q(counts_as_project=True)
# The contracts whose counted investment the figures add up: the counted signings and the increases (an
# increase counts its increment, never a project). Every other contract counts 0 by the rules (a local investor,
# an excluded kind, a signing again whose amount went to the first signing); the figures page, the leaderboard
# and the city bulletin share this one definition.
INVESTMENT_COUNTED = COUNTED | Q(kind=ContractKind.INCREASE)
# A project of 1 亿 or 10 亿 is judged at its counted signing by the counted amount: the binding contract's (a
# framework agreement's amount is replaced by the formal contract's); an increase counts no project, so never
# makes one.
OVER_1_YI = COUNTED & Q(counted_investment__gte=YI)
OVER_10_YI = COUNTED & Q(counted_investment__gte=TEN_YI)
# The funds arrived (到位资金) the figures add up: those of every contract that counts by the rules — the counted
# signing, an increase, the formal contract of a project counted at its framework agreement (the money of the
# counted project arrives under it) — never those of a contract that counts nothing (a local investor, an
# excluded kind: no project, no investment, no funds). Each contract's funds count where the contract is signed.
FUNDS_COUNTED = ~Q(excluded_reason__in=counting.COUNTS_NOTHING)


def contracts_in(*, zone_id: int, start: dt.date, end: dt.date) -> QuerySet[Contract]:
    return Contract.objects.filter(zone_id=zone_id, signed_on__gte=start, signed_on__lte=end)


def _aggregates():
    from django.db.models import F

    return {
        "signed": Count("id", filter=COUNTED),
        "investment": Sum("counted_investment", filter=INVESTMENT_COUNTED),
        "over_1_yi": Count("id", filter=OVER_1_YI),
        "over_10_yi": Count("id", filter=OVER_10_YI),
        "funds": Sum("funds_arrived", filter=FUNDS_COUNTED),
        # once per counted project (its counted signing), as "landed": not the framework agreement and the
        # formal contract both, nor a local investor's project
        "on_time": Count(
            "id",
            filter=COUNTED
            & Q(groundbreaking_on__isnull=False, groundbreaking_due__isnull=False)
            & Q(groundbreaking_on__lte=F("groundbreaking_due")),
        ),
        "landed": Count("id", filter=COUNTED & Q(groundbreaking_on__isnull=False)),
    }


def figures(*, zone_id: int, start: dt.date, end: dt.date) -> dict:
    """The figures the reports quote, computed from the contracts: signed projects, contract investment
    (counted by the rules), projects of 1 亿 and 10 亿 and more, and the big ones by name."""
    qs = contracts_in(zone_id=zone_id, start=start, end=end)
    totals = {k: v or 0 for k, v in qs.aggregate(**_aggregates()).items()}
    big = list(
        qs.filter(OVER_10_YI)
        .order_by("-counted_investment", "pk")
        .values("pk", "project_name", "counted_investment", "signed_on", "team__name")
    )
    return {"totals": totals, "big": big, "start": start, "end": end}


INDICATORS = ["signed", "investment", "over_1_yi", "over_10_yi", "funds", "on_time", "conversion", "landed"]
INDICATOR_LABELS = {  # lazy: rendered in the reader's language
    "signed": gettext_lazy("签约项目"),
    "investment": gettext_lazy("合同投资额"),
    "over_1_yi": gettext_lazy("亿元以上"),
    "over_10_yi": gettext_lazy("10亿元以上"),
    "funds": gettext_lazy("到位资金"),
    "on_time": gettext_lazy("按期开工"),
    "conversion": gettext_lazy("线索转化率"),
    "landed": gettext_lazy("落地率"),
}


@dataclass
class BoardRow:
    key: object
    label: str
    values: dict
    scores: dict
    total: Decimal
    rank: int
    target: object = None


def leaderboard(*, zone_id: int, period: str, anchor: dt.date, by: str = "team") -> dict:
    start, end = period_bounds(period, anchor)
    rules = settings_for(zone_id)
    weights = {k: Decimal(str(v)) for k, v in (rules.weights or {}).items() if k in INDICATORS}
    field = "team_id" if by == "team" else "owner_id"
    qs = contracts_in(zone_id=zone_id, start=start, end=end)
    per = {r[field]: r for r in qs.values(field).order_by(field).annotate(**_aggregates())}
    # Conversion: of the leads registered up to the end of the period's year, the share that reached 签约
    # (a lead registered last year and signed this year counts; a cohort of this year alone is mostly unsigned).
    cells = FunnelCell.objects.filter(zone_id=zone_id, year__lte=end.year)
    cell_field = "team_id" if by == "team" else "owner_key"
    conv = {
        r[cell_field]: r
        for r in cells.values(cell_field)
        .order_by(cell_field)
        .annotate(n=Sum("leads"), s=Sum("reached_signed"))
    }
    if by == "team":
        competitors = dict(
            InvestmentTeam.objects.filter(zone_id=zone_id, is_active=True).values_list("pk", "name")
        )
    else:
        competitors = dict(
            Staff.objects.filter(
                team_memberships__zone_id=zone_id, team_memberships__is_active=True
            ).values_list("pk", "name")
        )
    rows = {}
    for key in competitors:
        r = per.get(key, {})
        c = conv.get(key, {})
        signed = r.get("signed") or 0
        rows[key] = {
            "signed": Decimal(signed),
            "investment": Decimal(r.get("investment") or 0),
            "over_1_yi": Decimal(r.get("over_1_yi") or 0),
            "over_10_yi": Decimal(r.get("over_10_yi") or 0),
            "funds": Decimal(r.get("funds") or 0),
            "on_time": Decimal(r.get("on_time") or 0),
            "conversion": Decimal(c.get("s") or 0) / Decimal(c["n"]) if c.get("n") else Decimal(0),
            "landed": Decimal(r.get("landed") or 0) / Decimal(signed) if signed else Decimal(0),
        }
    scored = scoring.score(rows, weights) if rows else []
    targets = {}
    if by == "team":
        from devzone.investment.models import TeamTarget

        targets = {t.team_id: t for t in TeamTarget.objects.filter(zone_id=zone_id, year=start.year)}
    board = [
        BoardRow(
            key=s.key,
            label=competitors[s.key],
            values=rows[s.key],
            scores=s.scores,
            total=s.total,
            rank=s.rank,
            target=targets.get(s.key),
        )
        for s in scored
    ]
    return {
        "rows": board,
        "start": start,
        "end": end,
        "label": period_label(period, start),
        "weights": weights,
        "indicators": [(k, INDICATOR_LABELS[k]) for k in INDICATORS],
    }


# --- the activity calendar -------------------------------------------------------------------------------
def month_grid(*, user, year: int, month: int, zone_id: int | None) -> list[list[tuple[dt.date, list, bool]]]:
    """Weeks (Monday first) of the month, each day with its activities and whether it is a rest day on the
    zone's working-day calendar; days of the neighbouring months are included to fill the weeks."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, pycal.monthrange(year, month)[1])
    start = first - dt.timedelta(days=first.weekday())
    end = last + dt.timedelta(days=6 - last.weekday())
    qs = Activity.objects.for_user(user).filter(on__gte=start, on__lte=end).select_related("team")
    if zone_id:
        qs = qs.filter(zone_id=zone_id)
    by_day: dict[dt.date, list] = {}
    for a in qs.order_by("on", "id")[:1000]:
        by_day.setdefault(a.on, []).append(a)
    from devzone.core.workdays import get_calendar

    cal = get_calendar()

    def rest(d: dt.date) -> bool:  # a weekend or a statutory holiday (调休 workdays are workdays)
        try:
            return not cal.is_workday(d)
        except Exception:  # a year the calendar does not know: weekends only
            return d.weekday() >= 5

    weeks, day = [], start
    while day <= end:
        days = [day + dt.timedelta(days=i) for i in range(7)]
        weeks.append([(d, by_day.get(d, []), rest(d)) for d in days])
        day += dt.timedelta(days=7)
    return weeks


def lead_duties(lead: Lead, rules) -> list:
    """What is due on an active lead under the zone's rules (``followup.duties`` on the working-day calendar)."""
    from devzone.core.workdays import get_calendar
    from devzone.investment import followup

    facts = followup.Facts(
        created_on=lead.created_on,
        stage=lead.stage,
        intended_investment=lead.intended_investment,
        has_owner=lead.owner_id is not None,
        owner_assigned_on=lead.owner_assigned_on,
        assessed_on=lead.assessed_on,
        is_referral=lead.source == "referral",
        referrer_replied_on=lead.referrer_replied_on,
        last_report_on=lead.last_report_on,
        last_activity_on=lead.last_activity_on,
    )
    return followup.duties(
        facts,
        followup.Rules(
            big_lead_wan=rules.big_lead_wan,
            owner_within=rules.owner_within,
            assessment_within=rules.assessment_within,
            referrer_within=rules.referrer_within,
            report_every=rules.report_every,
            stale_limits=rules.stale_limits or {},
        ),
        get_calendar(),
    )
