"""A request's attachment whose stored file is gone (lost with the media volume, a restore without the media,
removed by hand) answers a 404 page in the reader's language that sends them to the administrator, and an error
in the log naming the file and its row (``core.files.download``), instead of a 500."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from devzone.testing.approvals import PDF

pytestmark = pytest.mark.django_db
GONE = "文件不存在或已被移除，请联系管理员。"


def test_an_attachment_gone_from_storage_answers_404_and_tells_the_operator(client_for, side_a, caplog):
    att = side_a.attachment()
    url = reverse("services:attachment_download", args=[att.pk])
    sent = client_for(side_a.head).get(url)
    assert sent.status_code == 200 and sent["Content-Disposition"].startswith("attachment")
    assert b"".join(sent.streaming_content) == PDF
    att.file.storage.delete(att.file.name)
    with caplog.at_level(logging.ERROR, logger="devzone.files"):
        for who in (side_a.head, side_a.company):
            r = client_for(who).get(url)
            assert r.status_code == 404 and GONE in r.content.decode()
    errors = [rec.getMessage() for rec in caplog.records if rec.name == "devzone.files"]
    assert (
        len(errors) == 2
        and att.file.name in errors[0]
        and f"services.RequestAttachment {att.pk}" in errors[0]
    )
