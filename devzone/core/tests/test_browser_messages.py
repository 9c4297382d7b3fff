"""The leader's messages in Debian's Chromium: a flood of reminders reads as a few groups with counts, one group
is opened and marked read, and the page fits a 390-px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.core.notify import notify
from devzone.testing import browser as harness
from devzone.testing import factories as f

pytestmark = harness.MARKS
chromium, person, person_class = harness.fixtures_for("messages")


@pytest.fixture
def world(city):
    zone = f.ZoneFactory(city=city, name="济北经济开发区")
    leader = f.user_with_role(Role.ZONE_LEADER, zone=zone, user__username="zhuren", display_name="孙主任")
    # a deputy on a phone (a second person: one authenticator code cannot log in twice)
    deputy = f.user_with_role(Role.ZONE_LEADER, zone=zone, user__username="fuzhuren", display_name="李副主任")
    both = [leader, deputy]
    for n in range(100):
        notify(both, kind="investment.report", title=f"进展报告到期：山东示例{n}食品有限公司", key=f"r{n}")
    for n in range(6):
        notify(both, kind="approvals.escalate", title=f"办件超期升级：YC2026120400{n}", key=f"e{n}")
    notify(both, kind="projects.dispatch", title="第49周重点项目周调度已印发", key="d1")
    return leader


def test_a_flood_of_reminders_reads_as_groups_and_is_read_by_group(world, person):
    leader = person("leader")
    leader.log_in("zhuren", "孙主任")
    leader.goto("/core/notifications/")
    groups = leader.page.locator("[data-groups]")
    expect(groups.locator("[data-group='investment.report']")).to_contain_text("进展报告到期")
    expect(groups.locator("[data-group='investment.report']")).to_contain_text("100")
    expect(groups.locator("[data-group='approvals.escalate']")).to_contain_text("办件超期升级")
    leader.shot("01-grouped")
    groups.locator("[data-group='investment.report']").click()
    leader.page.get_by_role("button", name="本类全部标为已读").click()
    expect(leader.page.locator("[data-unread]")).to_have_text("7")
    phone = person("phone", viewport=(390, 844))
    phone.log_in("fuzhuren", "李副主任")
    phone.goto("/core/notifications/")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    phone.shot("02-phone")
    harness.assert_no_trouble(person.people)
