"""The enterprise's 差评整改 list on a 390-px phone in English (Chromium): the filter's two selects, as wide as
their longest choice ("Awaiting rectification and follow-up call"), made the page 432 px wide; now each
stays within the screen, and each follow-up is a card whose cells are headed by their column."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.browser import assert_no_trouble
from devzone.testing.services import A_MARK, build_side

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("services-phone")


@pytest.fixture
def world(transactional_db):
    zone = browser.jibei_zone()
    side = build_side(zone, A_MARK, f.user_with_role(Role.ZONE_LEADER, zone=zone))
    rating = side.rating(level=1, comment="两周太久，冷库下周就要试运行")
    return {"side": side, "rating": rating}


def test_the_enterprise_reads_its_follow_ups_on_a_phone_in_english(world, person, chromium):
    _browser, people = chromium
    company = person("followups-en", viewport=(390, 844))
    company.page.context.add_cookies([{"name": "devzone_language", "value": "en", "url": company.base}])
    user = world["side"].company
    company.log_in(user.username, user.profile.display_name)
    company.goto("/services/followups/")
    expect(company.page.locator("select[name=status]")).to_contain_text(
        "Awaiting rectification and follow-up call"
    )
    expect(company.page.locator("table tbody tr")).to_have_count(1)
    company.page.evaluate("document.fonts.ready.then(() => true)")
    company.fits()
    expect(company.page.locator("table thead")).to_be_hidden()  # a card per follow-up
    company.shot("followups-390-en")
    assert_no_trouble(people)
