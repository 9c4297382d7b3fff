"""考生更正个人信息 on the portal: the candidate corrects the fields a registration reads (education, school, major …)
and their phone number (a code to the new number and the password), never the verified name and identity number.
A registration that passed 资格审核, or one being screened after the deadline, keeps the facts it was reviewed on and
the recruiting unit re-reviews the correction; a returned one takes the corrected facts when resubmitted; one awaiting screening while registration is
open is pre-checked again (an event, a new version: a decision on the old facts is stale). Every change is audited,
and no audit row or log line holds a phone or identity number."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from devzone.core.choices import AuditAction
from devzone.core.errors import ConflictError, DomainError
from devzone.core.models import AuditEvent
from devzone.personnel import sms, vault
from devzone.personnel.models import Candidate, Registration, RegistrationEvent
from devzone.personnel.services import candidates as candidate_svc
from devzone.personnel.services import registrations as reg_svc
from devzone.testing.personnel import PASSWORD, last_code, make_campaign, make_candidate

pytestmark = pytest.mark.django_db
API = "/api/v1/personnel/candidate/profile"
NEW_PHONE = "13711112222"
CORRECTED = {
    "education": "bachelor",
    "school": "中国海洋大学",
    "major": "国际贸易",
    "graduated_on": "2019-07-01",
    "experience_years": "5",
    "political": "masses",
    "province": "山东省",
    "employer_type": "private",
}


@pytest.fixture
def world(city, zone_a, officer_a):
    campaign = make_campaign(city, [zone_a])
    cand = make_candidate(city, 7, education="college")  # below the opening's 本科: the pre-check says so
    return {"campaign": campaign, "opening": campaign.openings.get(), "cand": cand, "officer": officer_a}


# the candidate's 大专 falls short of the opening's 本科, as the pre-check says: qualifying it takes the reason
OVERRIDE = "经核实，考生已取得本科学历，证书待补验"


def _apply(world) -> Registration:
    return reg_svc.registration_submit(actor=world["cand"].user, opening_id=world["opening"].pk)


def _qualified_then_corrected(world, **changes) -> Registration:
    """The candidate's registration qualified on the reason (``OVERRIDE``), then their profile corrected with
    ``changes``: the registration as it then stands."""
    reg = _apply(world)
    reg_svc.registration_screen(actor=world["officer"], registration=reg, decision="qualify", note=OVERRIDE)
    candidate_svc.candidate_update(actor=world["cand"].user, candidate=world["cand"], **changes)
    reg.refresh_from_db()
    return reg


def _post_profile(client, cand, **changes):
    return client.post(
        reverse("personnel:my_profile"), {**CORRECTED, **changes, "version": cand.version}, follow=True
    )


def _audit_text() -> str:
    return json.dumps(list(AuditEvent.objects.values("changes", "note", "object_repr")), ensure_ascii=False)


def test_a_candidate_corrects_their_profile_on_the_page_and_it_is_audited(world, client_for):
    cand = world["cand"]
    c = client_for(cand.user)
    page = c.get(reverse("personnel:my_profile"))
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()  # the verified name is shown, not offered
    assert cand.id_masked in page.content.decode()
    answer = _post_profile(c, cand)
    assert "个人信息已更正" in answer.content.decode()
    cand.refresh_from_db()
    assert (cand.education, cand.school, cand.major, cand.experience_years) == (
        "bachelor",
        "中国海洋大学",
        "国际贸易",
        5,
    )
    assert cand.name == "考生7" and cand.version == 2
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(cand.pk)).get()
    assert event.changes["education"] == ["college", "bachelor"]
    assert event.note == "考生更正个人信息"
    assert not {"id_sealed", "phone_sealed", "id_digest", "phone_digest"} & event.changes.keys()


def test_the_verified_identity_cannot_be_corrected(world, client_for):
    cand = world["cand"]
    for field in ("name", "id_number", "birth_date"):
        with pytest.raises(DomainError) as refused:
            candidate_svc.candidate_update(actor=cand.user, candidate=cand, **{field: "改过的"})
        assert refused.value.errors == {field: ["姓名和身份证号码已核验，不能修改"]}
    # the page ignores a name posted beside the form's fields; the API refuses it
    _post_profile(client_for(cand.user), cand, name="冒名")
    assert Candidate.objects.get(pk=cand.pk).name == "考生7"
    answer = client_for(cand.user).put(
        API, json.dumps({**CORRECTED, "name": "冒名"}), content_type="application/json"
    )
    assert answer.status_code == 422
    assert Candidate.objects.get(pk=cand.pk).name == "考生7"


def test_a_qualified_registration_keeps_its_reviewed_facts_and_the_correction_goes_to_re_review(
    world, client_for
):
    """资料更正 after 资格审核通过: the candidate may correct (before: refused), the registration keeps the facts it
    was reviewed on (its pre-check and, in the API, its education), gets an event and a new version (a decision
    on the page before is stale), and the zone's 人事专员 is told and sees 审核时 beside 更正后."""
    from devzone.core.models import Notification

    cand = world["cand"]
    reg = _apply(world)
    reg_svc.registration_screen(actor=world["officer"], registration=reg, decision="qualify", note=OVERRIDE)
    c = client_for(cand.user)
    page = c.get(reverse("personnel:my_profile")).content.decode()
    assert 'data-testid="profile-held"' in page and "提交招聘单位复核" in page and "disabled" not in page
    answer = _post_profile(c, cand)  # education 大专 → 本科 and the rest
    assert "更正内容已提交招聘单位复核" in answer.content.decode()
    cand.refresh_from_db()
    assert (cand.education, cand.version) == ("bachelor", 2)
    reg.refresh_from_db()
    assert reg.status == "qualified" and reg.version == 3
    assert reg.reviewed_profile["education"] == "college" and reg.reviewed_profile["major"] == "经济学"
    assert reg.precheck_reasons == [
        "学历要求大学本科及以上"
    ]  # what it was reviewed on, not the corrected facts
    event = RegistrationEvent.objects.filter(registration=reg).last()
    assert event.note == "考生更正了个人信息，本报名仍以审核时的信息为准，待招聘单位复核"
    notice = Notification.objects.get(user=world["officer"], kind="personnel.corrected")
    assert notice.title == "考生7更正了个人信息（报考A01 招商专员），请复核资格"
    assert notice.url == reg.get_absolute_url()
    staff = client_for(world["officer"]).get(reg.get_absolute_url()).content.decode()
    assert 'data-testid="correction-pending"' in staff and 'data-testid="recheck-form"' in staff
    assert "大学专科" in staff and "国际贸易" in staff
    got = client_for(world["officer"]).get(f"/api/v1/personnel/registrations/{reg.pk}").json()
    assert (got["education"], got["correction_pending"]) == ("college", True)
    mine = c.get(reverse("personnel:my_registration", args=[reg.pk])).content.decode()
    assert 'data-testid="recheck-pending"' in mine


