"""Messages: the daily digest holds the reminders a user chose to get once a day and sends one message for
them; urgent kinds still arrive at once; marking read covers the held ones too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core import models as m
from devzone.core.notify import DIGEST_KIND, DIGEST_KINDS, notify, send_digests, unread

pytestmark = pytest.mark.django_db


def test_a_digest_user_gets_reminders_as_one_message_a_day(client_for, zone_a_leader, zone_a_reviewer):
    assert "investment.report" in DIGEST_KINDS and "approvals.supplement" not in DIGEST_KINDS
    client_for(zone_a_leader).post(reverse("core:notification_settings"), {"daily_digest": "on"})
    for n in range(3):
        notify(
            [zone_a_leader, zone_a_reviewer],
            kind="investment.report",
            title=f"进展报告到期：{n}",
            key=f"r{n}",
        )
    notify([zone_a_leader], kind="projects.escalate", title="问题升级", key="e1")
    # the reviewer did not choose the digest: three notices at once; the leader only the urgent one
    assert unread(zone_a_reviewer).count() == 3
    assert list(unread(zone_a_leader).values_list("kind", flat=True)) == ["projects.escalate"]
    now = timezone.now()
    assert send_digests(now) == 1
    assert send_digests(now + dt.timedelta(hours=1)) == 0  # once a day
    [digest] = m.Notification.objects.filter(user=zone_a_leader, kind=DIGEST_KIND)
    assert "共3条" in digest.title and "进展报告到期3条" in digest.body
    assert digest.url == reverse("core:notifications")
    assert not m.Notification.objects.filter(user=zone_a_leader, held=True).exists()
    page = client_for(zone_a_leader).get(reverse("core:notifications"))
    assert page.context["unread"] == 2  # the digest and the escalation; the three reminders are in the digest


def test_mark_all_read_covers_held_reminders(client_for, zone_a_leader):
    c = client_for(zone_a_leader)
    c.post(reverse("core:notification_settings"), {"daily_digest": "on"})
    notify([zone_a_leader], kind="projects.visit", title="走访到期", key="v1")
    assert c.get(reverse("core:notifications")).context["held"] == 1
    c.post(reverse("core:notifications_read"))
    assert send_digests(timezone.now()) == 0  # nothing left to tell
    assert not unread(zone_a_leader).exists()


def test_stopping_the_digest_releases_what_was_held(client_for, zone_a_leader):
    c = client_for(zone_a_leader)
    c.post(reverse("core:notification_settings"), {"daily_digest": "on"})
    notify([zone_a_leader], kind="projects.visit", title="走访到期", key="v1")
    assert not unread(zone_a_leader).exists()
    c.post(reverse("core:notification_settings"), {})
    assert list(unread(zone_a_leader).values_list("title", flat=True)) == ["走访到期"]
    event = m.AuditEvent.objects.filter(note__contains="每日汇总").latest("id")
    assert event.changes == {"daily_digest": [True, False]}


def test_the_list_shows_one_kind_or_all_when_the_kind_is_unknown(client_for, zone_a_leader):
    notify([zone_a_leader], kind="projects.visit", title="走访到期", key="v1")
    notify([zone_a_leader], kind="projects.escalate", title="问题升级", key="e1")
    c = client_for(zone_a_leader)
    one = c.get(reverse("core:notifications"), {"kind": "projects.visit"}).context
    assert (one["kind"], [n.title for n in one["page"]]) == ("projects.visit", ["走访到期"])
    bogus = c.get(reverse("core:notifications"), {"kind": "<script>"}).context
    assert bogus["kind"] == ""
    assert {n.title for n in bogus["page"]} == {"问题升级", "走访到期"}


@pytest.mark.parametrize("kind", ["a\x00b", "x" * 500])
def test_marking_a_kind_read_with_a_bad_kind_marks_nothing(client_for, zone_a_leader, kind):
    notify([zone_a_leader], kind="projects.visit", title="走访到期", key="v1")
    r = client_for(zone_a_leader).post(reverse("core:notifications_read"), {"kind": kind})
    assert r.status_code == 302
    assert unread(zone_a_leader).count() == 1
