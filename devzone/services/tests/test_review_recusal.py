"""Review defects of 好差评 (each test failed before its fix): the person rated, or the filer, decides an appeal
(回避); the rated head handles their own follow-up and reads the enterprise; the enterprise learns from the API
or the follow-up that an appeal took its rating out; the rate form is offered after the 90-day period."""

from __future__ import annotations

import datetime as dt

import pytest

from devzone.core.choices import Role
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.services.choices import FollowUpStatus
from devzone.services.models import Rating
from devzone.services.selectors import services_to_rate
from devzone.services.services import followups as follow_svc
from devzone.services.services import ratings as rating_svc
from devzone.services.services import requests as request_svc
from devzone.testing import factories as f
from devzone.testing.clients import make_client
from devzone.testing.services import today

pytestmark = pytest.mark.django_db


def _rated(s, server, level: int = 1, answered_on: dt.date | None = None) -> Rating:
    """A request ``server`` (a leader or a head) accepted (so became its assignee) and answered, rated
    ``level`` by the enterprise."""
    req = request_svc.request_submit(
        actor=s.company, category="utilities", title="用电增容", description="增容"
    )
    req = request_svc.request_accept(actor=server, request=req)
    req = request_svc.request_answer(actor=server, request=req, body="已协调", on=answered_on)
    rating = rating_svc.rate(actor=s.company, kind="request", pk=req.pk, level=level, comment="很差")
    assert rating.served_by_id == server.pk
    return rating


def _second_leader(s):
    return f.user_with_role(Role.ZONE_LEADER, zone=s.zone, user__username="sv_a_leader2")


# --- 1. 回避: neither the filer nor the person rated decides the appeal ---------------------------------
def test_it_refuses_the_leader_who_filed_the_appeal_and_was_rated_to_decide_it(side_a):
    s = side_a
    rating = _rated(s, s.leader)
    appeal = follow_svc.appeal_file(actor=s.leader, rating=rating, reason="恶意差评")
    with pytest.raises(PermissionDeniedError, match="回避"):
        follow_svc.appeal_decide(actor=s.leader, appeal=appeal, upheld=True, decision="成立")
    rating.refresh_from_db()
    assert not rating.excluded
    other = _second_leader(s)
    decided = follow_svc.appeal_decide(actor=other, appeal=appeal, upheld=True, decision="成立")
    assert decided.decided_by_id == other.pk
    rating.refresh_from_db()
    assert rating.excluded


def test_it_refuses_the_rated_leader_an_appeal_their_head_filed(side_a):
    s = side_a
    rating = _rated(s, s.leader)
    assert rating.department_id == s.department.pk  # routed to 综合服务部: its head may appeal
    appeal = follow_svc.appeal_file(actor=s.head, rating=rating, reason="误评")
    with pytest.raises(PermissionDeniedError, match="回避"):
        follow_svc.appeal_decide(actor=s.leader, appeal=appeal, upheld=True, decision="成立")


def test_it_offers_the_recused_leader_no_decision_on_the_page(side_a):
    s = side_a
    rating = _rated(s, s.leader)
    appeal = follow_svc.appeal_file(actor=s.leader, rating=rating, reason="恶意差评")
    c = make_client(s.leader)
    html = c.get(appeal.get_absolute_url()).content.decode()
    assert 'data-action="decide"' not in html and "data-recused" in html
    c.post(appeal.get_absolute_url(), {"upheld": "on", "decision": "成立"})
    rating.refresh_from_db()
    assert not rating.excluded
    assert (
        appeal.get_absolute_url() not in c.get("/services/").content.decode()
    )  # not among appeals to decide
    other = make_client(_second_leader(s))
    assert 'data-action="decide"' in other.get(appeal.get_absolute_url()).content.decode()


# --- 2. the person rated never handles their follow-up nor reads the enterprise --------------------------
def test_it_hands_the_rated_heads_followup_to_a_leader_and_hides_the_enterprise(side_a):
    s = side_a
    rating = _rated(s, s.head)
    follow = rating.follow_up
    assert follow.handler_id == s.leader.pk  # no other head in the department: a zone leader
    c = make_client(s.head)
    for url in (rating.get_absolute_url(), follow.get_absolute_url()):
        assert s.enterprise.name not in c.get(url).content.decode()
    assert 'data-action="callback"' not in c.get(follow.get_absolute_url()).content.decode()
    body = c.get(f"/api/v1/services/ratings/{rating.pk}").json()
    assert body["enterprise"] is None and body["enterprise_name"] is None
    with pytest.raises(PermissionDeniedError, match="回避"):
        follow_svc.followup_callback(
            actor=s.head, follow_up=follow, rectification="整改", callback_on=today(), contact="王", note="好"
        )
    with pytest.raises(DomainError, match="回避"):
        follow_svc.followup_assign(actor=s.leader, follow_up=follow, handler_id=s.head.pk)
    # the leader who handles it reads the enterprise and its contact
    assert s.enterprise.name in make_client(s.leader).get(follow.get_absolute_url()).content.decode()