def test_the_recruiting_unit_accepts_or_disqualifies_on_re_review(world, city, client_for):
    from devzone.core.models import Notification

    cand = world["cand"]
    reg = _qualified_then_corrected(world, major="法学")
    officer = client_for(world["officer"])
    stale = reg.version - 1
    with pytest.raises(ConflictError):
        reg_svc.registration_recheck(
            actor=world["officer"], registration=reg, decision="accept", version=stale
        )
    with pytest.raises(DomainError, match="取消资格的理由"):
        reg_svc.registration_recheck(actor=world["officer"], registration=reg, decision="disqualify")
    with pytest.raises(DomainError):  # only the zone's screeners re-review
        reg_svc.registration_recheck(actor=cand.user, registration=reg, decision="accept")
    answer = officer.post(
        reverse("personnel:registration_action", args=[reg.pk, "recheck"]),
        {"recheck-decision": "accept", "recheck-note": "", "recheck-version": reg.version},
        follow=True,
    )
    assert "已保存复核结论" in answer.content.decode()
    reg.refresh_from_db()
    assert reg.status == "qualified" and reg.reviewed_profile is None
    assert reg.precheck_reasons == ["学历要求大学本科及以上"]  # the corrected facts' pre-check (still 大专)
    assert RegistrationEvent.objects.filter(registration=reg).last().note == "复核通过：按更正后的信息报考"
    assert Notification.objects.filter(
        user=cand.user, title="您更正的个人信息已复核：按更正后的信息报考"
    ).exists()
    with pytest.raises(DomainError, match="没有待复核"):
        reg_svc.registration_recheck(actor=world["officer"], registration=reg, decision="accept")
    # corrected again: 取消资格 with a reason the candidate reads
    candidate_svc.candidate_update(actor=cand.user, candidate=cand, experience_years=0)
    reg.refresh_from_db()
    reg_svc.registration_recheck(
        actor=world["officer"], registration=reg, decision="disqualify", note="学历不符合岗位要求"
    )
    reg.refresh_from_db()
    assert (reg.status, reg.screening_note, reg.reviewed_profile) == ("rejected", "学历不符合岗位要求", None)


