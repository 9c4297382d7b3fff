"""公开招聘 on the city personnel office's desk (市级管理人员): its own moves first — drafts to publish, openings
waiting for the 开考比例, qualified candidates waiting for their exam rooms, a year without a 刚性淘汰比例 — then the
zones' work of its city (screening, second score entries, ties waiting for the 加试, competitions in publicity):
each counted in its own city only, linked to the page of exactly those rows, and read in the same number of
queries for a small city and a large one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core.actors import system_actor
from devzone.core.choices import Role
from devzone.personnel.choices import CompetitionStatus
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.models import Competition, EliminationShare, Registration
from devzone.personnel.services import campaigns as campaign_svc
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.tests.test_recruitment import _close, apply
from devzone.testing import factories as f
from devzone.testing.clients import make_client
from devzone.testing.personnel import add_opening, make_campaign, make_candidate
from devzone.testing.queries import statement_counts

pytestmark = pytest.mark.django_db
CITY_KEYS = [
    "personnel.city_drafts",
    "personnel.city_ratio",
    "personnel.city_seating",
    "personnel.city_share",
    "personnel.screening",
]


def desk_of(client) -> dict:
    page = client.get(reverse("dashboard:home"))
    assert page.status_code == 200
    return {e.key: e for e in page.context["desk"]}


def draft(city, zones, title="2027年公开招聘（草稿）"):
    actor = system_actor()
    now = timezone.now()
    campaign = campaign_svc.campaign_create(
        actor=actor,
        city=city,
        title=title,
        registration_opens=now + dt.timedelta(days=3),
        registration_closes=now + dt.timedelta(days=13),
    )
    for n, zone in enumerate(zones):
        add_opening(campaign, zone, f"D{n:02d}", actor=actor, title="规划专员")
    return campaign


def closed_with_qualified(city, zones, screener, per_zone: int, start: int, **fields):
    """A campaign whose registration has closed, with ``per_zone`` qualified registrations in each zone."""
    campaign = make_campaign(city, zones, title=fields.pop("title", f"第{start}批"), **fields)
    for opening in campaign.openings.all():
        for i in range(per_zone):
            reg = apply(make_candidate(city, start + opening.pk * 10 + i), opening)
            reg_svc.registration_screen(actor=screener, registration=reg.pk, decision="qualify")
    return _close(campaign)


def world(city, zones, city_officer, per_zone: int) -> None:
    """Rows of every kind the city's desk lists, in each of ``zones``."""
    draft(city, zones)
    closed_with_qualified(city, zones, city_officer, per_zone, 100)  # waiting for the exam ratio
    ready = closed_with_qualified(city, zones, city_officer, per_zone, 300, exam_ratio=1)
    for opening in ready.openings.all():  # ratio applied: its qualified wait for the rooms
        campaign_svc.opening_apply_ratio(actor=city_officer, opening=opening)
    under_way = make_campaign(city, zones, title="报名中")
    for opening in under_way.openings.all():
        for i in range(per_zone + 1):
            apply(make_candidate(city, 600 + opening.pk * 10 + i), opening)  # to screen
    # ranked equal on all three scores across the one seat: the additional test decides
    Registration.objects.filter(campaign=under_way).update(
        status=S.RANKED, rank=1, tied=True, written_score=80, interview_score=80, composite=80
    )
    for zone in zones:
        Competition.objects.create(
            zone=zone,
            title=f"{zone.name}中层竞聘",
            status=CompetitionStatus.PUBLICITY,
            publicity_from=timezone.localdate(),
            publicity_until=timezone.localdate() + dt.timedelta(days=7),
        )


