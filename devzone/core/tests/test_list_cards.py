"""Core's lists on a phone (the browser's side is ``test_browser_frame.py``): every cell carries its column's
label (``table-cards`` shows it above the value), and an enterprise user sees no filter bar over the handful of
rows that are theirs (staff filters such as 总投资不低于 are a screen of fields there) until the list grows past a
handful or they filter it; the zone's staff always have it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from devzone.core.views import ENTERPRISE_FILTER_FROM
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db


def labels_and_heads(page: str):
    table = page.split("<table", 1)[1].split("</table>", 1)[0]
    heads = re.findall(r"<th>([^<]*)</th>", table.split("</thead>", 1)[0])
    rows = [
        re.findall(r'<td data-label="([^"]*)"', row)
        for row in table.split("<tbody>", 1)[1].split("</tr>")[:-1]
    ]
    return heads, rows


def test_every_cell_is_labelled_by_its_column(client_for, zone_a_leader, zone_a):
    f.ProjectFactory.create_batch(2, zone=zone_a)
    page = client_for(zone_a_leader).get(reverse("core:project_list")).content.decode()
    assert "table-cards" in page
    heads, rows = labels_and_heads(page)
    assert len(rows) == 2 and all(row == heads for row in rows), (heads, rows)


def test_an_enterprise_sees_its_few_rows_without_a_filter_bar(client_for, enterprise_user, enterprise_a):
    c = client_for(enterprise_user)
    f.ProjectFactory.create_batch(ENTERPRISE_FILTER_FROM - 1, zone=enterprise_a.zone, enterprise=enterprise_a)
    for name in ("core:enterprise_list", "core:project_list"):
        assert "filter-bar" not in c.get(reverse(name)).content.decode(), name
    # a filtered list keeps its bar: it is how the filter is cleared
    assert "filter-bar" in c.get(reverse("core:project_list"), {"q": "测试"}).content.decode()
    f.ProjectFactory(zone=enterprise_a.zone, enterprise=enterprise_a)
    assert "filter-bar" in c.get(reverse("core:project_list")).content.decode()


def test_the_staff_always_have_the_filter_bar(client_for, zone_a_leader, zone_a):
    f.ProjectFactory(zone=zone_a)
    assert "filter-bar" in client_for(zone_a_leader).get(reverse("core:project_list")).content.decode()
