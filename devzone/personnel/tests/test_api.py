"""The personnel API through Django's ``Client`` (middleware, routing, session authentication): scoping (another
zone's registration is 404 and unchanged; a candidate sees only their own), the moves, and bad input answered in
the user's language with nothing changed."""

import json

import pytest
from django.utils import timezone

from devzone.personnel.models import RecruitmentCampaign, Registration
from devzone.personnel.services import registrations as reg_svc
from devzone.testing import factories as f
from devzone.testing.personnel import make_campaign, make_candidate

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]
API = "/api/v1/personnel"
JSON = "application/json"


@pytest.fixture
def world(city, zone_a, zone_b, officer_a, officer_a2):
    campaign = make_campaign(city, [zone_a, zone_b])
    one, two = make_candidate(city, 1), make_candidate(city, 2)
    reg_a = reg_svc.registration_submit(actor=one.user, opening_id=campaign.openings.get(code="A01").pk)
    reg_b = reg_svc.registration_submit(actor=two.user, opening_id=campaign.openings.get(code="B01").pk)
    return {
        "campaign": campaign,
        "one": one,
        "two": two,
        "reg_a": reg_a,
        "reg_b": reg_b,
        "hr_a": officer_a,
        "hr_a2": officer_a2,
    }


def test_lists_hold_only_rows_in_reach(world, client_for):
    hr = client_for(world["hr_a"])
    regs = hr.get(f"{API}/registrations").json()
    assert [r["id"] for r in regs["items"]] == [world["reg_a"].pk]
    assert regs["items"][0]["id_masked"].startswith("3701**")
    openings = hr.get(f"{API}/openings", {"campaign": world["campaign"].pk}).json()
    assert {o["code"] for o in openings["items"]} == {"A01"}
    assert hr.get(f"{API}/campaigns").json()["count"] == 1
    stats = hr.get(f"{API}/campaigns/{world['campaign'].pk}/statistics").json()
    assert stats["applicants"] == 1
    mine = client_for(world["two"].user).get(f"{API}/registrations").json()
    assert [r["id"] for r in mine["items"]] == [world["reg_b"].pk]


def test_another_zones_registration_is_404_and_unchanged(world, client_for):
    hr = client_for(world["hr_a"])
    b = world["reg_b"].pk
    assert hr.get(f"{API}/registrations/{b}").status_code == 404
    assert hr.post_json(f"{API}/registrations/{b}/screen", {"decision": "qualify"}).status_code == 404
    assert (
        hr.post_json(f"{API}/registrations/{b}/scores", {"stage": "written", "score": "80"}).status_code
        == 404
    )
    opening_b = world["campaign"].openings.get(code="B01").pk
    for move in ("ratio", "shortlist", "rank"):
        assert hr.post_json(f"{API}/openings/{opening_b}/{move}").status_code == 404
    assert Registration.objects.get(pk=b).status == "submitted"
    candidate = client_for(world["one"].user)
    assert candidate.get(f"{API}/registrations/{b}").status_code == 404
    assert candidate.post_json(f"{API}/registrations/{b}/withdraw").status_code == 404
    step = {"kind": "medical", "outcome": "passed", "on": "2026-09-01"}
    assert hr.post_json(f"{API}/registrations/{b}/step", step).status_code == 404
    assert candidate.post_json(f"{API}/registrations/{world['reg_a'].pk}/step", step).status_code == 403
    assert (
        candidate.post_json(
            f"{API}/registrations/{world['reg_a'].pk}/screen", {"decision": "qualify"}
        ).status_code
        == 403
    )


def test_only_the_citys_personnel_office_moves_a_campaign(world, client_for, city_officer, zone_b):
    """The city's campaign: a zone's personnel officer and a candidate read it but may not publish, close or
    seat it (403); another city's campaign is 404 even to the city officer; the city officer may."""
    from devzone.testing.personnel import make_campaign

    campaign = world["campaign"].pk
    for who in (client_for(world["hr_a"]), client_for(world["one"].user)):
        for move in ("publish", "close", "tickets"):
            assert who.post_json(f"{API}/campaigns/{campaign}/{move}", {}).status_code in (403, 404), move
    foreign_city = f.CityFactory(code="370900", name="泰安市")
    foreign = make_campaign(foreign_city, [f.ZoneFactory(city=foreign_city, name="泰安高新区")])
    for move in ("publish", "close", "tickets"):
        assert (
            client_for(city_officer).post_json(f"{API}/campaigns/{foreign.pk}/{move}", {}).status_code == 404
        )
    early = client_for(city_officer).post_json(f"{API}/campaigns/{campaign}/close", {})
    assert early.status_code == 400 and early.json()["title"] == "报名尚未截止"
    RecruitmentCampaign.objects.filter(pk=campaign).update(registration_closes=timezone.now())
    closed = client_for(city_officer).post_json(f"{API}/campaigns/{campaign}/close", {})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    seated = client_for(city_officer).post_json(f"{API}/campaigns/{campaign}/tickets")
    assert seated.status_code == 200


def test_the_moves_work_and_bad_input_changes_nothing(world, client_for, city_officer):
    from devzone.personnel.tests.test_recruitment import _close, _seated

    hr, hr2 = client_for(world["hr_a"]), client_for(world["hr_a2"])
    a = world["reg_a"].pk
    refused = hr.post_json(f"{API}/registrations/{a}/screen", {"decision": "reject"})
    assert refused.status_code == 400 and "理由" in refused.json()["title"]
    ok = hr.post_json(f"{API}/registrations/{a}/screen", {"decision": "qualify", "version": 1})
    assert ok.status_code == 200 and ok.json()["status"] == "qualified"
    stale = hr.post_json(f"{API}/registrations/{a}/screen", {"decision": "qualify", "version": 1})
    assert stale.status_code in (400, 409)
    campaign = world["campaign"]
    campaign.exam_ratio = 1  # one qualified for one seat: the opening opens and is seated
    campaign.save(update_fields=["exam_ratio"])
    _seated(_close(campaign), city_officer)
    bad = hr.post_json(f"{API}/registrations/{a}/scores", {"stage": "written", "score": "120"})
    # the published schema says 0–100 (a Percent): refused on the field before the service
    assert bad.status_code == 422 and "score" in bad.json()["errors"]
    assert hr.post_json(f"{API}/registrations/{a}/scores", {"stage": "written", "score": "80"}).json() == {
        "outcome": "waiting"
    }
    assert hr2.post_json(f"{API}/registrations/{a}/scores", {"stage": "written", "score": "80"}).json() == {
        "outcome": "confirmed"
    }
    assert Registration.objects.get(pk=a).written_score == 80


def test_a_candidate_applies_once_per_campaign(world, client_for, city):
    three = make_candidate(city, 3)
    c = client_for(three.user)
    opening = world["campaign"].openings.get(code="A01").pk
    first = c.post_json(f"{API}/registrations", {"opening": opening})
    assert first.status_code == 201 and first.json()["status"] == "submitted"
    again = c.post_json(f"{API}/registrations", {"opening": opening})
    assert again.status_code == 400 and "一个岗位" in again.json()["title"]
    assert (
        c.post_json(f"{API}/registrations/{first.json()['id']}/withdraw", {}).json()["status"] == "withdrawn"
    )
    assert c.post_json(f"{API}/registrations/{first.json()['id']}/resubmit", {}).status_code == 400
    wrong = c.post_json(f"{API}/registrations", {"opening": "x"})
    assert wrong.status_code in (400, 422) and "整数" in json.dumps(wrong.json(), ensure_ascii=False)
