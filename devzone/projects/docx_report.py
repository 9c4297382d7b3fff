"""The weekly dispatch as a Word document (python-docx), ready to print for the Monday meeting: A4 portrait, the
title, week, zone and date of issue, an overview first, each section as a table whose header row repeats on every
page and whose rows never split, columns sized to their content, page numbers (第 X 页 共 Y 页) in the footer.
Chinese fonts are set through the East Asian font attribute (w:eastAsia): 黑体 for headings, 仿宋 for text."""

from __future__ import annotations

import datetime as dt
import unicodedata
from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

BODY_FONT = "仿宋"
TITLE_FONT = "黑体"
SUBTITLE_FONT = "楷体"
LATIN = "Times New Roman"
TABLE_PT = 10.5  # 五号
PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)
LEFT, RIGHT = Cm(2.6), Cm(2.4)
TEXT_WIDTH_CM = 21.0 - 2.6 - 2.4


def _font(run, name: str, size: float, bold: bool = False, colour: RGBColor | None = None) -> None:
    run.font.name = LATIN
    run.font.size = Pt(size)
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _spacing(p, before: float = 0, after: float = 0, line: float | None = None) -> None:
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line is not None:
        fmt.line_spacing = line


def _para(
    doc, text: str, *, font=BODY_FONT, size=14.0, bold=False, align=None, before=0, after=0, keep=False
):
    p = doc.add_paragraph()
    p.paragraph_format.keep_with_next = keep  # a heading stays on the page of its table
    if align is not None:
        p.alignment = align
    _spacing(p, before, after)
    _font(p.add_run(text), font, size, bold)
    return p


def _field(paragraph, code: str, size: float) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when the page is laid out."""
    run = paragraph.add_run()
    _font(run, BODY_FONT, size)
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._element.append(el)


def _page_numbers(section, size: float = 10.5) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, code in (("第 ", "PAGE"), (" 页　共 ", "NUMPAGES"), (" 页", None)):
        _font(p.add_run(text), BODY_FONT, size)
        if code:
            _field(p, code, size)


def _running_head(section, text: str) -> None:
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(p.add_run(text), BODY_FONT, 9, colour=RGBColor(0x55, 0x55, 0x55))
    _bottom_border(p, "999999", 4)


def _bottom_border(paragraph, colour: str, size: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", colour)):
        bottom.set(qn(k), v)
    borders.append(bottom)
    ppr.append(borders)


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


def _cell_shading(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    for k, v in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shd.set(qn(k), v)
    cell._tc.get_or_add_tcPr().append(shd)


def _row_flag(row, tag: str) -> None:
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _is_number(text: str) -> bool:
    return str(text).replace(".", "", 1).isdigit()


# The table cells' paragraph styles: a cell names one instead of formatting its paragraph and run one by one
# (python-docx took ~2 s for the 6,600 cells of a large zone's dispatch that way; target 3 s in all).
TABLE_TEXT, TABLE_CENTRED, TABLE_HEAD = "DevZone 表格文字", "DevZone 表格居中", "DevZone 表头"


def _table_styles(doc) -> None:
    """仿宋 (黑体 in the header row) 五号, 1 pt before and after, single line; centred for the header, numbers and
    short values."""
    for name, font, centred in (
        (TABLE_TEXT, BODY_FONT, False),
        (TABLE_CENTRED, BODY_FONT, True),
        (TABLE_HEAD, TITLE_FONT, True),
    ):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.name = LATIN
        style.font.size = Pt(TABLE_PT)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        fmt = style.paragraph_format
        fmt.space_before = fmt.space_after = Pt(1)
        fmt.line_spacing = 1.0
        if centred:
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _table(doc, columns: list[str], rows: list[list[str]]) -> None:
    # by the styles' ids, set on the paragraph's XML: python-docx's ``paragraph.style = …`` searches every style
    # of the document for each cell
    text_style, centred, head_style = (
        doc.styles[n].style_id for n in (TABLE_TEXT, TABLE_CENTRED, TABLE_HEAD)
    )
    widths = column_widths(columns, rows)
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Cm(w)
    head = table.rows[0]
    _row_flag(head, "w:tblHeader")  # repeat the header row on every page
    _row_flag(head, "w:cantSplit")
    for cell, text, w in zip(head.cells, columns, widths, strict=True):
        cell.width = Cm(w)
        _cell_shading(cell, "E7E6E6")
        p = cell.paragraphs[0]
        p._p.style = head_style
        p.add_run(text)
    for row in rows:
        tr = table.add_row()
        _row_flag(tr, "w:cantSplit")
        for cell, text, w in zip(tr.cells, row, widths, strict=False):
            cell.width = Cm(w)
            p = cell.paragraphs[0]
            p._p.style = centred if _is_number(text) or display_width(text) <= 2 else text_style
            p.add_run(str(text))


def overview(content: dict) -> str:
    """The paragraph the meeting reads first: the portfolio by colour and each section's summary."""
    counts = content.get("status_counts") or {}
    total = sum(counts.values())
    parts = [
        f"全区重点项目{total}个，其中绿色（正常）{counts.get('green', 0)}个、黄色（滞后）{counts.get('yellow', 0)}个、"
        f"红色（严重滞后）{counts.get('red', 0)}个"
    ]
    parts += [s["summary"] for s in content["sections"] if s.get("summary")]
    return "。".join(parts) + "。"


def _week_label(content: dict) -> str:
    start = dt.date.fromisoformat(content["week_start"])
    year, week, _day = start.isocalendar()
    return f"{year}年第{week}周"


def render(content: dict) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_height, section.page_width = PAGE_HEIGHT, PAGE_WIDTH
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.3)
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance = section.footer_distance = Cm(1.2)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    _table_styles(doc)
    _running_head(section, f"{content.get('zone', '')}　重点项目周调度　{_week_label(content)}")
    _page_numbers(section)

    _para(doc, content["title"], font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    start = dt.date.fromisoformat(content["week_start"])
    end = start + dt.timedelta(days=6)
    span = f"{start.year}年{start.month}月{start.day}日—" + (
        f"{end.year}年" if end.year != start.year else ""
    )
    span += f"{end.month}月{end.day}日"
    _para(doc, f"（{span}）", font=SUBTITLE_FONT, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    issued = dt.date.fromisoformat(content["on"])
    line = _para(
        doc,
        f"{content.get('zone', '')}　　{issued.year}年{issued.month}月{issued.day}日",
        size=12,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        before=6,
        after=10,
    )
    _bottom_border(line, "C00000", 12)  # the red rule under the heading

    _para(doc, "总体情况", font=TITLE_FONT, size=16, before=6, after=4)
    p = _para(doc, overview(content), size=14, after=6)
    p.paragraph_format.first_line_indent = Pt(28)
    for s in content["sections"]:
        _para(doc, s["title"], font=TITLE_FONT, size=16, before=10, after=2, keep=True)
        if s.get("summary"):
            _para(doc, s["summary"], size=12, after=4, keep=bool(s["rows"]))
        if s["rows"]:
            _table(doc, s["columns"], s["rows"])
        else:
            _para(doc, "本期无。", size=14)
        if s.get("details"):
            _para(doc, s.get("details_title", ""), font=TITLE_FONT, size=12, before=8, after=4, keep=True)
            _table(doc, s["details_columns"], s["details"])
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
