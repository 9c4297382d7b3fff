"""The status algorithm and milestone lateness, as properties (hypothesis) and the issue's named cases."""

import datetime as dt
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from devzone.core.calendar import WorkCalendar
from devzone.projects.status import GREEN, RANK, RED, YELLOW, Inputs, Rules, add_months, compute, lateness

days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2026, 12, 31))
amounts = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
plans = st.decimals(
    min_value=Decimal("0.01"), max_value=100000, places=2, allow_nan=False, allow_infinity=False
)
CAL = WorkCalendar()


def inputs(today, planned_start=None, started_on=None, plan=None, completed=Decimal("0"), last_red=None):
    return Inputs(today, planned_start, started_on, plan, completed, last_red)


@given(today=days, plan=plans, a=amounts, b=amounts)
def test_more_investment_is_never_a_worse_colour(today, plan, a, b):
    low, high = sorted((a, b))
    worse = compute(inputs(today, plan=plan, completed=low)).colour
    better = compute(inputs(today, plan=plan, completed=high)).colour
    assert RANK[better] <= RANK[worse]


@given(planned=days, today=days, later=st.integers(min_value=0, max_value=400))
def test_waiting_longer_to_start_is_never_a_better_colour(planned, today, later):
    sooner = compute(inputs(today, planned_start=planned)).colour
    after = compute(inputs(today + dt.timedelta(days=later), planned_start=planned)).colour
    assert RANK[after] >= RANK[sooner]


@given(planned=days, today=days, started=days)
def test_a_started_project_is_never_late_to_start(planned, today, started):
    r = compute(inputs(today, planned_start=planned, started_on=started))
    assert r.months_late == 0 and r.colour == GREEN


@given(planned=days, months=st.integers(min_value=0, max_value=30))
def test_the_start_rule_counts_calendar_months_after_the_planned_month(planned, months):
    today = add_months(planned.replace(day=1), months)
    assume(today >= planned or months == 0)
    colour = compute(inputs(today, planned_start=planned)).colour
    assert colour == (RED if months >= 3 else YELLOW if months >= 1 else GREEN)


@given(today=days, plan=plans, completed=amounts, last=st.integers(min_value=0, max_value=60))
def test_a_project_red_within_the_last_month_is_never_green(today, plan, completed, last):
    last_red = today - dt.timedelta(days=last)
    r = compute(inputs(today, plan=plan, completed=completed, last_red=last_red))
    if today < add_months(last_red, 1):
        assert r.colour != GREEN
    if r.colour == RED:
        assert r.last_red_on == today


@given(today=days, plan=plans, completed=amounts)
def test_points_behind_decide_the_colour_at_10_and_30(today, plan, completed):
    r = compute(inputs(today, plan=plan, completed=completed))
    if r.behind_points > 30:
        assert r.colour == RED
    elif r.behind_points >= 10:
        assert r.colour == YELLOW
    else:
        assert r.colour == GREEN


@given(today=days, plan=plans, completed=amounts, y=st.integers(1, 6), gap=st.integers(1, 6))
def test_configured_thresholds_are_honoured(today, plan, completed, y, gap):
    rules = Rules(
        start_yellow_months=y,
        start_red_months=y + gap,
        behind_yellow_points=Decimal(5),
        behind_red_points=Decimal(15),
    )
    r = compute(inputs(today, plan=plan, completed=completed), rules)
    expected = RED if r.behind_points > 15 else YELLOW if r.behind_points >= 5 else GREEN
    assert r.colour == expected


def test_the_issues_examples():
    june = dt.date(2025, 6, 16)  # five months over: 序时进度 41.7 %
    assert compute(inputs(june, plan=Decimal(1200), completed=Decimal(500))).colour == GREEN
    assert compute(inputs(june, plan=Decimal(1200), completed=Decimal(380))).colour == YELLOW  # 10.0 behind
    # exactly 30 points behind is still yellow ("10–30"), more is red
    assert compute(inputs(june, plan=Decimal(1200), completed=Decimal(140))).colour == YELLOW  # 30.0
    assert compute(inputs(june, plan=Decimal(1200), completed=Decimal(139))).colour == RED  # 30.1
    assert compute(inputs(june, planned_start=dt.date(2025, 5, 20))).colour == YELLOW
    assert compute(inputs(june, planned_start=dt.date(2025, 3, 31))).colour == RED
    caught_up = inputs(june, plan=Decimal(1200), completed=Decimal(600), last_red=dt.date(2025, 6, 1))
    assert compute(caught_up).colour == YELLOW
    assert (
        compute(
            inputs(
                dt.date(2025, 7, 2), plan=Decimal(1200), completed=Decimal(700), last_red=dt.date(2025, 6, 1)
            )
        ).colour
        == GREEN
    )


# --- lateness ----------------------------------------------------------------------------------------------
@given(planned=days, actual=days, today=days)
def test_lateness_is_never_negative_and_zero_on_or_before_the_plan(planned, actual, today):
    n = lateness(planned, actual, today, CAL.between)
    assert n >= 0
    if actual <= planned:
        assert n == 0


@given(planned=days, a=days, b=days)
def test_reaching_a_milestone_later_is_never_less_late(planned, a, b):
    early, late = sorted((a, b))
    assert lateness(planned, late, late, CAL.between) >= lateness(planned, early, early, CAL.between)


@given(planned=days, n=st.integers(min_value=0, max_value=200))
def test_lateness_counts_working_days_of_the_calendar(planned, n):
    actual = CAL.add_workdays(planned, n)
    assert lateness(planned, actual, actual, CAL.between) == n


def test_lateness_skips_the_national_day_holidays():
    # planned on 30 September 2025: 1–8 October are holidays, 28 September and 11 October make-up days
    assert lateness(dt.date(2025, 9, 30), dt.date(2025, 10, 9), dt.date(2025, 10, 9), CAL.between) == 1
    # not reached by Monday 13 October: 9, 10, Saturday 11 (a make-up working day) and 13 October
    assert lateness(dt.date(2025, 9, 30), None, dt.date(2025, 10, 13), CAL.between) == 4


def test_progress_rounds_half_up_as_figures_are_read():
    """12.25 % of the plan done reads 12.3 (四舍五入), not 12.2 (the even digit, Decimal's default)."""
    import datetime as dt
    from decimal import Decimal

    from devzone.projects.status import progress

    expected, done, behind = progress(Decimal("400"), Decimal("49"), dt.date(2026, 4, 15))
    assert (expected, done, behind) == (Decimal("25.0"), Decimal("12.3"), Decimal("12.7"))
