"""市级统筹 to the city's views in Debian's Chromium: with 济北's plan, the scheme and both zones' published scores
in place (entered through the services: planning's own browser test drives those forms), the desk links to the city dashboard and the reform bulletin; the dashboard shows the
ranks and the plan progress side by side with the chart, and drills down into 济北; the bulletin lists its
figures computed from the rows built here (济北 a pilot zone, 临港 not; three old zones merged into 临港).
济北's leader is refused both pages. Any console error, JavaScript error or CSP violation fails the test.
Screenshots: ``screenshots/oversight-*.png``."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.planning import services
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.browser import assert_no_trouble

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("oversight")


@pytest.fixture
def world(transactional_db):
    jibei = browser.jibei_zone(is_pilot=True)
    linggang = f.ZoneFactory(city=jibei.city, name="济南临港经济开发区", short_name="临港经开区")
    for n in range(3):
        f.ZoneFactory(city=jibei.city, name=f"原开发区{n}", merged_into=linggang)
    officer = f.user_with_role(
        Role.CITY_OFFICER, city=jibei.city, user__username="city", display_name="市投促局"
    )
    f.user_with_role(Role.ZONE_LEADER, zone=jibei, user__username="leader", display_name="济北主任")
    services.plan_set(
        actor=officer, zone_id=linggang.pk, start_year=2026, end_year=2028, industries=["34", "38"]
    )
    services.plan_set(
        actor=officer,
        zone_id=jibei.pk,
        start_year=2026,
        end_year=2028,
        industries=["14", "34"],
        targets=[
            {"year": 2026, "metric": "output", "target": "120000", "owner": "经济发展部", "done": "30000"},
            {"year": 2026, "metric": "firms", "target": "12", "owner": "企业服务部", "done": "3"},
        ],
    )
    scheme = services.scheme_set(
        actor=officer,
        year=2026,
        category="provincial",
        name="2026年度省级开发区考核",
        full_pool_fen=300_000_000,
        indicators=[
            {"name": "招商签约项目", "weight": "40", "target": "10", "source": "contracts"},
            {"name": "亩均税收", "weight": "60", "target": "30", "source": "entered"},
        ],
    )
    indicator = scheme.indicators.get(name="亩均税收")
    for zone, value in ((jibei, "30"), (linggang, "15")):
        evidence = {indicator.pk: {"value": value, "evidence": "市税务局核定表"}}
        services.zone_score(actor=officer, scheme_id=scheme.pk, zone_id=zone.pk, entered=evidence)
    services.publish(actor=officer, scheme_id=scheme.pk)
    return {"jibei": jibei, "linggang": linggang}


def test_city_officer_reads_the_dashboard_and_the_bulletin(world, person):
    jibei = world["jibei"]
    city = person("city")
    city.log_in("city", "市投促局")
    expect(city.page.locator("[data-desk='oversight.dashboard']")).to_be_visible()
    expect(city.page.locator("[data-desk='oversight.bulletin']")).to_be_visible()

    # the city dashboard: ranks and plan progress (30000 / 120000 = 25 %, 3 / 12 = 25 %: 25.00 %)
    city.page.locator("[data-desk='oversight.dashboard'] a").first.click()
    zones = city.page.get_by_test_id("zones")
    expect(zones).to_contain_text("济南济北经济开发区")
    expect(zones.locator("tr", has_text="济北")).to_contain_text("第1名")
    expect(zones.locator("tr", has_text="济北")).to_contain_text("25.00%")
    expect(zones.locator("tr", has_text="临港")).to_contain_text("第2名")
    expect(zones).not_to_contain_text("原开发区0")  # merged zones are not compared
    expect(city.page.locator("[data-testid=zones-chart] canvas")).to_have_count(1)
    city.shot("dashboard")
    city.page.get_by_test_id(f"zone-{jibei.pk}").click()
    expect(city.page.get_by_test_id("zone-targets")).to_contain_text("经济发展部")
    expect(city.page.get_by_test_id("zone-assessments")).to_contain_text("2026年度省级开发区考核")
    city.shot("zone")

    # the bulletin: computed from the rows above, missing data said so
    city.page.get_by_test_id("back-to-city").click()
    city.page.get_by_test_id("nav-bulletin").click()
    expect(city.page.get_by_test_id("figure-core.pilots")).to_contain_text("1")
    expect(city.page.get_by_test_id("figure-institutions.merged")).to_contain_text("3")  # planning's figure
    expect(city.page.get_by_test_id("figure-investment.signed")).to_contain_text("数据缺失")
    expect(city.page.get_by_test_id("figure-projects.problems_solved")).to_contain_text("数据缺失")
    city.shot("bulletin")
    with city.page.expect_download() as dl:
        city.page.get_by_test_id("bulletin-docx").click()
    assert dl.value.suggested_filename.endswith(".docx")

    leader = person("leader")
    leader.log_in("leader", "济北主任")
    expect(leader.page.locator("[data-desk='oversight.bulletin']")).to_have_count(0)
    for url in ("/oversight/", "/oversight/bulletin/"):
        assert leader.page.request.get(leader.url(url)).status == 403  # the leader's session, no page load
    assert_no_trouble(person.people)
