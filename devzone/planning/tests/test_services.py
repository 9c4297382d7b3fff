"""Industry plans and the zone assessment through the services: bad input refused with a clear message, the
investment fit and the performance pool reading planning through the core registry."""

from decimal import Decimal

import pytest

from devzone.core import registry
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import Zone
from devzone.investment.services import leading_codes
from devzone.planning import services
from devzone.planning.choices import AssessmentStatus
from devzone.planning.models import Assessment, Scheme
from devzone.testing.planning import plan_of, scheme_of, score

pytestmark = pytest.mark.django_db

INDICATORS = [
    {"name": "签约项目", "weight": "40", "target": "10", "source": "contracts"},
    {"name": "税收增长", "weight": "60", "target": "20", "source": "entered"},
]


def make_plan(officer, zone, codes=("26", "38"), start=2026):
    return plan_of(
        officer,
        zone,
        start=start,
        industries=codes,
        targets=[{"year": start, "metric": "output", "target": "1000", "owner": "经发局", "done": "250"}],
    )


def test_plan_sets_leading_industries_and_investment_reads_them(city_officer, zone_a):
    assert leading_codes(zone_a.pk) == []  # no plan, no field: the fallback is empty
    zone_a.leading_industries.set(["27"])
    assert leading_codes(zone_a.pk) == ["27"]  # the zone's own field is the fallback
    plan = make_plan(city_officer, zone_a)
    assert sorted(plan.industries.values_list("code", flat=True)) == ["26", "38"]
    assert leading_codes(zone_a.pk) == ["26", "38"]
    assert sorted(Zone.objects.get(pk=zone_a.pk).leading_industries.values_list("code", flat=True)) == [
        "26",
        "38",
    ]
    assert plan.targets.get().done == Decimal("250")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"industries": ["26", "27", "38", "39"]}, "主导产业须为2–3个"),
        ({"industries": ["26", "99"]}, "GB/T 4754"),
        ({"end_year": 2026}, "规划期须为3–5年"),
        ({"end_year": 2032}, "规划期须为3–5年"),
    ],
)
def test_bad_plans_are_refused(city_officer, zone_a, kwargs, message):
    args = {"start_year": 2026, "end_year": 2028, "industries": ["26", "38"]} | kwargs
    with pytest.raises(DomainError) as e:
        services.plan_set(actor=city_officer, zone_id=zone_a.pk, **args)
    assert message in str(e.value.messages if hasattr(e.value, "messages") else e.value)


def test_zone_leader_cannot_plan(zone_a_leader, zone_a):
    with pytest.raises(PermissionDeniedError):
        make_plan(zone_a_leader, zone_a)


def test_weights_must_sum_to_100(city_officer):
    bad = [dict(INDICATORS[0]), dict(INDICATORS[1], weight="50")]
    with pytest.raises(DomainError) as e:
        services.scheme_set(
            actor=city_officer, year=2026, category="provincial", name="x", full_pool_fen=1, indicators=bad
        )
    assert "合计为100" in str(e.value.messages if hasattr(e.value, "messages") else e.value)


def test_weights_with_a_third_decimal_are_refused_not_rounded_on_saving(city_officer):
    """33.333 + 33.333 + 33.334 sums to 100, but the column keeps two decimals: saved as 33.33 × 3 = 99.99, a
    zone meeting every target scored 99.99 and missed its full pool."""
    thirds = [
        {"name": n, "weight": w, "target": "10", "source": "entered"}
        for n, w in (("甲", "33.333"), ("乙", "33.333"), ("丙", "33.334"))
    ]
    with pytest.raises(DomainError, match="最多两位小数：33.333"):
        services.scheme_set(
            actor=city_officer, year=2026, category="provincial", name="x", full_pool_fen=1, indicators=thirds
        )
    assert not Scheme.objects.exists()
    halves = [dict(INDICATORS[0], weight="50.00", target="10.005"), dict(INDICATORS[1], weight="50")]
    with pytest.raises(DomainError, match="最多两位小数：10.005"):
        services.scheme_set(
            actor=city_officer, year=2026, category="provincial", name="x", full_pool_fen=1, indicators=halves
        )


def scheme(officer, pool=1_000_000_00):
    return scheme_of(officer, full_pool_fen=pool, indicators=INDICATORS)


def test_entered_indicator_needs_evidence(city_officer, zone_a):
    s = scheme(city_officer)
    entered_id = str(s.indicators.get(source="entered").pk)
    with pytest.raises(DomainError):
        services.zone_score(
            actor=city_officer, scheme_id=s.pk, zone_id=zone_a.pk, entered={entered_id: {"value": "10"}}
        )


