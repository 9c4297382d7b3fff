"""The reform bulletin (改革简报) to print: a Word document (python-docx; Chinese fonts through the East Asian
attribute w:eastAsia, 黑体 for headings and 仿宋 for text) and a PDF (WeasyPrint from the page's print template,
Noto Sans CJK embedded as subsets, as the approvals' certificates). Both list the same figures as the page."""

from __future__ import annotations

import hashlib
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core.templatetags.devzone import show
from devzone.core.wordprint import BODY_FONT, TITLE_FONT, printable
from devzone.core.wordprint import font as _font
from devzone.oversight.selectors import differs, printed_sources, value_text


def _cell(cell, text: str, size: float = 10.5, bold: bool = False) -> None:
    cell.text = ""
    _font(cell.paragraphs[0].add_run(printable(text)), BODY_FONT, size, bold)


def docx_bytes(*, city, sections, base_url: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    doc = Document()
    s = doc.sections[0]
    s.page_width, s.page_height = Cm(21.0), Cm(29.7)
    s.left_margin = s.right_margin = Cm(2.2)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(_("%(name)s开发区改革简报") % {"name": city.name}), TITLE_FONT, 22, True)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(
        sub.add_run(
            # the page's and the PDF's date form (2026年12月7日 12:34, Beijing time), never ISO
            _("由平台数据实时计算 · 生成于%(at)s") % {"at": show(timezone.now())}
        ),
        BODY_FONT,
        12,
    )
    headers = [_("指标"), _("计算值"), _("报道数"), _("统计期间"), _("计算口径")]
    for section in sections:
        _font(doc.add_paragraph().add_run(section.title), TITLE_FONT, 15, True)
        table = doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            _cell(cell, str(text), bold=True)
        for f in section.figures:
            cells = table.add_row().cells
            _cell(cells[0], str(f.label))
            _cell(cells[1], value_text(f), bold=True)
            _cell(cells[2], str(f.reported) if differs(f) else "")
            _cell(cells[3], str(f.period))
            _cell(cells[4], str(f.rule) + (f"\n{base_url}{f.url}" if f.url else ""), size=9)
    note = doc.add_paragraph()
    _font(
        note.add_run(_("“数据缺失”表示平台中尚无计算该数字所需的数据；报道数仅在与计算值不同时列出。")),
        BODY_FONT,
        10,
    )
    sources = printed_sources(city, sections)
    if sources:
        _font(
            doc.add_paragraph().add_run(_("报道数出处：%(sources)s") % {"sources": "；".join(sources)}),
            BODY_FONT,
            10,
        )
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


# A PDF is drawn again only when what it prints changed: WeasyPrint takes ~300 ms for the bulletin (styling, layout,
# the CJK font's subset; docs/benchmark.md), the page's figures ~30 ms. The key is the printed page itself, drawn
# without its time of generation, so any changed figure, rule, source, language or link makes a new PDF, and an
# unchanged bulletin is served as generated (its 生成于 says when). In the shared cache, so every web worker
# serves the one drawing; a day at most.
PDF_CACHE, PDF_SECONDS = "shared", 24 * 3600


def pdf_drawing(*, city, sections, base_url: str) -> tuple[dict, str]:
    """The print template's context and the key of its drawing in the cache (the page without its time)."""
    context = {
        "city": city,
        "sections": [(s, [(f, value_text(f), differs(f)) for f in s.figures]) for s in sections],
        "sources": printed_sources(city, sections),
        "base_url": base_url,
    }
    printed = render_to_string("oversight/bulletin_print.html", {**context, "now": None})
    return context, "oversight-bulletin-pdf-" + hashlib.sha256(printed.encode()).hexdigest()


def pdf_bytes(*, city, sections, base_url: str) -> bytes:
    from django.core.cache import caches
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    context, key = pdf_drawing(city=city, sections=sections, base_url=base_url)
    cache = caches[PDF_CACHE]
    if (pdf := cache.get(key)) is not None:
        return pdf
    html = render_to_string("oversight/bulletin_print.html", {**context, "now": timezone.localtime()})
    pdf = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
    cache.set(key, pdf, PDF_SECONDS)
    return pdf
