"""公示 after 拟聘用 lasts the campaign's publicity period in working days by the calendar as it stands: a correction
of the calendar made while it runs (an administrator marks one of its days a rest day, on a State Council or city
notice) moves its end — for the check that concludes it 期满无异议, on the pages and in the API. Before, the end
was computed once when it started (``HireStep.publicity_until``) and a publicity could be concluded before its
legal period had run."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core.errors import DomainError
from devzone.core.services.calendar import calendar_day_set
from devzone.core.workdays import get_calendar
from devzone.personnel.tests.test_competition import setup  # noqa: F401  (fixture)
from devzone.testing.personnel import record_step, recorded_on

pytestmark = pytest.mark.django_db

START = dt.date(2026, 11, 2)  # a Monday: seven working days end on Wednesday 11 November
NOTICE = "市政府通知（示例）"


def _publicity_started(reg, officer, on):
    """体检 and 考察 passed and the 公示 started, all recorded on ``on`` (a 公示 starts on the day it is recorded)."""
    with recorded_on(on):
        for kind in ("medical", "inspection"):
            record_step(officer, reg, kind, "passed", on)
        return record_step(officer, reg, "publicity", "pending", on)


def test_a_correction_inside_the_period_moves_the_day_it_may_be_concluded(ranked, officer_a, sysadmin):
    hire = ranked[0]
    step = _publicity_started(hire, officer_a, START)
    assert step.publicity_until == dt.date(2026, 11, 11)
    calendar_day_set(actor=sysadmin, date=dt.date(2026, 11, 5), is_workday=False, source=NOTICE)
    assert get_calendar().add_workdays(START, hire.campaign.publicity_days) == dt.date(2026, 11, 12)
    with pytest.raises(DomainError, match="公示期至2026年11月12日") as refused:
        record_step(officer_a, hire, "publicity", "passed", dt.date(2026, 11, 12))
    assert "on" in refused.value.errors
    done = record_step(officer_a, hire, "publicity", "passed", dt.date(2026, 11, 13))
    # the concluded step keeps the period as it ran
    assert (done.publicity_until, done.concluded_on) == (dt.date(2026, 11, 12), dt.date(2026, 11, 13))


def test_the_candidate_and_the_officer_read_the_period_as_the_calendar_now_has_it(
    ranked, officer_a, sysadmin, client_for
):
    hire = ranked[0]
    today = timezone.localdate()
    _publicity_started(hire, officer_a, today)
    inside = get_calendar().add_workdays(today, 1)  # a working day of the period, still ahead
    calendar_day_set(actor=sysadmin, date=inside, is_workday=False, source=NOTICE)
    real_end = get_calendar().add_workdays(today, hire.campaign.publicity_days)
    for who in (hire.candidate.user, officer_a):
        shown = client_for(who).get(f"/api/v1/personnel/registrations/{hire.pk}").json()
        publicity = next(s for s in shown["hire_steps"] if s["kind"] == "publicity")
        assert publicity["publicity_until"] == real_end.isoformat()
    listed = client_for(officer_a).get("/api/v1/personnel/registrations").json()["items"]
    (row,) = [r for r in listed if r["id"] == hire.pk]
    assert next(s for s in row["hire_steps"] if s["kind"] == "publicity")["publicity_until"] == str(real_end)
    page = client_for(officer_a).get(reverse("personnel:registration_detail", args=[hire.pk]))
    assert f"{real_end.year}年{real_end.month}月{real_end.day}日" in page.content.decode()


def test_a_competition_s_publicity_follows_a_correction_too(setup, zone_a_leader, sysadmin):  # noqa: F811
    """竞聘上岗's 公示 (services/competition.py) is checked the same way before the appointment."""
    from devzone.personnel.services import competition as svc

    s, lead = setup, zone_a_leader
    on = dt.date(2026, 11, 2)  # five working days end on Monday 9 November
    entry = svc.entry_apply(
        actor=lead, competition=s["comp"], staff_id=s["young"].pk, post_id=s["chief"].pk, on=on
    )
    svc.competition_close(actor=lead, competition=s["comp"])
    svc.entry_score(actor=lead, entry=entry, speech="90", evaluation="90")
    comp = svc.competition_publish(actor=lead, competition=s["comp"], on=on)
    assert comp.publicity_until == dt.date(2026, 11, 9)
    calendar_day_set(actor=sysadmin, date=dt.date(2026, 11, 4), is_workday=False, source=NOTICE)
    comp.refresh_from_db()
    assert comp.publicity_ends == dt.date(2026, 11, 10)  # what the page and the desks read
    with pytest.raises(DomainError, match="公示期未满"):
        svc.competition_finalize(actor=lead, competition=comp, on=dt.date(2026, 11, 10))
    done = svc.competition_finalize(actor=lead, competition=comp, on=dt.date(2026, 11, 11))
    done.refresh_from_db()
    assert (done.publicity_until, done.publicity_ends) == (dt.date(2026, 11, 10), dt.date(2026, 11, 10))


def test_the_desks_read_the_period_as_the_calendar_now_has_it(ranked, officer_a, sysadmin, client_for):
    """The candidate's desk (公示至…) and the officer's 待办理聘用环节 read the end a correction moved. The
    publicity began so that, as first projected, it ended before today; a rest day marked inside it moves its
    end to today or later: the officer's item, which lists publicities whose projected end has passed, says the
    period still runs rather than that it has ended."""
    from devzone.personnel.selectors import short_day

    hire = ranked[0]
    today = timezone.localdate()
    days, cal = hire.campaign.publicity_days, get_calendar()
    start = today - dt.timedelta(days=1)
    # the latest start whose period, as projected, ended already
    while cal.add_workdays(start, days) >= today:
        start -= dt.timedelta(days=1)
    step = _publicity_started(hire, officer_a, start)
    assert step.publicity_until < today
    calendar_day_set(actor=sysadmin, date=cal.add_workdays(start, 1), is_workday=False, source=NOTICE)
    real_end = get_calendar().add_workdays(start, days)
    assert real_end >= today
    shown = short_day(real_end, today)
    for who in (hire.candidate.user, officer_a):
        page = client_for(who).get("/").content.decode()
        assert f"公示至{shown}" in page, who
        assert "公示期已满" not in page
