"""The weekly dispatch as a Word document (python-docx), ready to print: A4, Chinese fonts set through the East
Asian font attribute (w:eastAsia), tables with a header row."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

BODY_FONT = "仿宋"
TITLE_FONT = "黑体"
LATIN = "Times New Roman"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = LATIN
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _para(doc, text: str, *, font=BODY_FONT, size=14.0, bold=False, center=False):
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(text), font, size, bold)
    return p


def _table(doc, columns: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), TITLE_FONT, 10.5, True)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=False):
            _font(cell.paragraphs[0].add_run(str(text)), BODY_FONT, 10.5)


def render(content: dict) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    _para(doc, content["title"], font=TITLE_FONT, size=20, bold=True, center=True)
    _para(doc, content["subtitle"], size=12, center=True)
    for s in content["sections"]:
        _para(doc, s["title"], font=TITLE_FONT, size=15, bold=True)
        _para(doc, s.get("summary", ""), size=12)
        if s["rows"]:
            _table(doc, s["columns"], s["rows"])
        else:
            _para(doc, "无。", size=12)
        if s.get("details"):
            _para(doc, s.get("details_title", ""), size=12, bold=True)
            _table(doc, s["details_columns"], s["details"])
    _para(doc, content.get("footer", ""), size=10.5)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
