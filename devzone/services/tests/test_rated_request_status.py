"""A rated request reads as a closed one to who may not know the enterprise behind its rating (docs/services.md,
Confidentiality): its status stood 已评价 in the request list, its filter, its page, the enterprise file and the
API, so the officer who handled it — the person rated — found which of their requests was rated, and the ratings
list then said by which enterprise and how. To them (and to staff who may not know the rater) it reads 已办结: the
same label, the same filter, the same thread and version as a request the enterprise closed without rating it,
and a move on it is refused as on a closed one. The enterprise and the zone's leader keep reading 已评价. Each
test failed before its fix."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.services.services import ratings as rating_svc
from devzone.services.services import requests as request_svc

pytestmark = pytest.mark.django_db
API = "/api/v1/services"


def _closed_and_rated(side):
    """Two requests the officer answered: one the enterprise closed without rating, one it rated 非常不满意
    straight from 已答复 (the rating concludes it)."""
    closed = side.request("answered", title="一号车间用电增容")
    closed = request_svc.request_close(actor=side.company, request=closed)
    rated = side.request("answered", title="二号车间用电增容")
    rating = rating_svc.rate(actor=side.company, kind="request", pk=rated.pk, level=1, comment="拖了一个月")
    assert rating.served_by_id == side.officer.pk
    return closed, rated, rating


def _status_cells(html: str) -> list[str]:
    return [part.split('"', 1)[0] for part in html.split('data-status="')[1:]]


@pytest.mark.parametrize("who", ["officer", "clerk"])  # the person rated; staff of another desk
def test_a_rated_request_reads_as_closed_in_the_list_and_its_filter(client_for, side_a, who):
    closed, rated, _rating = _closed_and_rated(side_a)
    c = client_for(getattr(side_a, who))
    page = c.get(reverse("services:request_list")).content.decode()
    assert _status_cells(page) == ["closed", "closed"]
    assert "已评价</span>" not in page
    # the filter selects what the list shows: 已办结 both, 已评价 neither
    by_closed = c.get(reverse("services:request_list"), {"status": "closed"}).content.decode()
    assert rated.title in by_closed and closed.title in by_closed
    by_rated = c.get(reverse("services:request_list"), {"status": "rated"}).content.decode()
    assert rated.title not in by_rated and closed.title not in by_rated
    # the API list and its filter alike
    items = c.get(f"{API}/requests").json()["items"]
    assert {r["id"]: r["status"] for r in items} == {closed.pk: "closed", rated.pk: "closed"}
    assert {r["id"] for r in c.get(f"{API}/requests", {"status": "closed"}).json()["items"]} == {
        closed.pk,
        rated.pk,
    }
    assert c.get(f"{API}/requests", {"status": "rated"}).json()["items"] == []


@pytest.mark.parametrize("who", ["officer", "clerk"])
def test_a_rated_request_reads_as_a_closed_one_on_its_page_and_in_the_api(client_for, side_a, who):
    closed, rated, rating = _closed_and_rated(side_a)
    c = client_for(getattr(side_a, who))
    page = c.get(rated.get_absolute_url()).content.decode()
    assert 'data-status="closed"' in page and "已评价" not in page
    assert "data-rating" not in page and rating.get_absolute_url() not in page  # no rating card at all
    twin = c.get(closed.get_absolute_url()).content.decode()
    assert page.count('data-action-code="') == twin.count('data-action-code="')  # the same thread
    assert 'data-action-code="close"' in page
    got, other = (c.get(f"{API}/requests/{r.pk}").json() for r in (rated, closed))
    assert got["status"] == other["status"] == "closed"
    # its version and thread are those of a closed request: nothing counts the rating's move
    assert got["version"] == other["version"]
    assert [m["action"] for m in got["replies"]] == [m["action"] for m in other["replies"]]
    assert "拖了一个月" not in str(got)
    # the enterprise file names the enterprise: its requests read 已办结 there too
    file_page = c.get(reverse("services:enterprise_file", args=[side_a.enterprise.pk])).content.decode()
    assert "已评价" not in file_page
    answer = c.get(f"{API}/enterprises/{side_a.enterprise.pk}/file").json()
    assert {r["status"] for r in answer["requests"]} == {"closed"}


def test_a_move_on_a_rated_request_is_refused_as_on_a_closed_one(client_for, side_a):
    closed, rated, _rating = _closed_and_rated(side_a)
    c = client_for(side_a.officer)
    answers = {}
    for req in (closed, rated):
        shown = c.get(f"{API}/requests/{req.pk}").json()
        answers[req.pk] = c.post_json(
            f"{API}/requests/{req.pk}/reply", {"body": "补充说明", "version": shown["version"]}
        )
    assert answers[rated.pk].status_code == answers[closed.pk].status_code == 400
    assert answers[rated.pk].json() == answers[closed.pk].json()
    assert "已办结" in str(answers[rated.pk].json()) and "已评价" not in str(answers[rated.pk].json())
    stale = c.post_json(f"{API}/requests/{rated.pk}/reply", {"body": "补充说明", "version": 999})
    assert stale.status_code == 409


@pytest.mark.parametrize("who", ["leader", "company"])  # who decides appeals; the rater itself
def test_who_may_know_the_rater_still_reads_rated(client_for, side_a, who):
    closed, rated, rating = _closed_and_rated(side_a)
    c = client_for(getattr(side_a, who))
    assert _status_cells(c.get(reverse("services:request_list")).content.decode()) == ["rated", "closed"]
    assert [r["id"] for r in c.get(f"{API}/requests", {"status": "rated"}).json()["items"]] == [rated.pk]
    assert c.get(f"{API}/requests/{rated.pk}").json()["status"] == "rated"
    page = c.get(rated.get_absolute_url()).content.decode()
    assert 'data-status="rated"' in page and rating.get_absolute_url() in page


def test_the_head_who_calls_the_enterprise_back_reads_rated_and_the_head_rated_does_not(client_for, side_a):
    """The rated department's head handles the follow-up of a bad rating and may know the enterprise; a head who
    served the request themselves is the person rated and reads 已办结 (``may_see_enterprise``)."""
    _closed, rated, _rating = _closed_and_rated(side_a)
    head = client_for(side_a.head)
    assert head.get(f"{API}/requests/{rated.pk}").json()["status"] == "rated"
    own = side_a.request("accepted", title="三号车间用电增容")
    own = request_svc.request_assign(actor=side_a.head, request=own, assignee_id=side_a.head.pk)
    own = request_svc.request_answer(actor=side_a.head, request=own, body="已协调")
    rating_svc.rate(actor=side_a.company, kind="request", pk=own.pk, level=2, comment="太慢")
    assert head.get(f"{API}/requests/{own.pk}").json()["status"] == "closed"
    assert own.title not in head.get(reverse("services:request_list"), {"status": "rated"}).content.decode()


def test_the_automatic_rating_closes_the_request_in_its_thread(side_a):
    """The automatic 基本满意 of an answered request concludes it as the system's close: the thread says so, as a
    closed request's does (the rating itself writes no line)."""
    import datetime as dt

    from django.utils import timezone

    req = side_a.request("answered")
    made = rating_svc.auto_rate_scan(timezone.localdate() + dt.timedelta(days=30))
    assert made == 1
    req.refresh_from_db()
    assert req.status == "rated" and req.closed_on is not None
    assert list(req.replies.values_list("action", "from_enterprise")) == [
        ("submit", True),
        ("accept", False),
        ("answer", False),
        ("close", False),
    ]


