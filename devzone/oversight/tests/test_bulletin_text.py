"""How the bulletin writes what it computed: a period's days as people write them (2019年6月1日, never
2019-06-01; one day as one date) on the page, in the Word file and in the PDF; the printed figure shown beside
the computed one only when they differ, with its sign read (a −5 % printed is not the computed 5 %)."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from devzone.core import registry
from devzone.oversight.selectors import differs
from devzone.planning import institutions

pytestmark = pytest.mark.django_db
CUT = dt.date(2019, 6, 1)
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def fig(value, reported) -> registry.Figure:
    return registry.Figure("节", "k", "标签", value, "%", reported=reported)


@pytest.mark.parametrize(
    ("value", "reported", "expected"),
    [
        (D("41.3"), "42%", True),
        (D("42"), "42%", False),
        (D("41.3"), "41.3%", False),
        (D("-41.3"), "-41.3%", False),
        (D("-41.3"), "−41.3%", False),  # the minus sign of typesetting (U+2212)
        (D("-41.3"), "－41.3%", False),  # the full-width one
        (D("-41.3"), "41.3%", True),  # a reduction printed as a share is not the computed negative change
        (D("41.3"), "-41.3%", True),  # the sign was dropped: a printed −41.3 read as the computed 41.3
        (D("41.3"), "−41.3%", True),
        (4250, "4,250人", False),
        (3, "莱芜的3个开发区整合为新的莱芜高新区", False),
        (123, "百余项", True),
        (None, "42%", True),
        (D("41.3"), "", False),
    ],
)
def test_it_shows_the_printed_figure_only_when_it_says_something_else(value, reported, expected):
    assert differs(fig(value, reported)) is expected


def body(officer, zone, name, on, staff=5):
    return institutions.body_create(
        actor=officer,
        zone_id=zone.pk,
        name=name,
        function="other",
        staff=staff,
        established_on=on,
        established_doc="甲改〔2019〕1号",
    )


@pytest.fixture
def reformed(city_officer, zone_a):
    """甲 cut two bodies into one on its one reform day: 2 before, 1 after (a 50.0 % reduction)."""
    old = [body(city_officer, zone_a, n, dt.date(2008, 1, 1)) for n in ("办公室", "财政局")]
    new = body(city_officer, zone_a, "综合部", CUT)
    institutions.reform_set(actor=city_officer, zone_id=zone_a.pk, reform_on=CUT, document="甲改〔2019〕1号")
    for b in old:
        institutions.body_merge(
            actor=city_officer, body_id=b.pk, into_id=new.pk, on=CUT, document="甲改〔2019〕1号"
        )


def test_the_page_and_the_files_write_a_period_of_one_day_as_that_date(reformed, client_for, city_officer):
    c = client_for(city_officer)
    page = c.get(reverse("oversight:bulletin")).content.decode()
    row = page.split('data-testid="figure-institutions.change"')[1].split("</tr>")[0]
    assert "2019年6月1日" in row and not ISO.search(row) and "2019年6月1日–" not in row
    assert "50.0%" in row and "-50.0%" not in row  # a 精简比例 is the share cut, not a negative change
    assert "报道为42%" in row

    from docx import Document

    docx = c.get(reverse("oversight:bulletin_file", args=["docx"]))
    cells = [cell.text for t in Document(io.BytesIO(docx.content)).tables for r in t.rows for cell in r.cells]
    assert any("2019年6月1日" in text for text in cells)
    assert not any(ISO.search(text) for text in cells)

    from pypdf import PdfReader

    pdf = c.get(reverse("oversight:bulletin_file", args=["pdf"]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = re.sub(r"\s", "", text)  # a table cell wraps its text over lines
    assert "2019年6月1日" in text and not ISO.search(text)


def test_the_word_file_writes_its_generation_time_in_chinese_in_beijing_time(
    client_for, city_officer, zone_a, monkeypatch
):
    """The subtitle of the Word bulletin said 生成于2026-12-06 20:00 (ISO, and the server's clock): it says the
    Beijing day and time as the page and the PDF do."""
    from docx import Document

    utc_evening = dt.datetime(2026, 12, 6, 20, 0, tzinfo=dt.UTC)  # 7 December, 04:00 in Beijing
    monkeypatch.setattr("django.utils.timezone.now", lambda: utc_evening)
    r = client_for(city_officer).get(reverse("oversight:bulletin_file", args=["docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "生成于2026年12月7日 04:00" in text
    assert not ISO.search(text), [line for line in text.splitlines() if ISO.search(line)]
