"""When a periodic job runs next (``scheduler.next_run``), as properties: a job with a Beijing time runs at
that time, after now and within one interval, whatever the moment and the time; one without runs one interval
later."""

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from devzone.core import scheduler

BEIJING = ZoneInfo("Asia/Shanghai")

moments = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),
    max_value=dt.datetime(2100, 1, 1),
    timezones=st.sampled_from([dt.UTC, BEIJING]),
)


@given(now=moments, at=st.times())
def test_the_next_run_of_a_daily_job_is_its_beijing_time_within_a_day(now, at):
    following = scheduler.next_run(now, 24 * 3600, at)
    assert now < following <= now + dt.timedelta(days=1)
    assert following.astimezone(BEIJING).time() == at


@given(now=moments, at=st.times(), hours=st.sampled_from([1, 2, 3, 4, 6, 8, 12]))
def test_the_next_run_of_an_anchored_job_is_on_its_minute_within_one_interval(now, at, hours):
    following = scheduler.next_run(now, hours * 3600, at)
    assert now < following <= now + dt.timedelta(hours=hours)
    local = following.astimezone(BEIJING)
    assert (local.minute, local.second, local.microsecond) == (at.minute, at.second, at.microsecond)
    assert (local.hour - at.hour) % hours == 0


@given(now=moments, interval=st.integers(min_value=1, max_value=7 * 24 * 3600))
def test_the_next_run_of_a_job_without_a_time_is_one_interval_later(now, interval):
    assert scheduler.next_run(now, interval) == now + dt.timedelta(seconds=interval)
