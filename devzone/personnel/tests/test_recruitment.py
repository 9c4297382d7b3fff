"""Open recruitment end to end through the services: registration, one opening per campaign, screening, the exam
ratio, double-entered scores, shortlist, ranking and proposed hires — and who may see what."""

import datetime as dt
import json
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError
from devzone.personnel.choices import OpeningStatus
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.identity import make_identity
from devzone.personnel.models import Candidate, Registration, RegistrationEvent, ScoreEntry
from devzone.personnel.services import campaigns as campaign_svc
from devzone.personnel.services import candidates as candidate_svc
from devzone.personnel.services import exams
from devzone.personnel.services import registrations as reg_svc
from devzone.testing.personnel import PASSWORD, make_candidate

pytestmark = pytest.mark.django_db


def opening_of(campaign, code="A01"):
    return campaign.openings.get(code=code)


def apply(candidate, opening, **kw):
    return reg_svc.registration_submit(actor=candidate.user, opening_id=opening.pk, **kw)


def test_registration_keeps_one_opening_per_campaign_and_the_window(city, campaign):
    cand = make_candidate(city, 1)
    reg = apply(cand, opening_of(campaign))
    assert reg.status == S.SUBMITTED and reg.precheck == []
    with pytest.raises(DomainError, match="只能报考一个岗位"):
        apply(cand, opening_of(campaign, "B01"))
    late = make_candidate(city, 2)
    with pytest.raises(DomainError, match="报名已截止"):
        apply(late, opening_of(campaign), now=campaign.registration_closes + dt.timedelta(seconds=1))
    assert Registration.objects.count() == 1


def test_precheck_lists_what_does_not_match(city, campaign):
    old = make_candidate(city, 3, born=dt.date(1980, 1, 1), education="college")
    reg = apply(old, opening_of(campaign))
    assert reg.precheck_reasons == ["学历要求大学本科及以上", "年龄应在35周岁以下"]


def test_registration_of_a_bad_identity_number_changes_nothing(city):
    with pytest.raises(DomainError) as err:
        make_candidate(city, 4, born=dt.date(2030, 1, 1))  # a birth date in the future
    assert "出生日期" in err.value.errors["id_number"][0]
    assert not Candidate.objects.exists()


def test_the_same_identity_number_registers_once(city):
    make_candidate(city, 5)
    with pytest.raises(DomainError, match="已注册"):
        make_candidate(city, 1005)  # same sequence → same identity number, another phone


def test_identity_and_phone_are_stored_sealed_and_masked(city):
    cand = make_candidate(city, 6)
    row = Candidate.objects.values("id_sealed", "id_masked", "phone_masked").get(pk=cand.pk)
    assert b"370102" not in bytes(row["id_sealed"]) and row["id_masked"].startswith("3701**")
    assert row["phone_masked"] == "139****0006"


def test_screening_needs_a_reason_to_refuse_and_the_candidate_is_told(city, campaign, officer_a):
    cand = make_candidate(city, 7)
    reg = apply(cand, opening_of(campaign))
    with pytest.raises(DomainError, match="理由"):
        reg_svc.registration_screen(actor=officer_a, registration=reg.pk, decision="return")
    reg = reg_svc.registration_screen(
        actor=officer_a, registration=reg.pk, decision="return", note="请补充学位证"
    )
    assert reg.status == S.RETURNED
    notice = cand.user.notifications.get(kind="personnel.screened")
    assert "退回修改" in notice.title
    reg = reg_svc.registration_resubmit(actor=cand.user, registration=reg.pk)
    assert reg.status == S.SUBMITTED
    steps = list(RegistrationEvent.objects.filter(registration=reg).values_list("to_status", flat=True))
    assert steps == [S.SUBMITTED, S.RETURNED, S.SUBMITTED]


def test_another_zone_cannot_screen_or_see(city, campaign, officer_b):
    reg = apply(make_candidate(city, 8), opening_of(campaign))
    with pytest.raises(NotFoundError):
        reg_svc.registration_screen(actor=officer_b, registration=reg.pk, decision="qualify")
    assert not Registration.objects.for_user(officer_b).exists()


def test_a_candidate_sees_only_their_own(city, campaign):
    one, two = make_candidate(city, 9), make_candidate(city, 10)
    apply(one, opening_of(campaign))
    apply(two, opening_of(campaign))
    assert list(Registration.objects.for_user(one.user).values_list("candidate", flat=True)) == [one.pk]
    assert list(Candidate.objects.for_user(one.user)) == [one]
    with pytest.raises(PermissionDeniedError):
        reg_svc.registration_screen(
            actor=one.user, registration=Registration.objects.for_user(one.user).get().pk, decision="qualify"
        )


