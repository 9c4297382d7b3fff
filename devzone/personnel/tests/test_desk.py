"""公开招聘 on 我的工作台: the candidate lands on their registrations under way, each with the next date it asks of
them, and the openings they may still apply to; the zone's 人事专员 on the registrations to screen, the scores
waiting for their entry and the proposed hires waiting for a step — each counted in their own zone only, and
linked to the opening's list of those rows when they lie in one opening."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core import desk as core_desk
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.models import Registration
from devzone.personnel.services import exams, hiring
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.tests.test_recruitment import _close, _one_seated, apply, opening_of
from devzone.testing.personnel import make_campaign, make_candidate, recorded_on

pytestmark = pytest.mark.django_db


def desk_of(client) -> dict:
    page = client.get(reverse("dashboard:home"))
    assert page.status_code == 200
    return {e.key: e for e in page.context["desk"]}


def listed(client, entry) -> list[int]:
    """The registrations the list behind ``entry`` shows."""
    page = client.get(entry.url)
    assert page.status_code == 200
    return sorted(r.pk for r in page.context["page"].paginator.object_list)


# --- the candidate -------------------------------------------------------------------------------------------
def test_the_candidate_sees_the_registration_to_correct_first_with_its_deadline(
    city, zone_a, campaign, officer_a, client_for
):
    cand = make_candidate(city, 1)
    other = make_campaign(city, [zone_a], title="2026年第二批公开招聘")
    waiting = apply(cand, opening_of(campaign))
    returned = apply(cand, opening_of(other, "A01"))
    reg_svc.registration_screen(
        actor=officer_a, registration=returned.pk, decision="return", note="请补学位证"
    )
    apply(make_candidate(city, 2), opening_of(campaign))  # another candidate's: not on this desk
    entry = desk_of(client_for(cand.user))["personnel.mine"]
    assert entry.count == 2
    assert entry.url == reverse("personnel:my")
    first, second = entry.rows
    closes = timezone.localtime(other.registration_closes)
    assert first.url == reverse("personnel:my_registration", args=[returned.pk])
    assert first.note.startswith("退回修改：请于") and f"{closes:%H:%M}" in first.note
    assert first.tone == "red"
    assert second.url == reverse("personnel:my_registration", args=[waiting.pk])
    assert second.note == "待审核"


def test_a_returned_registration_after_the_deadline_is_not_asked_to_be_resubmitted(
    city, campaign, officer_a, client_for
):
    cand = make_candidate(city, 5)
    reg = apply(cand, opening_of(campaign))
    reg_svc.registration_screen(actor=officer_a, registration=reg.pk, decision="return", note="请补学位证")
    _close(campaign)
    (row,) = desk_of(client_for(cand.user))["personnel.mine"].rows
    assert row.note.startswith("退回修改：修改期限已过") and row.tone == ""


def test_a_rejected_or_withdrawn_registration_is_no_longer_under_way(city, campaign, officer_a, client_for):
    cand = make_candidate(city, 3)
    reg = apply(cand, opening_of(campaign))
    reg_svc.registration_screen(actor=officer_a, registration=reg.pk, decision="reject", note="专业不符")
    assert desk_of(client_for(cand.user))["personnel.mine"].count == 0


def test_the_candidate_is_shown_the_openings_still_open_to_them(city, zone_a, zone_b, campaign, client_for):
    cand = make_candidate(city, 4)
    later = make_campaign(
        city, [zone_a], opens=timezone.now() + dt.timedelta(days=3), title="尚未开始报名的公告"
    )  # published, its registration not begun: nobody can apply yet
    assert later.status == "published"
    client = client_for(cand.user)
    entry = desk_of(client)["personnel.openings"]
    assert entry.count == 2  # A01 and B01 of the open campaign
    assert entry.url == reverse("personnel:my")
    assert "报名截止" in entry.hint
    apply(cand, opening_of(campaign))  # one opening per campaign: nothing left to apply to
    assert "personnel.openings" not in desk_of(client)


def test_the_candidate_reads_the_exam_day_once_seated(
    city, zone_a, zone_b, officer_a, city_officer, client_for
):
    exam_day = timezone.localdate() + dt.timedelta(days=20)
    campaign = make_campaign(city, [zone_a, zone_b], written_exam_on=exam_day)
    reg = _one_seated(city, campaign, officer_a, city_officer)
    (row,) = desk_of(client_for(reg.candidate.user))["personnel.mine"].rows
    assert "笔试" in row.note and "准考证已可打印" in row.note
    assert f"{exam_day.month}月{exam_day.day}日" in row.note


def test_the_proposed_hire_reads_the_result_and_the_next_step(ranked, client_for):
    hired = ranked[0]
    (row,) = desk_of(client_for(hired.candidate.user))["personnel.mine"].rows
    assert row.note == "拟聘用：综合成绩85.00，第1名 · 待体检"
    (row,) = desk_of(client_for(ranked[1].candidate.user))["personnel.mine"].rows
    assert row.note == "已排名：综合成绩84.00，第2名"


# --- the zone's 人事专员 --------------------------------------------------------------------------------------------
def test_the_officer_screens_the_own_zones_registrations_first_come_first(
    city, campaign, officer_a, officer_b, client_for
):
    regs = [apply(make_candidate(city, 10 + i), opening_of(campaign)) for i in range(3)]
    reg_svc.registration_screen(actor=officer_a, registration=regs[2].pk, decision="qualify")
    apply(make_candidate(city, 20), opening_of(campaign, "B01"))  # zone B's
    client = client_for(officer_a)
    entry = desk_of(client)["personnel.screening"]
    assert entry.count == 2
    assert [r.url for r in entry.rows] == [regs[0].get_absolute_url(), regs[1].get_absolute_url()]
    assert (
        entry.url == reverse("personnel:opening_detail", args=[opening_of(campaign).pk]) + "?status=submitted"
    )
    assert listed(client, entry) == [regs[0].pk, regs[1].pk]  # exactly the rows counted
    assert desk_of(client_for(officer_b))["personnel.screening"].count == 1


def test_registrations_to_screen_in_several_openings_link_to_the_campaigns(
    city, zone_a, campaign, officer_a, client_for
):
    other = make_campaign(city, [zone_a], title="2026年第二批公开招聘")
    apply(make_candidate(city, 30), opening_of(campaign))
    apply(make_candidate(city, 31), opening_of(other))
    entry = desk_of(client_for(officer_a))["personnel.screening"]
    assert entry.count == 2
    assert entry.url == reverse("personnel:home")


def test_a_score_waits_on_the_desk_of_the_clerk_who_can_enter_it_second(
    city, campaign, officer_a, officer_a2, officer_b, city_officer, client_for
):
    reg = _one_seated(city, campaign, officer_a, city_officer)
    exams.score_enter(actor=officer_a, registration=reg.pk, stage="written", score="81.5")
    first, second = client_for(officer_a), client_for(officer_a2)
    assert desk_of(first)["personnel.second_entry"].count == 0  # the first clerk cannot be the second
    assert "personnel.score_mismatch" not in desk_of(first)  # shown only when there is one
    entry = desk_of(second)["personnel.second_entry"]
    assert entry.count == 1
    assert entry.rows[0].url == reg.get_absolute_url() and entry.rows[0].note == "笔试成绩待第二人录入"
    assert entry.url == reverse("personnel:opening_detail", args=[reg.opening_id]) + "?status=qualified"
    assert desk_of(client_for(officer_b))["personnel.second_entry"].count == 0

    exams.score_enter(actor=officer_a2, registration=reg.pk, stage="written", score="85.1")
    for client in (first, second):  # neither value counts: each clerk is asked to check theirs
        items = desk_of(client)
        assert (items["personnel.second_entry"].count, items["personnel.score_mismatch"].count) == (0, 1)
    exams.score_enter(actor=officer_a2, registration=reg.pk, stage="written", score="81.5")
    for client in (first, second):
        items = desk_of(client)
        assert items["personnel.second_entry"].count == 0 and "personnel.score_mismatch" not in items


def test_a_proposed_hire_waits_for_each_step_but_not_while_the_publicity_runs(ranked, officer_a, client_for):
    hired = ranked[0]
    client = client_for(officer_a)
    entry = desk_of(client)["personnel.hire_steps"]
    assert entry.count == 1 and entry.rows[0].note == "待体检"
    assert entry.url == reverse("personnel:opening_detail", args=[hired.opening_id]) + "?status=hired"
    assert listed(client, entry) == [hired.pk]
    today = timezone.localdate()
    for kind, outcome, on in (
        ("medical", "passed", today - dt.timedelta(days=2)),
        ("inspection", "passed", today - dt.timedelta(days=1)),
        ("publicity", "pending", today),
    ):
        hiring.hire_step_record(actor=officer_a, registration=hired.pk, kind=kind, outcome=outcome, on=on)
    assert desk_of(client)["personnel.hire_steps"].count == 0  # the publicity period runs: nothing to do yet


def test_a_publicity_period_that_has_ended_waits_for_its_conclusion(ranked, officer_a, client_for):
    hired = ranked[0]
    for kind, outcome, on in (
        ("medical", "passed", dt.date(2026, 9, 1)),
        ("inspection", "passed", dt.date(2026, 9, 2)),
        ("publicity", "pending", dt.date(2026, 9, 3)),  # 7 working days: until 2026-09-14
    ):
        with recorded_on(on):  # a 公示 starts on the day it is recorded
            hiring.hire_step_record(actor=officer_a, registration=hired.pk, kind=kind, outcome=outcome, on=on)
    entry = desk_of(client_for(officer_a))["personnel.hire_steps"]
    assert entry.count == 1
    assert entry.rows[0].note.startswith("公示期已满")


def test_the_officers_desk_reads_a_bounded_number_of_queries(city, campaign, officer_a, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(officer_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("dashboard:home"))
        return len(ctx.captured_queries)

    apply(make_candidate(city, 40), opening_of(campaign))
    few = queries()
    for i in range(core_desk.NEAREST + 2):
        apply(make_candidate(city, 41 + i), opening_of(campaign))
    assert queries() == few  # five rows listed, whatever the number waiting
    assert Registration.objects.filter(status=S.SUBMITTED).count() == core_desk.NEAREST + 3


def test_competition_entries_wait_for_scoring_once_applications_close(
    zone_a, zone_a_leader, officer_a, officer_b, client_for
):
    from devzone.core.choices import Rank
    from devzone.personnel.services import competition as competition_svc
    from devzone.testing import factories as f

    on = dt.date(2026, 9, 28)
    dept = f.DepartmentFactory(zone=zone_a, name="投资促进部")
    chief = f.PostFactory(zone=zone_a, department=dept, name="部长", rank=Rank.SECTION_CHIEF)
    comp = competition_svc.competition_create(
        actor=zone_a_leader,
        zone=zone_a,
        title="2026年中层岗位竞聘",
        posts=[(chief.pk, 1, Rank.DEPUTY_SECTION)],
    )
    entries = [
        competition_svc.entry_apply(
            actor=officer_a,
            competition=comp,
            staff_id=f.StaffFactory(zone=zone_a, department=dept, rank=rank, name=name).pk,
            post_id=chief.pk,
            on=on,
        )
        for name, rank in (
            ("青年骨干", Rank.DEPUTY_SECTION),
            ("老骨干", Rank.SECTION_CHIEF),
            ("新人", Rank.STAFF),
        )
    ]
    assert [e.status for e in entries] == ["applied", "applied", "ineligible"]
    client = client_for(officer_a)
    assert desk_of(client)["personnel.competition_scores"].count == 0  # applications still open
    competition_svc.competition_close(actor=officer_a, competition=comp)
    competition_svc.entry_score(actor=officer_a, entry=entries[0], speech="80", evaluation="85")
    entry = desk_of(client)["personnel.competition_scores"]
    assert entry.count == 1  # the one left to score; the ineligible one is not scored
    assert entry.url == comp.get_absolute_url()
    assert entry.rows[0].label.startswith("老骨干")
    assert desk_of(client_for(officer_b))["personnel.competition_scores"].count == 0