def test_corrected_back_nothing_waits_and_other_fields_need_no_re_review(world):
    cand = world["cand"]
    reg = _qualified_then_corrected(world, province="河北省", employer_type="private")
    assert reg.reviewed_profile is None and reg.version == 2  # 生源地 and 单位性质 are not qualifying facts
    candidate_svc.candidate_update(actor=cand.user, candidate=cand, major="法学")
    candidate_svc.candidate_update(actor=cand.user, candidate=cand, major="历史学")
    reg.refresh_from_db()
    assert reg.reviewed_profile["major"] == "经济学"  # the first correction's: what was reviewed
    candidate_svc.candidate_update(actor=cand.user, candidate=cand, major="经济学")
    reg.refresh_from_db()
    assert reg.reviewed_profile is None
    assert (
        RegistrationEvent.objects.filter(registration=reg).last().note
        == "考生的信息已恢复为审核时的内容，无需复核"
    )


def test_a_returned_registration_uses_the_corrected_profile_when_resubmitted(world, client_for):
    cand = world["cand"]
    reg = _apply(world)
    assert reg.precheck_reasons == ["学历要求大学本科及以上"]
    reg_svc.registration_screen(
        actor=world["officer"], registration=reg, decision="return", note="请补充本科学历"
    )
    c = client_for(cand.user)
    answer = _post_profile(c, cand)
    assert "重新提交" in answer.content.decode()
    reg.refresh_from_db()
    assert reg.status == "returned" and reg.precheck_reasons == [
        "学历要求大学本科及以上"
    ]  # until resubmitted
    c.post(
        reverse("personnel:my_registration", args=[reg.pk]), {"action": "resubmit", "version": reg.version}
    )
    reg.refresh_from_db()
    assert reg.status == "submitted" and reg.precheck == []


def test_a_registration_awaiting_screening_is_prechecked_again_and_a_stale_decision_refused(world):
    cand = world["cand"]
    reg = _apply(world)
    seen = reg.version
    candidate_svc.candidate_update(actor=cand.user, candidate=cand, education="master")
    reg.refresh_from_db()
    assert reg.precheck == [] and reg.version == seen + 1
    event = RegistrationEvent.objects.filter(registration=reg).last()
    assert (event.from_status, event.to_status, event.note) == (
        "submitted",
        "submitted",
        "考生更正了个人信息，系统已重新预审",
    )
    with pytest.raises(ConflictError):
        reg_svc.registration_screen(
            actor=world["officer"], registration=reg, decision="qualify", note=OVERRIDE, version=seen
        )


