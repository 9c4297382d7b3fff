"""Uploads are typed by content and stored under a generated name: a "report.html" that is really a JPEG is
kept as a .jpg with a random name and served as an image, never as HTML; a deleted photo leaves the disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from devzone.testing.projects import TODAY, jpeg, key, visit

pytestmark = pytest.mark.django_db


def test_a_disguised_upload_is_stored_under_a_generated_name_and_served_as_what_it_is(
    a, client_for, django_capture_on_commit_callbacks
):
    key(a, on=TODAY)
    recorded = visit(
        a, people_met="项目经理", findings="走访", on=None, photos=[("../../report.html", jpeg())]
    )
    photo = recorded.photos.get()
    stored = Path(photo.image.name)
    assert stored.suffix == ".jpg" and "report" not in stored.name and ".." not in photo.image.name
    assert photo.original_name == "report.html.jpg"
    resp = client_for(a.agent).get(reverse("projects:visit_photo", args=[photo.pk]))
    assert resp.status_code == 200 and resp["Content-Type"] == "image/jpeg"
    assert resp["X-Content-Type-Options"] == "nosniff"
    path = Path(photo.image.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert not path.exists()  # the file follows its row
