"""The plain modules of 大招商, tested directly: the stage machine, the name key, industry fit, the counting
rules, the efficacy-coefficient scores and the follow-up duties on the real working-day calendar."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from devzone.investment import counting, dedupe, fit, followup, funnel, scoring

TODAY = dt.date(2026, 11, 20)
D = dt.timedelta
dates = st.dates(min_value=dt.date(2024, 1, 1), max_value=TODAY)


# --- the stage machine -----------------------------------------------------------------------------------
def test_one_step_forward_records_its_date():
    move = funnel.plan_move(
        current="aware", dates={"aware": TODAY - D(3)}, target="attentive", on=TODAY, today=TODAY
    )
    assert move.dates == {"attentive": TODAY} and move.skipped == []


def test_a_jump_without_dates_or_reason_names_the_skipped_stages():
    with pytest.raises(funnel.StageError) as e:
        funnel.plan_move(current="unaware", dates={}, target="negotiating", on=TODAY, today=TODAY)
    assert "了解" in e.value.message and "关注" in e.value.message and "请进" in e.value.message


@given(k=st.integers(1, 4), gaps=st.lists(st.integers(0, 30), min_size=5, max_size=5))
def test_a_jump_with_every_skipped_date_in_order_is_accepted(k, gaps):
    start = TODAY - D(200)
    target = funnel.STAGES[k + 1] if k + 1 <= 4 else "negotiating"
    skipped = funnel.STAGES[1 : funnel.INDEX[target]]
    day, given_dates = start, {}
    for s, g in zip(skipped, gaps, strict=False):
        day = day + D(g)
        given_dates[s] = day
    on = day + D(1)
    move = funnel.plan_move(
        current="unaware",
        dates={"unaware": start},
        target=target,
        on=on,
        today=TODAY,
        skipped_dates=given_dates,
    )
    assert move.undated == [] and move.dates[target] == on
    assert [move.dates[s] for s in skipped] == sorted(move.dates[s] for s in skipped)


@given(a=dates, b=dates)
def test_skipped_dates_out_of_order_are_refused(a, b):
    assume(a > b)
    with pytest.raises(funnel.StageError):
        funnel.plan_move(
            current="unaware",
            dates={"unaware": dt.date(2024, 1, 1)},
            target="invited",
            on=TODAY,
            today=TODAY,
            skipped_dates={"aware": a, "attentive": b},
        )


@given(current=st.sampled_from(funnel.STAGES), target=st.sampled_from(funnel.STAGES))
def test_never_backwards_nor_in_place(current, target):
    assume(funnel.INDEX[target] <= funnel.INDEX[current])
    with pytest.raises(funnel.StageError):
        funnel.plan_move(current=current, dates={}, target=target, on=TODAY, today=TODAY, reason="任何理由")


@given(stage=st.sampled_from(funnel.STAGES), lost=st.booleans(), day=dates)
def test_a_contribution_counts_every_stage_up_to_its_own(stage, lost, day):
    k = funnel.INDEX[stage]
    stage_dates = {s: day + D(i) for i, s in enumerate(funnel.STAGES[: k + 1])}
    c = funnel.contribution(stage=stage, dates=stage_dates, lost=lost)
    assert [c[f"reached_{s}"] for s in funnel.STAGES] == [1] * (k + 1) + [0] * (7 - k)
    assert sum(c[f"left_{s}"] for s in funnel.STAGES[:-1]) == k
    assert all(c[f"days_{s}"] == (1 if c[f"left_{s}"] else 0) for s in funnel.STAGES[:-1])
    assert funnel.subtract(c, c) == {}


def test_the_summary_gives_conversion_and_time_in_stage():
    totals = {"leads": 10, "reached_unaware": 10, "reached_aware": 5, "left_unaware": 5, "days_unaware": 50}
    rows = funnel.summarise(totals)
    assert rows[1].conversion == 0.5 and rows[0].avg_days == 10 and rows[2].conversion == 0


# --- the name key ----------------------------------------------------------------------------------------
names = st.text(alphabet="山东济南食品科技电子机械华瑞鼎盛ABCabc0123", min_size=1, max_size=20)


@given(name=names)
def test_the_name_key_is_idempotent(name):
    assert dedupe.name_key(dedupe.name_key(name)) == dedupe.name_key(name)


@given(name=names, form=st.sampled_from(["有限公司", "股份有限公司", "有限责任公司"]))
def test_spaces_brackets_width_and_legal_form_do_not_make_another_firm(name, form):
    plain = dedupe.name_key(name + form)
    spaced = " ".join(name) + "（" + form + "）"
    wide = name.replace("A", "Ａ").replace("a", "ａ").replace("0", "０") + form
    assert dedupe.name_key(spaced) == plain == dedupe.name_key(wide) == dedupe.name_key(name)


def test_different_firms_keep_different_keys():
    assert dedupe.name_key("济南华瑞食品有限公司") != dedupe.name_key("济南华瑞电子有限公司")


# --- industry fit ----------------------------------------------------------------------------------------
def test_fit_by_division_and_by_section():
    assert fit.fits("14", "C", ["14", "34"])
    assert fit.fits("36", "C", ["C"])
    assert not fit.fits("70", "K", ["14", "34"])
    assert not fit.fits("14", "C", [])


# --- counting rules --------------------------------------------------------------------------------------
def count(**kw):
    base = dict(
        amount=Decimal("1000"),
        kind="new",
        project_signed_before=False,
        project_investment_before=Decimal(0),
        is_local=False,
        division="14",
        section="C",
        rules=counting.Rules(),
    )
    return counting.count(**(base | kw))


def test_the_counting_rules():
    assert count() == counting.Counted(True, Decimal("1000"), "")
    assert count(project_signed_before=True).counted_investment == 0  # counted once, at its first signing
    assert count(
        project_signed_before=True, rules=counting.Rules(count_first_signing_only=False)
    ).counts_as_project
    assert count(project_signed_before=True).restates_first  # the binding amount replaces the first's
    inc = count(kind="increase", project_signed_before=True, project_investment_before=Decimal("5000"))
    assert (inc.counts_as_project, inc.counted_investment) == (False, Decimal("1000"))
    first_contract = count(kind="increase", project_signed_before=False)
    assert (first_contract.counts_as_project, first_contract.counted_investment) == (False, Decimal("1000"))
    whole = count(
        kind="increase",
        project_signed_before=True,
        project_investment_before=Decimal("5000"),
        rules=counting.Rules(increase_counts_increment=False),
    )
    assert whole.counted_investment == Decimal("6000")
    assert count(is_local=True).excluded_reason == "本地投资者"
    assert count(is_local=True, rules=counting.Rules(exclude_local=False)).counts_as_project
    assert count(division="70", section="K").counted_investment == 0


# --- efficacy coefficient scores -------------------------------------------------------------------------
values = st.lists(st.decimals(min_value=0, max_value=10**8, places=2), min_size=1, max_size=12)


@given(xs=values)
def test_scores_lie_between_60_and_100_with_the_best_at_100_and_the_worst_at_60(xs):
    s = scoring.efficacy(xs)
    assert all(Decimal(60) <= v <= Decimal(100) for v in s)
    if max(xs) != min(xs):
        assert s[xs.index(max(xs))] == 100 and s[xs.index(min(xs))] == 60
    else:
        assert set(s) == {Decimal(100)}


@given(xs=values, k=st.integers(1, 1000))
def test_scores_do_not_depend_on_the_unit(xs, k):
    a = scoring.efficacy(xs)
    b = scoring.efficacy([x * k for x in xs])
    assert [round(v, 6) for v in a] == [round(v, 6) for v in b]


@given(xs=values)
def test_more_never_scores_less(xs):
    s = scoring.efficacy(xs)
    for i in range(len(xs)):
        for j in range(len(xs)):
            if xs[i] > xs[j]:
                assert s[i] > s[j]


@given(
    rows=st.dictionaries(
        st.integers(1, 50),
        st.fixed_dictionaries({"a": st.integers(0, 100), "b": st.integers(0, 100)}),
        min_size=1,
        max_size=8,
    ),
    wa=st.integers(0, 10),
    wb=st.integers(1, 10),
)
def test_totals_are_weighted_means_and_ranks_follow_them(rows, wa, wb):
    scored = scoring.score(rows, {"a": wa, "b": wb})
    totals = [s.total for s in scored]
    assert totals == sorted(totals, reverse=True)
    assert scored[0].rank == 1
    for s in scored:
        assert Decimal(60) <= s.total <= Decimal(100)
        expected = (s.scores.get("a", 0) * wa + s.scores["b"] * wb) / (wa + wb) if wa else s.scores["b"]
        assert abs(s.total - expected) <= Decimal("0.02")
    for x, y in zip(scored, scored[1:], strict=False):
        assert (x.rank == y.rank) == (x.total == y.total)


def test_a_worked_example_of_the_scores():
    rows = {
        "长三角": {"signed": 7, "investment": 342},
        "珠三角": {"signed": 4, "investment": 262},
        "海西": {"signed": 4, "investment": 12},
    }
    board = {s.key: s for s in scoring.score(rows, {"signed": 40, "investment": 60})}
    assert board["长三角"].total == Decimal("100.00") and board["长三角"].rank == 1
    # 珠三角: signed 60 (the minimum), investment 60 + 40 × 250/330 = 90.30; total 0.4×60 + 0.6×90.30 = 78.18
    assert board["珠三角"].total == Decimal("78.18") and board["海西"].total == Decimal("60.00")


# --- follow-up duties ------------------------------------------------------------------------------------
@pytest.fixture
def cal(db):
    from devzone.core.workdays import get_calendar

    return get_calendar()


def facts(**kw):
    base = dict(
        created_on=dt.date(2026, 9, 30),  # the day before the National Day holiday
        stage="aware",
        intended_investment=Decimal("20000"),
        has_owner=False,
        owner_assigned_on=None,
        assessed_on=None,
        is_referral=True,
        referrer_replied_on=None,
        last_report_on=None,
        last_activity_on=dt.date(2026, 9, 30),
    )
    return followup.Facts(**(base | kw))


def test_duties_of_a_big_referred_lead_count_working_days_across_the_holiday(cal):
    duties = {d.kind: d for d in followup.duties(facts(), followup.Rules(), cal)}
    assert duties["owner"].due_on == dt.date(
        2026, 10, 8
    )  # 1 working day after 30 Sep: after the 国庆 holiday
    assert duties["assessment"].due_on > duties["owner"].due_on
    assert duties["referrer"].due_on > duties["assessment"].due_on
    assert duties["owner"].overdue(dt.date(2026, 10, 9)) and not duties["owner"].overdue(dt.date(2026, 10, 8))
    small = followup.duties(
        facts(intended_investment=Decimal("500"), is_referral=False), followup.Rules(), cal
    )
    assert [d.kind for d in small] == ["report"]


def test_a_lead_idle_past_its_stage_limit_is_stale(cal):
    rules = followup.Rules(stale_limits={"aware": 5})
    assert not followup.is_stale(
        facts(last_activity_on=dt.date(2026, 11, 13)), rules, dt.date(2026, 11, 20), cal
    )
    assert followup.is_stale(facts(last_activity_on=dt.date(2026, 11, 12)), rules, dt.date(2026, 11, 20), cal)
    assert not followup.is_stale(facts(stage="signed"), rules, dt.date(2026, 11, 20), cal)