def test_after_the_deadline_a_registration_being_screened_keeps_its_facts_until_screened(world):
    """Corrected after registration closed: the registration being screened keeps the facts it was submitted
    with (its pre-check too) and the reviewer, told, decides on the page that shows both — from then on it stands
    on the corrected facts."""
    cand = world["cand"]
    reg = _apply(world)
    campaign = world["campaign"]
    campaign.registration_closes = timezone.now() - dt.timedelta(seconds=1)
    campaign.save(update_fields=["registration_closes"])
    candidate_svc.candidate_update(actor=cand.user, candidate=cand, education="master")
    assert Candidate.objects.get(pk=cand.pk).education == "master"
    reg.refresh_from_db()
    assert reg.reviewed_profile["education"] == "college" and reg.precheck_reasons == [
        "学历要求大学本科及以上"
    ]
    reg_svc.registration_screen(
        actor=world["officer"], registration=reg, decision="qualify", note=OVERRIDE, version=reg.version
    )
    reg.refresh_from_db()
    assert (reg.status, reg.reviewed_profile, reg.precheck) == ("qualified", None, [])


def test_a_stale_form_is_refused(world, client_for):
    cand = world["cand"]
    candidate_svc.candidate_update(actor=cand.user, candidate=cand, major="法学")
    with pytest.raises(ConflictError):
        candidate_svc.candidate_update(actor=cand.user, candidate=cand, major="历史学", version=1)


def _send(client, phone=NEW_PHONE):
    sms.SEND_PER_PHONE.reset(phone)
    return client.post(reverse("personnel:my_phone"), {"phone": phone, "send_code": "1"}, follow=True)


def test_the_phone_number_changes_with_a_code_and_the_password_and_stays_sealed(world, client_for, caplog):
    cand = world["cand"]
    c = client_for(cand.user)
    caplog.set_level(logging.DEBUG)
    assert "验证码已发送" in _send(c).content.decode()
    wrong = c.post(
        reverse("personnel:my_phone"),
        {"phone": NEW_PHONE, "code": last_code(NEW_PHONE), "password": "Not-The-Password-1"},
    )
    assert "密码不正确" in wrong.content.decode()
    assert Candidate.objects.get(pk=cand.pk).phone_masked == "139****0007"
    done = c.post(
        reverse("personnel:my_phone"),
        {"phone": NEW_PHONE, "code": last_code(NEW_PHONE), "password": PASSWORD},
        follow=True,
    )
    assert "手机号码已更换" in done.content.decode()
    cand.refresh_from_db()
    assert cand.phone_masked == "137****2222"
    assert vault.unseal(cand.city_id, bytes(cand.phone_sealed)) == NEW_PHONE
    assert cand.user.username == vault.account_name(NEW_PHONE)
    event = AuditEvent.objects.get(note="更换手机号码")
    assert event.changes == {"phone_masked": ["139****0007", "137****2222"]}
    for text in (NEW_PHONE, "13900000007", vault.unseal(cand.city_id, bytes(cand.id_sealed))):
        assert text not in _audit_text()
        assert text not in caplog.text
    # the next login takes the new number, not the old one
    fresh = Client()
    fresh.post("/accounts/login/", {"username": NEW_PHONE, "password": PASSWORD})
    assert fresh.session.get("_auth_user_id") == str(cand.user_id)
    old = Client()
    old.post("/accounts/login/", {"username": "13900000007", "password": PASSWORD})
    assert "_auth_user_id" not in old.session


def test_a_phone_number_of_another_account_or_a_wrong_code_is_refused(world, city, client_for):
    cand, other = world["cand"], make_candidate(city, 8)
    c = client_for(cand.user)
    _send(c, "13900000008")
    taken = c.post(
        reverse("personnel:my_phone"),
        {"phone": "13900000008", "code": last_code("13900000008"), "password": PASSWORD},
    )
    assert "该手机号码已注册其他账号" in taken.content.decode()
    _send(c)
    wrong = c.post(
        reverse("personnel:my_phone"), {"phone": NEW_PHONE, "code": "000000", "password": PASSWORD}
    )
    assert "验证码" in wrong.content.decode()
    assert Candidate.objects.get(pk=cand.pk).phone_masked == "139****0007"
    assert other.user.username == vault.account_name("13900000008")


