"""Each person's desk, in a real browser (issue 14): every role logs in, lands on 我的工作台 with its own work
first, and opens every item of its main menu — none answers 403, 404 or 500, none shows an error page, and axe-core
finds no WCAG 2.1 AA violation on any of them (GB/T 37668); times are Beijing time (a message written at 01:30 UTC
reads 09:30). The city officer walks in the all-zones mode.

With DEVZONE_DOCS_SCREENSHOTS=1 each desk is saved to docs/screenshots/desk-<role>.png (the README shows the
leader's); otherwise to the gitignored screenshots/."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from devzone.core.models import Notification
from devzone.testing import browser
from devzone.testing.browser import assert_no_trouble
from devzone.testing.desks import CAST, desk_world

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("desk")

DOCS_SHOTS = Path(settings.BASE_DIR) / (
    "docs/screenshots" if os.environ.get("DEVZONE_DOCS_SCREENSHOTS") else "screenshots"
)
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
SENT_AT_UTC = dt.datetime(2026, 11, 22, 1, 30, tzinfo=dt.UTC)  # 2026年11月22日 09:30 in Beijing


@pytest.fixture
def world(transactional_db):
    world = desk_world()
    for user in world.users.values():
        note = Notification.objects.create(user=user, kind="test", title="时间核对消息")
        Notification.objects.filter(pk=note.pk).update(created_at=SENT_AT_UTC)
    return world


def menu_links(page) -> list[tuple[str, str]]:
    """The main menu's links, those folded in its drop-downs included."""
    links = page.locator("#navbar-menu a.nav-link[href], #navbar-menu a.dropdown-item[href]")
    found = [
        (links.nth(i).text_content().strip(), links.nth(i).get_attribute("href"))
        for i in range(links.count())
    ]
    return [(label, href) for label, href in found if href.startswith("/")]


@pytest.mark.parametrize("role,username,name", CAST, ids=[c[0] for c in CAST])
def test_each_role_lands_on_its_desk_and_opens_every_menu_item(world, person, role, username, name):
    p = person(role)
    p.log_in(username, name)
    expect(p.page.get_by_role("heading", name="我的工作台")).to_be_visible()
    DOCS_SHOTS.mkdir(exist_ok=True)
    p.page.screenshot(path=str(DOCS_SHOTS / f"desk-{role.replace('_', '-')}.png"), full_page=True)

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
        assert browser.accessibility_violations(p.page) == [], (role, label, href)

    p.goto("/core/notifications/")
    row = p.page.locator(".list-group-item", has_text="时间核对消息")
    expect(row).to_contain_text("09:30")
    expect(row).not_to_contain_text("01:30")
    assert_no_trouble([p])
