"""core.files._pdf_is_active once walked ``range(1, trailer /Size)``: a 400-byte PDF whose trailer claims a huge
/Size keeps the worker busy for minutes to hours (and floods the log with pypdf's "Object N 0 not defined")."""

from __future__ import annotations

import io
import re
import signal

import pytest
from pypdf import PdfWriter

from devzone.core.errors import DomainError
from devzone.core.files import DOCUMENTS, check_upload


def pdf_claiming_size(size: int) -> bytes:
    w = PdfWriter()
    w.add_blank_page(100, 100)
    buf = io.BytesIO()
    w.write(buf)
    return re.sub(rb"/Size (\d+)", b"/Size %d" % size, buf.getvalue())


class TookTooLong(BaseException):  # not Exception: _pdf_is_active swallows those
    pass


def _alarm(signum, frame):
    raise TookTooLong


def test_a_tiny_pdf_claiming_a_huge_object_count_is_answered_at_once():
    data = pdf_claiming_size(2_000_000)
    assert len(data) < 1000  # any enterprise user may upload this as an application's material
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, 5)
    try:
        try:
            check_upload("申请书.pdf", data, kinds=DOCUMENTS)
        except DomainError:
            pass  # refused with a reason: fine
    except TookTooLong:
        pytest.fail("check_upload still busy after 5 s on a 400-byte PDF (trailer /Size 2,000,000)")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_a_pdf_claiming_more_objects_than_it_has_bytes_is_refused_with_a_reason(caplog):
    data = pdf_claiming_size(2_000_000)
    with caplog.at_level("WARNING"), pytest.raises(DomainError) as e:
        check_upload("申请书.pdf", data, kinds=DOCUMENTS)
    assert "申请书.pdf" in e.value.message and "对象数量" in e.value.message
    assert not [r for r in caplog.records if r.name.startswith("pypdf")], "pypdf's warnings flood the log"


def test_an_honest_pdf_still_passes_and_pypdfs_log_level_is_restored():
    import logging

    before = logging.getLogger("pypdf").level
    checked = check_upload("申请书.pdf", pdf_claiming_size(4), kinds=DOCUMENTS)  # /Size 4 is its real count
    assert checked.content_type == "application/pdf"
    assert logging.getLogger("pypdf").level == before
