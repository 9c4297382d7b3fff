"""Defects found reading the module with fresh eyes (2026-12-08), one regression test each:

- the 刚性淘汰 case page checked no version: a decision taken on a page opened before another leader's decision and
  the person's refusal went through (解聘 on a case the leader never saw refused);
- a refused score entry kept the typed score in the session (a database row, and in its backups) until the
  registration's page was opened again — the 加试 page never read it back at all;
- the portal and 我的报名 offered 注册报名 and 报考此岗位 for a campaign whose registration had closed (it stays
  已发布 until the city's officer ends registration), which the service then refused;
- a 不称职 grade or an unmet term target could be changed after the 刚性淘汰 decision standing on it;
- 登记聘用 took any staff member of the zone for a proposed hire, not only the candidate themselves (test_hiring);
- a competition's publicity minimum (5 working days) was a constant in code, not a rule with its legal basis;
- the teams page answered ?reform=0001-01-01 with a 500 (it counts back a day from it);
- a term target's assessment had no version: a leader's 考核 from a page opened before another leader's overwrote
  it unseen (完成 over 未完成, and the year's screening opened no case);
- the 刚性淘汰 report (Word) wrote its date 2026年12月8日 under English headings;
- the page revealing a candidate's full identity number and the candidate's documents (diplomas, identity scans)
  could be kept by the browser or a proxy: sealed on the server, in clear in the office PC's cache."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from devzone.core.choices import Role
from devzone.core.errors import DomainError
from devzone.personnel.choices import CaseStatus
from devzone.personnel.models import AnnualReview, EliminationCase, RecruitmentCampaign, TermTarget
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.services import staffing as svc
from devzone.testing import factories as f
from devzone.testing.personnel import make_campaign, make_candidate

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def person(zone_a):
    staff = f.StaffFactory(zone=zone_a, name="考核对象")
    return f.staff_user(Role.DEPARTMENT_HEAD, staff, "person")


def _unfit_case(zone, leader, staff) -> EliminationCase:
    AnnualReview.objects.create(
        zone=zone, staff=staff, year=YEAR, quarters={}, proposed="incompetent", grade="incompetent"
    )
    svc.cases_flag(actor=leader, zone=zone, year=YEAR)
    return EliminationCase.objects.get(staff=staff, year=YEAR, trigger="incompetent")


# --- the case page: decisions at the version the page showed ------------------------------------------------
def test_a_case_decision_from_a_page_opened_before_other_moves_is_refused_as_stale(
    zone_a, zone_a_leader, person, client_for
):
    case = _unfit_case(zone_a, zone_a_leader, person.profile.staff)
    leader = client_for(zone_a_leader)
    page = leader.get(case.get_absolute_url()).content.decode()
    assert f'name="version" value="{case.version}"' in page  # each form posts the version it showed
    seen = case.version
    # meanwhile another leader decides a transfer, and the person refuses it: the case is back with the leaders
    other = f.user_with_role(Role.ZONE_LEADER, zone=zone_a, user__username="a_leader2")
    case = svc.case_decide(actor=other, case=case, action="transfer", reason="调整到综合服务部")
    svc.case_refuse(actor=person, case=case, statement="不同意转岗")
    case.refresh_from_db()
    assert case.status == CaseStatus.REFUSED
    # the first leader's form, filled on the old page, would dismiss a person whose refusal they never read
    answer = leader.post(
        case.get_absolute_url(),
        {"move": "decide", "action": "dismiss", "reason": "不称职", "version": seen},
        follow=True,
    )
    case.refresh_from_db()
    assert (case.status, case.action) == (CaseStatus.REFUSED, "transfer")
    assert "刷新" in answer.content.decode()
    # at the version now shown it goes through
    leader.post(
        case.get_absolute_url(),
        {"move": "decide", "action": "dismiss", "reason": "不同意调整工作岗位", "version": case.version},
    )
    case.refresh_from_db()
    assert (case.status, case.action) == (CaseStatus.DECIDED, "dismiss")


# --- scores never kept in the session -----------------------------------------------------------------------
def _sessions() -> list[dict]:
    return [s.get_decoded() for s in Session.objects.all()]


def test_a_refused_score_entry_leaves_no_score_in_the_session(city, zone_a, zone_b, officer_a, client_for):
    campaign = make_campaign(city, [zone_a, zone_b])
    reg = reg_svc.registration_submit(
        actor=make_candidate(city, 1).user, opening_id=campaign.openings.get(code="A01").pk
    )
    hr = client_for(officer_a)
    # still being screened: the entry is refused (该考生不参加此环节考试) — from the registration's page …
    answer = hr.post(
        reverse("personnel:registration_action", args=[reg.pk, "scores"]),
        {"scores-stage": "written", "scores-score": "87.35"},
        follow=True,
    )
    assert "不参加此环节考试" in answer.content.decode()
    # … and from the 加试 page, which never reads a kept form back
    hr.post(
        reverse("personnel:extra_test", args=[reg.opening_id]),
        {"registration": reg.pk, "scores-stage": "extra", "scores-score": "91.65"},
    )
    stored = repr(_sessions())
    assert "87.35" not in stored and "91.65" not in stored
    # the stage chosen is still offered again on the registration's page
    page = hr.get(reg.get_absolute_url()).content.decode()
    assert "87.35" not in page


# --- the portal after the registration deadline -------------------------------------------------------------
def test_the_portal_and_my_page_offer_no_registration_once_the_deadline_passed(
    city, zone_a, zone_b, client, client_for
):
    campaign = make_campaign(city, [zone_a, zone_b], title="已截止的公开招聘")
    candidate = make_candidate(city, 1)
    opening = campaign.openings.get(code="A01")
    apply_button = f'name="opening" value="{opening.pk}"'
    mine = client_for(candidate.user)
    assert apply_button in mine.get(reverse("personnel:my")).content.decode()  # while open: offered
    now = timezone.now()
    RecruitmentCampaign.objects.filter(pk=campaign.pk).update(
        registration_closes=now - dt.timedelta(minutes=1)
    )
    campaign.refresh_from_db()
    assert campaign.status == "published"  # the officer has not ended registration yet
    assert apply_button not in mine.get(reverse("personnel:my")).content.decode()
    portal = client.get(reverse("personnel:portal")).content.decode()
    assert "已截止的公开招聘" not in portal and reverse("personnel:register") not in portal
    # and the service would have refused it anyway
    with pytest.raises(DomainError, match="报名已截止"):
        reg_svc.registration_submit(actor=candidate.user, opening_id=opening.pk)


# --- the basis of a 刚性淘汰 decision stays as decided on -------------------------------------------------------
def test_an_unfit_grade_a_decision_stands_on_is_not_changed_under_it(zone_a, zone_a_leader, person):
    case = _unfit_case(zone_a, zone_a_leader, person.profile.staff)
    review = AnnualReview.objects.get(staff=person.profile.staff, year=YEAR)
    svc.case_decide(actor=zone_a_leader, case=case, action="transfer", reason="调整到综合服务部")
    with pytest.raises(DomainError, match="刚性淘汰决定以此为依据") as refused:
        svc.review_decide(actor=zone_a_leader, review=review, grade="competent", note="复查")
    assert "grade" in refused.value.errors
    review.refresh_from_db()
    assert review.grade == "incompetent"


def test_an_unmet_term_target_a_decision_stands_on_is_not_reassessed_as_met(zone_a, zone_a_leader, person):
    staff = person.profile.staff
    target = TermTarget.objects.create(
        zone=zone_a, staff=staff, term_end=dt.date(YEAR, 6, 30), target="引进项目3个"
    )
    # before any decision the leaders may still correct it (the case is only flagged)
    svc.term_target_assess(actor=zone_a_leader, target=target, met=False, assessment="只引进1个")
    svc.cases_flag(actor=zone_a_leader, zone=zone_a, year=YEAR)
    case = EliminationCase.objects.get(staff=staff, year=YEAR, trigger="term_target")
    svc.term_target_assess(actor=zone_a_leader, target=target, met=False, assessment="只引进1个项目")
    svc.case_decide(actor=zone_a_leader, case=case, action="demote", reason="未完成聘期目标")
    with pytest.raises(DomainError, match="刚性淘汰决定以此为依据"):
        svc.term_target_assess(actor=zone_a_leader, target=target, met=True, assessment="已完成")
    target.refresh_from_db()
    assert target.met is False


# --- 竞聘's 任职前公示: the minimum is the rule's, with its basis -----------------------------------------------------
def test_a_competitions_publicity_minimum_is_the_rule_in_force_with_its_basis(
    zone_a, zone_a_leader, client_for
):
    from devzone.personnel.models import CompetitionPublicityRule
    from devzone.personnel.services import competition as competition_svc

    rule = CompetitionPublicityRule.in_force()
    assert rule.min_days == 5 and "公示期不少于五个工作日" in rule.basis  # loaded by the migration
    post = f.PostFactory(zone=zone_a, name="招商部长")

    def put_up(days):
        return competition_svc.competition_create(
            actor=zone_a_leader, zone=zone_a, title="竞聘", posts=[(post.pk, 1, "staff")], publicity_days=days
        )

    with pytest.raises(DomainError, match="五个工作日") as refused:
        put_up(4)
    assert list(refused.value.errors) == ["publicity_days"]
    # a change of the rule is a row: from its day it is applied, and the page shows it with its basis
    CompetitionPublicityRule.objects.create(
        min_days=7, basis="某市竞聘上岗办法：公示期不少于七个工作日", effective_from=timezone.localdate()
    )
    with pytest.raises(DomainError, match="不得少于7个工作日"):
        put_up(5)
    assert put_up(7).publicity_days == 7
    page = client_for(zone_a_leader).get(reverse("personnel:competition_new")).content.decode()
    assert "某市竞聘上岗办法" in page and 'min="7"' in page


# --- 班子: a day out of range is the default day, never a 500 ------------------------------------------------------
def test_the_teams_page_takes_a_day_out_of_range_as_the_default(city_officer, client_for):
    page = client_for(city_officer)
    for query in ({"reform": "0001-01-01"}, {"after": "0001-01-01"}, {"reform": "9999-12-31"}):
        answer = page.get(reverse("personnel:teams"), query)
        assert answer.status_code == 200, query


# --- personal data never kept by the browser or a proxy ------------------------------------------------------------
def test_the_full_identity_number_and_the_documents_are_never_cached(
    city, zone_a, zone_b, officer_a, client_for
):
    from devzone.personnel.services import documents as doc_svc
    from devzone.testing.approvals import PDF

    campaign = make_campaign(city, [zone_a, zone_b])
    candidate = make_candidate(city, 1)
    reg = reg_svc.registration_submit(actor=candidate.user, opening_id=campaign.openings.get(code="A01").pk)
    doc = doc_svc.document_upload(actor=candidate.user, kind="degree", name="学位证书.pdf", data=PDF)
    hr, own = client_for(officer_a), client_for(candidate.user)
    for who, url in (
        (hr, reg.get_absolute_url() + "?show=identity"),
        (hr, reverse("personnel:registration_document", args=[reg.pk, doc.pk])),
        (own, reverse("personnel:document_download", args=[doc.pk])),
    ):
        answer = who.get(url)
        assert answer.status_code == 200, url
        assert "no-store" in answer.get("Cache-Control", "") and "private" in answer["Cache-Control"], url


# --- 聘期目标: an assessment at the version the page showed -----------------------------------------------------------
def test_a_term_target_assessment_from_a_stale_page_is_refused(zone_a, zone_a_leader, person, client_for):
    staff = person.profile.staff
    target = TermTarget.objects.create(
        zone=zone_a, staff=staff, term_end=dt.date(YEAR, 6, 30), target="引进项目3个"
    )
    url = reverse("personnel:term_target_assess", args=[target.pk])

    def assess(client, met: str, opinion: str, version: int):
        form = {
            f"assess-{target.pk}-met": met,
            f"assess-{target.pk}-assessment": opinion,
            f"assess-{target.pk}-version": version,
        }
        return client.post(url, form, follow=True)

    # two leaders open the person's page on the new target (version 1); the other assesses it first: not met
    leader = client_for(zone_a_leader)
    other = client_for(f.user_with_role(Role.ZONE_LEADER, zone=zone_a, user__username="a_leader2"))
    assess(other, "no", "只引进1个", 1)
    target.refresh_from_db()
    assert target.met is False
    # the first leader's form, filled on the page as it was, would turn it into 完成 unseen
    answer = assess(leader, "yes", "已完成", 1)
    target.refresh_from_db()
    assert (target.met, target.assessment) == (False, "只引进1个")
    assert "刷新" in answer.content.decode()
    svc.cases_flag(actor=zone_a_leader, zone=zone_a, year=YEAR)  # the year's screening finds it
    assert EliminationCase.objects.filter(staff=staff, year=YEAR, trigger="term_target").exists()
    # the form posts the version it shows
    page = leader.get(reverse("personnel:staff_detail", args=[staff.pk])).content.decode()
    assert f'name="assess-{target.pk}-version" value="{target.version}"' in page


# --- the 刚性淘汰 report's date in the reader's language ------------------------------------------------------------
def test_the_elimination_reports_date_is_written_in_the_readers_language():
    from django.utils import translation

    from devzone.personnel.elimination_doc import elimination_docx
    from devzone.personnel.tests.test_elimination_doc import text_of

    def report():
        content = elimination_docx(
            city_name="济南市", year=YEAR, report=[], cases_by_zone={}, issued=dt.date(2026, 12, 8)
        )
        return text_of(content)

    with translation.override("en"):
        english = report()
    assert "Dec. 8, 2026" in english and "年" not in english.split("\n")[1]
    with translation.override("zh-hans"):
        assert "报送日期：2026年12月8日" in report()


# --- a refused hiring step keeps no health data in the session -----------------------------------------------------
def test_a_refused_hiring_step_keeps_the_form_but_never_its_note_in_the_session(
    ranked, officer_a, client_for
):
    """The 体检 step's note says why a candidate failed (health data): a refused step kept the whole form in the
    session (a database row, and in its backups) for the page the refusal returns to; now everything but the note."""
    first = ranked[0]
    answer = client_for(officer_a).post(
        reverse("personnel:registration_action", args=[first.pk, "step"]),
        {"step-kind": "medical", "step-outcome": "failed", "step-on": "", "step-note": "乙肝表面抗原阳性"},
    )
    assert answer.status_code == 302
    stored = repr(_sessions())
    assert "乙肝" not in stored
    assert "failed" in stored  # the rest of the form is kept for the page
