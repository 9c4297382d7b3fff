"""The zone's performance pay sheet takes its total pool from the city's published assessment (through
core.registry), and keeps the withheld parts until one is published."""

import pytest

from devzone.performance import selectors
from devzone.planning import services
from devzone.testing.performance import build_org, grade_all, run_round
from devzone.testing.planning import TAX, scheme_of, score

pytestmark = pytest.mark.django_db


def test_the_pay_sheet_takes_the_published_zone_pool(zone_a, city_officer):
    org = build_org(zone_a, "甲")
    r, _ = run_round(org)  # 2026 Q3
    grade_all(org, r)
    withheld = selectors.pay_sheet(r)
    assert withheld.zone_pool is None and withheld.pool_fen > 0
    scheme = scheme_of(
        city_officer,
        category=zone_a.level,
        name="考核",
        full_pool_fen=3 * withheld.pool_fen,
        indicators=[TAX],
    )
    score(city_officer, scheme, zone_a, 5, evidence="核定表")
    assert selectors.pay_sheet(r).pool_fen == withheld.pool_fen  # scored, not published: no effect
    services.publish(actor=city_officer, scheme_id=scheme.pk)
    sheet = selectors.pay_sheet(r)
    assert sheet.pool_fen == 3 * withheld.pool_fen // 2  # score 50: half the full pool, to the fen
    assert sheet.zone_pool is not None and "得分50.00" in sheet.zone_pool.reference
    assert sum(row.line.performance_fen for row in sheet.rows) == sheet.pool_fen
