"""Planning's isolation, pages and API: the city officer reaches every zone of their city and no other city's
scheme; a zone leader reads their own zone's plan and results, never another zone's, and changes nothing;
anonymous visitors are sent to log in. Each refusal is paired with the same request succeeding."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.planning import services
from devzone.planning.models import Assessment, IndustryPlan
from devzone.testing import factories as f
from devzone.testing.planning import INDICATORS, TAX, plan_of, published_scheme, scheme_of, score

pytestmark = pytest.mark.django_db
API = "/api/v1/planning"
JSON = "application/json"


@pytest.fixture
def world(city, zone_a, zone_b, city_officer):
    plan_of(city_officer, zone_a)
    plan_of(city_officer, zone_b, industries=["38", "39"])
    scheme = published_scheme(city_officer, (zone_a, zone_b), (20, 5))
    entered = str(scheme.indicators.get(source="entered").pk)
    other_city = f.CityFactory(name="外市", code="370200")
    other_officer = f.user_with_role(Role.CITY_OFFICER, city=other_city, user__username="other_officer")
    return {"scheme": scheme, "entered": entered, "other_officer": other_officer}


def test_city_officer_pages(world, client_for, city_officer, zone_a):
    c = client_for(city_officer)
    home = c.get(reverse("planning:home"))
    assert home.status_code == 200
    text = home.content.decode()
    assert "甲开发区" in text and "乙开发区" in text
    assert [o.industry.pk for o in home.context["overlaps"]] == ["38"]
    assert c.get(reverse("planning:plan_edit", args=[zone_a.pk])).status_code == 200
    assert c.get(reverse("planning:scheme_new")).status_code == 200
    s = world["scheme"]
    assert c.get(reverse("planning:scheme_detail", args=[s.pk])).status_code == 200
    assert c.get(reverse("planning:scheme_edit", args=[s.pk])).status_code == 200
    # published: rescoring and republishing are refused with a message, not a 500
    r = c.post(reverse("planning:score_zone", args=[s.pk, zone_a.pk]), {f"z{zone_a.pk}-quarter": "0"})
    assert r.status_code == 302
    assert c.post(reverse("planning:publish", args=[s.pk]), {"quarter": "0"}).status_code == 302


def _scheme_writes_answer(c, s, zone_a, code: int) -> None:
    """Every page and API write on the scheme ``s`` and its zone ``zone_a`` answers ``code`` (404 out of reach,
    403 in reach without the right)."""
    assert c.get(reverse("planning:scheme_edit", args=[s.pk])).status_code == code
    assert c.post(reverse("planning:scheme_edit", args=[s.pk]), {"name": "x"}).status_code == code
    assert c.post(reverse("planning:publish", args=[s.pk]), {"quarter": "0"}).status_code == code
    assert c.post(reverse("planning:score_zone", args=[s.pk, zone_a.pk]), {}).status_code == code
    exclude = {f"x{zone_a.pk}-quarter": "1", f"x{zone_a.pk}-reason": "整改"}
    assert c.post(reverse("planning:exclude_zone", args=[s.pk, zone_a.pk]), exclude).status_code == code
    body = {"zone": zone_a.pk, "quarter": 1, "reason": "整改"}
    assert c.post_json(f"{API}/schemes/{s.pk}/exclude", body).status_code == code


def test_another_city_sees_nothing(world, client_for, zone_a):
    c = client_for(world["other_officer"])
    s = world["scheme"]
    assert c.get(reverse("planning:scheme_detail", args=[s.pk])).status_code == 404
    assert c.get(reverse("planning:plan_edit", args=[zone_a.pk])).status_code == 404
    _scheme_writes_answer(c, s, zone_a, 404)
    assert c.get(reverse("planning:home")).context["zones"] == []
    assert c.get(f"{API}/plans").json()["count"] == 0
    assert c.get(f"{API}/schemes").json()["count"] == 0
    assert c.get(f"{API}/assessments").json()["count"] == 0
    assert c.get(f"{API}/assessments", {"scheme": s.pk}).status_code == 404
    assert c.post_json(f"{API}/schemes/{s.pk}/score", {"zone": zone_a.pk}).status_code == 404
    assert c.post_json(f"{API}/schemes/{s.pk}/publish", {}).status_code == 404
    body = {"zone": zone_a.pk, "start_year": 2026, "end_year": 2028, "industries": ["26", "27"]}
    assert c.put(f"{API}/plans", json.dumps(body), content_type=JSON).status_code == 404
    assert sorted(IndustryPlan.objects.get(zone=zone_a).industries.values_list("code", flat=True)) == [
        "26",
        "38",
    ]


def test_zone_leader_reads_own_zone_only_and_changes_nothing(
    world, client_for, zone_a_leader, zone_a, zone_b
):
    c = client_for(zone_a_leader)
    home = c.get(reverse("planning:home"))
    assert home.status_code == 200
    assert [z.pk for z, *_ in home.context["zones"]] == [zone_a.pk]
    assert {a.zone_id for a in home.context["assessments"]} == {zone_a.pk}
    assert "乙开发区" not in home.content.decode()
    s = world["scheme"]
    detail = c.get(reverse("planning:scheme_detail", args=[s.pk]))  # the city's scheme: readable
    assert detail.status_code == 200
    assert [a.zone_id for a in detail.context["results"]] == [zone_a.pk]
    assert c.get(reverse("planning:plan_edit", args=[zone_a.pk])).status_code == 403
    assert c.get(reverse("planning:plan_edit", args=[zone_b.pk])).status_code == 404
    assert c.get(reverse("planning:scheme_new")).status_code == 403
    _scheme_writes_answer(c, s, zone_a, 403)
    plans = c.get(f"{API}/plans").json()
    assert [p["zone"] for p in plans["items"]] == [zone_a.pk]
    assert [a["zone"] for a in c.get(f"{API}/assessments").json()["items"]] == [zone_a.pk]
    assert c.get(f"{API}/map").json()["overlaps"] == []  # they see their own zone only
    assert (
        c.post_json(
            f"{API}/schemes",
            {
                "year": 2027,
                "category": "provincial",
                "name": "x",
                "full_pool_fen": 1,
                "indicators": INDICATORS,
            },
        ).status_code
        == 403
    )
    assert c.post_json(f"{API}/schemes/{s.pk}/score", {"zone": zone_a.pk}).status_code == 403
    assert c.post_json(f"{API}/schemes/{s.pk}/publish", {}).status_code == 403
    body = {"zone": zone_a.pk, "start_year": 2026, "end_year": 2028, "industries": ["26", "27"]}
    assert c.put(f"{API}/plans", json.dumps(body), content_type=JSON).status_code == 403
    assert Assessment.objects.get(zone=zone_a).score is not None
    assert not Assessment.objects.filter(quarter=1).exists()


def test_city_officer_api(world, client_for, city_officer, zone_a, zone_b):
    c = client_for(city_officer)
    m = c.get(f"{API}/map").json()
    assert [o["industry"] for o in m["overlaps"]] == ["38"]
    body = {
        "zone": zone_a.pk,
        "start_year": 2026,
        "end_year": 2028,
        "industries": ["26", "27"],
        "targets": [{"year": 2026, "metric": "tax", "target": "500"}],
    }
    # the zone's plan starting 2026 exists: changing it names the version read (without it: 409)
    assert c.put(f"{API}/plans", json.dumps(body), content_type=JSON).status_code == 409
    [read] = [
        p for p in c.get(f"{API}/plans").json()["items"] if (p["zone"], p["start_year"]) == (zone_a.pk, 2026)
    ]
    body["version"] = read["version"]
    r = c.put(f"{API}/plans", json.dumps(body), content_type=JSON)
    assert r.status_code == 200, r.content
    assert r.json()["industries"] == ["26", "27"]
    bad = dict(body, industries=["26", "27", "28", "29"])
    r = c.put(f"{API}/plans", json.dumps(bad), content_type=JSON)
    assert r.status_code == 422 or r.status_code == 400
    scheme = c.post_json(
        f"{API}/schemes",
        {
            "year": 2026,
            "category": "national",
            "name": "国家级",
            "full_pool_fen": 100,
            "indicators": INDICATORS,
        },
    )
    assert scheme.status_code == 201
    wrong = c.post_json(
        f"{API}/schemes",
        {"year": 2027, "category": "national", "name": "x", "full_pool_fen": 1, "indicators": INDICATORS[:1]},
    )
    assert wrong.status_code in (400, 422) and "100" in wrong.content.decode()
    assert c.get(f"{API}/schemes").json()["count"] == 2
    s = world["scheme"]
    assert len(c.get(f"{API}/assessments", {"scheme": s.pk}).json()["items"]) == 2
    assert c.post_json(f"{API}/schemes/{s.pk}/publish", {}).status_code in (
        400,
        422,
    )  # nothing left to publish
    again = c.post_json(
        f"{API}/schemes/{s.pk}/score",
        {
            "zone": zone_a.pk,
            "quarter": 1,
            "entered": [{"indicator": int(world["entered"]), "value": "10", "evidence": "税务"}],
        },
    )
    assert again.status_code == 200 and again.json()["score"] == "25.00"
    # 乙 has no result of the quarter: the city leaves it out with a reason before publishing
    out = c.post_json(f"{API}/schemes/{s.pk}/exclude", {"zone": zone_b.pk, "quarter": 1, "reason": "整改"})
    assert out.status_code == 200 and out.json()["status"] == "excluded"
    assert c.post_json(f"{API}/schemes/{s.pk}/publish", {"quarter": 1}).json() == {"published": 1}


def test_anonymous_is_sent_to_log_in(client, world, zone_a):
    s = world["scheme"]
    for url in (
        reverse("planning:home"),
        reverse("planning:plan_edit", args=[zone_a.pk]),
        reverse("planning:scheme_new"),
        reverse("planning:scheme_detail", args=[s.pk]),
        reverse("planning:scheme_edit", args=[s.pk]),
    ):
        assert client.get(url).status_code == 302
    assert client.get(f"{API}/plans").status_code == 401


def test_a_zone_leader_sees_the_citys_score_rank_and_pool_only_once_published(
    client_for, city_officer, zone_a, zone_a_leader
):
    """Scoring is the city's draft (评分中): the rank moves as other zones are scored and the pool is not in
    force. The zone's leader is told their result when the city publishes it, and sees it from then on: not
    before, on the scheme's page or in the API; the city officer works on the draft."""
    scheme = scheme_of(
        city_officer,
        year=2027,
        category=zone_a.level,
        name="2027年度开发区考核",
        full_pool_fen=1_000_000,
        indicators=[TAX],
    )
    score(city_officer, scheme, zone_a, 7)
    url = reverse("planning:scheme_detail", args=[scheme.pk])
    leader, city = client_for(zone_a_leader), client_for(city_officer)
    page = leader.get(url)
    assert page.status_code == 200  # the city's scheme: readable
    assert list(page.context["results"]) == [] and "70.00" not in page.content.decode()
    assert leader.get(f"{API}/assessments").json()["items"] == []
    assert leader.get(f"{API}/assessments", {"scheme": scheme.pk}).json()["items"] == []
    assert "70.00" in city.get(url).content.decode()
    assert [a["status"] for a in city.get(f"{API}/assessments").json()["items"]] == ["draft"]
    services.publish(actor=city_officer, scheme_id=scheme.pk)
    assert "70.00" in leader.get(url).content.decode()
    [row] = leader.get(f"{API}/assessments").json()["items"]
    assert (row["zone"], row["score"], row["rank"], row["status"]) == (zone_a.pk, "70.00", 1, "published")
