"""再次加试 in Debian's Chromium: two candidates tied for the one seat sat the 加试 and scored the same; the 加试 page
asks for a second round (a banner saying so, a form per candidate still tied, the first round's scores kept); two
clerks enter one candidate's second-round score on the page, the other's counts through the service; the page
then shows both rounds and asks for nothing more, and the candidate reads both rounds and the seat on a 390-px
phone. Any console error, JavaScript error or CSP violation fails the test."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from devzone.core.actors import system_actor
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.models import Registration
from devzone.personnel.services import campaigns as campaign_svc
from devzone.personnel.services import exams
from devzone.personnel.services import registrations as reg_svc
from devzone.testing import browser
from devzone.testing.browser import assert_no_trouble
from devzone.testing.personnel import PASSWORD, jinan_office, make_candidate

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for(
    "personnel-extra"
)  # the SMS box and media in tmp: conftest
PHONE = 390


def _both(officers, reg, stage, score) -> None:
    for officer in officers:
        exams.score_enter(actor=officer, registration=reg.pk, stage=stage, score=score)


@pytest.fixture
def world(transactional_db):
    """One seat; 考生31 and 考生32 equal on written (90), interview (80) and the first 加试 round (85); 考生33
    behind (80 / 85)."""
    city, _zone, campaign, officers = jinan_office()
    opening = campaign.openings.get()
    regs = []
    for n in (31, 32, 33):
        reg = reg_svc.registration_submit(actor=make_candidate(city, n).user, opening_id=opening.pk)
        regs.append(reg_svc.registration_screen(actor=officers[0], registration=reg, decision="qualify"))
    campaign.registration_closes = timezone.now() - dt.timedelta(seconds=1)
    campaign.save(update_fields=["registration_closes"])
    campaign_svc.campaign_close(actor=system_actor(), campaign=campaign)
    campaign_svc.opening_apply_ratio(actor=system_actor(), opening=opening)
    exams.tickets_assign(actor=system_actor(), campaign=campaign)
    for reg, written in zip(regs, ("90", "90", "80"), strict=True):
        _both(officers, reg, "written", written)
    exams.shortlist_opening(actor=officers[0], opening=opening)
    for reg, interview in zip(regs, ("80", "80", "85"), strict=True):
        _both(officers, reg, "interview", interview)
    exams.rank_opening(actor=officers[0], opening=opening)
    for reg in regs[:2]:
        _both(officers, reg, "extra", "85")
    return {"opening": opening, "officers": officers, "regs": regs}


def test_a_second_round_of_the_additional_test_decides_the_seat(person, world):
    a, b, _c = world["regs"]
    url = f"/personnel/openings/{world['opening'].pk}/extra-test/"
    hr1 = person("hr1")
    hr1.log_in("hr1", "人事专员李娜")
    hr1.goto(url)
    expect(hr1.page.get_by_test_id("extra-test-next-round")).to_contain_text("第1轮加试成绩仍然相同")
    expect(hr1.page.get_by_test_id("extra-score-form")).to_have_count(2)
    row = hr1.page.locator(f'[data-extra-row="{a.pk}"]')
    expect(row).to_contain_text("85.00")  # the first round stays
    expect(row.get_by_test_id("due-round")).to_have_text("待第2轮")
    hr1.shot("second-round")
    row.get_by_label("考生31的加试成绩").fill("90")
    row.get_by_role("button", name="录入").click()
    hr1.expect_message("等待第二人录入")

    hr2 = person("hr2")
    hr2.log_in("hr2", "人事专员赵峰")
    hr2.goto(url)
    row = hr2.page.locator(f'[data-extra-row="{a.pk}"]')
    expect(row).to_contain_text("已录入一人，待第二人录入")
    row.get_by_label("考生31的加试成绩").fill("90")
    row.get_by_role("button", name="录入").click()
    hr2.expect_message("成绩已确认")
    _both(world["officers"], b, "extra", "88")

    hr1.page.reload()
    expect(hr1.page.get_by_test_id("extra-test-none")).to_be_visible()
    expect(hr1.page.get_by_test_id("extra-score-form")).to_have_count(0)
    expect(hr1.page.locator(f'[data-extra-row="{b.pk}"]')).to_contain_text("第2轮 88.00")
    hr1.shot("decided")
    assert Registration.objects.get(pk=a.pk).status == S.HIRED

    cand = person("candidate", viewport=(PHONE, 844))
    cand.goto(f"/personnel/portal/my/{a.pk}/")
    cand.page.get_by_label("用户名").fill("13900000031")
    cand.page.get_by_label("密码").fill(PASSWORD)
    cand.page.get_by_role("button", name="登录").click()
    expect(cand.page.get_by_text("拟聘用").first).to_be_visible()
    expect(cand.page.get_by_test_id("extra-score")).to_contain_text("85.00")
    expect(cand.page.get_by_test_id("extra-round")).to_have_text("第2轮 90.00")
    cand.fits()
    cand.shot("candidate")
    assert_no_trouble(person.people)
