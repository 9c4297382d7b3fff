"""Each person's desk, in a real browser (issue 14): every role logs in, lands on 我的工作台 with its own work
first, and opens every item of its main menu — none answers 403, 404 or 500, none shows an error page, and axe-core
finds no WCAG 2.1 AA violation on any of them (GB/T 37668); times are Beijing time (a message written at 01:30 UTC
reads 09:30, and no page of the walk prints 01:30). The city officer walks in the all-zones mode and again with
one zone chosen in the switcher; the enterprise's desk and a candidate's (应聘人员: their registrations, no zone
totals) are also opened on a 390-px phone and must fit it.

Each desk is saved at 1440 px (the enterprise's and the candidate's at 390 px) to the gitignored
screenshots/desk-*.png; the
pictures in docs/screenshots/desk-*.png are taken on the demo, whose desks have something in them."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.core.models import Notification
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.browser import assert_no_trouble
from devzone.testing.desks import CAST, desk_world

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("desk")

DOCS_SHOTS = browser.SCREENSHOTS
ERROR_TITLES = (
    "403",
    "404",
    "Forbidden",
    "Not Found",
    "Server Error",
    "无权访问",
    "页面不存在",
    "服务器出错",
)
# The desk item that is each role's own work.
OWN = {
    Role.ZONE_LEADER: "projects.red",
    Role.DEPARTMENT_HEAD: "services.department_followups",
    Role.INVESTMENT_OFFICER: "investment.due",
    Role.WINDOW_CLERK: "approvals.queue",
    Role.REVIEWER: "approvals.queue",
    Role.AGENT: "projects.mine",
    Role.TALLY_STAFF: "performance.round",
    Role.PERSONNEL_OFFICER: "personnel.screening",
    Role.CITY_OFFICER: "projects.red",
    Role.ENTERPRISE_USER: "approvals.open",
}
SENT_AT_UTC = dt.datetime(2026, 11, 22, 1, 30, tzinfo=dt.UTC)  # 2026年11月22日 09:30 in Beijing
# The page layouts axe has already checked in this process (browser.layout_of): a list every role opens with the
# same markup is checked once; a role whose page differs (other buttons, other columns) has it checked again.
CHECKED_LAYOUTS: set[str] = set()


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    world = desk_world()
    zone = world.users[Role.ZONE_LEADER].profile.zone
    f.ZoneFactory(city=zone.city, name="济南新材料产业园区", short_name="新材料产业园区")  # the city has two
    for user in world.users.values():
        note = Notification.objects.create(user=user, kind="test", title="时间核对消息", zone=zone)
        Notification.objects.filter(pk=note.pk).update(created_at=SENT_AT_UTC)
    settings.DEVZONE_SMS_BACKEND, settings.DEVZONE_SMS_FILE = "file", tmp_path / "sms.log"
    return world.users | {
        Role.CANDIDATE: candidate_with_registrations(zone, world.users[Role.PERSONNEL_OFFICER])
    }


# the campaigns of the world's candidate (data: the English walk leaves their titles as written)
CAMPAIGNS = [f"2026年第{n}批开发区专业人才公开招聘" for n in "一二三"]


def candidate_with_registrations(zone, officer):
    """A candidate of the zone's city: one registration returned for correction, one waiting for screening, and a
    third campaign still open to them."""
    from devzone.personnel.services import registrations as reg_svc
    from devzone.testing.personnel import make_campaign, make_candidate

    campaigns = [make_campaign(zone.city, [zone], title=title) for title in CAMPAIGNS]
    candidate = make_candidate(zone.city, 1, name="陈考生")
    regs = [
        reg_svc.registration_submit(actor=candidate.user, opening_id=c.openings.get().pk)
        for c in campaigns[:2]
    ]
    reg_svc.registration_screen(
        actor=officer, registration=regs[0].pk, decision="return", note="请补学位证书"
    )
    return candidate.user


def menu_links(page) -> list[tuple[str, str]]:
    """The main menu's links, those folded in its drop-downs included."""
    links = page.locator("#navbar-menu a.nav-link[href], #navbar-menu a.dropdown-item[href]")
    found = [
        (links.nth(i).text_content().strip(), links.nth(i).get_attribute("href"))
        for i in range(links.count())
    ]
    return [(label, href) for label, href in found if href.startswith("/")]