def test_scoring_ranking_publishing_and_the_pay_pool(city_officer, zone_a, zone_b):
    s = scheme(city_officer)
    a = score(city_officer, s, zone_a, 20, evidence="税务局函")
    b = score(city_officer, s, zone_b, 10, evidence="税务局函")
    a.refresh_from_db()
    # no contracts on the platform: that indicator scores 0; the entered one 60 × 1 and 60 × 0.5
    assert (a.score, b.score) == (Decimal("60.00"), Decimal("30.00"))
    assert (a.rank, b.rank) == (1, 2)
    assert a.pool_fen == 60_000_000 and b.pool_fen == 30_000_000
    # not published yet: the performance pool is still the withheld parts
    assert registry.zone_pool_for(zone_id=zone_a.pk, year=2026, quarter=2) is None
    assert services.publish(actor=city_officer, scheme_id=s.pk) == 2
    pool = registry.zone_pool_for(zone_id=zone_a.pk, year=2026, quarter=2)
    assert pool.fen == 60_000_000 and "第1名" in pool.reference
    assert Assessment.objects.filter(status=AssessmentStatus.PUBLISHED).count() == 2
    with pytest.raises(DomainError):  # published: no rescoring
        score(city_officer, s, zone_a, 1, evidence="x")


def test_compute_pay_takes_the_zone_pool():
    from devzone.performance import scoring as perf

    people = [
        perf.PayInput("1", "d1", 10000, Decimal(1), Decimal(1), Decimal(1)),
        perf.PayInput("2", "d2", 30000, Decimal(1), Decimal(1), Decimal(1)),
    ]
    withheld = perf.compute_pay(people, Decimal(80))
    assert sum(withheld.pools.values()) == 8000
    set_by_city = perf.compute_pay(people, Decimal(80), total_pool_fen=100001)
    assert sum(set_by_city.pools.values()) == 100001
    assert set_by_city.pools == {"d1": 25000, "d2": 75001}
    assert sum(line.performance_fen for line in set_by_city.lines.values()) == 100001


def test_a_published_period_keeps_its_ranks(city, city_officer, zone_a, zone_b):
    """Publishing tells each zone its rank; scoring another zone of the period afterwards would move them. (A
    zone is published without a score only when the city left it out of the period with a reason.)"""
    from devzone.planning.models import Assessment
    from devzone.testing import factories as f

    zone_c = f.ZoneFactory(city=city, name="丙开发区", level=zone_a.level)
    scheme = scheme_of(city_officer, category=zone_a.level, name="考核", full_pool_fen=1_000_000)
    score(city_officer, scheme, zone_a, 20, evidence="统计报表")
    score(city_officer, scheme, zone_b, 10, evidence="统计报表")
    services.zone_exclude(actor=city_officer, scheme_id=scheme.pk, zone_id=zone_c.pk, reason="年内新设立")
    services.publish(actor=city_officer, scheme_id=scheme.pk)
    ranks = dict(Assessment.objects.values_list("zone_id", "rank"))
    with pytest.raises(DomainError, match="本期考核结果已公布"):
        score(city_officer, scheme, zone_c, 40, evidence="统计报表")
    assert dict(Assessment.objects.values_list("zone_id", "rank")) == ranks
    assert Assessment.objects.get(zone=zone_c).status == "excluded"


def test_the_zones_leading_industries_follow_the_plan_in_force_not_the_last_edited(city_officer, zone_a):
    """The zone's own field (shown on the investment settings page) mirrors the plan in force: correcting an
    older plan's industries leaves it on the current plan's."""
    from django.utils import timezone

    year = timezone.localdate().year
    old = make_plan(city_officer, zone_a, codes=("13", "14"), start=year - 4)  # over before this year
    make_plan(city_officer, zone_a, codes=("26", "38"), start=year)
    services.plan_set(
        actor=city_officer,
        zone_id=zone_a.pk,
        start_year=old.start_year,
        end_year=old.end_year,
        industries=["13", "15"],
        version=old.version,
    )
    assert sorted(old.industries.values_list("code", flat=True)) == ["13", "15"]
    assert leading_codes(zone_a.pk) == ["26", "38"]
    field = Zone.objects.get(pk=zone_a.pk).leading_industries.values_list("code", flat=True)
    assert sorted(field) == ["26", "38"]
