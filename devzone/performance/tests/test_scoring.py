"""The assessment arithmetic (plain module): hypothesis properties — pay adds up exactly to the pool, quotas
never exceed their proportions and seat everyone, any permutation of the ballots gives the same result, the
待改进 streak is a run of consecutive quarters across the new year — and the documented tie rules."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from devzone.performance import scoring

scores = st.decimals(min_value=0, max_value=100, places=2)
coefs = st.decimals(min_value=Decimal("0.10"), max_value=Decimal("3.00"), places=2)
grades = st.sampled_from(scoring.GRADES)


@st.composite
def proportions(draw):
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=3, max_size=3)))
    a, b, c = cuts
    return {"excellent": a, "good": b - a, "pass": c - b, "improve": 100 - c}


@given(st.lists(scores, min_size=1, max_size=40), st.randoms())
def test_any_permutation_of_the_ballots_gives_the_same_mean(values, rnd):
    shuffled = list(values)
    rnd.shuffle(shuffled)
    assert scoring.trimmed_mean(values) == scoring.trimmed_mean(shuffled)


@given(
    st.lists(
        st.tuples(st.integers(1, 9), scores, scores, scores),
        min_size=1,
        max_size=12,
        unique_by=lambda t: t[0],
    ),
    st.randoms(),
)
def test_ranking_ignores_the_input_order(rows, rnd):
    scored = [scoring.Scored(k, c, d, lead) for k, c, d, lead in rows]
    other = list(scored)
    rnd.shuffle(other)
    assert scoring.rank(scored) == scoring.rank(other)


def test_trimmed_mean_drops_highest_and_lowest_only_above_five_ballots():
    assert scoring.trimmed_mean([Decimal(x) for x in (60, 80, 80, 80, 100)]) == Decimal("80.00")
    assert scoring.trimmed_mean([Decimal(x) for x in (0, 80, 80, 80, 80, 100)]) == Decimal("80.00")
    assert scoring.trimmed_mean([]) is None


@given(st.integers(0, 60), proportions(), st.integers(0, 3))
def test_quotas_seat_everyone_and_never_exceed_their_proportions(size, props, min_improve):
    q = scoring.grade_quota(size, props, min_improve=min_improve)
    assert sum(q.counts.values()) == size
    assert all(v >= 0 for v in q.counts.values())
    # the capped grade never rounds up
    assert q["excellent"] <= Fraction(props["excellent"] * size, 100)
    for g in ("good", "pass"):
        assert q[g] <= math.ceil(Fraction(props[g] * size, 100))
    if not min_improve:
        assert q["improve"] <= math.ceil(Fraction(props["improve"] * size, 100)) + (
            1 if props["excellent"] * size % 100 else 0
        ) + (size if sum(props[g] for g in ("good", "pass", "improve")) == 0 else 0)
    assert q["improve"] >= min(min_improve, size)


def test_quota_tie_rule_gives_equal_remainders_to_the_lower_grade():
    # 5 staff at 40/40/20/0 is exact; 7 staff: 2.8/2.8/1.4 -> 优秀 2 (capped), 良好 3, 合格 2
    q = scoring.grade_quota(7, {"excellent": 40, "good": 40, "pass": 20, "improve": 0})
    assert q.counts == {"excellent": 2, "good": 3, "pass": 2, "improve": 0}
    # equal remainders (0.5 each) between 良好 and 合格: the lower grade, 合格, gets the seat
    q = scoring.grade_quota(1, {"excellent": 0, "good": 50, "pass": 50, "improve": 0})
    assert q.counts == {"excellent": 0, "good": 0, "pass": 1, "improve": 0}
    # at least one 待改进, taken from 合格
    q = scoring.grade_quota(6, {"excellent": 0, "good": 20, "pass": 70, "improve": 10}, min_improve=1)
    assert q["improve"] == 1 and sum(q.counts.values()) == 6


@given(st.integers(0, 10_000_000), st.dictionaries(st.integers(1, 500), coefs, min_size=1, max_size=60))
def test_allocation_adds_up_exactly_to_the_pool(pool, weights):
    out = scoring.allocate(pool, weights)
    assert sum(out.values()) == pool
    assert all(v >= 0 for v in out.values())
    total = sum(Fraction(w) for w in weights.values())
    for k, v in out.items():  # each share is within one fen of its exact value
        assert abs(Fraction(v) - pool * Fraction(weights[k]) / total) < 1


@given(
    st.lists(
        st.tuples(st.integers(100, 5_000_000), coefs, coefs, grades, st.integers(0, 3)),
        min_size=1,
        max_size=50,
    ),
    st.decimals(min_value=0, max_value=100, places=2),
    st.randoms(),
)
def test_pay_parts_add_up_exactly_for_any_staff_coefficients_and_grades(people, guaranteed, rnd):
    factors = {
        "excellent": Decimal("1.2"),
        "good": Decimal("1.0"),
        "pass": Decimal("0.8"),
        "improve": Decimal("0.5"),
    }
    inputs = [
        scoring.PayInput(f"S{i:04d}", pool, pay, post, dept, factors[g])
        for i, (pay, post, dept, g, pool) in enumerate(people)
    ]
    result = scoring.compute_pay(inputs, guaranteed)
    lines = result.lines.values()
    assert sum(x.total_fen for x in lines) == sum(p.standard_fen for p in inputs)
    assert sum(x.performance_fen for x in lines) == sum(result.pools.values())
    for pool, amount in result.pools.items():
        assert sum(result.lines[p.key].performance_fen for p in inputs if p.pool == pool) == amount
    shuffled = list(inputs)
    rnd.shuffle(shuffled)
    assert scoring.compute_pay(shuffled, guaranteed).lines == result.lines


def test_pay_tie_rule_gives_the_last_fen_to_the_larger_weight_then_the_smaller_key():
    assert scoring.allocate(1, {"B": Decimal(1), "A": Decimal(1)}) == {"A": 1, "B": 0}
    assert scoring.allocate(10, {"A": Decimal(1), "B": Decimal(2)}) == {"A": 3, "B": 7}


def test_coefficients_by_score_and_by_rank():
    bands = [(Decimal(95), Decimal("1.2")), (Decimal(90), Decimal("1.1")), (Decimal(85), Decimal("1.0"))]
    assert scoring.coefficient_by_score(Decimal("95"), bands, Decimal("0.8")) == Decimal("1.2")
    assert scoring.coefficient_by_score(Decimal("84.99"), bands, Decimal("0.8")) == Decimal("0.8")
    rank_bands = [(Decimal(20), Decimal("1.2")), (Decimal(40), Decimal("1.1"))]
    assert [scoring.coefficient_by_rank(p, 10, rank_bands, Decimal("1.0")) for p in (1, 2, 3, 4, 5)] == [
        Decimal("1.2"),
        Decimal("1.2"),
        Decimal("1.1"),
        Decimal("1.1"),
        Decimal("1.0"),
    ]


def test_annual_result_and_flags():
    assert scoring.annual_result({1: "good", 2: "improve", 3: "improve", 4: "pass"}).flagged_streak
    bad = scoring.annual_result({1: "improve", 2: "pass", 3: "improve", 4: "improve"})
    assert bad.grade == "incompetent" and bad.flagged_incompetent and bad.flagged_streak is not False
    assert (
        scoring.annual_result({1: "excellent", 2: "excellent", 3: "good", 4: "excellent"}).grade
        == "excellent"
    )
    assert scoring.annual_result({1: "good", 2: "pass", 3: "pass", 4: "good"}).grade == "competent"
    assert not scoring.annual_result({1: "improve", 3: "improve"}).flagged_streak  # not consecutive


def test_a_streak_across_the_new_year_is_flagged_in_the_year_it_reaches():
    # 2025 Q4 and 2026 Q1 待改进, the scheme flagging 2: the year 2026 is told, with the quarter before it
    new_year = scoring.annual_result({1: "improve", 2: "pass"}, streak=2, before=["improve"])
    assert new_year.flagged_streak and new_year.improve_streak == 2
    assert not scoring.annual_result({1: "improve", 2: "pass"}, streak=2).flagged_streak  # the year alone
    # a run that ended before the year is not the year's; a quarter not graded between breaks the run
    assert not scoring.annual_result({1: "pass"}, streak=2, before=["improve", "improve"]).flagged_streak
    assert not scoring.annual_result({1: "improve"}, streak=2, before=["improve", None]).flagged_streak
    assert not scoring.annual_result({2: "improve"}, streak=2, before=["improve"]).flagged_streak
    assert scoring.annual_result({1: "improve"}, streak=3, before=["improve", "improve"]).flagged_streak
    # the earlier quarters flag; they never change the year's grade or its points
    assert new_year.grade == "basic" and new_year.points == Decimal("1.50")


def test_the_mean_rule_needs_as_many_graded_quarters_as_the_streak_setting():
    # one 待改进 quarter graded so far is not a year's 不称职 (a full year with one is 基本称职) ...
    assert scoring.annual_result({1: "improve"}).grade == "basic"
    assert scoring.annual_result({1: "improve", 2: "good", 3: "good", 4: "good"}).grade == "basic"
    # ... two graded quarters reach the default setting: a mean below 1.5 is 不称职 again
    assert scoring.annual_result({1: "improve", 2: "improve"}).grade == "incompetent"
    assert scoring.annual_result({3: "improve"}, streak=1).grade == "incompetent"  # a setting of 1 quarter
    assert scoring.annual_result({1: "improve", 2: "improve"}, streak=3).grade == "basic"


# Two years of quarters (None: not graded), the streak setting, where the year's quarters are the last four.
two_years = st.lists(st.one_of(st.none(), grades), min_size=8, max_size=8)


def _year(timeline) -> dict[int, str]:
    return {q: g for q, g in enumerate(timeline[4:], start=1) if g is not None}


@given(two_years, st.integers(1, 5))
def test_the_streak_flag_is_a_run_of_that_many_consecutive_quarters_reaching_into_the_year(timeline, streak):
    before = timeline[4 - (streak - 1) : 4]
    result = scoring.annual_result(_year(timeline), streak=streak, before=before)
    reaches = any(
        all(timeline[j] == "improve" for j in range(end - streak + 1, end + 1)) for end in range(4, 8)
    )
    assert result.flagged_streak == reaches


@given(two_years, st.integers(1, 5), st.integers(0, 4))
def test_quarters_further_back_than_the_streak_change_nothing_and_none_changes_the_grade(
    timeline, streak, more
):
    year = _year(timeline)
    enough = scoring.annual_result(year, streak=streak, before=timeline[4 - (streak - 1) : 4])
    longer = scoring.annual_result(
        year, streak=streak, before=[None] * more + timeline[max(4 - (streak - 1) - more, 0) : 4]
    )
    alone = scoring.annual_result(year, streak=streak)
    assert longer.flagged_streak == enough.flagged_streak
    assert alone.flagged_streak <= enough.flagged_streak  # the earlier quarters only add a run
    assert (enough.grade, enough.points, enough.improve_count) == (
        alone.grade,
        alone.points,
        alone.improve_count,
    )


@given(st.dictionaries(st.integers(1, 4), grades, max_size=4), st.integers(1, 4))
def test_fewer_graded_quarters_than_the_streak_never_give_incompetent_by_the_mean(year, streak):
    result = scoring.annual_result(year, streak=streak)
    if len(year) < streak and result.improve_count < 3:
        assert result.grade != "incompetent"


def test_a_ballot_with_one_score_for_all_is_invalid():
    assert not scoring.ballot_is_valid({1: Decimal(90), 2: Decimal(90)})
    assert scoring.ballot_is_valid({1: Decimal(90), 2: Decimal(89)})
    assert scoring.ballot_is_valid({1: Decimal(90), 2: Decimal(90)}, reject_uniform=False)


# --- the small-department rule (小部门优秀保底) ------------------------------------------------------------------
DEFAULT = {
    Decimal("1.2"): {"excellent": 40, "good": 40, "pass": 20, "improve": 0},
    Decimal("1.1"): {"excellent": 30, "good": 40, "pass": 30, "improve": 0},
    Decimal("1.0"): {"excellent": 20, "good": 40, "pass": 40, "improve": 0},
    Decimal("0.9"): {"excellent": 10, "good": 30, "pass": 55, "improve": 5},
    Decimal("0.8"): {"excellent": 0, "good": 20, "pass": 70, "improve": 10},
}
MIN_IMPROVE = {Decimal("0.8"): 1}
band = st.sampled_from(sorted(DEFAULT))
threshold = st.one_of(st.none(), band)


def quota(size, coef, from_coef, min_size=2, min_improve_size=5):
    """The tally's quota (``services.tally.quota_for``) with the default scheme's proportions."""
    need = MIN_IMPROVE.get(coef, 0) if size >= min_improve_size else 0
    excellent = scoring.small_department_excellent(size, coef, from_coefficient=from_coef, min_size=min_size)
    return scoring.grade_quota(size, DEFAULT[coef], min_improve=need, min_excellent=excellent)


def test_small_departments_by_hand():
    # rule off: today's quotas — a department of 2 never has an 优秀, 1.2 and 1.1 alike for 1, 2, 4 and 7
    for size, e12, e11 in ((1, 0, 0), (2, 0, 0), (4, 1, 1), (7, 2, 2), (3, 1, 0), (10, 4, 3)):
        assert quota(size, Decimal("1.2"), None)["excellent"] == e12
        assert quota(size, Decimal("1.1"), None)["excellent"] == e11
    # rule on from 1.2, departments of 2 and more: 2 × 40 % = 0.8 → one 优秀 (taken from 合格)
    assert quota(2, Decimal("1.2"), Decimal("1.2")).counts == {
        "excellent": 1,
        "good": 1,
        "pass": 0,
        "improve": 0,
    }
    assert quota(2, Decimal("1.1"), Decimal("1.2"))["excellent"] == 0  # below the threshold
    assert quota(1, Decimal("1.2"), Decimal("1.2"))["excellent"] == 0  # below the minimum size
    assert quota(1, Decimal("1.2"), Decimal("1.2"), min_size=1).counts == {
        "excellent": 1,
        "good": 0,
        "pass": 0,
        "improve": 0,
    }
    # 0.9 × 5 people: shares 0.5 / 1.5 / 2.75 / 0.25; floors 0/1/2/0, the two seats left to 合格 (.75) and
    # 良好 (.5); with the rule from 0.9 the 优秀 seat is taken from 合格
    assert quota(5, Decimal("0.9"), None).counts == {"excellent": 0, "good": 2, "pass": 3, "improve": 0}
    assert quota(5, Decimal("0.9"), Decimal("0.9")).counts == {
        "excellent": 1,
        "good": 2,
        "pass": 2,
        "improve": 0,
    }
    # a share of one or more is never raised: 4 × 40 % = 1.6 → 1, as without the rule
    assert quota(4, Decimal("1.2"), Decimal("0.8")) == quota(4, Decimal("1.2"), None)


@given(st.integers(1, 80), band, threshold, st.integers(1, 6))
def test_the_rule_seats_everyone_and_is_deterministic(size, coef, from_coef, min_size):
    q = quota(size, coef, from_coef, min_size)
    assert sum(q.counts.values()) == size and all(v >= 0 for v in q.counts.values())
    assert q == quota(size, coef, from_coef, min_size)
    assert q["improve"] >= (MIN_IMPROVE.get(coef, 0) if size >= 5 else 0)


@given(st.integers(1, 80), band, band, threshold, st.integers(1, 6))
def test_a_higher_coefficient_never_gives_fewer_excellent_seats(size, c1, c2, from_coef, min_size):
    lo, hi = sorted((c1, c2))
    assert (
        quota(size, hi, from_coef, min_size)["excellent"] >= quota(size, lo, from_coef, min_size)["excellent"]
    )


@given(st.integers(1, 80), band, threshold, st.integers(1, 6))
def test_the_rule_never_takes_an_excellent_seat_away(size, coef, from_coef, min_size):
    with_rule = quota(size, coef, from_coef, min_size)["excellent"]
    without = quota(size, coef, None)["excellent"]
    assert without <= with_rule <= without + 1
    share = Fraction(DEFAULT[coef]["excellent"] * size, 100)
    assert with_rule == without or share < 1  # only a department whose share is below one gains a seat


@given(st.lists(st.tuples(st.integers(1, 40), band), min_size=1, max_size=30), threshold, st.integers(1, 6))
def test_a_zones_excellent_seats_stay_within_its_share_plus_the_allowance(depts, from_coef, min_size):
    """Σ 优秀 ≤ Σ size × proportion + the allowance: the number of departments the rule applies to whose
    share is below one; each of those exceeds its share by less than one seat."""
    total = sum(quota(size, coef, from_coef, min_size)["excellent"] for size, coef in depts)
    share = sum(Fraction(DEFAULT[coef]["excellent"] * size, 100) for size, coef in depts)
    allowance = sum(
        1
        for size, coef in depts
        if scoring.small_department_excellent(size, coef, from_coefficient=from_coef, min_size=min_size)
        and Fraction(DEFAULT[coef]["excellent"] * size, 100) < 1
    )
    assert total <= share + allowance
    assert total < share + allowance + 1 if allowance else total <= share
    if from_coef is None:
        assert total <= share
