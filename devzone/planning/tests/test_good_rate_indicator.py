"""The assessment's platform-computed satisfaction indicator is the 好评率 the cockpit shows beside it, counted as
the national 好差评 system counts it (国办发〔2019〕51号: 基本满意 included, ``services.scoring.GOOD_FROM``) and
labelled so: the same ratings never give a zone 100 % on the cockpit and a lower figure in the assessment that
sets its pay pool."""

from __future__ import annotations

import pytest

from devzone.core.bench import REFERENCE_DAY
from devzone.oversight import bench, selectors
from devzone.planning import figures
from devzone.planning.choices import Source
from devzone.services import scoring
from devzone.services.models import Rating

pytestmark = pytest.mark.django_db
YEAR = REFERENCE_DAY.year


def test_the_indicator_is_the_cockpits_good_rate_basic_satisfaction_included(zone_a, city_officer):
    bench.loadgen(zone=zone_a, count=1, log=lambda *_: None)
    row = next(r for r in selectors.city_rows(city_officer, YEAR) if r.ratings)
    ratings = Rating.objects.filter(zone=row.zone, rated_on__year=YEAR, excluded=False)
    assert ratings.filter(level=scoring.GOOD_FROM).exists()  # 基本满意: 好评, not 满意
    indicator = figures.computed(Source.SATISFACTION, zone_id=row.zone.pk, year=YEAR, quarter=0)
    assert indicator == row.good_rate == scoring.share_good(ratings.values_list("level", flat=True))


def test_the_indicator_is_labelled_as_the_good_rate():
    assert "好评率" in str(Source.SATISFACTION.label) and "满意度" not in str(Source.SATISFACTION.label)
