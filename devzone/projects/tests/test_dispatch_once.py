"""Review defects of the weekly dispatch: overlapping scans of the periodic job issue the week's automatic
dispatch once, and the Word dispatch prints 万元/亿元 rounded half up (四舍五入), the unit chosen after rounding."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from devzone.core.actors import system_actor
from devzone.projects.dispatch import shown_content, wan
from devzone.projects.models import WeeklyDispatch
from devzone.projects.services import dispatching
from devzone.projects.services.dispatching import build_content, dispatch_issue, dispatch_scan
from devzone.testing import factories as f
from devzone.testing.projects import key

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2025, 6, 16)


def _at():
    return dt.datetime(2025, 6, 16, 19, 5, tzinfo=timezone.get_current_timezone())


def _automatic(zone):
    return list(WeeklyDispatch.objects.filter(zone=zone, automatic=True).values_list("number", flat=True))


def test_it_issues_nothing_when_an_overlapping_scan_issued_while_it_waited_for_the_lock(a, monkeypatch):
    """The job runner re-queues a scan still running after 1 800 s. The second scan waits for the zone's lock
    (PostgreSQL's row lock; SQLite's immediate transaction) until the first commits, then checks: it finds the
    week's dispatch and issues nothing, without failing. (Before the fix the check came first, unlocked, and
    both scans issued.)"""
    key(a)
    system = system_actor()
    real_locked = dispatching.locked
    first = []

    def first_scan_commits_meanwhile(*args, **kw):
        if not first:
            first.append(None)
            first[:] = dispatch_scan(_at(), actor=system)
        return real_locked(*args, **kw)

    monkeypatch.setattr(dispatching, "locked", first_scan_commits_meanwhile)
    assert dispatch_scan(_at(), actor=system) == []
    assert len(first) == 1 and _automatic(a.zone) == [1]


def test_it_locks_the_zone_before_checking_for_the_weeks_dispatch(a, monkeypatch):
    key(a)
    calls = []
    real_locked, real_exists = dispatching.locked, dispatching._automatic_exists
    monkeypatch.setattr(
        dispatching, "locked", lambda *a_, **kw: calls.append("lock") or real_locked(*a_, **kw)
    )
    monkeypatch.setattr(
        dispatching, "_automatic_exists", lambda *a_, **kw: calls.append("check") or real_exists(*a_, **kw)
    )
    assert len(dispatch_scan(_at(), actor=system_actor())) == 1
    assert calls == ["lock", "check"]


def test_a_scan_that_got_past_the_check_all_the_same_issues_nothing_and_does_not_fail(a, monkeypatch):
    """Should a scan miss the other's issue anyway, the constraint refuses its write: it rolls back (its number
    and its notification with it) and the scan goes on."""
    key(a)
    system = system_actor()
    assert len(dispatch_scan(_at(), actor=system)) == 1
    real_exists = dispatching._automatic_exists
    checks = []

    def blind_once(*args, **kw):  # the first check misses the committed issue
        checks.append(None)
        return len(checks) > 1 and real_exists(*args, **kw)

    monkeypatch.setattr(dispatching, "_automatic_exists", blind_once)
    assert dispatch_scan(_at(), actor=system) == []
    assert len(checks) == 2  # refused by the constraint, then checked again
    assert _automatic(a.zone) == [1] and WeeklyDispatch.objects.filter(zone=a.zone).count() == 1
    assert (
        dispatch_issue(actor=a.leader, zone=a.zone, on=MONDAY).number == 2
    )  # the refused number was not used


def test_it_refuses_a_second_automatic_dispatch_of_the_week_in_the_database(a):
    key(a)
    system = system_actor()
    dispatch_scan(_at(), actor=system)
    with pytest.raises(IntegrityError), transaction.atomic():
        dispatching.issue(zone=a.zone, on=MONDAY, actor=system, automatic=True)
    # issues on demand stay free, and a zone's week does not bind another zone
    assert dispatch_issue(actor=a.leader, zone=a.zone, on=MONDAY).number == 2
    assert _automatic(a.zone) == [1]


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("10050", "1.01亿元"),  # 1.005亿: half up, not to even
        ("10150", "1.02亿元"),
        ("12345.50", "1.23亿元"),
        ("9999.995", "1.00亿元"),  # rounds to 10 000 万元: printed in 亿元
        ("9999.994", "9999.99万元"),
        ("10049.995", "1.00亿元"),  # rounded once, from the amount (not 10 050.00 万元 -> 1.01亿元)
        ("0.005", "0.01万元"),
        ("0.125", "0.13万元"),
        ("5", "5.00万元"),
    ],
)
def test_it_prints_amounts_rounded_half_up(amount, shown):
    assert wan(Decimal(amount)) == shown


def test_it_prints_no_amount_as_a_dash():
    assert wan(None) == "—"


def test_the_word_dispatch_rounds_the_new_signings_total_half_up(a):
    key(a)
    f.ProjectFactory(
        zone=a.zone,
        enterprise=a.enterprise,
        name="本周签约项目",
        signed_on=MONDAY - dt.timedelta(days=2),
        total_investment=Decimal("10050"),
    )
    rows = next(
        s for s in shown_content(build_content(zone=a.zone, on=MONDAY))["sections"] if s["key"] == "signings"
    )["rows"]
    assert [r[2] for r in rows if r[0] == "本周签约项目"] == ["1.01亿元"]
