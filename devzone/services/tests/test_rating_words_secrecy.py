"""好差评 privacy (国办发〔2019〕51号: protect the evaluator's privacy; the department rectifies 差评): the enterprise's
comment on a rating — a 差评's reason, in its own words, naming its case and its people — and the rectification
(整改措施: what the department did about that enterprise's case) were shown to the member of staff who was rated,
on the rating's page, the list, the follow-up, the appeal and in the API, although every other way to the
enterprise is closed to them (docs/services.md, Confidentiality). Now they read the level and the outcome (the
follow-up's status, the call-back's day and lateness, the level the enterprise gave the rectification); the
enterprise, the leaders, the rated department's head and the follow-up's handler read the words. The tests failed
before the fix."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.services import selectors
from devzone.services.models import AUTO_COMMENT
from devzone.services.services import followups as follow_svc

pytestmark = pytest.mark.django_db
API = "/api/v1/services"
COMMENT = "窗口张某让我们王经理跑了三趟还故意刁难"
RECTIFICATION = "已约谈经办人，为王经理的企业重新办理增容"


def _bad_rating_rectified(side):
    rating = side.rating(1, COMMENT, "三号车间用电增容")
    side.call_back(rating, RECTIFICATION, "王经理", "企业表示认可")
    rating.refresh_from_db()
    return rating, rating.follow_up


def _pages(side, rating, follow) -> list[str]:
    appeal = follow_svc.appeal_file(actor=side.head, rating=rating, reason="误评")
    return [
        rating.get_absolute_url(),
        reverse("services:rating_list"),
        reverse("services:rating_list") + "?mine=true",
        follow.get_absolute_url(),
        reverse("services:followup_list"),
        appeal.get_absolute_url(),
    ]


@pytest.mark.parametrize("who", ["officer", "clerk"])  # the person rated; staff who may not know the rater
def test_the_person_rated_reads_the_level_and_the_outcome_not_the_enterprises_words(client_for, side_a, who):
    rating, follow = _bad_rating_rectified(side_a)
    assert rating.served_by == side_a.officer
    c = client_for(getattr(side_a, who))
    for url in _pages(side_a, rating, follow):
        page = c.get(url).content.decode()
        assert COMMENT[:20] not in page and RECTIFICATION not in page, url
    rating_page = c.get(rating.get_absolute_url()).content.decode()
    assert 'data-level="1"' in rating_page and "data-withheld" in rating_page  # the level; the words withheld
    follow_page = c.get(follow.get_absolute_url()).content.decode()
    assert 'data-status="called_back"' in follow_page and "data-rectification" in follow_page  # the outcome
    assert "data-withheld" in follow_page

    one = c.get(f"{API}/ratings/{rating.pk}").json()
    assert (one["level"], one["comment"]) == (1, None)
    assert [r["comment"] for r in c.get(f"{API}/ratings").json()["items"]] == [None]
    f = c.get(f"{API}/followups/{follow.pk}").json()
    assert (f["status"], f["rectification"], f["callback_on"] is not None) == ("called_back", None, True)
    assert [x["rectification"] for x in c.get(f"{API}/followups").json()["items"]] == [None]
    for url in (f"{API}/ratings", f"{API}/followups", f"{API}/requests"):
        body = c.get(url).content.decode()
        assert COMMENT not in body and RECTIFICATION not in body, url


@pytest.mark.parametrize("who", ["head", "leader", "company"])  # the handler (head); a leader; the enterprise
def test_who_handles_the_rectification_reads_the_comment_and_the_rectification(client_for, side_a, who):
    rating, follow = _bad_rating_rectified(side_a)
    c = client_for(getattr(side_a, who))
    assert COMMENT in c.get(rating.get_absolute_url()).content.decode()
    follow_page = c.get(follow.get_absolute_url()).content.decode()
    assert COMMENT in follow_page and RECTIFICATION in follow_page
    assert c.get(f"{API}/ratings/{rating.pk}").json()["comment"] == COMMENT
    assert c.get(f"{API}/followups/{follow.pk}").json()["rectification"] == RECTIFICATION
    if who != "company":
        assert COMMENT[:20] in c.get(reverse("services:rating_list")).content.decode()


def test_a_leader_who_was_rated_reads_no_words_of_their_rating(side_a):
    """The rule on the person rated wins over the role (``may_see_enterprise``): a leader who served reads no
    comment either; another leader deciding the appeal does."""
    rating, follow = _bad_rating_rectified(side_a)
    assert selectors.rating_comment(side_a.leader, rating) == COMMENT
    rating.served_by = side_a.leader
    assert selectors.rating_comment(side_a.leader, rating) is None
    assert not selectors.followup_words_shown(side_a.leader, follow)
    assert selectors.rating_comment(None, rating) is None  # no reader named: nobody


def test_the_automatic_comment_is_the_systems_and_reads_for_everyone(client_for, side_a):
    rating = side_a.rating(3)  # no comment
    rating.comment, rating.automatic = AUTO_COMMENT, True
    rating.save(update_fields=["comment", "automatic"])
    assert selectors.rating_comment(side_a.officer, rating) == AUTO_COMMENT
    assert client_for(side_a.officer).get(f"{API}/ratings/{rating.pk}").json()["comment"] == AUTO_COMMENT