def test_it_hands_the_rated_heads_followup_to_another_head(side_a):
    s = side_a
    staff = f.StaffFactory(zone=s.zone, department=s.department, name="甲侧副部长")
    deputy = f.staff_user(Role.DEPARTMENT_HEAD, staff, "sv_a_head2")
    rating = _rated(s, s.head)
    assert rating.follow_up.handler_id == deputy.pk
    assert s.enterprise.name in make_client(deputy).get(rating.get_absolute_url()).content.decode()


def test_it_hides_the_enterprise_from_a_rated_leader_on_the_rating_and_the_list(side_a):
    s = side_a
    mine = _rated(s, s.leader)
    other = s.rating(level=2)  # served by the officer
    c = make_client(s.leader)
    assert s.enterprise.name not in c.get(mine.get_absolute_url()).content.decode()
    assert s.enterprise.name in c.get(other.get_absolute_url()).content.decode()
    listing = c.get("/services/ratings/").content.decode()
    assert listing.count(s.enterprise.name) == 1  # the officer's rating only
    api = {r["id"]: r for r in c.get("/api/v1/services/ratings").json()["items"]}
    assert api[mine.pk]["enterprise"] is None and api[other.pk]["enterprise"] == s.enterprise.pk


# --- 3. the enterprise never learns of an upheld appeal ----------------------------------------------------
def _upheld(s):
    rating = s.rating(level=1, comment="差")
    appeal = follow_svc.appeal_file(actor=s.officer, rating=rating, reason="误评")
    follow_svc.appeal_decide(actor=s.leader, appeal=appeal, upheld=True, decision="成立")
    rating.refresh_from_db()
    assert rating.excluded
    return rating


def test_it_tells_the_enterprise_nothing_of_an_upheld_appeal_in_the_rating_api(side_a):
    s = side_a
    rating = _upheld(s)
    c = make_client(s.company)
    assert c.get(f"/api/v1/services/ratings/{rating.pk}").json()["excluded"] is False
    listed = c.get("/api/v1/services/ratings").json()["items"]
    assert [r["excluded"] for r in listed if r["id"] == rating.pk] == [False]
    assert make_client(s.leader).get(f"/api/v1/services/ratings/{rating.pk}").json()["excluded"] is True


def test_it_hides_from_the_enterprise_the_followup_an_upheld_appeal_ended(side_a):
    s = side_a
    rating = _upheld(s)
    follow = rating.follow_up
    assert follow.status == FollowUpStatus.CLOSED and follow.callback_on is None
    c = make_client(s.company)
    assert c.get("/api/v1/services/followups").json()["items"] == []
    assert c.get(f"/api/v1/services/followups/{follow.pk}").status_code == 404
    assert c.get(follow.get_absolute_url()).status_code == 404
    page = c.get(rating.get_absolute_url()).content.decode()
    assert follow.get_absolute_url() not in page and "不计入" not in page
    # staff still read it
    staff = make_client(s.leader)
    assert staff.get(f"/api/v1/services/followups/{follow.pk}").json()["status"] == FollowUpStatus.CLOSED


def test_it_keeps_showing_the_enterprise_a_followup_called_back_before_the_appeal(side_a):
    s = side_a
    rating = s.rating(level=1, comment="差")
    s.call_back(rating, "整改", "王", "好")
    appeal = follow_svc.appeal_file(actor=s.officer, rating=rating, reason="误评")
    follow_svc.appeal_decide(actor=s.leader, appeal=appeal, upheld=True, decision="成立")
    c = make_client(s.company)
    items = c.get("/api/v1/services/followups").json()["items"]
    assert [i["status"] for i in items] == [FollowUpStatus.CALLED_BACK]


# --- 4. one rating period for the page, the lists and the service ------------------------------------------
def _answered(s, days_ago: int):
    req = request_svc.request_submit(actor=s.company, category="utilities", title="用电", description="x")
    req = request_svc.request_accept(actor=s.head, request=req, assignee_id=s.officer.pk)
    return request_svc.request_answer(
        actor=s.officer, request=req, body="答复", on=today() - dt.timedelta(days=days_ago)
    )


def test_it_offers_no_rating_after_the_period(side_a):
    s = side_a
    req = _answered(s, rating_svc.RATING_WINDOW_DAYS + 1)
    c = make_client(s.company)
    html = c.get(f"/services/rate/request/{req.pk}/").content.decode()
    assert 'name="level"' not in html and "已超过评价期限" in html
    assert 'data-action="rate"' not in c.get(req.get_absolute_url()).content.decode()
    assert not [x for x in services_to_rate(user=s.company) if x["pk"] == req.pk]
    with pytest.raises(DomainError, match="已超过评价期限"):
        rating_svc.rate(actor=s.company, kind="request", pk=req.pk, level=5)


def test_it_offers_the_rating_on_the_last_day_of_the_period(side_a):
    s = side_a
    req = _answered(s, rating_svc.RATING_WINDOW_DAYS)
    c = make_client(s.company)
    assert 'name="level"' in c.get(f"/services/rate/request/{req.pk}/").content.decode()
    assert 'data-action="rate"' in c.get(req.get_absolute_url()).content.decode()
    assert [x["pk"] for x in services_to_rate(user=s.company) if x["kind"] == "request"] == [req.pk]
    assert rating_svc.rate(actor=s.company, kind="request", pk=req.pk, level=5).level == 5
