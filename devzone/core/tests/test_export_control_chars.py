"""A control character in a saved text (a vertical tab pasted from another system) made every Excel export of
the zone that held it answer 500: openpyxl refuses the cell (review H). New text with one is refused with a clear
message — in the API's text types and in the services' ``clean_text`` — and a text saved before is exported
without it."""

from __future__ import annotations

import json
from io import BytesIO

import pytest
from openpyxl import load_workbook

from devzone.core import ledger
from devzone.core.errors import DomainError, clean_text
from devzone.core.models import Staff
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db


def _staff_body(department, name: str) -> str:
    return json.dumps(
        {
            "department": department.pk,
            "employee_no": "JB0100",
            "name": name,
            "gender": "male",
            "birth_date": "1990-05-01",
            "education": "bachelor",
            "employment_type": "contract",
            "hired_on": "2020-03-01",
        }
    )


def test_a_name_with_a_control_character_is_refused_by_the_api_with_a_clear_message(
    client_for, zone_a, zone_a_leader
):
    department = f.DepartmentFactory(zone=zone_a, name="招商部")
    leader = client_for(zone_a_leader)
    refused = leader.post(
        "/api/v1/core/staff", _staff_body(department, "张\x0b三"), content_type="application/json"
    )
    assert refused.status_code == 422, refused.content
    assert any("控制字符（\\x0b）" in m for m in refused.json()["errors"]["name"])
    assert not Staff.objects.filter(employee_no="JB0100").exists()
    # a name is still a name: the same without the vertical tab is taken
    taken = leader.post(
        "/api/v1/core/staff", _staff_body(department, "张三"), content_type="application/json"
    )
    assert taken.status_code == 201, taken.content


def test_a_text_saved_with_a_control_character_no_longer_breaks_the_staff_export(
    client_for, zone_a, zone_a_leader
):
    department = f.DepartmentFactory(zone=zone_a, name="招商\x0c部")
    f.StaffFactory(zone=zone_a, department=department, employee_no="JB0101", name="=张\x0b三\x1f")
    leader = client_for(zone_a_leader)
    leader.raise_request_exception = False
    response = leader.get("/core/staff/export.xlsx")
    assert response.status_code == 200, "the whole zone's staff ledger could no longer be exported (500)"
    sheet = load_workbook(BytesIO(response.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    # the control characters are left out, and the name is still never a formula
    assert rows["JB0101"][1] == "'=张三" and rows["JB0101"][7] == "招商部"


def test_clean_text_refuses_a_control_character_but_keeps_tabs_and_line_ends():
    assert clean_text("第一行\r\n第二行\t备注", "note") == "第一行\r\n第二行\t备注"
    for char in ("\x00", "\x01", "\x0b", "\x0c", "\x1b", "\x1f"):
        with pytest.raises(DomainError) as refused:
            clean_text(f"说明{char}文字", "note")
        assert list(refused.value.errors) == ["note"]
        assert f"\\x{ord(char):02x}" in refused.value.message


def test_a_sheet_title_from_the_data_never_breaks_a_workbook():
    content = ledger.workbook([("招商/引资[一部]:\x0b", ["名称\x0b"], [["甲"]])])
    book = load_workbook(BytesIO(content))
    assert book.sheetnames == ["招商引资一部"]
    assert book.active["A1"].value == "名称"


def test_a_text_saved_with_a_control_character_still_prints_in_a_word_report():
    """python-docx refuses XML 1.0's control characters; a text saved before they were refused is printed
    without them, not a 500 for the whole report."""
    from io import BytesIO

    from docx import Document

    from devzone.core.wordprint import document, para, table

    doc = document()
    para(doc, "张\x0b三的年度考核")
    table(doc, ["姓名", "理由"], [["李\x0c四", "不称职\x1f"]], [1, 1])
    out = BytesIO()
    doc.save(out)
    text = [p.text for p in Document(BytesIO(out.getvalue())).paragraphs]
    assert "张三的年度考核" in text
