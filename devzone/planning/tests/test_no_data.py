"""An indicator the platform has no data for is 不可评估, never 0: the zone has no score, publishing is refused
while one is left, and the city resolves it for that zone — the value entered by hand with its source, or the
indicator excluded with the reason (the other weights re-normalised to 100) — by service, page and API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from devzone.core.errors import DomainError
from devzone.planning import services
from devzone.planning.choices import ValueKind
from devzone.planning.models import Assessment, IndicatorValue
from devzone.testing.planning import scheme_of, score

pytestmark = pytest.mark.django_db
API = "/api/v1/planning"
# the platform has no approvals statistics for the test zones: 不可评估
INDICATORS = [
    {"name": "审批按时办结率", "weight": "50", "target": "100", "source": "approvals_on_time"},
    {"name": "亩均税收", "weight": "50", "target": "30", "source": "entered"},
]


def _scored(officer, zones, *, full_pool_fen: int = 1_000_000_00):
    scheme = scheme_of(officer, name="省级考核", full_pool_fen=full_pool_fen, indicators=INDICATORS)
    for zone in zones:
        score(officer, scheme, zone, 15, evidence="市税务局核定表")
    approvals = scheme.indicators.get(source="approvals_on_time")
    return scheme, approvals


def test_no_platform_data_is_not_scored_as_zero_and_blocks_publishing(city_officer, zone_a):
    scheme, approvals = _scored(city_officer, [zone_a])
    a = Assessment.objects.get(scheme=scheme, zone=zone_a)
    v = a.values.get(indicator=approvals)
    assert (v.kind, v.value) == (ValueKind.MISSING, None)
    assert (a.score, a.rank, a.pool_fen) == (None, None, None)  # not 25.00 with a pool cut by half
    with pytest.raises(DomainError) as e:
        services.publish(actor=city_officer, scheme_id=scheme.pk)
    assert "甲开发区（审批按时办结率）" in e.value.message
    assert not Assessment.objects.filter(status="published").exists()


def test_a_value_entered_by_hand_with_its_source_scores_and_then_publishes(city_officer, zone_a):
    scheme, approvals = _scored(city_officer, [zone_a])
    a = Assessment.objects.get(scheme=scheme, zone=zone_a)
    with pytest.raises(DomainError) as e:  # a hand-entered value names its source
        services.value_resolve(actor=city_officer, assessment_id=a.pk, indicator_id=approvals.pk, value="90")
    assert e.value.errors.keys() == {"evidence"}
    a = services.value_resolve(
        actor=city_officer,
        assessment_id=a.pk,
        indicator_id=approvals.pk,
        value="90",
        evidence="市政务服务中心审批时效月报",
    )
    assert a.score == Decimal("70.00")  # 50 × 0.9 + 50 × 0.5
    assert (a.rank, a.pool_fen) == (1, 70_000_000)
    v = a.values.get(indicator=approvals)
    assert (v.kind, v.value, v.evidence) == (ValueKind.MANUAL, Decimal("90.00"), "市政务服务中心审批时效月报")
    assert services.publish(actor=city_officer, scheme_id=scheme.pk) == 1


def test_an_excluded_indicator_renormalises_the_other_weights(city_officer, zone_a):
    scheme, approvals = _scored(city_officer, [zone_a])
    a = Assessment.objects.get(scheme=scheme, zone=zone_a)
    with pytest.raises(DomainError) as e:  # an exclusion gives its reason
        services.value_resolve(
            actor=city_officer, assessment_id=a.pk, indicator_id=approvals.pk, exclude=True
        )
    assert e.value.errors.keys() == {"evidence"}
    a = services.value_resolve(
        actor=city_officer,
        assessment_id=a.pk,
        indicator_id=approvals.pk,
        exclude=True,
        evidence="该区审批系统尚未接入，经市考核办认定不计分",
    )
    # 亩均税收 alone, its weight 50 counted as 100: 15 ÷ 30 = 50.00, not 25.00
    assert a.score == Decimal("50.00")
    assert a.values.get(indicator=approvals).kind == ValueKind.EXCLUDED
    # scored again while the platform still has no data: the city's decision stays
    entered = str(scheme.indicators.get(source="entered").pk)
    a = services.zone_score(
        actor=city_officer,
        scheme_id=scheme.pk,
        zone_id=zone_a.pk,
        entered={entered: {"value": "30", "evidence": "更正"}},
    )
    assert a.score == Decimal("100.00")
    assert a.values.get(indicator=approvals).kind == ValueKind.EXCLUDED


def test_only_an_indicator_without_data_is_resolved_and_not_after_publishing(city_officer, zone_a):
    scheme, approvals = _scored(city_officer, [zone_a])
    a = Assessment.objects.get(scheme=scheme, zone=zone_a)
    entered = scheme.indicators.get(source="entered")
    with pytest.raises(DomainError) as e:  # an entered indicator has its evidence already
        services.value_resolve(
            actor=city_officer, assessment_id=a.pk, indicator_id=entered.pk, value="1", evidence="x"
        )
    assert e.value.errors.keys() == {"indicator"}
    services.value_resolve(
        actor=city_officer, assessment_id=a.pk, indicator_id=approvals.pk, value="100", evidence="台账"
    )
    services.publish(actor=city_officer, scheme_id=scheme.pk)
    with pytest.raises(DomainError):
        services.value_resolve(
            actor=city_officer, assessment_id=a.pk, indicator_id=approvals.pk, value="50", evidence="台账"
        )


def test_the_last_indicator_left_is_not_excluded(city_officer, zone_a):
    scheme = scheme_of(
        city_officer,
        name="省级考核",
        full_pool_fen=100,
        indicators=[
            {"name": "审批按时办结率", "weight": "60", "target": "100", "source": "approvals_on_time"},
            {"name": "企业满意度", "weight": "40", "target": "95", "source": "satisfaction"},
        ],
    )
    a = services.zone_score(actor=city_officer, scheme_id=scheme.pk, zone_id=zone_a.pk)
    first, last = scheme.indicators.order_by("pk")
    services.value_resolve(
        actor=city_officer, assessment_id=a.pk, indicator_id=first.pk, exclude=True, evidence="未接入"
    )
    with pytest.raises(DomainError) as e:  # nothing would be left to score
        services.value_resolve(
            actor=city_officer, assessment_id=a.pk, indicator_id=last.pk, exclude=True, evidence="未接入"
        )
    assert e.value.errors.keys() == {"indicator"}
    assert IndicatorValue.objects.get(assessment=a, indicator=last).kind == ValueKind.MISSING


def test_the_scheme_page_marks_no_data_and_resolves_it(city_officer, client_for, zone_a):
    scheme, approvals = _scored(city_officer, [zone_a])
    a = Assessment.objects.get(scheme=scheme, zone=zone_a)
    c = client_for(city_officer)
    page = reverse("planning:scheme_detail", args=[scheme.pk])
    text = c.get(page).content.decode()
    assert f'data-testid="value-{a.pk}-{approvals.pk}" data-kind="missing"' in text
    assert "不可评估" in text and 'data-testid="publish-blocked"' in text
    r = c.post(reverse("planning:publish", args=[scheme.pk]), {"quarter": "0"}, follow=True)
    assert "不能公布" in r.content.decode()
    url = reverse("planning:value_resolve", args=[a.pk])
    c.post(url, {"indicator": approvals.pk, "exclude": "1", "evidence": "系统未接入，经认定不计分"})
    text = c.get(page).content.decode()
    assert f'data-testid="value-{a.pk}-{approvals.pk}" data-kind="excluded"' in text
    assert "亩均税收 100%" in text  # the weights as the score counts them
    assert 'data-testid="publish-blocked"' not in text
    assert Assessment.objects.get(pk=a.pk).score == Decimal("50.00")


def test_the_kind_of_a_value_reads_in_the_readers_language(city_officer, client_for, zone_a, zone_b):
    """The page writes 平台数据 / 不可评估 from the value's kind in the reader's language: it was stored as the
    evidence, in the language of whoever scored the zone, and stayed Chinese on English pages."""
    scheme = scheme_of(
        city_officer,
        name="省级考核",
        full_pool_fen=100,
        indicators=[{"name": "签约", "weight": "100", "target": "4", "source": "contracts"}],
    )
    a = services.zone_score(actor=city_officer, scheme_id=scheme.pk, zone_id=zone_a.pk)
    assert a.values.get().evidence == ""  # platform data: nothing stored in anyone's language
    c = client_for(city_officer)
    c.cookies["devzone_language"] = "en"
    with translation.override("en"):
        text = c.get(reverse("planning:scheme_detail", args=[scheme.pk])).content.decode()
    assert "Platform data" in text and "平台数据" not in text


def test_the_api_shows_the_kind_and_resolves(city_officer, client_for, zone_a):
    scheme, approvals = _scored(city_officer, [zone_a])
    a = Assessment.objects.get(scheme=scheme, zone=zone_a)
    c = client_for(city_officer)
    row = c.get(f"{API}/assessments", {"scheme": scheme.pk}).json()["items"][0]
    assert row["score"] is None
    assert {v["name"]: v["kind"] for v in row["values"]} == {
        "审批按时办结率": "missing",
        "亩均税收": "entered",
    }
    assert c.post_json(f"{API}/schemes/{scheme.pk}/publish", {}).status_code == 400
    r = c.post_json(f"{API}/assessments/{a.pk}/resolve", {"indicator": approvals.pk, "value": "90"})
    assert r.status_code == 400 and "evidence" in r.json()["errors"]
    stale = {"indicator": approvals.pk, "value": "90", "evidence": "月报", "version": a.version - 1}
    assert c.post_json(f"{API}/assessments/{a.pk}/resolve", stale).status_code == 409
    body = {"indicator": approvals.pk, "value": "90", "evidence": "月报", "version": a.version}
    r = c.post_json(f"{API}/assessments/{a.pk}/resolve", body)
    assert r.status_code == 200 and r.json()["score"] == "70.00"
    assert c.post_json(f"{API}/schemes/{scheme.pk}/publish", {}).json() == {"published": 1}


@pytest.mark.isolation
def test_only_the_citys_officer_resolves(city_officer, client_for, zone_a, zone_a_leader):
    from devzone.core.choices import Role
    from devzone.testing import factories as f

    scheme, approvals = _scored(city_officer, [zone_a])
    a = Assessment.objects.get(scheme=scheme, zone=zone_a)
    body = {"indicator": approvals.pk, "value": "90", "evidence": "月报"}
    other = f.user_with_role(
        Role.CITY_OFFICER, city=f.CityFactory(name="外市", code="370200"), user__username="other_officer"
    )
    for user, status in ((other, 404), (zone_a_leader, 403)):
        c = client_for(user)
        assert c.post(reverse("planning:value_resolve", args=[a.pk]), body).status_code == status
        assert c.post_json(f"{API}/assessments/{a.pk}/resolve", body).status_code == status
    assert Assessment.objects.get(pk=a.pk).score is None
    c = client_for(city_officer)
    assert c.post(reverse("planning:value_resolve", args=[a.pk]), body).status_code == 302
    assert Assessment.objects.get(pk=a.pk).score == Decimal("70.00")
