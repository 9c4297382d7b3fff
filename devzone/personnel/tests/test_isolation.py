"""The personnel module's isolation, through Django's ``Client``: a zone's 人事专员 reaches only its own zone's
openings and registrations (404 for the other zone's, and nothing changes); a campaign of another city is 404;
a candidate reaches only their own registrations and ticket; the portal and registration pages are public; the
staff pages send anonymous visitors to log in. Each refusal is paired with the same request succeeding."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.personnel.models import Registration
from devzone.personnel.services import exams
from devzone.personnel.services import registrations as reg_svc
from devzone.testing import factories as f
from devzone.testing.personnel import make_campaign, make_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(city, zone_a, zone_b):
    campaign = make_campaign(city, [zone_a, zone_b])
    other_city = f.CityFactory(name="外市")
    other_zone = f.ZoneFactory(city=other_city, name="外市开发区")
    foreign = make_campaign(other_city, [other_zone], title="外市招聘")
    one, two = make_candidate(city, 1), make_candidate(city, 2)
    reg_a = reg_svc.registration_submit(actor=one.user, opening_id=campaign.openings.get(code="A01").pk)
    reg_b = reg_svc.registration_submit(actor=two.user, opening_id=campaign.openings.get(code="B01").pk)
    officer_a = f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone_a, user__username="hr_a")
    return {
        "campaign": campaign,
        "foreign": foreign,
        "one": one,
        "two": two,
        "reg_a": reg_a,
        "reg_b": reg_b,
        "officer_a": officer_a,
        "opening_a": campaign.openings.get(code="A01"),
        "opening_b": campaign.openings.get(code="B01"),
    }


def test_staff_pages_are_404_for_another_zone_or_city(world, client_for):
    c = client_for(world["officer_a"])
    assert c.get(reverse("personnel:home")).status_code == 200
    for ok, refused in [
        (("personnel:opening_detail", world["opening_a"]), ("personnel:opening_detail", world["opening_b"])),
        (
            ("personnel:registration_detail", world["reg_a"]),
            ("personnel:registration_detail", world["reg_b"]),
        ),
        (("personnel:campaign_detail", world["campaign"]), ("personnel:campaign_detail", world["foreign"])),
        (("personnel:statistics", world["campaign"]), ("personnel:statistics", world["foreign"])),
    ]:
        assert c.get(reverse(ok[0], args=[ok[1].pk])).status_code == 200, ok
        assert c.get(reverse(refused[0], args=[refused[1].pk])).status_code == 404, refused


def test_lists_hold_no_row_of_another_zone(world, client_for):
    page = client_for(world["officer_a"]).get(
        reverse("personnel:opening_detail", args=[world["opening_a"].pk])
    )
    assert world["one"].name in page.content.decode()
    assert world["two"].name not in page.content.decode()
    stats = client_for(world["officer_a"]).get(reverse("personnel:statistics", args=[world["campaign"].pk]))
    assert stats.context["stats"]["applicants"] == 1  # only zone A's registration counts for zone A


def test_actions_on_another_zone_are_404_and_change_nothing(world, client_for, city_officer):
    c = client_for(world["officer_a"])
    reg_b = world["reg_b"]
    response = c.post(
        reverse("personnel:registration_action", args=[reg_b.pk, "screen"]),
        {"screen-decision": "qualify", "screen-version": reg_b.version},
    )
    assert response.status_code == 404
    assert (
        c.post(reverse("personnel:opening_action", args=[world["opening_b"].pk, "shortlist"])).status_code
        == 404
    )
    reg_b.refresh_from_db()
    assert reg_b.status == "submitted"
    ok = c.post(
        reverse("personnel:registration_action", args=[world["reg_a"].pk, "screen"]),
        {"screen-decision": "qualify", "screen-version": world["reg_a"].version},
    )
    assert ok.status_code == 302
    assert Registration.objects.get(pk=world["reg_a"].pk).status == "qualified"
    # campaign moves: the zone's officer may view the city's campaign but not change it; the city officer may
    assert (
        c.post(reverse("personnel:campaign_action", args=[world["campaign"].pk, "close"])).status_code == 403
    )
    foreign = reverse("personnel:campaign_action", args=[world["foreign"].pk, "close"])
    assert client_for(city_officer).post(foreign).status_code == 404


def test_a_candidate_reaches_only_their_own(world, client_for):
    c = client_for(world["one"].user)
    assert c.get(reverse("personnel:my")).status_code == 200
    assert c.get(reverse("personnel:my_registration", args=[world["reg_a"].pk])).status_code == 200
    assert c.get(reverse("personnel:my_registration", args=[world["reg_b"].pk])).status_code == 404
    assert c.get(reverse("personnel:ticket", args=[world["reg_b"].pk])).status_code == 404
    assert c.get(reverse("personnel:ticket", args=[world["reg_a"].pk])).status_code == 404  # no ticket yet
    assert (
        c.post(
            reverse("personnel:my_registration", args=[world["reg_b"].pk]), {"action": "withdraw"}
        ).status_code
        == 404
    )
    assert c.get(reverse("personnel:registration_detail", args=[world["reg_b"].pk])).status_code == 404
    assert c.get(reverse("personnel:opening_detail", args=[world["opening_a"].pk])).status_code == 404
    response = c.post(reverse("personnel:apply"), {"opening": world["opening_b"].pk})
    assert response.status_code == 302
    assert Registration.objects.filter(candidate=world["one"]).count() == 1  # one opening per campaign


def test_a_ticket_is_shown_to_its_candidate(world, client_for, city_officer, settings):
    from django.utils import timezone

    campaign = world["campaign"]
    reg_svc.registration_screen(actor=world["officer_a"], registration=world["reg_a"], decision="qualify")
    campaign.registration_closes = timezone.now()
    campaign.save(update_fields=["registration_closes"])
    from devzone.personnel.services import campaigns

    campaigns.campaign_close(actor=city_officer, campaign=campaign)
    campaign.exam_ratio = 1  # one qualified for one seat: the opening opens, then is seated
    campaign.save(update_fields=["exam_ratio"])
    campaigns.opening_apply_ratio(actor=city_officer, opening=world["reg_a"].opening)
    exams.tickets_assign(actor=city_officer, campaign=campaign)
    page = client_for(world["one"].user).get(reverse("personnel:ticket", args=[world["reg_a"].pk]))
    assert page.status_code == 200 and "准考证" in page.content.decode()


def test_public_pages_and_login(world, client_for, anonymous):
    c = client_for(anonymous)
    portal = c.get(reverse("personnel:portal"))
    assert portal.status_code == 200 and "外市招聘" in portal.content.decode()
    assert c.get(reverse("personnel:register") + f"?city={world['campaign'].city_id}").status_code == 200
    assert c.get(reverse("personnel:home")).status_code == 302
    assert c.get(reverse("personnel:my")).status_code == 302
    assert c.post(reverse("personnel:apply"), {"opening": world["opening_a"].pk}).status_code == 302
    assert Registration.objects.count() == 2


def test_recusal_through_the_api_reaches_only_the_zone_s_registrations(world, client_for, zone_a):
    """``POST registrations/{id}/recuse`` (声明回避): another zone's registration is 404 and records nothing, a
    candidate is 403; the zone's officer declares it (audited, kept) and is refused its screening from then on,
    by the API as by the page."""
    from devzone.personnel.models.recruitment import RegistrationRecusal

    api = "/api/v1/personnel/registrations"
    officer = client_for(world["officer_a"])
    body = {"reason": "该考生系本人表弟"}
    assert officer.post_json(f"{api}/{world['reg_b'].pk}/recuse", body).status_code == 404
    assert (
        client_for(world["one"].user).post_json(f"{api}/{world['reg_a'].pk}/recuse", body).status_code == 403
    )
    assert not RegistrationRecusal.objects.exists()
    assert officer.post_json(f"{api}/{world['reg_a'].pk}/recuse", {"reason": " "}).status_code in (400, 422)
    ok = officer.post_json(f"{api}/{world['reg_a'].pk}/recuse", body)
    assert ok.status_code == 200 and ok.json()["id"] == world["reg_a"].pk
    assert RegistrationRecusal.objects.get().reason == "该考生系本人表弟"
    again = officer.post_json(f"{api}/{world['reg_a'].pk}/recuse", body)
    assert again.status_code == 400
    screen = officer.post_json(f"{api}/{world['reg_a'].pk}/screen", {"decision": "qualify"})
    assert screen.status_code == 403 and "声明回避" in screen.json()["title"]
    assert Registration.objects.get(pk=world["reg_a"].pk).status == "submitted"


def test_recording_exceptional_through_the_api_reaches_only_the_zone_s_competitions(
    world, client_for, zone_a, zone_b, zone_a_leader
):
    """``POST competitions/{id}/exceptional`` (破格 recorded afterwards, ``competition_exceptional``): another zone's
    competition is 404, a candidate (no right) and an entrant of the competition (回避) are 403, a stale version is
    409 — and none of them records anything; the zone's 人事专员 records it with the version they read."""
    from devzone.core.choices import Rank
    from devzone.personnel.models import Competition
    from devzone.personnel.services import competition as comp_svc

    def competition(zone, leader):
        dept = f.DepartmentFactory(zone=zone)
        post = f.PostFactory(zone=zone, department=dept, rank=Rank.DEPUTY_SECTION)
        comp = comp_svc.competition_create(
            actor=leader, zone=zone, title="中层岗位竞聘", posts=[(post.pk, 1, Rank.STAFF)]
        )
        return comp, dept, post

    comp_a, dept_a, post_a = competition(zone_a, zone_a_leader)
    comp_b, _dept, _post = competition(zone_b, f.user_with_role(Role.ZONE_LEADER, zone=zone_b))
    api = "/api/v1/personnel/competitions"
    body = {"basis": "开组字〔2026〕12号", "version": comp_a.version}
    officer = client_for(world["officer_a"])
    assert officer.post_json(f"{api}/{comp_b.pk}/exceptional", body).status_code == 404
    candidate = client_for(world["one"].user).post_json(f"{api}/{comp_a.pk}/exceptional", body)
    assert candidate.status_code == 403
    entrant_staff = f.StaffFactory(zone=zone_a, department=dept_a, rank=Rank.STAFF)
    entrant = f.staff_user(Role.PERSONNEL_OFFICER, entrant_staff, "hr_entrant")
    comp_svc.entry_apply(
        actor=zone_a_leader, competition=comp_a, staff_id=entrant_staff.pk, post_id=post_a.pk
    )
    refused = client_for(entrant).post_json(f"{api}/{comp_a.pk}/exceptional", body)
    assert refused.status_code == 403 and "回避" in refused.json()["title"]
    stale = officer.post_json(f"{api}/{comp_a.pk}/exceptional", {**body, "version": comp_a.version + 5})
    assert stale.status_code == 409
    assert not Competition.objects.filter(exceptional=True).exists()
    assert officer.post_json(f"{api}/{comp_a.pk}/exceptional", {**body, "basis": " "}).status_code in (
        400,
        422,
    )
    done = officer.post_json(f"{api}/{comp_a.pk}/exceptional", body)
    assert done.status_code == 200, done.content[:300]
    assert done.json()["exceptional"] is True and done.json()["exceptional_basis"] == "开组字〔2026〕12号"
    assert done.json()["version"] == comp_a.version + 1
    assert officer.post_json(f"{api}/{comp_a.pk}/exceptional", body).status_code in (400, 409)
    assert not Competition.objects.get(pk=comp_b.pk).exceptional
