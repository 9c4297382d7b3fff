"""The lead list's 导出Excel exports the rows the list shows (its view, search, team, stage, owner), on every page:
it exported every lead in reach whatever was filtered, so a 停滞 or a search export held the whole ledger. Without
a query, the export is every lead in reach, as before."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from devzone.testing.investment import new_lead

pytestmark = pytest.mark.django_db


def _names(response) -> set[str]:
    sheet = load_workbook(BytesIO(response.getvalue())).worksheets[0]
    return {
        c.value
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.endswith("公司")
    }


def test_the_export_button_carries_the_lists_filters_and_the_export_keeps_them(client_for, officer, team_a):
    new_lead(officer, team_a, name="华为技术公司")
    new_lead(officer, team_a, name="海尔智家公司")
    c = client_for(officer)
    page = c.get(reverse("investment:lead_list"), {"q": "华为", "page": "1"}).content.decode()
    assert f"{reverse('investment:lead_export')}?q=%E5%8D%8E%E4%B8%BA&amp;view=active" in page
    filtered = c.get(reverse("investment:lead_export"), {"q": "华为", "view": "active"})
    assert _names(filtered) == {"华为技术公司"}
    assert _names(c.get(reverse("investment:lead_export"))) == {"华为技术公司", "海尔智家公司"}
