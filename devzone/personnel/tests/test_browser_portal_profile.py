"""考生更正个人信息 on a 390-px phone in Debian's Chromium: a candidate whose registration was returned (below the
opening's education) opens 更正个人信息 from 我的报名, sees the verified name and masked identity number (not
offered for editing), corrects the education and school, resubmits the returned registration, and the pre-check
passes on the corrected facts; the phone page fits too. The returned registration's own page tells the deadline to
resubmit and takes the documents the review asks for, coming back to itself. Every page fits the phone (``scrollWidth ≤ innerWidth``);
any console error, JavaScript error or CSP violation fails the test. Screenshots: ``screenshots/personnel-profile-*``."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.personnel.models import Registration
from devzone.personnel.services import registrations as reg_svc
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.approvals import PDF
from devzone.testing.browser import assert_no_trouble
from devzone.testing.personnel import make_campaign, make_candidate

pytestmark = browser.MARKS
PHONE = 390


chromium, person, person_class = browser.fixtures_for(
    "personnel-profile"
)  # the SMS box and media in tmp: conftest


@pytest.fixture
def world(transactional_db):
    city = f.CityFactory(name="济南市", code="370100")
    zone = f.ZoneFactory(city=city, name="济南济北经济开发区", short_name="济北经济开发区")
    campaign = make_campaign(city, [zone])
    officer = f.user_with_role(
        Role.PERSONNEL_OFFICER, zone=zone, user__username="hr1", display_name="人事专员李娜"
    )
    cand = make_candidate(city, 21, name="林语桐", education="college", school="济南职业学院")
    reg = reg_svc.registration_submit(actor=cand.user, opening_id=campaign.openings.get().pk)
    reg_svc.registration_screen(actor=officer, registration=reg, decision="return", note="学历不符，请核对")
    return {"cand": cand, "reg": reg}


def test_a_candidate_corrects_the_profile_on_a_phone_and_resubmits(person, world):
    cand = person("candidate", viewport=(PHONE, 844))
    cand.log_in(world["cand"].user.username, "林语桐")
    cand.goto("/personnel/portal/my/")
    cand.page.get_by_role("link", name="更正个人信息").click()
    identity = cand.page.get_by_test_id("verified-identity")
    expect(identity).to_contain_text("林语桐")
    expect(identity).to_contain_text(world["cand"].id_masked)
    expect(cand.page.get_by_label("姓名")).to_have_count(0)  # the verified name is not a field
    cand.fits()
    cand.shot("form")
    form = cand.page.get_by_test_id("profile-form")
    form.get_by_label("最高学历").select_option(label="大学本科")
    form.get_by_label("毕业院校").fill("山东大学")
    form.get_by_role("button", name="保存更正").click()
    cand.expect_message("个人信息已更正")
    cand.fits()
    cand.goto(f"/personnel/portal/my/{world['reg'].pk}/")
    expect(
        cand.page.get_by_text("学历要求大学本科及以上")
    ).to_be_visible()  # the old pre-check, until resubmitted
    cand.page.get_by_role("button", name="已修改，重新提交").click()
    cand.expect_message("已重新提交")
    expect(cand.page.get_by_text("学历要求大学本科及以上")).to_have_count(0)
    expect(cand.page.get_by_text("待审核").first).to_be_visible()
    cand.fits()
    cand.shot("resubmitted")
    reg = Registration.objects.get(pk=world["reg"].pk)
    assert (reg.status, reg.precheck, reg.candidate.school) == ("submitted", [], "山东大学")
    cand.goto("/personnel/portal/my/phone/")
    expect(cand.page.get_by_label("新手机号码")).to_be_visible()
    cand.fits()
    cand.shot("phone")
    assert_no_trouble([cand])


def test_a_returned_registrations_page_takes_the_documents_on_a_phone(person, world):
    cand = person("candidate", viewport=(PHONE, 844))
    cand.log_in(world["cand"].user.username, "林语桐")
    here = f"/personnel/portal/my/{world['reg'].pk}/"
    cand.goto(here)
    expect(cand.page.get_by_test_id("screening-note")).to_contain_text("学历不符，请核对")
    expect(cand.page.get_by_test_id("resubmit-deadline")).to_contain_text("前修改并重新提交")
    correction = cand.page.get_by_test_id("correction")
    expect(correction.get_by_role("link", name="更正个人信息")).to_be_visible()
    expect(correction.get_by_role("button", name="已修改，重新提交")).to_be_visible()
    cand.fits()
    cand.shot("returned")
    upload = correction.get_by_test_id("document-upload")
    upload.get_by_label("材料类型").select_option(label="学位证书")
    upload.get_by_label("文件（PDF或图片）").set_input_files(
        {"name": "硕士学位证书.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    upload.get_by_role("button", name="上传").click()
    cand.expect_message("材料已上传")
    assert cand.page.url.endswith(here)  # back on the registration's page, not 我的报名
    expect(correction.get_by_role("link", name="硕士学位证书.pdf")).to_be_visible()
    cand.fits()
    cand.shot("returned-uploaded")
    assert_no_trouble([cand])
