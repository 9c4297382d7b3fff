"""What one person's act stores — a registration's event notes, its pre-check, the audit trail's notes — is written
in the site's language (``settings.LANGUAGE_CODE``, ``core.notify.stored``), never in that of whoever's
request caused it: a candidate giving up in English moves a Chinese candidate up, a clerk working in English
confirms the 加试 that places others. Notices are different: each reader gets them in their own language."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from devzone.core.choices import AuditAction
from devzone.core.models import AuditEvent, Profile
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.models import Registration, RegistrationEvent
from devzone.personnel.services import campaigns as campaign_svc
from devzone.personnel.services import candidates as candidate_svc
from devzone.personnel.services import competition as competition_svc
from devzone.personnel.services import exams
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.services import staffing as staffing_svc
from devzone.personnel.tests.test_campaign_draft_edit import draft  # noqa: F401  (fixture)
from devzone.personnel.tests.test_competition_self_apply import world  # noqa: F401  (fixture)
from devzone.personnel.tests.test_extra_test import extra, fresh
from devzone.personnel.tests.test_recruitment import _close, _enter, _qualified, _seated, apply, opening_of
from devzone.testing.personnel import make_candidate, record_step

pytestmark = pytest.mark.django_db

LATIN = re.compile(r"[A-Za-z]{3,}")  # an English word; the names (考生20) and the scores have none


def english():
    """The language of a request in English (the actor's own choice)."""
    return translation.override("en")


def _stored_notes(*regs) -> list[str]:
    """Every note stored on the registrations and their opening: their events and their audit rows."""
    ids = [str(r.pk) for r in regs]
    events = RegistrationEvent.objects.filter(registration__in=regs).exclude(note="")
    audit = AuditEvent.objects.filter(content_type__model="registration", object_id__in=ids) | (
        AuditEvent.objects.filter(content_type__model="opening", object_id=str(regs[0].opening_id))
    )
    return [*events.values_list("note", flat=True), *audit.exclude(note="").values_list("note", flat=True)]


def test_an_english_candidate_gives_up_and_the_one_moved_up_reads_the_site_s_language(ranked, client_for):
    first, second = ranked[:2]
    Profile.objects.update_or_create(user=first.candidate.user, defaults={"language": "en"})
    mine = client_for(first.candidate.user)
    mine.cookies["devzone_language"] = "en"
    page = reverse("personnel:my_registration", args=[first.pk])
    answer = mine.post(page, {"action": "withdraw", "version": fresh(first).version}, follow=True)
    assert answer.status_code == 200 and fresh(first).status == S.WITHDRAWN
    assert fresh(second).status == S.HIRED
    note = RegistrationEvent.objects.filter(registration=second, to_status=S.HIRED).get().note
    assert note == "递补为拟聘用人选，进入体检、考察和公示"
    html = client_for(second.candidate.user).get(reverse("personnel:my_registration", args=[second.pk]))
    assert "递补为拟聘用人选" in html.content.decode() and "Moved up" not in html.content.decode()


def test_a_clerk_working_in_english_fails_a_step_and_every_stored_note_is_in_the_site_s_language(
    ranked, officer_a
):
    first, second = ranked[:2]
    with english():
        record_step(officer_a, first, "medical", "failed", dt.date(2026, 9, 1), "血压不达标")
    assert (
        RegistrationEvent.objects.get(registration=first, to_status=S.NOT_HIRED).note
        == "体检不合格：血压不达标"
    )
    assert AuditEvent.objects.filter(object_id=str(first.pk), note="体检：不合格（血压不达标）").exists()
    assert (
        RegistrationEvent.objects.get(registration=second, to_status=S.HIRED).note
        == "递补为拟聘用人选，进入体检、考察和公示"
    )
    # the one moved up is still told in their own language (Chinese: no language chosen)
    assert second.candidate.user.notifications.filter(title__contains="您已递补为").exists()


def test_the_end_game_run_in_english_stores_its_notes_in_the_site_s_language(
    city, campaign, officer_a, officer_a2, city_officer
):
    """Ranking, a tie, two 加试 rounds, the places they decide: every note stored on the registrations and their
    opening reads in Chinese, and the places in the audit note are one sentence with the rank as a placeholder."""
    officers = [officer_a, officer_a2]
    regs = _qualified(city, campaign, officer_a, 4)  # the candidates register in Chinese
    with english():
        campaign = _close(campaign)
        _seated(campaign, city_officer)
        for reg, w in zip(regs, ["90", "90", "80", "70"], strict=True):
            _enter(officers, reg, "written", w)
        exams.shortlist_opening(actor=officer_a, opening=opening_of(campaign))
        a, b, third = regs[:3]
        for reg, i in zip((a, b, third), ["80", "80", "85"], strict=True):
            _enter(officers, reg, "interview", i)
        hires = exams.rank_opening(actor=city_officer, opening=opening_of(campaign))
        assert len(hires.undecided) == 2
        for reg in (a, b):
            extra(officer_a, reg, "85")
            extra(officer_a2, reg, "85")  # equal: a second round
        extra(officer_a, a, "80")
        extra(officer_a2, a, "80")
        extra(officer_a, b, "90")
        extra(officer_a2, b, "90")
    assert (fresh(b).status, fresh(a).status) == (S.HIRED, S.RANKED)
    notes = _stored_notes(*regs)
    assert [n for n in notes if LATIN.search(n)] == []
    opening = AuditEvent.objects.filter(content_type__model="opening", object_id=str(a.opening_id))
    assert opening.filter(
        note=f"按加试成绩确定名次：{b.candidate.name} 第1名，{a.candidate.name} 第2名"
    ).exists()
    assert opening.filter(note__startswith="第1轮加试成绩仍然相同（85.00）2 人").exists()
    assert RegistrationEvent.objects.get(registration=b, to_status=S.HIRED).note.startswith("经加试确定")


def test_an_english_candidate_s_pre_check_and_correction_are_stored_in_the_site_s_language(city, campaign):
    cand = make_candidate(city, 40, education="college")
    with english():
        reg = apply(cand, opening_of(campaign))
        # kept as codes, in no language; the reviewer reads them in the site's (``eligibility.reason``)
        assert Registration.objects.get(pk=reg.pk).precheck == [{"code": "education", "need": "bachelor"}]
        candidate_svc.candidate_update(actor=cand.user, candidate=cand, education="master")
    assert Registration.objects.get(pk=reg.pk).precheck == []
    assert (
        RegistrationEvent.objects.filter(registration=reg).last().note == "考生更正了个人信息，系统已重新预审"
    )


def test_an_english_officer_closing_the_uncorrected_registrations_stores_the_reason_in_chinese(
    city, campaign, officer_a, city_officer
):
    reg = apply(make_candidate(city, 41), opening_of(campaign))
    reg_svc.registration_screen(actor=officer_a, registration=reg.pk, decision="return", note="请补充学位证")
    campaign = _close(campaign)
    with english():
        campaign_svc.opening_apply_ratio(
            actor=city_officer, opening=opening_of(campaign), note="报名人数不足，取消"
        )
    reg = fresh(reg)
    assert (reg.status, reg.screening_note) == (S.REJECTED, "逾期未补正")
    assert RegistrationEvent.objects.filter(registration=reg).last().note == "逾期未补正"


def test_one_s_own_acts_in_english_are_stored_in_the_site_s_language(
    draft,  # noqa: F811 (the fixture imported above)
    world,  # noqa: F811 (the fixture imported above)
    city_officer,
    zone_a_leader,
    client_for,
):
    """Drafting a campaign, applying for and withdrawing from a competition, closing it, preparing the year's
    reviews: the actor works in English (a request in English, or their own language chosen on their profile), and
    what the audit trail keeps is Chinese — one record for everyone who reads it."""
    with english():
        campaign_svc.campaign_update(actor=city_officer, campaign=draft, title="修改后的公告")
        opening = draft.openings.order_by("code").first()
        campaign_svc.opening_update(actor=city_officer, opening=opening, title="招商经理")
        campaign_svc.opening_remove(actor=city_officer, opening=draft.openings.order_by("code").last())
        entry = competition_svc.entry_self_apply(
            actor=world["young_user"], competition=world["comp"], post_id=world["chief"].pk
        )
    # the staff member withdraws on their page, in the language they chose
    young = world["young_user"]
    Profile.objects.filter(user=young).update(language="en")
    mine = client_for(young)
    mine.cookies["devzone_language"] = "en"
    gone = mine.post(reverse("personnel:my_competition_withdraw", args=[entry.pk]), follow=True)
    assert gone.status_code == 200 and "withdrawn" in gone.content.decode().lower()  # told in English
    with english():
        competition_svc.competition_close(actor=zone_a_leader, competition=world["comp"])
        staffing_svc.reviews_prepare(actor=zone_a_leader, zone=world["comp"].zone, year=2026)
    notes = list(AuditEvent.objects.exclude(note="").values_list("note", flat=True))
    assert [n for n in notes if LATIN.search(n)] == []
    assert {
        "修改公告草稿",
        "修改草稿中的岗位",
        "删除草稿中的岗位",
        "本人报名",
        "本人撤回竞聘报名",
        "截止报名，开始评分",
        "生成2026年度考核",
    } <= set(notes)
    withdrawal = AuditEvent.objects.get(
        action=AuditAction.TRANSITION, content_type__model="competitionentry", object_id=str(entry.pk)
    )
    assert withdrawal.note == "本人撤回竞聘报名"
