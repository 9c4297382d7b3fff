"""The leader's portfolio of red projects in English on a 1366-px screen (Chromium): the reason of a project's
colour, longer in English, wraps in its cell instead of pushing the next visit out of the card; the status filter
shows its whole value (it read "Seriously b"); the ring chart draws no labels around it (they ran into the legend)
and its legend, which carries the counts, stands clear of the ring."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from devzone.projects.models import KeyProject
from devzone.projects.tests.test_english_status import ENGLISH, STORED
from devzone.testing import browser
from devzone.testing import projects_browser as flow
from devzone.testing.browser import assert_no_trouble
from devzone.testing.english import catalog_has

chromium, person, person_class = flow.FIXTURES
pytestmark = browser.MARKS


@pytest.fixture
def world(transactional_db):
    catalog_has(ENGLISH)
    rows = flow.build_world()
    KeyProject.objects.filter(project=rows["project"]).update(
        status="red", status_reason=STORED, next_milestone="主体完工"
    )
    return rows


# The ring's left edge and the legend's right edge, in the chart's pixels. The legend's drawn box is read from its
# view (ECharts has no public call for it); the ring's from the option, as ECharts lays a pie out.
CHART_GEOMETRY = """() => {
  const el = document.querySelector("[data-chart-kind=projectStatus]");
  const chart = echarts.getInstanceByDom(el);
  const series = chart.getOption().series[0];
  const legend = chart.getViewOfComponentModel(chart.getModel().getComponent("legend")).group;
  const box = legend.getBoundingRect();
  const pct = (v, of) => (typeof v === "string" ? (parseFloat(v) / 100) * of : v);
  const outer = pct(series.radius[1], Math.min(el.clientWidth, el.clientHeight) / 2);
  return {
    labels: series.label.show !== false,
    legendRight: legend.x + box.x + box.width,
    ringLeft: pct(series.center[0], el.clientWidth) - outer,
  };
}"""

# Whether the selected value of a <select> fits inside it, left of its arrow.
SELECT_FITS = """(sel) => {
  const style = getComputedStyle(sel);
  const ctx = document.createElement("canvas").getContext("2d");
  ctx.font = style.font;
  const text = ctx.measureText(sel.selectedOptions[0].text).width;
  return text <= sel.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
}"""


def test_the_red_projects_read_whole_in_english_at_1366(world, person, chromium):
    _browser, people = chromium
    leader = person("portfolio-en", viewport=(1366, 900))
    leader.page.context.add_cookies([{"name": "devzone_language", "value": "en", "url": leader.base}])
    leader.log_in("zhuren", "孙主任")
    leader.goto("/projects/portfolio/?status=red")
    row = leader.page.locator(f"tr[data-project='{world['project'].pk}']")
    expect(row).to_contain_text("Start overdue by")
    expect(row).to_contain_text("Main structure completed")
    leader.page.evaluate("document.fonts.ready.then(() => true)")
    hidden = leader.page.evaluate(
        "Array.from(document.querySelectorAll('.table-responsive'))"
        ".filter((el) => el.scrollWidth > el.clientWidth + 1).length"
    )
    assert hidden == 0, "the portfolio's table scrolls sideways: the next visit is out of sight"
    assert leader.page.locator("select[name=status]").evaluate(SELECT_FITS), (
        "the status filter's value is cut"
    )
    leader.page.wait_for_function(
        "() => window.echarts && echarts.getInstanceByDom("
        "document.querySelector('[data-chart-kind=projectStatus]'))"
    )
    chart = leader.page.evaluate(CHART_GEOMETRY)
    assert not chart["labels"], "labels around the ring run into the legend"
    assert chart["legendRight"] < chart["ringLeft"], chart
    leader.shot("portfolio-red-en")
    assert_no_trouble(people)