WALKS = [(role, username, name, OWN.get(role), None) for role, username, name in CAST] + [
    (Role.CITY_OFFICER, "shiji", "冯市级", "projects.red", "济北经济开发区"),
]


def shot_name(role: str, zone: str | None) -> str:
    return f"desk-{role.replace('_', '-')}{'-one-zone' if zone else ''}.png"


@pytest.mark.parametrize(
    "role,username,name,own,zone", WALKS, ids=[w[0] + ("-one-zone" if w[4] else "") for w in WALKS]
)
def test_each_role_lands_on_its_desk_and_opens_every_menu_item(
    world, person, role, username, name, own, zone
):
    p = person(role, viewport=(1440, 900))
    p.log_in(username, name)
    if zone:  # the city officer picks one zone in the switcher: the desk and the menu are that zone's
        p.page.get_by_label("切换开发区").select_option(label="济南济北经济开发区")
        p.page.wait_for_load_state()
        expect(p.page.get_by_label("切换开发区")).not_to_have_value("")
    expect(p.page.get_by_role("heading", name="我的工作台")).to_be_visible()
    if own:  # the role's own work comes first, counted and linked
        first = p.page.locator("section.desk [data-desk]").first
        expect(p.page.locator(f'section.desk [data-desk="{own}"]')).to_be_visible()
        expect(first.locator("[data-desk-count]")).to_be_visible()
        assert p.page.locator("section.desk [data-desk] a[href]").count() >= 1
    browser.screenshot(p.page, DOCS_SHOTS / shot_name(role, zone))

    links = menu_links(p.page)
    assert len(links) >= 2, links
    for label, href in links:
        response = p.page.goto(p.url(href))
        assert response is not None and response.status < 400, (
            role,
            label,
            href,
            response and response.status,
        )
        title = p.page.title()
        assert not any(t in title for t in ERROR_TITLES), (role, label, href, title)
        body = p.page.locator("body").inner_text()
        assert "01:30" not in body, (role, label, href, "a UTC time is printed")
        assert browser.accessibility_violations(p.page, seen=CHECKED_LAYOUTS) == [], (role, label, href)

    p.goto("/core/notifications/")
    row = p.page.locator(".list-group-item", has_text="时间核对消息")
    expect(row).to_contain_text("09:30")
    expect(row).not_to_contain_text("01:30")
    assert_no_trouble([p])


def test_the_candidates_desk_fits_a_phone(world, person):
    """A candidate signs in on the ordinary login page and lands here, on a phone: their registrations with the
    next date each asks of them, the openings still open to them, and none of the zones' totals."""
    candidate = world[Role.CANDIDATE]
    p = person("candidate-phone", viewport=(390, 844))
    p.log_in(candidate.username, "陈考生")
    expect(p.page.get_by_role("heading", name="我的工作台")).to_be_visible()
    mine = p.page.locator('section.desk [data-desk="personnel.mine"]')
    expect(mine.locator("[data-desk-count]")).to_have_text("2")
    expect(mine.locator("[data-desk-note]").first).to_contain_text("重新提交")
    expect(p.page.locator('section.desk [data-desk="personnel.openings"]')).to_be_visible()
    expect(p.page.get_by_text("全市开发区概况")).to_have_count(0)
    assert p.page.evaluate("document.documentElement.scrollWidth") <= 390
    assert browser.accessibility_violations(p.page) == []
    browser.screenshot(p.page, DOCS_SHOTS / "desk-candidate-phone.png")
    assert_no_trouble([p])


def test_the_enterprise_desk_fits_a_phone(world, person):
    p = person("enterprise-phone", viewport=(390, 844))
    p.log_in("qiye", "王经办")
    expect(p.page.get_by_role("heading", name="我的工作台")).to_be_visible()
    expect(p.page.locator('section.desk [data-desk="approvals.open"]')).to_be_visible()
    assert p.page.evaluate("document.documentElement.scrollWidth") <= 390
    assert browser.accessibility_violations(p.page) == []
    browser.screenshot(p.page, DOCS_SHOTS / "desk-enterprise-phone.png")
    assert_no_trouble([p])
