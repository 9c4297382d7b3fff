"""A visit photo whose stored file is gone (lost with the media volume, a restore without the media, removed by
hand) answers a 404 page in the reader's language that sends them to the administrator, and an error in the log
naming the file and its row (``core.files.download``), instead of a 500."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from devzone.testing.projects import TODAY, jpeg, key, visit

pytestmark = pytest.mark.django_db
GONE = "文件不存在或已被移除，请联系管理员。"


def test_a_visit_photo_gone_from_storage_answers_404_and_tells_the_operator(a, client_for, caplog):
    key(a, on=TODAY)
    photo = visit(
        a, people_met="项目经理", findings="走访", on=None, photos=[("现场.jpg", jpeg())]
    ).photos.get()
    url = reverse("projects:visit_photo", args=[photo.pk])
    shown = client_for(a.agent).get(url)
    assert shown.status_code == 200 and b"".join(shown.streaming_content) == jpeg()
    assert not shown["Content-Disposition"].startswith("attachment")  # still shown inline in the visit page
    photo.image.storage.delete(photo.image.name)
    with caplog.at_level(logging.ERROR, logger="devzone.files"):
        r = client_for(a.agent).get(url)
    assert r.status_code == 404 and GONE in r.content.decode()
    errors = [rec.getMessage() for rec in caplog.records if rec.name == "devzone.files"]
    assert (
        len(errors) == 1 and photo.image.name in errors[0] and f"projects.VisitPhoto {photo.pk}" in errors[0]
    )
