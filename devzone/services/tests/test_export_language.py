"""Texts built once at import are frozen in the language active then (Chinese), whoever reads them: the header
rows of the statistics workbook and the quarters of the survey form are built per request in the reader's
language (each test failed before its fix). (The survey's send-out workbook of links is gone: review C.)"""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def english(client):
    client.cookies["devzone_language"] = "en"
    return client


def header_rows(response) -> dict[str, list]:
    assert response.status_code == 200
    return {ws.title: [cell.value for cell in ws[1]] for ws in load_workbook(BytesIO(response.content))}


def test_it_writes_the_statistics_workbooks_headers_in_the_readers_language(client_for, side_a):
    side_a.rating(level=5)
    sheets = header_rows(english(client_for(side_a.leader)).get(reverse("services:statistics_export")))
    assert "按部门" not in sheets  # the sheet titles were translated already …
    for title, header in sheets.items():  # … and now their header rows as well
        assert not [h for h in header if CHINESE.search(h)], (title, header)
    assert sheets["By department"][:2] == ["Name", "Ratings"]
    chinese = header_rows(client_for(side_a.leader).get(reverse("services:statistics_export")))
    assert chinese["按部门"][:2] == ["名称", "评价数"]


def test_it_offers_the_survey_forms_quarters_in_the_readers_language(client_for, side_a):
    page = english(client_for(side_a.leader)).get(reverse("services:survey_list")).content.decode()
    assert ">Q1</option>" in page and "第1季度" not in page
    chinese = client_for(side_a.leader).get(reverse("services:survey_list")).content.decode()
    assert ">第1季度</option>" in chinese
