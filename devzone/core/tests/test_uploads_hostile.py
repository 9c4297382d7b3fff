"""Hostile uploads (issue 17): every module checks files through ``core.files.check_upload``, which refuses, with
the reason in the user's words, a PDF carrying active content, an image that is a decompression bomb and a Word
file that is a zip bomb, and still accepts the plain files people send."""

from __future__ import annotations

import struct
import zipfile
import zlib
from io import BytesIO

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from devzone.core.errors import DomainError
from devzone.core.files import DOCX, PDF, REPORTS, check_upload


def pdf(change=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if change:
        change(writer)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _link_running_script(writer):  # an annotation whose action is written inside it (a direct object)
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([]),
            NameObject("/A"): action,
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([link])


def _document_script(writer):  # the catalog's name tree of scripts, run when the document opens
    action = writer._add_object(
        DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
        )
    )
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("on-open"), action])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})


def _open_launches(writer):
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )


ACTIVE = {
    "document JavaScript": _document_script,
    "a link that runs a script": _link_running_script,
    "an open action that launches a program": _open_launches,
    "an attached file": lambda w: w.add_attachment("setup.exe", b"MZ\x90\x00"),
}


def test_a_plain_pdf_is_accepted():
    assert check_upload("申请书.pdf", pdf(), kinds=REPORTS).content_type == PDF


@pytest.mark.parametrize("change", ACTIVE.values(), ids=ACTIVE.keys())
def test_a_pdf_with_active_content_is_refused_with_the_reason(change):
    with pytest.raises(DomainError) as refused:
        check_upload("申请书.pdf", pdf(change), kinds=REPORTS)
    assert "含有脚本或嵌入内容" in refused.value.message and "申请书.pdf" in refused.value.message


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


def test_an_image_of_a_billion_pixels_is_refused_before_it_is_decoded():
    with pytest.raises(DomainError) as refused:
        check_upload("现场.png", _png_header(40_000, 40_000), kinds=REPORTS)  # 64 bytes that claim 1.6 Gpx
    assert "像素过多" in refused.value.message


def docx(document_bytes: int) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * document_bytes + b"</w:document>")
    return out.getvalue()


def test_a_word_file_that_expands_past_the_limit_is_refused_and_a_normal_one_accepted(settings):
    settings.DEVZONE_UPLOAD_MAX_EXPANDED_BYTES = 1024 * 1024
    assert check_upload("报告.docx", docx(10_000), kinds=REPORTS).content_type == DOCX
    bomb = docx(5 * 1024 * 1024)  # 5 MB of spaces in a few kilobytes
    assert len(bomb) < 20_000
    with pytest.raises(DomainError) as refused:
        check_upload("报告.docx", bomb, kinds=REPORTS)
    assert "解压后过大" in refused.value.message
