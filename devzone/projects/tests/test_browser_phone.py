"""A key project's timetable on the enterprise's 390-px phone, in Chinese and in English (Chromium; UX review #11
and #19): the page needs no sideways scroll and no table scrolls inside its box (the English "Behind" column was
cut off), each milestone's name has the width of the card (in Chinese it stood one character wide), the timeline's
date labels and milestone names do not overprint each other, and the agent's number is a link that calls them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.core.models import Staff
from devzone.projects.models import Milestone
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing import projects_browser as flow
from devzone.testing.browser import assert_no_trouble

chromium, person, person_class = flow.FIXTURES
pytestmark = browser.MARKS

PHONE = "13622236828"


@pytest.fixture
def world(transactional_db):
    rows = flow.build_world()
    project = rows["project"]
    Staff.objects.filter(name="赵代办").update(phone=PHONE)
    # the first steps done (a dot on the timeline and ✓ in the table), the rest planned over the next two years
    for m in Milestone.objects.filter(project=project, code__in=("signing", "land")):
        Milestone.objects.filter(pk=m.pk).update(actual_on=m.planned_on)
    rows["company"] = f.user_with_role(
        Role.ENTERPRISE_USER,
        enterprise=project.enterprise,
        user__username="jinye",
        display_name="金晔经办",
    )
    return rows


# The timeline's labels as ECharts drew them (left out by hideOverlap: not drawn), per axis, in the chart's
# pixels. ECharts has no public call for a label's box: it is read from the axis' view, as the portfolio's test
# reads its legend's.
AXIS_LABELS = """(axis) => {
  const el = document.querySelector("[data-chart-kind=projectTimeline]");
  const chart = echarts.getInstanceByDom(el);
  const view = chart.getViewOfComponentModel(chart.getModel().getComponent(axis));
  const boxes = [];
  view.group.traverse((e) => {
    if (e.type === "text" && !e.ignore && !e.invisible && e.style && e.style.text) {
      const r = e.getBoundingRect().clone();
      r.applyTransform(e.getComputedTransform());
      boxes.push({text: e.style.text, x: r.x, y: r.y, w: r.width, h: r.height});
    }
  });
  return boxes;
}"""


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x"] < b["x"] + b["w"] - 0.5
        and b["x"] < a["x"] + a["w"] - 0.5
        and a["y"] < b["y"] + b["h"] - 0.5
        and b["y"] < a["y"] + a["h"] - 0.5
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_enterprise_reads_its_timetable_on_a_phone(world, person, chromium, language):
    _browser, people = chromium
    company = person(f"timetable-{language}-390", viewport=(390, 844))
    if language == "en":
        company.page.context.add_cookies([{"name": "devzone_language", "value": "en", "url": company.base}])
    company.log_in("jinye", "金晔经办")
    company.goto(f"/projects/p/{world['project'].pk}/")
    company.page.wait_for_function(
        "() => window.echarts && echarts.getInstanceByDom("
        "document.querySelector('[data-chart-kind=projectTimeline]'))"
    )
    company.page.evaluate("document.fonts.ready.then(() => true)")

    scroll, inner = company.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"the page is {scroll} px wide on a {inner}-px screen"
    hidden = company.page.evaluate(
        "Array.from(document.querySelectorAll('.table-responsive'))"
        ".filter((el) => el.scrollWidth > el.clientWidth + 1).length"
    )
    assert hidden == 0, "the timetable scrolls sideways: a column is out of sight"
    names = company.page.locator("table.milestones tbody tr td:first-child")
    expect(names).to_have_count(Milestone.objects.filter(project=world["project"]).count())
    widths = names.evaluate_all("(tds) => tds.map((td) => td.getBoundingClientRect().width)")
    assert min(widths) >= inner * 0.6, f"milestone names squeezed to {min(widths):.0f} px"
    # each cell under the name says which column it is (the phone shows no table header)
    expect(company.page.locator("table.milestones tbody tr").first.locator("td[data-label]")).to_have_count(3)

    dates = company.page.evaluate(AXIS_LABELS, "xAxis")
    assert len(dates) >= 2, dates
    assert not overlapping(dates), f"the timeline's date labels overprint each other: {dates}"
    steps = company.page.evaluate(AXIS_LABELS, "yAxis")
    assert len(steps) == names.count() and not overlapping(steps), steps
    assert min(s["x"] for s in steps) >= 0, "a milestone's name runs off the chart's left edge"

    call = company.page.locator(f'a[href="tel:{PHONE}"]')
    expect(call).to_have_text(PHONE)
    company.shot(f"timetable-{language}-390")
    assert_no_trouble(people)
