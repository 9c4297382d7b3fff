"""Property tests of the assessment arithmetic: bounds, weights, monotonicity, ranking and pool."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from devzone.planning import scoring

amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def schemes(draw):
    n = draw(st.integers(1, 8))
    cuts = sorted(draw(st.lists(st.integers(1, 9999), min_size=n - 1, max_size=n - 1, unique=True)))
    bounds = [0, *cuts, 10000]
    weights = [Decimal(b - a) / 100 for a, b in zip(bounds, bounds[1:], strict=False)]
    targets = draw(st.lists(amounts, min_size=n, max_size=n))
    return [scoring.Weighted(i, w, t) for i, (w, t) in enumerate(zip(weights, targets, strict=True))]


@given(schemes(), st.data())
def test_score_is_within_bounds_and_weights_sum(inds, data):
    assert scoring.weights_ok([i.weight for i in inds])
    values = {i.key: data.draw(amounts) for i in inds}
    s = scoring.score(inds, values)
    assert Decimal(0) <= s <= Decimal(100)


@given(schemes())
def test_meeting_every_target_scores_100(inds):
    assert scoring.score(inds, {i.key: i.target for i in inds}) == Decimal(100)


@given(schemes(), st.data())
def test_more_is_never_worse(inds, data):
    values = {i.key: data.draw(amounts) for i in inds}
    k = data.draw(st.sampled_from([i.key for i in inds]))
    better = dict(values, **{}) | {k: values[k] + data.draw(amounts)}
    assert scoring.score(inds, better) >= scoring.score(inds, values)


@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=20))
def test_ranks_follow_scores(scores):
    r = scoring.ranks(dict(enumerate(scores)))
    for a in r:
        for b in r:
            if scores[a] > scores[b]:
                assert r[a] < r[b]
            if scores[a] == scores[b]:
                assert r[a] == r[b]
    assert min(r.values()) == 1


@given(
    st.integers(0, 10**12),
    st.decimals(min_value=0, max_value=100, places=2),
    st.decimals(min_value=0, max_value=100, places=2),
)
def test_pool_is_bounded_and_monotone(full, s1, s2):
    lo, hi = sorted([s1, s2])
    assert 0 <= scoring.pool(full, lo) <= scoring.pool(full, hi) <= full
    assert scoring.pool(full, Decimal(100)) == full


def test_weights_not_summing_to_100_are_refused():
    assert not scoring.weights_ok([Decimal(60), Decimal(30)])
    assert not scoring.weights_ok([Decimal(100), Decimal(0)])
    assert not scoring.weights_ok([])


@given(schemes(), st.data())
def test_excluding_nothing_is_the_plain_score_and_exclusions_stay_within_bounds(inds, data):
    values = {i.key: data.draw(amounts) for i in inds}
    assert scoring.score(inds, values, excluded=()) == scoring.score(inds, values)
    keys = [i.key for i in inds]
    excluded = set(data.draw(st.lists(st.sampled_from(keys), max_size=len(keys) - 1, unique=True)))
    s = scoring.score(inds, values, excluded=excluded)
    assert Decimal(0) <= s <= Decimal(100)
    # meeting every target still scores 100 however many indicators are left out
    assert scoring.score(inds, {i.key: i.target for i in inds}, excluded=excluded) == Decimal(100)
    # the weights as counted add up to 100 (to the cent each)
    weights = scoring.renormalised(inds, excluded)
    assert set(weights) == set(keys) - excluded
    assert abs(sum(weights.values()) - 100) <= Decimal("0.01") * len(weights)


@given(schemes(), st.data())
def test_an_excluded_indicator_no_longer_moves_the_score(inds, data):
    """Left out for the zone, an indicator's value — whatever it is — changes nothing: it is not counted as 0."""
    if len(inds) < 2:
        return
    values = {i.key: data.draw(amounts) for i in inds}
    k = data.draw(st.sampled_from([i.key for i in inds]))
    other = dict(values) | {k: data.draw(amounts)}
    assert scoring.score(inds, values, excluded={k}) == scoring.score(inds, other, excluded={k})


def test_excluding_a_half_counts_the_other_half_as_the_whole():
    inds = [scoring.Weighted("a", Decimal(50), Decimal(100)), scoring.Weighted("b", Decimal(50), Decimal(30))]
    assert scoring.score(inds, {"b": Decimal(15)}) == Decimal("25.00")  # a missing value would cost half
    assert scoring.score(inds, {"b": Decimal(15)}, excluded={"a"}) == Decimal("50.00")
    assert scoring.renormalised(inds, {"a"}) == {"b": Decimal("100.00")}
