"""A rating is anonymous to staff who may read ratings but not know the enterprise behind them (a reviewer, a
window clerk, the person rated — ``selectors.may_see_enterprise``): the rating's page and the API give them no way to
the application, request or project rated, whose pages name the enterprise (查看办件 / 查看诉求 and the ids), so the
level they read there cannot be tied to the enterprise those pages name. Who may know the enterprise keeps the
links and the ids (docs/services.md, Confidentiality)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.services.services import ratings as rating_svc
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db


def _rated(side, kind: str):
    """A bad rating of an answered request, or of a concluded approval file, given by the side's enterprise."""
    if kind == "request":
        return side.rating(level=1, comment="拖了一个月")
    app = side.application()
    return rating_svc.rate(actor=side.company, kind="application", pk=app.pk, level=1, comment="拖了一个月")


def _subject_pages(rating) -> list[str]:
    """The pages of what was rated: they name the enterprise."""
    pages = [reverse("services:enterprise_file", args=[rating.enterprise_id])]
    if rating.application_id:
        pages.append(reverse("approvals:application_detail", args=[rating.application_id]))
    if rating.request_id:
        pages.append(reverse("services:request_detail", args=[rating.request_id]))
    return pages


def _row_links(html: str) -> set[str]:
    """The links of a page to a row's page (a number in the path): the menus and lists of the frame aside."""
    return {href for href in re.findall(r'href="([^"#?]+)', html) if re.search(r"/\d+/", href)}


def _other_reviewer(side):
    """A reviewer of the zone who reviewed nothing of the enterprise's: not the person rated."""
    return f.user_with_role(Role.REVIEWER, zone=side.zone, user__username=f"sv_{side.mark}_rev2")


@pytest.mark.parametrize("kind", ["request", "application"])
@pytest.mark.parametrize("who", ["reviewer", "other_reviewer", "clerk"])
def test_it_gives_a_reviewer_no_way_from_a_rating_to_its_enterprise(client_for, side_a, kind, who):
    rating = _rated(side_a, kind)
    user = _other_reviewer(side_a) if who == "other_reviewer" else getattr(side_a, who)
    c = client_for(user)
    name = side_a.enterprise.name
    listing = c.get(reverse("services:rating_list")).content.decode()
    page = c.get(rating.get_absolute_url()).content.decode()
    assert (
        rating.get_absolute_url() in listing and "非常不满意" in page
    )  # the rating and its level are readable
    assert name not in listing and name not in page
    for subject in _subject_pages(rating):  # ... but neither page leads to what was rated
        assert subject not in listing and subject not in page
    # every row page the rating's page links to (its follow-up, …) keeps the enterprise unnamed
    for href in _row_links(page) - {rating.get_absolute_url()}:
        assert name not in c.get(href).content.decode(), href
    # nor does the API give the ids of the file, the request or the project
    for answer in (
        c.get(f"/api/v1/services/ratings/{rating.pk}").json(),
        *c.get("/api/v1/services/ratings").json()["items"],
    ):
        assert answer["id"] == rating.pk and answer["level"] == 1
        assert (answer["application"], answer["request"], answer["project"]) == (None, None, None)
        assert (answer["enterprise"], answer["enterprise_name"]) == (None, None)


def test_a_reviewer_who_finds_the_file_reads_no_level_beside_the_enterprise(client_for, side_a):
    """The other way round: the file's page names the enterprise and says only 已评价 (approvals.hooks)."""
    rating = _rated(side_a, "application")
    page = client_for(_other_reviewer(side_a)).get(_subject_pages(rating)[1]).content.decode()
    assert side_a.enterprise.name in page
    assert "非常不满意" not in page and rating.get_absolute_url() not in page


@pytest.mark.parametrize(
    ("kind", "who"),
    [
        ("request", "leader"),
        ("application", "leader"),
        ("request", "head"),  # the head of the rated department, who calls the enterprise back
        ("request", "company"),  # the rater
        ("application", "company"),
    ],
)
def test_it_keeps_the_way_to_the_rated_service_for_who_may_know_the_enterprise(client_for, side_a, kind, who):
    rating = _rated(side_a, kind)  # a bad rating: its follow-up is the head's to call back
    c = client_for(getattr(side_a, who))
    page = c.get(rating.get_absolute_url()).content.decode()
    subject = _subject_pages(rating)[1]
    assert subject in page and ("查看办件" if kind == "application" else "查看诉求") in page
    answer = c.get(f"/api/v1/services/ratings/{rating.pk}").json()
    assert (answer["application"], answer["request"]) == (rating.application_id, rating.request_id)
    assert answer["enterprise"] == side_a.enterprise.pk
    listed = {r["id"]: r for r in c.get("/api/v1/services/ratings").json()["items"]}
    assert (listed[rating.pk]["application"], listed[rating.pk]["request"]) == (
        rating.application_id,
        rating.request_id,
    )
