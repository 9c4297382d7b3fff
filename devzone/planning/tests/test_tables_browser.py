"""The 市级统筹 tables in English on a 1366-px screen, in Debian's Chromium: the annual tasks (amounts read
"CNY 1.08 billion" in every quarter's cell), the published results and the institutions' table fit their cards
— no table scrolls sideways. The annual-task table was 1540 px in a card of 1106, its headers on one line."""

from __future__ import annotations

import pytest
from django.utils import timezone

from devzone.core.choices import Role
from devzone.planning import services
from devzone.planning.models import PlanTarget
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.browser import assert_no_trouble
from devzone.testing.planning import published_scheme

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("planning-tables")

OWNERS = {"output": "经济发展部", "investment": "投资促进部", "tax": "财政金融部", "firms": "企业服务部"}
# the tables that scrolled sideways, read in the page: [page, the table's data-testid, its box, its content]
WIDER = """() => [...document.querySelectorAll('.table-responsive')]
  .filter((box) => box.scrollWidth > box.clientWidth + 1)
  .map((box) => [box.querySelector('table')?.dataset.testid, box.clientWidth, box.scrollWidth])"""


@pytest.fixture
def world(transactional_db):
    from devzone.core.demo import loader

    demo = loader.load(2019, steps=("institutions",))
    officer = f.user_with_role(
        Role.CITY_OFFICER, city=demo["city"], user__username="officer", display_name="市投促局"
    )
    year = timezone.localdate().year
    zones = [z for z in demo["zones"].values() if z.merged_into_id is None]
    for zone in zones:
        services.plan_set(
            actor=officer,
            zone_id=zone.pk,
            start_year=year,
            end_year=year + 2,
            industries=["34", "39"],
            targets=[
                {"year": year, "metric": m, "target": "108000" if m != "firms" else "120", "owner": o}
                for m, o in OWNERS.items()
            ],
        )
    for target in PlanTarget.objects.all():
        for quarter in (1, 2, 3):
            services.target_progress(
                actor=officer, target_id=target.pk, quarter=quarter, done=target.target * quarter / 4
            )
    published_scheme(officer, [z for z in zones if z.level == "provincial"], [20] * 5, year=year - 1)
    return {}


def test_the_english_tables_fit_a_1366_px_screen(world, person):
    city = person("officer", viewport=(1366, 900))
    city.log_in("officer", "市投促局")
    city.page.context.add_cookies([{"name": "devzone_language", "value": "en", "url": city.base}])
    for path in ("/planning/", "/planning/institutions/", "/planning/companies/"):
        city.goto(path)
        assert city.page.locator("html").get_attribute("lang") == "en"
        assert city.page.evaluate(WIDER) == [], path
        city.fits()
    assert_no_trouble(person.people)
