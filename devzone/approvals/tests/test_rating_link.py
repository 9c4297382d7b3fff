"""The file's page offers the enterprise "去评价" (好差评) only while the rating service would take the rating:
its own concluded file, not rated yet, within the rating period. The link was shown by the file's status alone,
so a file concluded before the period led to a form that refused the rating."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.approvals.models import Application
from devzone.core.errors import DomainError
from devzone.services.services import ratings as rating_svc
from devzone.testing.services import A_MARK, build_side

pytestmark = pytest.mark.django_db


@pytest.fixture
def side(zone_a, zone_a_leader):
    return build_side(zone_a, A_MARK, zone_a_leader)


def rate_url(app) -> str:
    return reverse("services:rate", args=["application", app.pk])


def page(client, app) -> str:
    response = client.get(reverse("approvals:application_detail", args=[app.pk]))
    assert response.status_code == 200
    return response.content.decode()


def concluded_days_ago(app, days: int):
    """The file as it stands when it concluded ``days`` ago (a file of the zone's history)."""
    Application.objects.filter(pk=app.pk).update(concluded_on=timezone.localdate() - dt.timedelta(days=days))
    return Application.objects.get(pk=app.pk)


def test_a_file_past_the_rating_period_offers_no_rating(client_for, side):
    c = client_for(side.company)
    late = concluded_days_ago(side.application(), rating_svc.RATING_WINDOW_DAYS + 1)
    with pytest.raises(DomainError, match="超过评价期限"):  # what the link would lead to
        rating_svc.rate(actor=side.company, kind="application", pk=late.pk, level=5)
    shown = page(c, late)
    assert rate_url(late) not in shown and 'data-action="rate"' not in shown and "去评价" not in shown
    # the last day of the period still offers it, and the rating is taken
    last_day = concluded_days_ago(side.application(), rating_svc.RATING_WINDOW_DAYS)
    assert rate_url(last_day) in page(c, last_day)
    rating_svc.rate(actor=side.company, kind="application", pk=last_day.pk, level=5)


def test_a_rated_file_shows_its_rating_and_no_rating_link(client_for, side):
    c = client_for(side.company)
    app = side.application()
    assert rate_url(app) in page(c, app)
    rating = rating_svc.rate(
        actor=side.company, kind="application", pk=app.pk, level=2, comment="材料反复退回"
    )
    shown = page(c, app)
    assert rate_url(app) not in shown and "去评价" not in shown
    assert reverse("services:rating_detail", args=[rating.pk]) in shown


def test_only_the_enterprise_is_offered_the_rating_of_a_concluded_file(client_for, side):
    app = side.application()
    for staff in (side.clerk, side.reviewer, side.leader):
        assert "去评价" not in page(client_for(staff), app)
    in_review = side.application(granted=False)  # not concluded: nothing to rate yet
    assert "去评价" not in page(client_for(side.company), in_review)
