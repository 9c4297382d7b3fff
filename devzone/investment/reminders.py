"""The follow-up scan: marks idle leads stale and reminds owners (or, for a lead without owner, the zone's
leaders) of the duties the zone's rules put on its working leads. Each reminder is sent once (dedupe key per
lead, duty and due date). Every rule becomes a date cutoff computed once on the working-day calendar, so the
scan is a handful of indexed queries, whatever the number of leads."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from devzone.core.actors import system_actor
from devzone.core.choices import Role
from devzone.core.models import Profile
from devzone.core.notify import Outbox, Text, zone_users
from devzone.core.workdays import get_calendar
from devzone.investment.choices import WORKING_STAGES, Source
from devzone.investment.models import InvestmentSettings, Lead
from devzone.investment.services import refit_if_changed, settings_for

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
    system = system_actor()
    for zone_id in list(_zones()):
        rules = settings_for(zone_id)
        # The zone page (core) may have changed the leading industries without telling this module.
        refit_if_changed(zone_id, actor=system)
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


def _checks(zone_id: int, rules: InvestmentSettings, on: dt.date, cal) -> list:
    """Each duty: (kind, title, the leads due and not yet reminded, the flag that marks them, key format); the
    title lazy, written in each reminded person's language."""
    active = Lead.objects.filter(zone_id=zone_id, is_active=True, lost_on__isnull=True)
    big = Q(intended_investment__gte=rules.big_lead_wan)
    week = on - dt.timedelta(days=on.weekday())  # the report reminder repeats weekly while overdue
    year, number, _day = on.isocalendar()
    report_due = cutoff(on, rules.report_every, cal)

    def once(kind: str, title, due: Q, within: int) -> tuple:
        """A duty reminded once per lead: due ``within`` working days of the lead's creation, flagged
        ``<kind>_reminded`` when sent."""
        flag = f"{kind}_reminded"
        qs = active.filter(due, created_on__lt=cutoff(on, within, cal), **{flag: False})
        return (kind, title, qs, {flag: True}, f"inv-{kind}-%s")

    return [
        once("owner", _("大项目线索待指定负责人"), big & Q(owner__isnull=True), rules.owner_within),
        once("assessment", _("大项目线索待研判"), big & Q(assessed_on__isnull=True), rules.assessment_within),
        once(
            "referrer",
            _("待回复推荐人"),
            Q(source=Source.REFERRAL, referrer_replied_on__isnull=True),
            rules.referrer_within,
        ),
        (
            "report",
            _("进展报告到期"),
            active.filter(owner__isnull=False)
            .filter(
                Q(last_report_on__lt=report_due) | Q(last_report_on__isnull=True, created_on__lt=report_due)
            )
            .filter(Q(report_reminded_on__isnull=True) | Q(report_reminded_on__lt=week)),
            {"report_reminded_on": on},
            f"inv-report-%s-{year}w{number}",
        ),
    ]


def remind(zone_id: int, rules: InvestmentSettings, on: dt.date, cal) -> int:
    """Remind the owner (the zone's leaders for a lead without one) of each overdue duty, once. Each rule is one
    query for the leads not yet reminded (flags on the lead), at most ``MAX_NOTICES_PER_RULE`` of them per scan;
    their notifications and flags are written together, set-based. The notification's unique (user, dedupe key)
    keeps a reminder single even when two scans overlap."""
    checks = _checks(zone_id, rules, on, cal)
    leaders = zone_users(zone_id, roles=[Role.ZONE_LEADER])
    owner_users = dict(
        Profile.objects.filter(zone_id=zone_id, staff__isnull=False).values_list("staff_id", "user_id")
    )
    sent = 0
    for kind, title, qs, flag, key_format in checks:
        rows = list(
            qs.order_by("created_on", "id").values_list("pk", "company_name", "owner_id")[
                :MAX_NOTICES_PER_RULE
            ]
        )
        if not rows:
            continue
        box = Outbox(batch=len(rows) * max(len(leaders), 1) + 1)
        for lead_id, name, owner_id in rows:
            box.add(
                [owner_users[owner_id]] if owner_id in owner_users else leaders,
                kind=f"investment.{kind}",
                title=Text(_("%(duty)s：%(lead)s"), duty=title, lead=name),  # the reader's language
                url=f"/investment/leads/{lead_id}/",
                zone_id=zone_id,
                key=key_format % lead_id,
            )
        with transaction.atomic():
            sent += box.flush()
            Lead.objects.filter(pk__in=[r[0] for r in rows]).update(**flag)
    return sent
