"""The automatic rating's comment (逾期未评价，系统默认基本满意) is the system's own words, stored in Chinese: the
file's page reads it in the reader's language, as the rating module's own pages and API do
(``Rating.shown_comment``, told to approvals through ``approvals.hooks.rating_comment``); an enterprise's comment
reads as typed. The page showed the stored Chinese to an English reader (failed before the fix)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from devzone.approvals import hooks
from devzone.services.models import Rating
from devzone.services.services import ratings as rating_svc
from devzone.testing.english import catalog_has
from devzone.testing.services import A_MARK, build_side

pytestmark = pytest.mark.django_db

AUTO = "逾期未评价，系统默认基本满意"
ENGLISH = {AUTO: "Not rated in time: rated Fairly satisfied by default"}


@pytest.fixture
def side(zone_a, zone_a_leader):
    return build_side(zone_a, A_MARK, zone_a_leader)


def _auto_rated(side):
    app = side.application()
    rating_svc.auto_rate_scan(app.concluded_on + dt.timedelta(days=60))
    rating = Rating.objects.get(application=app)
    assert rating.automatic and rating.comment == AUTO  # stored in Chinese
    return app


def _page(client, app) -> str:
    response = client.get(reverse("approvals:application_detail", args=[app.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["leader", "company"])  # who may read the rating in full
def test_the_automatic_comment_reads_in_english_on_the_file_page(client_for, side, who):
    catalog_has(ENGLISH)
    app = _auto_rated(side)
    client = client_for(getattr(side, who))
    client.cookies["devzone_language"] = "en"
    html = _page(client, app)
    assert "data-rating" in html and ENGLISH[AUTO] in html
    assert AUTO not in html
    assert AUTO in _page(client_for(getattr(side, who)), app)  # and in Chinese to a Chinese reader


def test_an_enterprises_comment_reads_as_typed_in_english(client_for, side):
    app = side.application()
    rating_svc.rate(actor=side.company, kind="application", pk=app.pk, level=1, comment=AUTO)
    client = client_for(side.leader)
    client.cookies["devzone_language"] = "en"
    assert AUTO in _page(client, app)  # typed by the enterprise: its own words, never translated


def test_with_no_module_answering_the_comment_reads_as_stored(client_for, side, monkeypatch):
    monkeypatch.setattr(hooks, "RATING_COMMENTS", [])
    app = _auto_rated(side)
    client = client_for(side.leader)
    client.cookies["devzone_language"] = "en"
    assert AUTO in _page(client, app)
