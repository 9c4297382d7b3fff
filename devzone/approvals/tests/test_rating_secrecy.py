"""The file's page names the enterprise, so a rating of the file is read in full there — its level, the
enterprise's comment, a link to the rating — only by who may know the enterprise behind it (docs/services.md,
Confidentiality): never the reviewer rated, nor other staff; the zone's leader and the enterprise itself do.
The page showed the level and the comment to every reader, the reviewer rated included (failed before the fix)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.approvals import hooks
from devzone.services.services import ratings as rating_svc
from devzone.testing.services import A_MARK, build_side

pytestmark = pytest.mark.django_db

COMMENT = "材料反复退回，拖了一个月"


@pytest.fixture
def side(zone_a, zone_a_leader):
    return build_side(zone_a, A_MARK, zone_a_leader)


@pytest.fixture
def rated(side):
    """A concluded file the enterprise rated 非常不满意, with a comment; its reviewer is the person rated."""
    app = side.application()
    rating = rating_svc.rate(actor=side.company, kind="application", pk=app.pk, level=1, comment=COMMENT)
    assert rating.served_by_id == side.reviewer.pk
    return app, rating


def page(client, app) -> str:
    response = client.get(reverse("approvals:application_detail", args=[app.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["reviewer", "clerk"])  # the person rated; staff of the window
def test_the_file_page_keeps_the_level_from_who_may_not_know_the_enterprise(client_for, side, rated, who):
    app, rating = rated
    shown = page(client_for(getattr(side, who)), app)
    assert side.enterprise.name in shown  # the page names the enterprise ...
    # ... and says nothing of its rating, not even that there is one: of two like files of one reviewer, the one
    # marked 已评价 would name the enterprise that rated
    assert "data-rating" not in shown and "已评价" not in shown
    assert "非常不满意" not in shown and COMMENT not in shown
    assert reverse("services:rating_detail", args=[rating.pk]) not in shown  # no link joining the two


@pytest.mark.parametrize("who", ["leader", "company"])  # decides appeals; the enterprise, its own rating
def test_the_file_page_shows_the_rating_to_who_may_know_the_enterprise(client_for, side, rated, who):
    app, rating = rated
    shown = page(client_for(getattr(side, who)), app)
    assert "非常不满意" in shown and COMMENT in shown and "data-rating" in shown
    assert reverse("services:rating_detail", args=[rating.pk]) in shown


def test_no_rule_registered_shows_no_level(client_for, side, rated, monkeypatch):
    """Whose the rule is, is the rating module's (approvals never imports it): with nobody answering, the page
    withholds the level from everyone rather than show it to all."""
    app, _rating = rated
    monkeypatch.setattr(hooks, "RATING_READERS", [])
    shown = page(client_for(side.leader), app)
    assert "非常不满意" not in shown and COMMENT not in shown and "data-rating" not in shown


def test_the_file_api_gives_no_rating(client_for, side, rated):
    """The API's file (``application_get``) names the enterprise and carries nothing of the rating; a reader
    who may know the enterprise reads the rating through the services API."""
    app, _rating = rated
    answer = client_for(side.reviewer).get(f"/api/v1/approvals/applications/{app.pk}").json()
    assert answer["enterprise"] == side.enterprise.pk
    assert COMMENT not in str(answer) and "rating" not in str(answer)
