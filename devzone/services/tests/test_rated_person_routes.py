"""Four routes by which the person rated learned which enterprise rated them (review C; docs/services.md,
Confidentiality), each closed: the rate page of a service they find by its id showed its rating; a request
rating's item (诉求：<title>) found the request, and its enterprise, through the lists' searches; the enterprise
file listed the rating (已评价) under the enterprise's name; the follow-up printed whom the handler called back.
Who may know the enterprise keeps all of it. Each test failed before its fix."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.core.models import Notification
from devzone.services.services import followups as follow_svc
from devzone.services.services import ratings as rating_svc
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1/services"


def _rated_service(side, kind: str):
    """A service of ``kind`` rated 非常不满意 by the side's enterprise, the service and the person it rates."""
    if kind == "application":
        subject, rated = side.application(), side.reviewer
    else:
        subject, rated = side.request("answered", title="三号车间用电增容"), side.officer
    rating = rating_svc.rate(actor=side.company, kind=kind, pk=subject.pk, level=1, comment="故意刁难")
    assert rating.served_by_id == rated.pk
    return subject, rated, rating


@pytest.mark.parametrize("kind", ["application", "request"])
def test_the_rate_page_gives_the_person_rated_nothing_of_the_rating(client_for, side_a, kind):
    subject, rated, rating = _rated_service(side_a, kind)
    url = reverse("services:rate", args=[kind, subject.pk])
    page = client_for(rated).get(url).content.decode()
    assert "非常不满意" not in page and rating.get_absolute_url() not in page and "故意刁难" not in page
    assert "该服务已评价" not in page  # not even that it was rated: as an unrated service reads
    if kind == "application":  # the same reviewer's other file, not rated: the two pages read alike
        other = side_a.application()
        quiet = client_for(rated).get(reverse("services:rate", args=[kind, other.pk])).content.decode()
        assert "该服务已评价" not in quiet and "只有接受服务的企业可以评价" in quiet
    assert "只有接受服务的企业可以评价" in page
    for who in ("company", "leader"):  # the rater itself; a leader, who decides appeals
        shown = client_for(getattr(side_a, who)).get(url).content.decode()
        assert "该服务已评价" in shown and rating.get_absolute_url() in shown


def test_a_request_rating_names_no_title_to_the_person_rated(client_for, side_a):
    """The officer rated reads 诉求, not 诉求：<title>: the title found the request in the request list, which names
    the enterprise. Nowhere: the rating's page and list, the follow-up, the appeal, the API, the notice; and a search
    of the ratings or follow-ups by the title does not answer with their rating."""
    req, officer, rating = _rated_service(side_a, "request")
    title = req.title
    appeal = follow_svc.appeal_file(actor=officer, rating=rating, reason="已按时答复，企业误评")
    c = client_for(officer)
    assert c.get(f"{API}/requests", {"q": title}).json()["items"]  # the title does find the request ...
    pages = [
        reverse("services:rating_list"),
        rating.get_absolute_url(),
        reverse("services:followup_list"),
        rating.follow_up.get_absolute_url(),
        reverse("services:appeal_list"),
        appeal.get_absolute_url(),
        reverse("services:home"),
    ]
    for url in pages:
        response = c.get(url)
        assert response.status_code == 200, url
        assert title not in response.content.decode(), url  # ... which the rating no longer names
    assert "诉求" in c.get(rating.get_absolute_url()).content.decode()  # the kind of service, no more
    api = c.get(f"{API}/ratings/{rating.pk}").json()
    assert api["item"] == "诉求" and api["level"] == 1
    assert [r["item"] for r in c.get(f"{API}/ratings").json()["items"]] == ["诉求"]
    assert c.get(f"{API}/followups/{rating.follow_up.pk}").json()["item"] == "诉求"
    assert [r["item"] for r in c.get(f"{API}/followups").json()["items"]] == ["诉求"]
    # searching their ratings by each title of the request list until one answers: none answers
    assert c.get(f"{API}/ratings", {"q": title}).json()["items"] == []
    assert c.get(f"{API}/followups", {"q": title}).json()["items"] == []
    assert (
        rating.get_absolute_url() not in c.get(reverse("services:rating_list"), {"q": title}).content.decode()
    )
    notices = Notification.objects.filter(user=officer, kind="services.rated_bad")
    assert notices.exists() and not any(title in n.title for n in notices)
    # who may know the enterprise reads the service in full, and finds it by its title
    for who in (
        "leader",
        "head",
    ):  # a leader; the head of the rated department, who calls the enterprise back
        full = client_for(getattr(side_a, who))
        assert full.get(f"{API}/ratings/{rating.pk}").json()["item"] == f"诉求：{title}"
        assert [r["id"] for r in full.get(f"{API}/ratings", {"q": title}).json()["items"]] == [rating.pk]
        assert title in full.get(rating.get_absolute_url()).content.decode()
    assert [
        r["id"] for r in client_for(side_a.company).get(f"{API}/ratings", {"q": title}).json()["items"]
    ] == [rating.pk]


