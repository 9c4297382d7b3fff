"""The Excel files of 大招商 are written in the reader's language, as the pages are (cookie
``devzone_language``): the leaderboard's headings and sheet, the lead ledger's headings, fixed values (是/否,
例外) and sheet, the import template's headings, notes and example. The import reads a ledger whose headings are
in any language of the interface (an English colleague's file imports for a Chinese reader and the other way
round), and a Chinese reader's files read as before."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from devzone.investment.excel import HEADER
from devzone.investment.models import Lead
from devzone.testing import factories as f
from devzone.testing.investment import TODAY, new_lead, sign_contract
from devzone.testing.workbooks import xlsx

pytestmark = pytest.mark.django_db
# what the project's English catalog already says for headings these files write
ENGLISH_LEADS = [
    "Enterprise name",
    "Unified social credit code",
]


def _english(msgid: str) -> str:
    with translation.override("en"):
        return translation.gettext(msgid)


def _get(client, url: str, language: str | None = None):
    if language:
        client.cookies["devzone_language"] = language
    resp = client.get(url)
    assert resp.status_code == 200, url
    return load_workbook(BytesIO(resp.content))


def _rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def test_the_leaderboard_export_is_in_the_readers_language(client_for, officer, team_a, zone_a_leader):
    lead = new_lead(officer, team_a, credit_code=f.credit_code_for(9801))
    sign_contract(officer, lead, "20000", signed_on=TODAY)
    url = reverse("investment:leaderboard_export") + f"?period=year&on={TODAY:%Y-%m-%d}"
    ws = _get(client_for(zone_a_leader), url, "en").active
    header, *lines = _rows(ws)
    assert list(header[:5]) == ["Rank", "Name", "Overall score", "Signed projects", "Contract investment"]
    scores = header[3 + (len(header) - 3) // 2 :]
    assert scores[0] == _english("%(indicator)s得分") % {"indicator": "Signed projects"}
    assert [line[1] for line in lines] == [team_a.name]
    assert ws.title == f"{team_a.zone.name} 2026"  # the zone's name is data; the period is in English
    ws = _get(client_for(zone_a_leader), url).active
    header = _rows(ws)[0]
    assert list(header[:4]) == ["名次", "名称", "综合得分", "签约项目"] and "签约项目得分" in header
    assert ws.title == f"{team_a.zone.name} 2026年"


def test_the_lead_export_is_in_the_readers_language(client_for, officer, team_a):
    new_lead(officer, team_a, name="甲食品有限公司")
    wb = _get(client_for(officer), reverse("investment:lead_export"), "en")
    ws = wb.worksheets[0]
    header, row = _rows(ws)
    assert list(header[:2]) == ENGLISH_LEADS
    assert list(header) == [
        _english(h) for h in [*HEADER, "当前阶段", "符合产业定位", "登记日期", "最近跟进", "流失原因"]
    ]
    assert ws.title == _english("线索清单")
    cells = dict(zip(header, row, strict=True))
    assert cells["Local investor"] == "No" and cells["Fits the industry profile"] == "Yes"
    assert cells["Source"] == "Door-to-door" and cells["Current stage"] == "Not contacted"
    header, row = _rows(_get(client_for(officer), reverse("investment:lead_export"), "zh-hans").worksheets[0])
    assert list(header[: len(HEADER)]) == HEADER and row[HEADER.index("本地投资者")] == "否"


def test_the_import_template_is_in_the_readers_language_and_imports_back(client_for, officer, team_a):
    c = client_for(officer)
    wb = _get(c, reverse("investment:lead_import_template"), "en")
    header, example = _rows(wb.worksheets[0])
    assert list(header[:2]) == ENGLISH_LEADS and list(header) == [_english(h) for h in HEADER]
    assert [ws.title for ws in wb.worksheets] == [_english("线索清单"), _english("填写说明")]
    notes = _rows(wb.worksheets[1])
    assert notes[0] == (_english("填写项"), "Note")
    assert "Aware" in example and "Trade fair" in example and "No" in example
    # the English template, filled in by an English reader (the team is data: the reader's own), imports
    at = {h: i for i, h in enumerate(header)}
    filled = list(example)
    filled[at["Enterprise name"]] = "English Food Ltd."
    filled[at["Team"]] = team_a.name
    resp = c.post(
        reverse("investment:lead_import"), {"file": SimpleUploadedFile("t.xlsx", xlsx([header, filled]))}
    )
    assert resp.status_code == 302, resp.context["form"].errors
    lead = Lead.objects.get(company_name="English Food Ltd.")
    assert lead.team_id == team_a.pk and lead.stage == "aware" and lead.source == "fair" and not lead.is_local


def test_a_ledger_in_either_language_imports_for_any_reader(client_for, officer, team_a):
    """A Chinese ledger imports for an English reader, an English one for a Chinese reader."""
    c = client_for(officer)
    row = ["济南甲食品有限公司", "", "14", "3000", "展会招商", "", team_a.name, "", "了解", "", "", "否", ""]
    c.cookies["devzone_language"] = "en"
    resp = c.post(
        reverse("investment:lead_import"), {"file": SimpleUploadedFile("a.xlsx", xlsx([HEADER, row]))}
    )
    assert resp.status_code == 302, resp.context["form"].errors
    with translation.override("en"):
        english = [translation.gettext(h) for h in HEADER]
    row = [
        "Jinan Second Food Ltd.",
        "",
        "14",
        "3000",
        "Trade fair",
        "",
        team_a.name,
        "",
        "Aware",
        "",
        "",
        "No",
        "",
    ]
    c.cookies["devzone_language"] = "zh-hans"
    resp = c.post(
        reverse("investment:lead_import"), {"file": SimpleUploadedFile("b.xlsx", xlsx([english, row]))}
    )
    assert resp.status_code == 302, resp.context["form"].errors
    assert Lead.objects.filter(company_name__in=["济南甲食品有限公司", "Jinan Second Food Ltd."]).count() == 2
