"""序时进度 of the annual tasks (``planning.pace``): the share of the task's own period over — 0 before it starts, 1
from its end on, never falling — and the period starts at the task's real start in its year (the plan's effective
date, the day the task was added to a saved plan, the zone's establishment), not on 1 January: a plan approved on
1 July is half-way through its year on 30 September (50.0 %), not at 74.8 %."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from devzone.planning import pace, selectors
from devzone.testing.investment import freeze_today
from devzone.testing.planning import plan_of

D = Decimal
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


@given(days, days, days, days)
def test_the_share_is_0_before_the_start_1_from_the_end_and_never_falls(one, other, a, b):
    start, end = min(one, other), max(one, other)
    # a period given the wrong way round is its end day alone
    assert pace.elapsed_share(end, start, a) == (1 if a >= start else 0)
    share = pace.elapsed_share(start, end, min(a, b))
    later = pace.elapsed_share(start, end, max(a, b))
    assert 0 <= share <= later <= 1
    if a < start:
        assert pace.elapsed_share(start, end, a) == 0
    if a >= end:
        assert pace.elapsed_share(start, end, a) == 1


@given(st.integers(2000, 2100), st.lists(st.one_of(st.none(), days), max_size=3), days)
def test_a_tasks_period_starts_at_its_latest_start_in_the_year(year, starts, today):
    period = pace.task_period(year, *starts)
    known = [d for d in starts if d is not None]
    if any(d.year > year for d in known):
        assert period is None and pace.expected_percent(year, today, *starts) is None
        return
    begin = max([dt.date(year, 1, 1), *known])
    assert period == (begin, dt.date(year, 12, 31))
    percent = pace.expected_percent(year, today, *starts)
    assert D(0) <= percent <= D(100)
    assert (percent == 0) == (today < begin) and (percent == 100) == (today >= dt.date(year, 12, 31))


def test_the_days_are_counted_inclusive():
    assert pace.elapsed_share(dt.date(2026, 7, 1), dt.date(2026, 12, 31), dt.date(2026, 9, 30)) == Fraction(
        1, 2
    )
    assert pace.expected_percent(2026, dt.date(2026, 9, 30)) == D("74.8")  # 273 of 365 days from 1 January
    assert pace.expected_percent(2026, dt.date(2026, 9, 30), dt.date(2026, 7, 1)) == D("50.0")
    assert pace.expected_percent(2026, dt.date(2026, 6, 30), dt.date(2026, 7, 1)) == D("0.0")


def _plan(officer, zone, *, targets, effective_on=None, version=None):
    return plan_of(
        officer,
        zone,
        effective_on=effective_on,
        version=version,
        targets=[{"year": 2026, "metric": m, "target": "1000", "owner": "经发局"} for m in targets],
    )


def _expected(officer) -> dict:
    return {t.metric: t.expected for _z, t in selectors.city_map(officer)["this_year"]}


@pytest.mark.django_db
def test_the_pages_pace_runs_from_the_plans_effective_date_and_a_tasks_addition(
    monkeypatch, city_officer, zone_a, client_for
):
    freeze_today(monkeypatch, dt.date(2026, 3, 10))
    plan = _plan(city_officer, zone_a, targets=["output"], effective_on=dt.date(2026, 7, 1))
    assert plan.effective_on == dt.date(2026, 7, 1)
    assert _expected(city_officer) == {"output": D("0.0")}  # approved in July: not under way in March
    freeze_today(monkeypatch, dt.date(2026, 10, 1))
    plan = _plan(
        city_officer, zone_a, targets=["output", "tax"], effective_on=plan.effective_on, version=plan.version
    )
    assert {t.metric: t.added_on for t in plan.targets.all()} == {"output": None, "tax": dt.date(2026, 10, 1)}
    freeze_today(monkeypatch, dt.date(2026, 11, 15))
    # output: 1 July–15 November, 138 of 184 days; tax, added 1 October: 46 of 92 days (from 1 January: 87.4 %)
    assert _expected(city_officer) == {"output": D("75.0"), "tax": D("50.0")}
    page = client_for(city_officer).get(reverse("planning:home")).content.decode()
    target = plan.targets.get(metric="tax")
    assert f'data-testid="expected-{target.pk}">50.0%' in page


@pytest.mark.django_db
def test_a_zone_set_up_mid_year_and_an_effective_date_outside_the_plan(monkeypatch, city_officer, zone_a):
    from devzone.core.errors import DomainError

    freeze_today(monkeypatch, dt.date(2026, 9, 30))
    zone_a.established_on = dt.date(2026, 7, 1)
    zone_a.save(update_fields=["established_on"])
    _plan(city_officer, zone_a, targets=["output"])
    assert _expected(city_officer) == {"output": D("50.0")}
    with pytest.raises(DomainError, match="生效日期须在规划期内") as refused:
        _plan(city_officer, zone_a, targets=["output"], effective_on=dt.date(2025, 12, 1), version=2)
    assert "effective_on" in refused.value.errors
