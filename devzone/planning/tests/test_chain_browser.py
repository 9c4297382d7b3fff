"""The chain map of 市级统筹 (planning/chain.js, an ECharts sankey) in Debian's Chromium, on a 1366-px screen and a
390-px phone: every node's label lies inside the chart, covers no node and no other label, and is the node's name
or the start of it cut with an ellipsis (the tooltip names it in full); on the wide screen every name is whole.
The long names of GB/T 4754 (a section such as "I 信息传输、软件和信息技术服务业" in the last column) ran off
the chart's right edge, cut in the middle of a character on both screens."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from devzone.testing import browser
from devzone.testing.browser import assert_no_trouble
from devzone.testing.planning import jibei_and, plan_of

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("planning")

# What the chart drew, read from its zrender scene (ECharts' getZr(); labels are "tspan", nodes "rect"), each as
# [text, left, top, right, bottom] in the chart's pixels.
DRAWN = """(el) => {
  const chart = echarts.getInstanceByDom(el);
  const drawn = { width: el.clientWidth, height: el.clientHeight, labels: [], nodes: [] };
  chart.getZr().storage.getDisplayList(true).forEach((d) => {
    if (d.type !== "tspan" && d.type !== "rect") return;
    const r = d.getBoundingRect().clone();
    const m = d.getComputedTransform();
    if (m) r.applyTransform(m);
    const box = [r.x, r.y, r.x + r.width, r.y + r.height];
    if (d.type === "tspan") drawn.labels.push([d.style.text, ...box]);
    else drawn.nodes.push(["", ...box]);
  });
  return drawn;
}"""


@pytest.fixture
def world(transactional_db):
    jibei, qidong, officer = jibei_and("济南新旧动能转换起步区", "起步区")
    year = timezone.localdate().year
    for zone, codes in ((jibei, ["39", "65"]), (qidong, ["37", "39", "81"])):
        plan_of(officer, zone, start=year, industries=codes)
    return {}


def overlap(a, b) -> bool:
    return a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]


@pytest.mark.parametrize("viewport", [(1366, 900), (390, 844)], ids=["screen", "phone"])
def test_the_chain_maps_labels_stay_inside_the_chart_and_name_their_nodes(world, person, viewport):
    city = person("city", viewport=viewport)
    city.log_in("city", "市投促局")
    city.goto("/planning/")
    names = [n["name"] for n in json.loads(city.page.locator("#chart-chain").text_content())["nodes"]]
    assert "I 信息传输、软件和信息技术服务业" in names and "O 居民服务、修理和其他服务业" in names
    chart = city.page.get_by_test_id("chain-chart")
    expect(chart.locator("canvas")).to_have_count(1)
    city.page.wait_for_function(
        "([el, n]) => window.echarts && echarts.getInstanceByDom(el)?.getZr().storage"
        ".getDisplayList(true).filter((d) => d.type === 'tspan').length === n",
        arg=[chart.element_handle(), len(names)],
    )
    drawn = chart.evaluate(DRAWN)
    labels, nodes = drawn["labels"], drawn["nodes"]
    assert len(nodes) == len(labels) == len(names)
    for label in labels:
        text, left, top, right, bottom = label
        assert 0 <= left and right <= drawn["width"] and 0 <= top and bottom <= drawn["height"], label
        assert text in names or (
            text.endswith("…") and any(n.startswith(text[:-1]) and n != text for n in names)
        ), label
        assert not [n for n in nodes if overlap(label, n)], f"{text} covers a node"
        assert not [o for o in labels if o is not label and overlap(label, o)], f"{text} covers a label"
    if viewport[0] == 1366:
        assert sorted(text for text, *_ in labels) == sorted(names)  # room enough: every name whole
    else:
        assert any(text.endswith("…") for text, *_ in labels)  # cut, not run off the phone's screen
        city.fits()
    assert_no_trouble(person.people)