def test_the_api_reads_and_corrects_the_profile(world, client_for):
    cand = world["cand"]
    c = client_for(cand.user)
    got = c.get(API).json()
    assert got["id_masked"] == cand.id_masked and got["locked"] is None and "id_sealed" not in got
    answer = c.put(API, json.dumps({**CORRECTED, "version": 1}), content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["school"] == "中国海洋大学" and answer.json()["version"] == 2
    stale = c.put(
        API, json.dumps({**CORRECTED, "major": "法学", "version": 1}), content_type="application/json"
    )
    assert stale.status_code == 409


@pytest.mark.isolation
def test_only_the_candidate_reaches_their_profile(world, city, client_for, officer_a, anonymous):
    other = make_candidate(city, 9)
    c = client_for(world["cand"].user)
    assert c.get(reverse("personnel:my_profile")).status_code == 200
    assert c.get(reverse("personnel:my_phone")).status_code == 200
    assert c.get(API).json()["name"] == "考生7"  # their own, never another's
    assert client_for(other.user).get(API).json()["name"] == "考生9"
    for url in (reverse("personnel:my_profile"), reverse("personnel:my_phone")):
        assert client_for(officer_a).get(url).status_code == 403
        assert client_for(anonymous).get(url).status_code == 302
    assert client_for(officer_a).get(API).status_code == 403
    assert (
        client_for(officer_a).put(API, json.dumps(CORRECTED), content_type="application/json").status_code
        == 403
    )


def test_wrong_passwords_on_the_phone_change_stay_counted(world, client_for):
    """The count of wrong passwords survives the refusal's rollback (the shared cache is the database): after
    five the right password too is refused for ten minutes; a stolen session gets no endless guesses."""
    cand = world["cand"]
    c = client_for(cand.user)
    _send(c)
    for i in range(6):
        page = c.post(
            reverse("personnel:my_phone"),
            {"phone": NEW_PHONE, "code": last_code(NEW_PHONE), "password": f"Wrong-Pass-{i}"},
        )
        assert page.status_code == 200
    assert candidate_svc.WRONG_PASSWORD.count(str(cand.user.pk)) == 5  # refused unchecked after the fifth
    page = c.post(
        reverse("personnel:my_phone"),
        {"phone": NEW_PHONE, "code": last_code(NEW_PHONE), "password": PASSWORD},
    )
    assert "密码错误次数过多" in page.content.decode()
    assert Candidate.objects.get(pk=cand.pk).phone_masked == "139****0007"


def test_wrong_codes_on_the_phone_change_stay_counted(world, client_for):
    cand = world["cand"]
    c = client_for(cand.user)
    _send(c)
    for guess in ("000000", "111111", "222222", "333333", "444444"):
        c.post(reverse("personnel:my_phone"), {"phone": NEW_PHONE, "code": guess, "password": PASSWORD})
    assert sms.WRONG_PER_PHONE.count(NEW_PHONE) == 5
    page = c.post(
        reverse("personnel:my_phone"),
        {"phone": NEW_PHONE, "code": last_code(NEW_PHONE), "password": PASSWORD},
    )
    assert "验证码错误次数过多" in page.content.decode()
    assert Candidate.objects.get(pk=cand.pk).phone_masked == "139****0007"


@pytest.mark.isolation
def test_another_zones_officer_cannot_re_review(world, client_for, officer_b):
    cand = world["cand"]
    reg = _qualified_then_corrected(world, major="法学")
    url = reverse("personnel:registration_action", args=[reg.pk, "recheck"])
    body = {"recheck-decision": "accept", "recheck-version": reg.version}
    assert client_for(officer_b).post(url, body).status_code == 404
    assert client_for(officer_b).get(reg.get_absolute_url()).status_code == 404
    assert client_for(cand.user).post(url, body).status_code in (403, 404)
    reg.refresh_from_db()
    assert reg.reviewed_profile is not None and reg.status == "qualified"
