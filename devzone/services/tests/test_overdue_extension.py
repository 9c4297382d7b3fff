"""A leader moves a request's deadline before it passes, never after (review C): the extension of an overdue
request made it on time again — a later deadline and a clock whose budget grew to match — and the overdue
record (the desk's count, the list's 已超期, the clock's reading) was gone. Failed before its fix."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import translation

from devzone.core.errors import DomainError
from devzone.core.workdays import get_calendar
from devzone.services.models import ServiceRequest
from devzone.services.services import requests as svc
from devzone.testing.services import today

pytestmark = pytest.mark.django_db
REFUSAL = "该诉求已超过办理期限，不能再延期；超期记录予以保留"


def overdue(side) -> ServiceRequest:
    """A request accepted a month ago, its deadline (five working days) long passed."""
    req = svc.request_submit(
        actor=side.company,
        category="utilities",
        title="用电增容",
        description="新厂房需要增容",
        on=today() - dt.timedelta(days=30),
    )
    req = svc.request_accept(actor=side.head, request=req, assignee_id=side.officer.pk)
    assert req.due_on < today()
    return req


def later() -> dt.date:
    return get_calendar().next_workday(today() + dt.timedelta(days=10))


def test_an_overdue_request_is_not_extended_and_stays_overdue(client_for, side_a):
    req = overdue(side_a)
    before = (req.due_on, req.clock.budget_workdays, req.version)
    with pytest.raises(DomainError, match="已超过办理期限") as refused:
        svc.request_extend(actor=side_a.leader, request=req, due_on=later(), reason="企业补充材料")
    assert "due_on" in refused.value.errors
    req = ServiceRequest.objects.select_related("clock").get(pk=req.pk)
    assert (req.due_on, req.clock.budget_workdays, req.version) == before
    leader = client_for(side_a.leader)
    listed = leader.get(reverse("services:request_list"), {"status": "overdue"}).content.decode()
    assert req.get_absolute_url() in listed  # still in the list of overdue requests
    page = leader.get(req.get_absolute_url()).content.decode()
    assert "'extend'" not in page and "/extend/" not in page  # no form the service would refuse


def test_the_api_refuses_it_in_the_readers_language(client_for, side_a):
    req = overdue(side_a)
    c = client_for(side_a.leader)
    c.cookies["devzone_language"] = "en"
    body = {"due_on": str(later()), "reason": "waiting for the utility", "version": req.version}
    response = c.post(
        f"/api/v1/services/requests/{req.pk}/extend", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    with translation.override("en"):  # the refusal as the English catalog words it
        expected = translation.gettext(REFUSAL)
    assert response.json()["errors"]["due_on"] == [expected]
    assert ServiceRequest.objects.get(pk=req.pk).due_on == req.due_on


def test_a_deadline_not_yet_passed_is_still_moved(side_a):
    req = side_a.request("accepted")
    moved = svc.request_extend(actor=side_a.leader, request=req, due_on=later(), reason="需协调市级部门")
    assert moved.due_on == later()
