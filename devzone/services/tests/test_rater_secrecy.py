"""The enterprise behind a rating is kept from the person rated and from other staff (docs/services.md,
Confidentiality): the rating page hides it, and the pages that name the enterprise — the request page, the
enterprise file and its API — no longer give the level of its rating beside the name, nor a link to the rating
(each test failed before its fix)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["officer", "clerk"])  # the person rated; a member of staff of another desk
def test_it_keeps_the_level_off_the_request_page_that_names_the_enterprise(client_for, side_a, who):
    rating = side_a.rating(level=1, comment="拖了一个月")
    name = side_a.enterprise.name
    c = client_for(getattr(side_a, who))
    page = c.get(reverse("services:rating_detail", args=[rating.pk])).content.decode()
    assert name not in page  # the rating page keeps the rater secret ...
    link = reverse("services:request_detail", args=[rating.request_id])
    assert link not in page  # ... and offers no 查看诉求 (test_rating_links_secrecy.py)
    shown = c.get(link).content.decode()  # the request found another way (the request list)
    assert name in shown  # the request is the enterprise's: its page names it ...
    assert (
        "非常不满意" not in shown
    )  # ... not how it was rated, nor that it was (test_rated_request_status.py)
    assert "data-withheld" not in shown and "data-rating" not in shown and 'data-status="closed"' in shown
    assert rating.get_absolute_url() not in shown  # no link joining the two


@pytest.mark.parametrize("who", ["leader", "company"])
def test_it_shows_the_level_on_the_request_page_to_who_may_know_the_enterprise(client_for, side_a, who):
    rating = side_a.rating(level=1, comment="拖了一个月")
    shown = client_for(getattr(side_a, who)).get(rating.request.get_absolute_url()).content.decode()
    assert "非常不满意" in shown and rating.get_absolute_url() in shown and "data-withheld" not in shown


def test_it_keeps_the_levels_off_the_enterprise_file_for_the_person_rated(client_for, side_a):
    rating = side_a.rating(level=1, comment="拖了一个月")
    file_url = reverse("services:enterprise_file", args=[side_a.enterprise.pk])
    api_url = f"/api/v1/services/enterprises/{side_a.enterprise.pk}/file"
    officer = client_for(side_a.officer)
    page = officer.get(file_url).content.decode()
    assert side_a.enterprise.name in page  # the file names the enterprise ...
    assert "非常不满意" not in page and rating.get_absolute_url() not in page  # ... not how, nor a way to it
    assert "data-withheld" not in page  # nor that it holds a rating at all (review C)
    answer = officer.get(api_url).json()
    assert answer["name"] == side_a.enterprise.name
    assert answer["ratings"] == [] and "ratings_withheld" not in answer
    assert "拖了一个月" not in str(answer)
    # the zone's leader, who decides appeals, reads the file in full
    leader = client_for(side_a.leader)
    page = leader.get(file_url).content.decode()
    assert "非常不满意" in page and rating.get_absolute_url() in page
    answer = leader.get(api_url).json()
    assert [r["id"] for r in answer["ratings"]] == [rating.pk]
    assert answer["ratings"][0]["level"] == 1
