"""Printed papers in Word (python-docx), set as Chinese official documents are: 黑体 for headings, 仿宋 for text,
the Chinese font given through the East Asian font attribute (w:eastAsia) beside a Latin one; tables in 五号
whose header row repeats on every page and whose rows never split. The weekly dispatch (projects), the yearly
刚性淘汰 report (personnel) and the reform bulletin (oversight) are written with it.

A table's cells name a paragraph style (``TABLE_TEXT``, ``TABLE_CENTRED``, ``TABLE_HEAD``, made by ``document``)
instead of formatting each cell's paragraph and run: python-docx took 2.3 s to write the 6,600 cells of a large
zone's dispatch that way, 1.2 s by style."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from devzone.core.errors import CONTROL_CHARACTER

BODY_FONT = "仿宋"
TITLE_FONT = "黑体"
SUBTITLE_FONT = "楷体"
LATIN = "Times New Roman"
TABLE_PT = 10.5  # 五号
TABLE_TEXT, TABLE_CENTRED, TABLE_HEAD = "DevZone 表格文字", "DevZone 表格居中", "DevZone 表头"


def document(*, size: float = 14.0):
    """A new document whose text is 仿宋 at ``size`` points, with the table styles."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = Pt(size)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    for name, face, centred in (
        (TABLE_TEXT, BODY_FONT, False),
        (TABLE_CENTRED, BODY_FONT, True),
        (TABLE_HEAD, TITLE_FONT, True),
    ):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.name = LATIN
        style.font.size = Pt(TABLE_PT)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), face)
        spacing(style, 1, 1, 1.0)
        if centred:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return doc


def font(run, name: str, size: float, bold: bool = False, colour: RGBColor | None = None) -> None:
    run.font.name = LATIN
    run.font.size = Pt(size)
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def spacing(p, before: float = 0, after: float = 0, line: float | None = None) -> None:
    """Space before and after a paragraph (or a paragraph style), in points; ``line``: its line spacing."""
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line is not None:
        fmt.line_spacing = line


def printable(text) -> str:
    """``text`` as a Word document can hold it: without the control characters XML 1.0 refuses (python-docx
    raises on them, which made a whole report answer 500). New text refuses them (``errors.clean_text``); a text
    saved before is printed without."""
    return CONTROL_CHARACTER.sub("", str(text))


def para(doc, text: str, *, face=BODY_FONT, size=14.0, bold=False, align=None, before=0, after=0, keep=False):
    """A paragraph of ``text``; ``keep``: on the page of what follows (a heading with its table)."""
    p = doc.add_paragraph()
    p.paragraph_format.keep_with_next = keep
    if align is not None:
        p.alignment = align
    spacing(p, before, after)
    font(p.add_run(printable(text)), face, size, bold)
    return p


# What follows a paragraph's borders in its properties (ECMA-376 CT_PPrBase): Word rejects them out of order.
AFTER_BORDERS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def bottom_border(paragraph, colour: str, size: int) -> None:
    """A rule under the paragraph (``size`` in eighths of a point), in its place among the paragraph's
    properties (before its spacing and alignment)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", colour)):
        bottom.set(qn(k), v)
    borders.append(bottom)
    ppr.insert_element_before(borders, *AFTER_BORDERS)


def page_numbers(section, size: float = 10.5) -> None:
    """第 X 页　共 Y 页 (Page X of Y: the active language's words) in the footer, X and Y as fields Word and
    LibreOffice fill in when they lay the pages out."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    words = _("第 %(page)s 页　共 %(pages)s 页")
    for piece in re.split(r"(%\(page\)s|%\(pages\)s)", words):
        if piece in ("%(page)s", "%(pages)s"):
            _field(p, "PAGE" if piece == "%(page)s" else "NUMPAGES", size)
        elif piece:
            font(p.add_run(piece), BODY_FONT, size)


def _field(paragraph, code: str, size: float) -> None:
    run = paragraph.add_run()
    font(run, BODY_FONT, size)
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


def table(doc, header: list[str], rows: list[list], widths, *, shade: str | None = None, centred=None):
    """A table of ``rows`` under ``header`` (its cells as text), columns ``widths`` (docx lengths) wide: the header
    row in 黑体 (``shade``: its fill, e.g. ``E7E6E6``) repeated on every page, no row split across pages. A cell
    for which ``centred(text)`` is true is centred."""
    # styles set by id on each paragraph's XML: python-docx's ``paragraph.style = …`` searches every style of
    # the document for each cell
    text_id, centred_id, head_id = (doc.styles[n].style_id for n in (TABLE_TEXT, TABLE_CENTRED, TABLE_HEAD))
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    t.autofit = False  # the widths given, not an even split (Word and LibreOffice read the cells' widths)
    for column, w in zip(t.columns, widths, strict=True):
        column.width = w
    head = t.rows[0]
    _row_flag(head, "w:tblHeader")
    _row_flag(head, "w:cantSplit")
    for cell, text, w in zip(head.cells, header, widths, strict=True):
        cell.width = w
        if shade:
            _shading(cell, shade)
        p = cell.paragraphs[0]
        p._p.style = head_id
        p.add_run(printable(text))
    for values in rows:
        row = t.add_row()
        _row_flag(row, "w:cantSplit")
        for cell, text, w in zip(row.cells, values, widths, strict=True):
            cell.width = w
            p = cell.paragraphs[0]
            p._p.style = centred_id if centred is not None and centred(text) else text_id
            p.add_run(printable(text))
    return t


def _row_flag(row, tag: str) -> None:
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _shading(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    for k, v in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shd.set(qn(k), v)
    cell._tc.get_or_add_tcPr().append(shd)
