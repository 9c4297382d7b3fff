"""The scoring algorithms, free of Django: level points, the combined department score, quarters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devzone.services import scoring

levels = st.lists(st.integers(1, 5), min_size=1, max_size=50)


def test_levels_map_linearly_onto_0_to_100():
    assert [scoring.points(lv) for lv in (1, 2, 3, 4, 5)] == [0, 25, 50, 75, 100]
    with pytest.raises(ValueError):
        scoring.points(0)


@given(levels)
def test_mean_points_lie_between_the_extremes(values):
    p = scoring.mean_points(values)
    assert scoring.points(min(values)) <= p <= scoring.points(max(values))


@given(
    st.one_of(st.none(), st.decimals(0, 100, places=2)), st.one_of(st.none(), st.decimals(0, 100, places=2))
)
def test_the_combined_score_is_within_range_and_weighted(survey, ratings):
    value = scoring.combine(survey, ratings)
    if survey is None and ratings is None:
        assert value is None
        return
    assert Decimal(0) <= value <= Decimal(100)
    if survey is not None and ratings is not None:
        assert abs(value - (Decimal("0.6") * survey + Decimal("0.4") * ratings)) <= Decimal("0.005")
        assert min(survey, ratings) - Decimal("0.01") <= value <= max(survey, ratings) + Decimal("0.01")
    else:
        assert value == (survey if survey is not None else ratings).quantize(Decimal("0.01"))


@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)))
def test_every_day_falls_in_its_quarters_bounds(day):
    year, quarter = scoring.quarter_of(day)
    first, last = scoring.quarter_bounds(year, quarter)
    assert first <= day <= last and first.day == 1 and (last + dt.timedelta(days=1)).day == 1


@given(levels)
def test_every_rating_is_good_or_bad_by_the_national_rule(values):
    """好评 (基本满意 and above) and 差评 (不满意 and below) split every set of ratings: the two rates add up to
    100 % (to the cent of rounding), and the 好评率 is 100 % exactly when no rating is below 基本满意."""
    good = scoring.share_good(values)
    bad = scoring.percent(sum(scoring.is_bad(v) for v in values), len(values))
    assert abs(good + bad - 100) <= Decimal("0.01")
    assert (good == 100) == all(v >= 3 for v in values)
    assert scoring.share_good([]) is None
