"""A printed document's footer numbers its pages in the words of the language it is drawn in: a Word dispatch
drawn for a reader in English ended every page with 第 X 页　共 Y 页."""

from django.utils import translation
from docx import Document

from devzone.core.wordprint import page_numbers


def footer_of(language: str) -> tuple[str, list[str]]:
    doc = Document()
    with translation.override(language):
        page_numbers(doc.sections[0])
    paragraph = doc.sections[0].footer.paragraphs[0]
    xml = paragraph._p.xml
    fields = [code for code in ("PAGE", "NUMPAGES") if f" {code} " in xml]
    return paragraph.text, fields


def test_the_footer_reads_page_x_of_y_in_english():
    text, fields = footer_of("en")
    assert text.startswith("Page ") and " of " in text
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in text)
    assert fields == ["PAGE", "NUMPAGES"]


def test_the_footer_reads_chinese_in_chinese():
    text, fields = footer_of("zh-hans")
    assert text.startswith("第 ") and "页　共 " in text and text.endswith(" 页")
    assert fields == ["PAGE", "NUMPAGES"]
