"""The page frame and core's lists in Chromium, in English (its labels are longer than the Chinese ones) and in
Chinese: the module menu of a leader and of a city officer fits a 1,366-px and a 1,280-px laptop (no sideways
scroll); the leader's 按阶段项目 chart names every phase; on a 390-px phone an enterprise user's header is two
rows (the brand on one line, then the language, the messages and the account side by side); and the
enterprise's own 本企业 and 项目 lists read as one card per row, each cell headed by its column, without a
filter bar of staff filters above its one row. Screenshots: ``screenshots/frame-*.png``."""

from __future__ import annotations

import pytest
from django.utils import translation

from devzone.core.choices import ProjectPhase, Role
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.desks import CAST, desk_world

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("frame")
PHONE = (390, 844)
NAMES = {role: (username, name) for role, username, name in CAST}


@pytest.fixture
def world(transactional_db):
    world = desk_world()
    zone = world.users[Role.ZONE_LEADER].profile.zone
    for phase in ProjectPhase:  # the chart has a bar group for each phase
        f.ProjectFactory(zone=zone, phase=phase)
    return world


def come_in(person, role, *, viewport, language: str):
    """``role``'s person of the world, logged in, the pages in ``language`` (the switcher's cookie)."""
    p = person(f"{role}-{viewport[0]}-{language}", viewport=viewport)
    p.page.context.add_cookies([{"name": "devzone_language", "value": language, "url": p.base}])
    p.log_in(*NAMES[role])
    return p


@pytest.mark.parametrize("width", [1366, 1280])
@pytest.mark.parametrize("role", [Role.ZONE_LEADER, Role.CITY_OFFICER])
def test_in_english_the_menu_fits_a_laptop(world, person, role, width):
    p = come_in(person, role, viewport=(width, 800), language="en")
    assert p.page.locator("html").get_attribute("lang") == "en"
    last = p.page.locator("#navbar-menu .navbar-nav > .nav-item").last
    assert last.bounding_box()["x"] + last.bounding_box()["width"] <= width, "the menu runs off the screen"
    p.fits()
    p.shot(f"menu-{role}-{width}-en")
    browser.assert_no_trouble(person.people)


# The texts the chart has drawn (ECharts draws on a canvas: its labels are read from its display list).
DRAWN_TEXTS = """() => {
  const el = document.querySelector("[data-chart-kind=projectsByPhase]");
  const chart = echarts.getInstanceByDom(el);
  return chart.getZr().storage.getDisplayList(true)
    .filter((e) => e.style && typeof e.style.text === "string").map((e) => e.style.text);
}"""


@pytest.mark.parametrize("viewport", [(1366, 800), PHONE])
def test_in_english_the_phase_chart_names_every_phase(world, person, viewport):
    p = come_in(person, Role.ZONE_LEADER, viewport=viewport, language="en")
    p.page.wait_for_function("() => window.echarts && document.querySelector('[data-chart-kind] canvas')")
    drawn = p.page.evaluate(DRAWN_TEXTS)
    with translation.override("en"):
        phases = [str(label) for label in ProjectPhase.labels]
    words = {word for text in drawn for word in text.split()}  # a label wrapped is drawn a line at a time
    assert [phase for phase in phases if not set(phase.split()) <= words] == [], drawn
    p.fits()
    p.shot(f"chart-{viewport[0]}")
    browser.assert_no_trouble(person.people)


HEADER = """() => {
  const box = (sel) => { const e = document.querySelector(sel); return e && e.getBoundingClientRect(); };
  const brand = document.querySelector("header.navbar .navbar-brand");
  const brandText = document.createRange();  // the lines of the brand's visible text
  brandText.selectNodeContents(brand);
  const controls = ["header .lang-switcher", "header a.nav-link[href$='/notifications/']", "header .dropdown-toggle"];
  return {
    header: box("header.navbar").height,
    brandLines: new Set(Array.from(brandText.getClientRects(), (r) => Math.round(r.top))).size,
    brandFits: brand.getBoundingClientRect().right <= window.innerWidth,
    rows: controls.map((sel) => Math.round(box(sel).top + box(sel).height / 2)),
    right: Math.max(...controls.map((sel) => box(sel).right)),
  };
}"""


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_on_a_phone_the_header_is_two_rows(world, person, language):
    p = come_in(person, Role.ENTERPRISE_USER, viewport=PHONE, language=language)
    header = p.page.evaluate(HEADER)
    assert header["brandLines"] == 1 and header["brandFits"], header
    middles = header["rows"]
    assert max(middles) - min(middles) <= 8, f"the controls are on more than one row: {header}"
    assert header["right"] <= PHONE[0], header
    assert header["header"] <= 110, f"the header takes {header['header']} px of the phone's {PHONE[1]}"
    p.fits()
    p.shot(f"phone-header-{language}")
    browser.assert_no_trouble(person.people)


CELLS = """() => {
  const table = document.querySelector("table.card-table");
  const heads = Array.from(table.querySelectorAll("thead th"), (th) => th.textContent.trim());
  const rows = Array.from(table.querySelectorAll("tbody tr"), (tr) =>
    Array.from(tr.cells, (td) => td.getAttribute("data-label")));
  return {heads, rows, tableWidth: table.scrollWidth, cardWidth: table.closest(".card").clientWidth};
}"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_on_a_phone_the_enterprise_reads_its_own_lists_as_cards(world, person, language):
    p = come_in(person, Role.ENTERPRISE_USER, viewport=PHONE, language=language)
    for path in ("/core/enterprise/", "/core/project/"):
        p.goto(path)
        p.fits()
        cells = p.page.evaluate(CELLS)
        assert cells["rows"] and all(row == cells["heads"] for row in cells["rows"]), cells
        assert cells["tableWidth"] <= cells["cardWidth"], f"{path}: the table is wider than its card: {cells}"
        assert p.page.locator("form.filter-bar").count() == 0, f"{path} shows staff filters for one row"
        p.shot(f"phone-{path.strip('/').replace('/', '-')}-{language}")
    browser.assert_no_trouble(person.people)
