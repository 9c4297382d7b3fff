"""The follow-up scan: marks idle leads stale and reminds owners (or, for a lead without owner, the zone's
leaders) of the duties the zone's rules put on its working leads. Each reminder is sent once (dedupe key per
lead, duty and due date). Every rule becomes a date cutoff computed once on the working-day calendar, so the
scan is a handful of indexed queries, whatever the number of leads."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from devzone.core.choices import Role
from devzone.core.models import Notification, Profile
from devzone.core.workdays import get_calendar
from devzone.investment.choices import WORKING_STAGES, Source
from devzone.investment.models import InvestmentSettings, Lead
from devzone.investment.services import refit_zone, settings_for

MAX_NOTICES_PER_RULE = 500  # per zone and scan: a backlog does not flood anybody's inbox


def cutoff(on: dt.date, workdays: int, cal=None) -> dt.date:
    """The earliest date d with ``cal.between(d, on) <= workdays``: a date before it is more than ``workdays``
    working days ago."""
    cal = cal or get_calendar()
    d = on
    while cal.between(d - dt.timedelta(days=1), on) <= workdays:
        d -= dt.timedelta(days=1)
    return d


def _zones():
    return Lead.objects.values_list("zone_id", flat=True).distinct().order_by()


def scan(on: dt.date) -> dict[str, int]:
    cal = get_calendar()
    counts = {"stale": 0, "reminded": 0}
    for zone_id in list(_zones()):
        rules = settings_for(zone_id)
        # The zone page (core) may have changed the leading industries without telling this module.
        refit_zone(zone_id)
        counts["stale"] += mark_stale(zone_id, rules, on, cal)
        counts["reminded"] += remind(zone_id, rules, on, cal)
    return counts


def mark_stale(zone_id: int, rules: InvestmentSettings, on: dt.date, cal) -> int:
    active = Lead.objects.filter(zone_id=zone_id, is_active=True)
    marked = 0
    for stage in WORKING_STAGES:
        limit = (rules.stale_limits or {}).get(stage)
        qs = active.filter(stage=stage)
        if limit is None:
            qs.filter(is_stale=True).update(is_stale=False)
            continue
        edge = cutoff(on, int(limit), cal)
        marked += qs.filter(is_stale=False, last_activity_on__lt=edge).update(is_stale=True)
        qs.filter(is_stale=True, last_activity_on__gte=edge).update(is_stale=False)
    return marked


def remind(zone_id: int, rules: InvestmentSettings, on: dt.date, cal) -> int:
    active = Lead.objects.filter(zone_id=zone_id, is_active=True, lost_on__isnull=True)
    big = Q(intended_investment__gte=rules.big_lead_wan)
    checks = [
        (
            "owner",
            _("大项目线索待指定负责人"),
            active.filter(big, owner__isnull=True, created_on__lt=cutoff(on, rules.owner_within, cal)),
        ),
        (
            "assessment",
            _("大项目线索待研判"),
            active.filter(
                big, assessed_on__isnull=True, created_on__lt=cutoff(on, rules.assessment_within, cal)
            ),
        ),
        (
            "referrer",
            _("待回复推荐人"),
            active.filter(
                source=Source.REFERRAL,
                referrer_replied_on__isnull=True,
                created_on__lt=cutoff(on, rules.referrer_within, cal),
            ),
        ),
        (
            "report",
            _("进展报告到期"),
            active.filter(owner__isnull=False).filter(
                Q(last_report_on__lt=cutoff(on, rules.report_every, cal))
                | Q(last_report_on__isnull=True, created_on__lt=cutoff(on, rules.report_every, cal))
            ),
        ),
    ]
    leaders = list(
        Profile.objects.filter(zone_id=zone_id, role=Role.ZONE_LEADER).values_list("user_id", flat=True)
    )
    owner_users = dict(
        Profile.objects.filter(zone_id=zone_id, staff__isnull=False).values_list("staff_id", "user_id")
    )
    pending: dict[tuple[int, str], Notification] = {}
    for kind, title, qs in checks:
        for lead_id, name, owner_id in qs.values_list("pk", "company_name", "owner_id")[
            :MAX_NOTICES_PER_RULE
        ]:
            users = [owner_users[owner_id]] if owner_id in owner_users else leaders
            since = on.isocalendar()
            key = (
                f"inv-{kind}-{lead_id}-{since[0]}w{since[1]}" if kind == "report" else f"inv-{kind}-{lead_id}"
            )
            for u in users:
                pending[(u, key)] = Notification(
                    user_id=u,
                    zone_id=zone_id,
                    kind=f"investment.{kind}",
                    title=f"{title}：{name}"[:200],
                    url=f"/investment/leads/{lead_id}/",
                    dedupe_key=key,
                )
    if not pending:
        return 0
    sent = set(
        Notification.objects.filter(
            user_id__in={u for u, _k in pending}, dedupe_key__in={k for _u, k in pending}
        ).values_list("user_id", "dedupe_key")
    )
    new = [n for k, n in pending.items() if k not in sent]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
