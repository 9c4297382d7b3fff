"""Wide tables on a 1,366-px laptop in English (the longer labels): the city officer's page of a published round
(ten columns: scores, rank, coefficient, grade quotas) and the reform bulletin (its 计算口径 column) wrap their
headings and text cells so the page needs no sideways scroll and no table runs past its card.
Screenshots: ``screenshots/wide-*.png``."""

from __future__ import annotations

import pytest

from devzone.core.choices import Role
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.performance import build_org, run_round

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("wide")

# Tables wider than the box they sit in (a .table-responsive scrolls them, hiding the columns on the right).
CUT = """() => [...document.querySelectorAll("table")]
  .filter((t) => t.scrollWidth > t.parentElement.clientWidth + 1)
  .map((t) => `${t.dataset.table || t.className}: ${t.scrollWidth}px in ${t.parentElement.clientWidth}px`)"""


@pytest.fixture
def world(transactional_db):
    zone = browser.jibei_zone()
    org = build_org(zone, "济北")
    published, _codes = run_round(org)
    f.user_with_role(Role.CITY_OFFICER, city=zone.city, user__username="city", display_name="市投促局")
    return published


def test_in_english_the_round_and_the_bulletin_fit_a_laptop(world, person):
    p = person("city-1366-en", viewport=(1366, 900))
    p.page.context.add_cookies([{"name": "devzone_language", "value": "en", "url": p.base}])
    p.log_in("city", "市投促局")
    for name, url in [("round", f"/performance/rounds/{world.pk}/"), ("bulletin", "/oversight/bulletin/")]:
        p.page.goto(p.base + url)
        assert p.page.locator("html").get_attribute("lang") == "en"
        assert p.page.locator("table").count() > 0
        p.fits()
        assert p.page.evaluate(CUT) == [], f"{url}: a table runs past its card"
        p.shot(name)
        if name == "round":  # the columns on the right are there: a coefficient for every department
            assert p.page.locator("[data-testid=coefficient]").count() == world.results.count()
    browser.assert_no_trouble(person.people)
