"""The weekly dispatch as a Word document (python-docx), ready to print for the Monday meeting: A4 portrait, the
title, week, zone and date of issue, an overview first, each section as a table whose header row repeats on every
page and whose rows never split, columns sized to their content, page numbers (第 X 页 共 Y 页) in the footer.
Chinese fonts are set through the East Asian font attribute (w:eastAsia): 黑体 for headings, 仿宋 for text.
``render`` takes an issue's content as its reader reads it (``dispatch.shown_content``) and writes its own words in
the active language."""

from __future__ import annotations

import datetime as dt
import unicodedata
from io import BytesIO

from django.template.defaultfilters import date as date_filter
from django.utils.translation import gettext as _
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from devzone.core.wordprint import (
    BODY_FONT,
    SUBTITLE_FONT,
    TABLE_PT,
    TITLE_FONT,
    bottom_border,
    document,
    font,
    page_numbers,
    para,
    printable,
    table,
)

PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)
LEFT, RIGHT = Cm(2.6), Cm(2.4)
TEXT_WIDTH_CM = 21.0 - 2.6 - 2.4


def _running_head(section, text: str) -> None:
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    font(p.add_run(printable(text)), BODY_FONT, 9, colour=RGBColor(0x55, 0x55, 0x55))
    bottom_border(p, "999999", 4)


def display_width(text: str) -> float:
    """Printed width in Chinese characters: a CJK or full-width character is 1, a digit or letter about 0.7 (wide enough for the fonts a printer may substitute)."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.7 for ch in str(text))


SHORT = 10.5  # a column whose longest cell is this wide (a date, a name, a count) never wraps


def column_widths(columns: list[str], rows: list[list[str]], total_cm: float = TEXT_WIDTH_CM) -> list[float]:
    """Widths (cm) that fit each column's content: short columns (dates, names, counts) keep their natural
    width so they never wrap, the long text columns share what is left in proportion to their length."""
    char_cm = TABLE_PT * 0.0353 * 1.08  # one Chinese character at 五号, with a little air
    pad = 0.55  # cell margins and a little air, cm
    natural, least = [], []
    for i, head in enumerate(columns):
        cells = [display_width(r[i]) for r in rows if i < len(r)]
        longest = max([display_width(head), *cells])
        natural.append(min(longest, 30) * char_cm + pad)
        short = longest <= SHORT
        least.append(natural[-1] if short else max(min(display_width(head), 6), 4) * char_cm + pad)
    if sum(natural) <= total_cm:
        scale = total_cm / sum(natural)
        return [w * scale for w in natural]
    widths = list(least)
    spare = total_cm - sum(widths)
    wants = [max(n - m, 0) for n, m in zip(natural, least, strict=True)]
    if spare > 0 and sum(wants) > 0:
        widths = [w + spare * want / sum(wants) for w, want in zip(widths, wants, strict=True)]
    else:  # even the short columns do not fit: share the page in proportion
        widths = [w * total_cm / sum(widths) for w in widths]
    return widths


def _is_number(text: str) -> bool:
    return str(text).replace(".", "", 1).isdigit()


def _table(doc, columns: list[str], rows: list[list[str]]) -> None:
    widths = [Cm(w) for w in column_widths(columns, rows)]
    t = table(doc, columns, rows, widths, shade="E7E6E6", centred=_centred)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER


def _centred(text) -> bool:
    """Numbers and short values (是, 否, a count) are centred in their column."""
    return _is_number(text) or display_width(text) <= 2


def overview(content: dict) -> str:
    """The paragraph the meeting reads first: the portfolio by colour and each section's summary."""
    counts = content.get("status_counts") or {}
    total = sum(counts.values())
    parts = [
        _(
            "全区重点项目%(total)d个，其中绿色（正常）%(green)d个、黄色（滞后）%(yellow)d个、红色（严重滞后）%(red)d个"
        )
        % {
            "total": total,
            "green": counts.get("green", 0),
            "yellow": counts.get("yellow", 0),
            "red": counts.get("red", 0),
        }
    ]
    parts += [s["summary"] for s in content["sections"] if s.get("summary")]
    stop = _("。")
    return stop.join(parts) + stop


def _week_label(content: dict) -> str:
    start = dt.date.fromisoformat(content["week_start"])
    year, week, _day = start.isocalendar()
    return _("%(year)d年第%(week)d周") % {"year": year, "week": week}


def _day(d: dt.date) -> str:
    from devzone.core.templatetags.devzone import show

    return str(show(d))


def render(content: dict) -> bytes:
    doc = document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_height, section.page_width = PAGE_HEIGHT, PAGE_WIDTH
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.3)
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance = section.footer_distance = Cm(1.2)
    head = _("%(zone)s　重点项目周调度　%(week)s") % {
        "zone": content.get("zone", ""),
        "week": _week_label(content),
    }
    _running_head(section, head)
    page_numbers(section)

    para(doc, content["title"], face=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    start = dt.date.fromisoformat(content["week_start"])
    end = start + dt.timedelta(days=6)
    # the year once when the week does not cross into the next (2025年6月16日—6月22日)
    last = _day(end) if end.year != start.year else date_filter(end, "MONTH_DAY_FORMAT")
    span = _("（%(start)s—%(end)s）") % {"start": _day(start), "end": last}
    para(doc, span, face=SUBTITLE_FONT, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    issued = dt.date.fromisoformat(content["on"])
    line = para(
        doc,
        f"{content.get('zone', '')}　　{_day(issued)}",
        size=12,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        before=6,
        after=10,
    )
    bottom_border(line, "C00000", 12)  # the red rule under the heading

    para(doc, _("总体情况"), face=TITLE_FONT, size=16, before=6, after=4)
    p = para(doc, overview(content), size=14, after=6)
    p.paragraph_format.first_line_indent = Pt(28)
    for s in content["sections"]:
        para(doc, s["title"], face=TITLE_FONT, size=16, before=10, after=2, keep=True)
        if s.get("summary"):
            para(doc, s["summary"], size=12, after=4, keep=bool(s["rows"]))
        if s["rows"]:
            _table(doc, s["columns"], s["rows"])
        else:
            para(doc, _("本期无。"), size=14)
        if s.get("details"):
            para(doc, s.get("details_title", ""), face=TITLE_FONT, size=12, before=8, after=4, keep=True)
            _table(doc, s["details_columns"], s["details"])
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
