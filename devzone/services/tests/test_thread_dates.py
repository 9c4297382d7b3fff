"""A moved deadline in a request's thread and history reads as its readers write dates (2026年12月21日), never
as a date written by hand (2026-12-21)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from devzone.core.workdays import get_calendar
from devzone.services.services import requests as svc
from devzone.testing.services import today

pytestmark = pytest.mark.django_db
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def test_a_moved_deadline_reads_in_the_thread_as_readers_write_dates(client_for, side_a):
    req = side_a.request("accepted")
    due = get_calendar().next_workday(today() + dt.timedelta(days=10))
    svc.request_extend(actor=side_a.leader, request=req, due_on=due, reason="需协调市级部门")
    page = client_for(side_a.company).get(req.get_absolute_url()).content.decode()
    thread = page[page.index("data-thread") : page.index("data-thread") + 4000]
    assert not ISO.search(thread), ISO.findall(thread)
    assert f"{due.year}年{due.month}月{due.day}日" in thread
    # the audit trail's note of the move (before → after) as well
    from devzone.core.models import AuditEvent

    note = AuditEvent.objects.filter(object_id=str(req.pk)).order_by("-id").values_list("note", flat=True)[0]
    assert "→" in note and not ISO.search(note), note