def _close(campaign):
    campaign.registration_closes = timezone.now() - dt.timedelta(seconds=1)
    campaign.registration_opens = campaign.registration_closes - dt.timedelta(days=5)
    campaign.save()
    from devzone.core.actors import system_actor

    return campaign_svc.campaign_close(actor=system_actor(), campaign=campaign)


def _seated(campaign, city_officer, opening=None, note=""):
    """The exam ratio applied to the opening (A01 by default) and the tickets made: the written exam may begin."""
    campaign_svc.opening_apply_ratio(actor=city_officer, opening=opening or opening_of(campaign), note=note)
    exams.tickets_assign(actor=city_officer, campaign=campaign)


def _qualified(city, campaign, officer, n, start=20):
    regs = []
    for i in range(n):
        reg = apply(make_candidate(city, start + i), opening_of(campaign))
        regs.append(reg_svc.registration_screen(actor=officer, registration=reg.pk, decision="qualify"))
    return regs


def test_exam_ratio_cuts_an_opening_with_a_recorded_reason(city, campaign, officer_a, city_officer):
    _qualified(city, campaign, officer_a, 2)
    campaign = _close(campaign)
    opening = opening_of(campaign)
    with pytest.raises(DomainError, match="处理说明"):
        campaign_svc.opening_apply_ratio(actor=city_officer, opening=opening)
    opening = campaign_svc.opening_apply_ratio(actor=city_officer, opening=opening, note="报名人数不足，取消")
    assert (opening.status, opening.final_headcount) == (OpeningStatus.CANCELLED, 0)


def test_the_qualified_applicants_of_a_cancelled_opening_are_told(city, campaign, officer_a, city_officer):
    """They learnt it from an exam day that never came: now each is told, with the officer's note."""
    regs = _qualified(city, campaign, officer_a, 2)
    campaign = _close(campaign)
    campaign_svc.opening_apply_ratio(
        actor=city_officer, opening=opening_of(campaign), note="报名人数不足，取消"
    )
    for reg in regs:
        notice = reg.candidate.user.notifications.get(kind="personnel.opening")
        assert "已取消" in notice.title and "报名人数不足" in notice.title
        assert notice.url == reg.get_absolute_url()


def test_scores_count_only_when_two_clerks_agree(city, campaign, officer_a, officer_a2, city_officer):
    reg = _one_seated(city, campaign, officer_a, city_officer)
    assert exams.score_enter(actor=officer_a, registration=reg.pk, stage="written", score="81.5") == "waiting"
    assert (
        exams.score_enter(actor=officer_a2, registration=reg.pk, stage="written", score="85.1") == "mismatch"
    )
    reg.refresh_from_db()
    assert reg.written_score is None
    assert (
        exams.score_enter(actor=officer_a2, registration=reg.pk, stage="written", score="81.5") == "confirmed"
    )
    reg.refresh_from_db()
    assert reg.written_score == D("81.5")
    for bad in ("101", "-1", "abc", "80.123"):
        with pytest.raises(DomainError):
            exams.score_enter(actor=officer_a, registration=reg.pk, stage="written", score=bad)
    reg.refresh_from_db()
    assert reg.written_score == D("81.5")


def _one_seated(city, campaign, officer, city_officer):
    """One candidate qualified by ``officer`` for the one seat at 1:1 (the opening opens), the registration
    closed and the opening seated: the registration, its scores to enter."""
    campaign.exam_ratio = 1
    campaign.save(update_fields=["exam_ratio"])
    (reg,) = _qualified(city, campaign, officer, 1)
    _seated(_close(campaign), city_officer)
    return reg


def _enter(officers, reg, stage, score):
    for officer in officers:
        exams.score_enter(actor=officer, registration=reg.pk, stage=stage, score=score)


def _written_entered(city, campaign, officers, city_officer, written):
    """As many qualified candidates of A01 as ``written`` scores, the registration closed, the opening seated, and
    each score entered by every one of ``officers`` (two clerks agree): the closed campaign and the registrations
    (as screened, not read again)."""
    regs = _qualified(city, campaign, officers[0], len(written))
    campaign = _close(campaign)
    _seated(campaign, city_officer)
    for reg, w in zip(regs, written, strict=True):
        _enter(officers, reg, "written", w)
    return campaign, regs


def _ranked(city, campaign, officers, city_officer, written, interview):
    """Ranked registrations (interviewed ones in input order) of opening A01, one seat, ratio 1:3."""
    campaign, regs = _written_entered(city, campaign, officers, city_officer, written)
    exams.shortlist_opening(actor=officers[0], opening=opening_of(campaign))
    shortlisted = [r for r in regs if Registration.objects.get(pk=r.pk).status == S.SHORTLISTED]
    for reg, i in zip(shortlisted, interview, strict=True):
        _enter(officers, reg, "interview", i)
    hires = exams.rank_opening(actor=officers[0], opening=opening_of(campaign))
    return hires, [Registration.objects.get(pk=r.pk) for r in shortlisted]


