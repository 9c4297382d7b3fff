"""The hourly follow-up scan as the officers and leaders live with it: each reminder arrives once, a backlog larger
than one scan's batch drains over the next scans, the progress report is asked for again each week while it is
overdue, and the leads' fit is re-judged only when the zone's leading industries changed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devzone.core.models import Notification
from devzone.investment import reminders
from devzone.investment.models import Lead
from devzone.testing.investment import TODAY, new_lead

pytestmark = pytest.mark.django_db


def _big(officer, team, name, days=10):
    return new_lead(
        officer, team, name=name, intended_investment=Decimal("50000"), on=TODAY - dt.timedelta(days=days)
    )


def test_a_backlog_larger_than_a_batch_drains_and_nobody_is_reminded_twice(
    monkeypatch, officer, team_a, zone_a_leader
):
    monkeypatch.setattr(reminders, "MAX_NOTICES_PER_RULE", 2)
    leads = [_big(officer, team_a, f"大项目{i}食品有限公司", days=10 + i) for i in range(5)]
    notes = Notification.objects.filter(user=zone_a_leader, kind="investment.owner")
    seen = []
    for _scan in range(4):
        reminders.scan(TODAY)
        seen.append(notes.count())
    assert seen == [2, 4, 5, 5]  # two per scan, the oldest first, then nothing more
    assert sorted(notes.values_list("url", flat=True)) == sorted(f"/investment/leads/{x.pk}/" for x in leads)
    assert notes.values("dedupe_key").distinct().count() == 5
    assert all(Lead.objects.filter(pk__in=[x.pk for x in leads]).values_list("owner_reminded", flat=True))


def test_a_reminder_already_sent_is_not_sent_again_even_if_the_lead_flag_was_lost(
    officer, team_a, zone_a_leader
):
    lead = _big(officer, team_a, "已提醒食品有限公司")
    reminders.scan(TODAY)
    Lead.objects.filter(pk=lead.pk).update(owner_reminded=False)  # two scans racing, a restored backup …
    reminders.scan(TODAY)
    assert (
        Notification.objects.filter(kind="investment.owner", dedupe_key=f"inv-owner-{lead.pk}").count() == 1
    )


def test_the_progress_report_is_asked_for_once_a_week_while_overdue(officer, team_a):
    from devzone.core.models import Staff

    owner = Staff.objects.get(profile__user=officer)
    lead = new_lead(officer, team_a, name="进展食品有限公司", owner=owner, on=TODAY - dt.timedelta(days=40))
    notes = Notification.objects.filter(user=officer, kind="investment.report")
    reminders.scan(TODAY)  # Friday 2026-11-20
    reminders.scan(TODAY)
    assert notes.count() == 1
    reminders.scan(TODAY + dt.timedelta(days=3))  # Monday of the next week: still overdue
    assert notes.count() == 2
    from devzone.investment import services as svc

    svc.lead_record(actor=officer, lead=lead, kind="report", text="已报送进展")
    reminders.scan(TODAY + dt.timedelta(days=10))
    assert notes.count() == 2  # reported: nothing due


def test_the_fit_is_rejudged_only_when_the_leading_industries_changed(officer, team_a, zone_a):
    fits = new_lead(officer, team_a, name="食品甲有限公司", industry="14")
    other = new_lead(officer, team_a, name="电子乙有限公司", industry="39")
    reminders.scan(TODAY)
    with CaptureQueriesContext(connection) as ctx:
        reminders.scan(TODAY)
    writes = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("UPDATE") and "fits" in q["sql"]]
    assert writes == []  # nothing changed: no lead rewritten
    zone_a.leading_industries.set(["39", "34"])  # the zone page, which does not tell 大招商
    reminders.scan(TODAY)
    fits.refresh_from_db()
    other.refresh_from_db()
    assert (fits.fits, fits.is_active) == (False, False)
    assert (other.fits, other.is_active) == (True, True)


def test_a_zone_without_leading_industries_makes_every_lead_unfit(officer, team_a, zone_a):
    lead = new_lead(officer, team_a, name="食品丙有限公司", industry="14")
    zone_a.leading_industries.clear()
    reminders.scan(TODAY)
    lead.refresh_from_db()
    assert not lead.fits and not lead.is_active
