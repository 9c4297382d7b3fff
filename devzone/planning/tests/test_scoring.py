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