def test_shortlist_rank_and_hire(city, campaign, officer_a, officer_a2, city_officer):
    regs = _qualified(city, campaign, officer_a, 5)
    campaign = _close(campaign)
    campaign_svc.opening_apply_ratio(actor=city_officer, opening=opening_of(campaign))
    assert exams.tickets_assign(actor=city_officer, campaign=campaign) == 5
    written = ["90", "85", "80", "80", "55"]  # 1:3 → the first three and the tie at 80; 55 is below the line
    for reg, score in zip(regs, written, strict=True):
        _enter([officer_a, officer_a2], reg, "written", score)
    chosen = exams.shortlist_opening(actor=officer_a, opening=opening_of(campaign))
    assert chosen == sorted(str(r.pk) for r in regs[:4])
    interview = ["70", "80", "90", "88"]  # composites 80, 82.5, 85, 84
    for reg, score in zip(regs[:4], interview, strict=True):
        _enter([officer_a, officer_a2], reg, "interview", score)
    hires = exams.rank_opening(actor=officer_a, opening=opening_of(campaign))
    assert hires.hired == (str(regs[2].pk),)
    ranks = dict(Registration.objects.filter(pk__in=[r.pk for r in regs[:4]]).values_list("pk", "rank"))
    assert [ranks[r.pk] for r in regs[:4]] == [4, 3, 1, 2]
    assert Registration.objects.get(pk=regs[4].pk).status == S.NOT_SHORTLISTED


def _interviewed(city, campaign, officers, city_officer, written=("90", "85", "80", "75", "70")):
    """An opening past its written exam and interview: everyone shortlisted has both scores, nobody is ranked."""
    regs = _qualified(city, campaign, officers[0], len(written))
    campaign = _close(campaign)
    opening = opening_of(campaign)
    _seated(campaign, city_officer, opening)
    for reg, score in zip(regs, written, strict=True):
        _enter(officers, reg, "written", score)
    exams.shortlist_opening(actor=officers[0], opening=opening)
    for reg in Registration.objects.filter(opening=opening, status=S.SHORTLISTED):
        _enter(officers, reg, "interview", "80")
    return opening, regs


def test_an_opening_is_ranked_once_and_hires_no_more_than_its_seats(
    city, campaign, officer_a, officer_a2, city_officer
):
    opening, _regs = _interviewed(city, campaign, [officer_a, officer_a2], city_officer)
    exams.rank_opening(actor=officer_a, opening=opening)
    for _again in range(2):  # the page hides the button; the API and a hand-made POST must be refused too
        with pytest.raises(DomainError, match="不能重新排名"):
            exams.rank_opening(actor=officer_a, opening=opening)
    assert Registration.objects.filter(opening=opening, status=S.HIRED).count() == opening.seats == 1
    # the exam ratio is decided once, before the exam: applied again now it would cancel a ranked opening
    with pytest.raises(DomainError, match="不能再核定开考比例"):
        campaign_svc.opening_apply_ratio(actor=city_officer, opening=opening, note="再次核定")
    opening.refresh_from_db()
    assert opening.status == OpeningStatus.OPEN


def test_a_candidate_reads_each_stage_of_results_once_it_is_published(
    city, campaign, officer_a, officer_a2, city_officer, client_for
):
    regs = _qualified(city, campaign, officer_a, 5)
    campaign = _close(campaign)
    opening = opening_of(campaign)
    _seated(campaign, city_officer, opening)
    for reg, score in zip(regs, ["91.25", "85", "80", "75", "70"], strict=True):
        _enter([officer_a, officer_a2], reg, "written", score)
    first = regs[0]
    candidate = client_for(first.candidate.user)
    staff = client_for(officer_a)

    def seen():
        page = candidate.get(reverse("personnel:my_registration", args=[first.pk])).content.decode()
        api = candidate.get(f"/api/v1/personnel/registrations/{first.pk}").json()
        return "91.25" in page, api["written_score"], api["interview_score"], api["rank"]

    assert seen() == (False, None, None, None)  # entered by two clerks, not yet published
    assert staff.get(f"/api/v1/personnel/registrations/{first.pk}").json()["written_score"] == "91.25"
    exams.shortlist_opening(actor=officer_a, opening=opening)
    for reg in Registration.objects.filter(opening=opening, status=S.SHORTLISTED):
        _enter([officer_a, officer_a2], reg, "interview", "88.5")
    assert seen() == (True, "91.25", None, None)  # the written results with the interview list
    exams.rank_opening(actor=officer_a, opening=opening)
    assert seen() == (True, "91.25", "88.50", 1)


