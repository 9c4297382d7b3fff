"""390 px: the city officer opens the cockpit, a zone's drill-down and the bulletin on a phone, and the zone
leader 市级统筹 from the notice of their published result. The shared header carries, for the city, the zone
switcher beside the language, the messages and the account: nothing may need a sideways scroll of the page
(it ran 5 px off the screen), whatever the length of the person's name."""

import pytest

from devzone.core.choices import Role
from devzone.planning import services
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.planning import published_scheme

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("oversight_phone")

OVERFLOW = (
    "() => [document.documentElement.scrollWidth, Array.from(document.querySelectorAll('body *'))"
    ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 2 && !e.closest('.table-responsive'))"
    ".slice(0, 5).map(e => e.tagName + '.' + e.className)]"
)


@pytest.fixture
def world(transactional_db):
    jibei = browser.jibei_zone(level="provincial")
    other = f.ZoneFactory(city=jibei.city, name="济南临港经济开发区", level="provincial")
    officer = f.user_with_role(
        Role.CITY_OFFICER, city=jibei.city, user__username="city", display_name="济南市投资促进局综合协调处"
    )
    f.user_with_role(Role.ZONE_LEADER, zone=jibei, user__username="leader", display_name="济北主任")
    services.plan_set(
        actor=officer, zone_id=jibei.pk, start_year=2026, end_year=2028, industries=["14", "34"],
        targets=[{"year": 2026, "metric": "output", "target": "120000", "owner": "经济发展部", "done": "30000"}],
    )  # fmt: skip
    published_scheme(officer, [jibei, other], ["20", "10"])
    return jibei


def test_the_city_and_the_leader_read_their_pages_on_a_phone(person, world):
    wide = {}
    leader = person("leader", viewport=(390, 844))
    leader.log_in("leader", "济北主任")
    leader.goto("/planning/")
    wide["leader /planning/"] = leader.page.evaluate(OVERFLOW)
    officer = person("city", viewport=(390, 844))
    officer.log_in("city", "济南市投资促进局综合协调处")
    for path in ("/planning/", "/oversight/", f"/oversight/zones/{world.pk}/", "/oversight/bulletin/"):
        officer.goto(path)
        wide[f"city {path}"] = officer.page.evaluate(OVERFLOW)
    assert all(width <= 390 and not off for width, off in wide.values()), wide