def test_an_approval_rating_keeps_its_catalog_item_for_everyone(client_for, side_a):
    """The approval item is the catalog's, the same for every enterprise: the person rated reads and finds it."""
    _app, reviewer, rating = _rated_service(side_a, "application")
    c = client_for(reviewer)
    assert c.get(f"{API}/ratings/{rating.pk}").json()["item"] == rating.item == f"审批：{side_a.item.name}"
    assert [r["id"] for r in c.get(f"{API}/ratings", {"q": side_a.item.name}).json()["items"]] == [rating.pk]


def test_the_enterprise_file_does_not_tell_the_person_rated_it_holds_their_rating(client_for, side_a):
    """Two enterprises served alike by the same reviewer; one rates. Their files name them: a rating listed on one
    of them (even as 已评价, no level) or counted there told the person rated which enterprise rated them. (A
    request's own status, 已评价, still tells it of a request: docs/services.md, Not done.)"""
    rater = side_a.enterprise
    _subject, rated, rating = _rated_service(side_a, "application")
    other = f.EnterpriseFactory(zone=side_a.zone, name="另一家有限公司")
    side_a.enterprise = other
    side_a.company = f.user_with_role(Role.ENTERPRISE_USER, enterprise=other, user__username="other_co")
    side_a.application()
    c = client_for(rated)
    pages = {
        e.pk: c.get(reverse("services:enterprise_file", args=[e.pk])).content.decode() for e in (rater, other)
    }
    files = {e.pk: c.get(f"{API}/enterprises/{e.pk}/file").json() for e in (rater, other)}
    for pk in (rater.pk, other.pk):
        assert "data-withheld" not in pages[pk] and "已评价" not in pages[pk]
        assert files[pk]["ratings"] == [] and "ratings_withheld" not in files[pk]
    assert pages[rater.pk].count("list-group-item") == pages[other.pk].count("list-group-item")
    leader = client_for(side_a.leader)  # who decides appeals reads the rater's file in full
    assert (
        rating.get_absolute_url()
        in leader.get(reverse("services:enterprise_file", args=[rater.pk])).content.decode()
    )
    assert [r["id"] for r in leader.get(f"{API}/enterprises/{rater.pk}/file").json()["ratings"]] == [
        rating.pk
    ]


def test_the_follow_up_keeps_whom_the_handler_called_back_from_the_person_rated(client_for, side_a):
    """The call-back's contact is the enterprise's contact (name and phone), whom the officer knows from the request
    page: printed on the follow-up, it named the enterprise the page itself withholds."""
    _req, officer, rating = _rated_service(side_a, "request")
    contact = f"{side_a.enterprise.contact_name} {side_a.enterprise.contact_phone}"
    side_a.call_back(rating, "已重新协调供电公司", contact, "企业表示认可")
    url = rating.follow_up.get_absolute_url()
    page = client_for(officer).get(url).content.decode()
    assert side_a.enterprise.name not in page and side_a.enterprise.contact_phone not in page
    # the rectification is what the department did about the enterprise's case: the outcome only (since
    # test_rating_words_secrecy.py)
    assert "已重新协调供电公司" not in page and "data-rectification" in page
    for who in ("head", "leader"):  # the handler; a leader
        assert side_a.enterprise.contact_phone in client_for(getattr(side_a, who)).get(url).content.decode()
