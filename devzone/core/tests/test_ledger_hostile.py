"""Hostile input to core's ledger and the imports built on it (review defects): a workbook whose cells openpyxl
cannot parse (it parses lazily, while rows are read), a 总投资 too large for the field, a project code used in
another zone, and a backup passphrase file that is missing or readable by others. Each is refused with a clear
message and changes nothing — never a 500 or a traceback."""

from __future__ import annotations

import os
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from devzone.core import ledger
from devzone.core.errors import DomainError
from devzone.core.management.passphrase import passphrase_of
from devzone.core.models import Project, Staff
from devzone.core.services.project_codes import COLUMNS as CODE_COLUMNS
from devzone.core.services.project_codes import project_codes_import
from devzone.core.services.staff import COLUMNS as STAFF_COLUMNS
from devzone.testing import factories as f
from devzone.testing.workbooks import xlsx

NS = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
WENZHOU = "2505-330354-04-01-274607"  # a real code (温州 生态景观建设项目)


def _with_sheet(sheet_xml: bytes) -> bytes:
    """A valid .xlsx whose first worksheet's XML is replaced by ``sheet_xml``."""
    wb = Workbook()
    wb.active.append(["a"])
    buf = BytesIO()
    wb.save(buf)
    source, out = zipfile.ZipFile(BytesIO(buf.getvalue())), BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            data = sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else source.read(info.filename)
            z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _header(labels) -> bytes:
    cells = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(labels)
    )
    return b'<row r="1">' + cells.encode() + b"</row>"


BAD_CELLS = {
    "a date that is not a date": b'<row r="2"><c r="A2" t="d"><v>x</v></c></row></sheetData></worksheet>',
    "a number that is not a number": b'<row r="2"><c r="A2"><v>abc</v></c></row></sheetData></worksheet>',
    "a sheet cut short": b'<row r="2"><c r="A2"',
}


def _hostile(case: str, labels) -> bytes:
    return _with_sheet(NS + _header(labels) + BAD_CELLS[case])


@pytest.mark.parametrize("case", list(BAD_CELLS))
def test_it_refuses_a_sheet_whose_cells_cannot_be_read_on_the_file_field(case):
    labels = [str(c.label) for c in STAFF_COLUMNS]
    with pytest.raises(DomainError) as refused:
        ledger.read_sheet(_hostile(case, labels), STAFF_COLUMNS)
    assert "无法读取" in refused.value.errors["file"][0]
    with pytest.raises(DomainError) as refused:
        ledger.read_rows(_hostile(case, ["日期", "类型", "名称"]))
    assert "无法读取" in refused.value.errors["file"][0]


def test_read_rows_is_capped_like_read_sheet(settings):
    settings.DEVZONE_IMPORT_MAX_ROWS = 3
    data = xlsx([["日期", "类型", "名称"], *[[f"2027-01-0{d}", "休", "元旦"] for d in range(1, 5)]])
    with pytest.raises(DomainError) as refused:
        ledger.read_rows(data)
    assert "一次最多导入3行" in refused.value.errors["file"][0]
    rows = ledger.read_rows(xlsx([["日期", "类型", "名称"], ["2027-01-01", "休", "元旦"], [], [], ["x"]]))
    assert len(rows) == 5 and rows[4][0] == "x"  # blank rows inside the sheet keep the row numbers


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(BAD_CELLS))
def test_the_staff_import_and_the_calendar_load_answer_a_hostile_sheet_with_a_message(
    case, zone_a_leader, sysadmin, client_for
):
    page = client_for(zone_a_leader).post(
        reverse("core:staff_import"),
        {"file": SimpleUploadedFile("s.xlsx", _hostile(case, [str(c.label) for c in STAFF_COLUMNS]))},
    )
    assert page.status_code == 200 and "无法读取文件" in page.content.decode()
    assert not Staff.objects.exists()
    page = client_for(sysadmin).post(
        reverse("core:calendar"),
        {
            "year-year": "2027",
            "year-source": "国务院办公厅通知",
            "year-file": SimpleUploadedFile("c.xlsx", _hostile(case, ["日期", "类型", "名称"])),
        },
    )
    assert page.status_code == 200 and "无法读取文件" in page.content.decode()


def _codes(*rows) -> bytes:
    return xlsx([[c.label for c in CODE_COLUMNS], *rows])


@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["1e30", "99999999999999999999", "100000000.01", "0.001"])
def test_an_investment_the_field_cannot_hold_is_a_row_error(amount, zone_a, zone_a_leader, enterprise_a):
    data = _codes([WENZHOU, "生态景观建设项目", "", enterprise_a.credit_code, amount, "C3311", ""])
    with pytest.raises(DomainError) as refused:
        project_codes_import(actor=zone_a_leader, zone=zone_a, data=data)
    assert any(line.startswith("第2行") and "总投资" in line for line in refused.value.errors["file"])
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_the_largest_investment_the_field_holds_is_imported(zone_a, zone_a_leader, enterprise_a):
    data = _codes([WENZHOU, "生态景观建设项目", "", enterprise_a.credit_code, "99999999.994", "C3311", ""])
    project_codes_import(actor=zone_a_leader, zone=zone_a, data=data)
    assert str(Project.objects.get().total_investment) == "99999999.99"


@pytest.mark.django_db
@pytest.mark.isolation
def test_a_code_used_in_another_zone_is_refused_by_row_without_saying_where(
    zone_a, zone_b, zone_a_leader, enterprise_a, client_for
):
    f.ProjectFactory(zone=zone_b, project_code=WENZHOU, name="乙区保密项目")
    data = _codes(
        [WENZHOU, "生态景观建设项目", "", enterprise_a.credit_code, "100", "C3311", ""],
        ["2412-370829-04-01-158696", "水泥制品项目", "", enterprise_a.credit_code, "100", "C3021", ""],
    )
    with pytest.raises(DomainError) as refused:
        project_codes_import(actor=zone_a_leader, zone=zone_a, data=data)
    lines = refused.value.errors["file"]
    assert lines == [f"第2行：项目代码{WENZHOU}已被其他项目使用"]
    assert Project.objects.filter(zone=zone_a).count() == 0
    page = client_for(zone_a_leader).post(
        reverse("core:project_codes_import"), {"file": SimpleUploadedFile("c.xlsx", data)}
    )
    html = page.content.decode()
    assert page.status_code == 200 and "第2行" in html
    assert "乙区保密项目" not in html and zone_b.name not in html
    assert Project.objects.filter(zone=zone_a).count() == 0


def test_a_missing_passphrase_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="口令文件"):
        passphrase_of(str(tmp_path / "none.txt"))


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_passphrase_file_others_can_read_is_refused(tmp_path, mode):
    secret = tmp_path / "pass.txt"
    secret.write_text("a passphrase of some length\n")
    secret.chmod(mode)
    with pytest.raises(CommandError, match="chmod 600"):
        passphrase_of(str(secret))
    secret.chmod(0o600)
    assert passphrase_of(str(secret)) == "a passphrase of some length"