def test_the_migration_closes_the_requests_rated_before_in_their_thread(side_a):
    """Requests rated straight from 已答复 before the close was written (services 0007): the close line at the time
    of the rating, the version one step on; a request the enterprise closed before rating keeps its own line."""
    import importlib

    from django.apps import apps

    from devzone.services.models import RequestReply, ServiceRequest

    closed, rated, rating = _closed_and_rated(side_a)
    closed_then_rated = rating_svc.rate(actor=side_a.company, kind="request", pk=closed.pk, level=5)
    before = {r.pk: r.version for r in ServiceRequest.objects.all()}
    RequestReply.objects.filter(request=rated, action="close").delete()  # as the rating left it before
    ServiceRequest.objects.filter(pk=rated.pk).update(version=before[rated.pk] - 1)
    migration = importlib.import_module("devzone.services.migrations.0007_rated_requests_closed_in_thread")
    migration.close_rated_requests(apps, None)  # a data migration: it uses no schema editor
    line = RequestReply.objects.get(request=rated, action="close")
    assert (line.body, line.from_enterprise, line.author_label) == (
        "企业确认办结",
        True,
        side_a.enterprise.name,
    )
    assert line.at == rating.created_at
    assert {r.pk: r.version for r in ServiceRequest.objects.all()} == before
    assert RequestReply.objects.filter(request_id=closed_then_rated.request_id, action="close").count() == 1