def test_ticket_numbers_are_never_given_twice(city, campaign, officer_a, officer_b, city_officer):
    regs = _qualified(city, campaign, officer_a, 3)
    later = []  # B01's candidates: seated when B01's exam ratio is applied, after A01's tickets
    for i in range(3):
        reg = apply(make_candidate(city, 90 + i), opening_of(campaign, "B01"))
        later.append(reg_svc.registration_screen(actor=officer_b, registration=reg.pk, decision="qualify"))
    campaign = _close(campaign)
    campaign_svc.opening_apply_ratio(actor=city_officer, opening=opening_of(campaign))
    assert exams.tickets_assign(actor=city_officer, campaign=campaign) == 3  # B01 waits for its ratio
    reg_svc.registration_withdraw(actor=regs[0].candidate.user, registration=regs[0].pk)
    campaign_svc.opening_apply_ratio(actor=city_officer, opening=opening_of(campaign, "B01"))
    assert exams.tickets_assign(actor=city_officer, campaign=campaign) == 3
    rows = list(Registration.objects.filter(campaign=campaign).values_list("ticket", "room", "seat"))
    assert len({t for t, _r, _s in rows}) == len({(r, s) for _t, r, s in rows}) == 6


def test_only_the_candidate_resubmits_or_gives_up_their_application(city, campaign, officer_a, client_for):
    reg = apply(make_candidate(city, 40), opening_of(campaign))
    answer = client_for(officer_a).post(
        f"/api/v1/personnel/registrations/{reg.pk}/withdraw",
        data=json.dumps({"version": reg.version}),
        content_type="application/json",
    )
    assert answer.status_code == 403 and "考生本人" in answer.json()["title"]
    reg_svc.registration_screen(actor=officer_a, registration=reg.pk, decision="return", note="照片不清晰")
    with pytest.raises(PermissionDeniedError):
        reg_svc.registration_resubmit(actor=officer_a, registration=reg.pk)
    reg.refresh_from_db()
    assert reg.status == S.RETURNED and reg.events.count() == 2


def test_registration_tells_whether_an_identity_is_registered_only_to_a_verified_phone(city):
    registered = make_candidate(city, 7)
    with pytest.raises(DomainError) as refused:
        candidate_svc.candidate_register(
            city=city,
            phone="13811112222",
            code="000000",  # no code was sent to this phone
            id_number=make_identity("370102", registered.birth_date, 7),
            password=PASSWORD,
            name="某人",
        )
    assert set(refused.value.errors) == {"code"}


def test_each_exam_stage_waits_for_the_previous_one_across_the_opening(
    city, campaign, officer_a, officer_a2, city_officer
):
    regs = _qualified(city, campaign, officer_a, 4)
    campaign = _close(campaign)
    opening = opening_of(campaign)
    # written scores before the exam ratio was applied to the opening (which bars the ratio afterwards)
    with pytest.raises(DomainError, match="尚未按开考比例核定"):
        exams.score_enter(actor=officer_a, registration=regs[0].pk, stage="written", score="80")
    with pytest.raises(DomainError, match="尚未按开考比例核定"):
        exams.shortlist_opening(actor=officer_a, opening=opening)
    assert (
        exams.tickets_assign(actor=city_officer, campaign=campaign) == 0
    )  # no tickets before the ratio either
    campaign_svc.opening_apply_ratio(actor=city_officer, opening=opening)
    # the ratio applied but the rooms not yet arranged: no ticket, no written score
    with pytest.raises(DomainError, match="没有准考证号"):
        exams.score_enter(actor=officer_a, registration=regs[0].pk, stage="written", score="80")
    exams.tickets_assign(actor=city_officer, campaign=campaign)
    for reg, score in zip(regs, ["90", "85", "80", "75"], strict=True):
        _enter([officer_a, officer_a2], reg, "written", score)
    # interview scores and the ranking wait for the shortlist
    with pytest.raises(DomainError, match="尚未确定面试人选"):
        exams.score_enter(actor=officer_a, registration=regs[0].pk, stage="interview", score="80")
    with pytest.raises(DomainError, match="尚未确定面试人选"):
        exams.rank_opening(actor=officer_a, opening=opening)
    assert not ScoreEntry.objects.filter(stage="interview").exists()
    exams.shortlist_opening(actor=officer_a, opening=opening)
    assert (
        exams.score_enter(actor=officer_a, registration=regs[0].pk, stage="interview", score="80")
        == "waiting"
    )