def test_the_city_officer_lands_on_its_own_personnel_work_in_its_own_city(
    city, zone_a, zone_b, city_officer, client_for
):
    world(city, [zone_a, zone_b], city_officer, 1)
    elsewhere = f.ZoneFactory(city=f.CityFactory(name="泰安市", code="370900"))
    draft(elsewhere.city, [elsewhere], title="外市公告")  # another city's draft is never counted
    desk = desk_of(client_for(city_officer))
    keys = [k for k in desk if k.startswith("personnel.")]
    # its own moves before the zones' work
    assert keys[:4] == [
        "personnel.city_drafts",
        "personnel.city_ratio",
        "personnel.city_seating",
        "personnel.city_share",
    ]

    drafts = desk["personnel.city_drafts"]
    assert drafts.count == 1 and "外市公告" not in [r.label for r in drafts.rows]
    assert drafts.rows[0].note.startswith("2个岗位")
    assert drafts.url == drafts.rows[0].url  # the one draft's page, where it is published

    ratio = desk["personnel.city_ratio"]
    assert ratio.count == 2
    assert {r.note for r in ratio.rows} == {"合格1人，开考需3人"}
    assert all(r.tone == "red" for r in ratio.rows)  # short of the ratio: to cut or cancel

    seating = desk["personnel.city_seating"]
    assert seating.count == 2
    assert [r.note for r in seating.rows] == ["2人待编排考场"]
    assert seating.url == seating.rows[0].url  # the campaign's page holds 编排考场

    share = desk["personnel.city_share"]
    assert share.tone == "red" and share.url.startswith(reverse("personnel:annual"))

    assert desk["personnel.screening"].count == 0  # every registration under way was ranked
    assert desk["personnel.tied"].count == 4  # two tied across each zone's one seat
    assert desk["personnel.city_competitions"].count == 2
    assert desk["personnel.city_competitions"].url == reverse("personnel:competition_list")


def test_each_count_links_to_a_page_that_lists_its_rows(city, zone_a, city_officer, client_for):
    closed_with_qualified(city, [zone_a], city_officer, 2, 100)
    client = client_for(city_officer)
    ratio = desk_of(client)["personnel.city_ratio"]
    assert ratio.count == 1
    page = client.get(ratio.url)  # the one opening: its page carries the ratio's form
    assert page.status_code == 200 and page.context["opening"].code == "A01"


def test_the_share_item_leaves_once_the_year_has_a_rule_and_a_zone_officer_never_sees_it(
    city, zone_a, city_officer, officer_a, client_for
):
    assert "personnel.city_share" in desk_of(client_for(city_officer))
    EliminationShare.objects.create(
        city=city, low_percent=3, high_percent=5, effective_from=dt.date(2019, 1, 1), basis="济南市改革"
    )
    assert "personnel.city_share" not in desk_of(client_for(city_officer))
    officer = desk_of(client_for(officer_a))
    assert not any(k.startswith("personnel.city_") for k in officer)


def test_a_zone_picked_in_the_switcher_narrows_the_zones_work(city, zone_a, zone_b, city_officer, client_for):
    closed_with_qualified(city, [zone_a, zone_b], city_officer, 1, 100)
    client = client_for(city_officer)
    assert desk_of(client)["personnel.city_ratio"].count == 2
    client.post(reverse("core:switch_zone"), {"zone": zone_b.pk, "next": "/"})
    assert desk_of(client)["personnel.city_ratio"].count == 1


def test_a_small_and_a_large_city_read_the_desk_in_the_same_number_of_queries(city_officer, zone_a):
    small_city = f.CityFactory(name="小市", code="371000")
    small_officer = f.user_with_role(Role.CITY_OFFICER, city=small_city, user__username="city_small")
    world(small_city, [f.ZoneFactory(city=small_city)], small_officer, 1)
    large = [zone_a, *(f.ZoneFactory(city=zone_a.city) for _ in range(3))]
    world(zone_a.city, large, city_officer, 3)
    counts = []
    for user in (small_officer, city_officer):
        client = make_client(user)
        desk = desk_of(client)
        assert all(k in desk for k in CITY_KEYS if k != "personnel.screening")
        counts.append(statement_counts(client, [("desk", reverse("dashboard:home"))])["desk"])
    assert desk["personnel.city_ratio"].count == 4 and desk["personnel.tied"].count == 16
    assert counts[0] == counts[1]
