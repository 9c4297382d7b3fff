"""Messages: the daily digest holds the reminders a user chose to get once a day and sends one message for
them; urgent kinds still arrive at once; marking read covers the held ones too."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from devzone.core import models as m
from devzone.core.choices import Role
from devzone.core.notify import (
    DIGEST_KIND,
    DIGEST_KINDS,
    Outbox,
    Text,
    label_of,
    notify,
    send_digests,
    unread,
)
from devzone.core.tasks import calendar_horizon_warnings
from devzone.testing import factories as f

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


def test_the_switcher_keeps_a_logged_in_users_language_on_the_account(client_for, zone_a_leader, client):
    c = client_for(zone_a_leader)
    response = c.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    zone_a_leader.profile.refresh_from_db()
    assert zone_a_leader.profile.language == "en"
    event = m.AuditEvent.objects.filter(note="界面语言").latest("id")
    assert event.changes == {"language": ["", "en"]}
    c.post(reverse("set_language"), {"language": "fr", "next": "/"})  # no such language: nothing kept
    zone_a_leader.profile.refresh_from_db()
    assert zone_a_leader.profile.language == "en"
    anonymous = client.post(reverse("set_language"), {"language": "en", "next": "/"})  # a cookie, no account
    assert anonymous.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_a_login_brings_back_the_language_the_user_chose(zone_a_investment_officer):
    officer = zone_a_investment_officer
    m.Profile.objects.filter(user=officer).update(language="en")
    browser = Client()  # another computer: no language cookie, Chinese
    answer = browser.post(
        reverse("login"),
        {"username": officer.get_username(), "password": f.PASSWORD},
        REMOTE_ADDR="127.0.0.1",
    )
    assert answer.status_code == 302
    assert answer.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in browser.get(answer["Location"], follow=True).content.decode()
    m.Profile.objects.filter(user=officer).update(language="")  # never chosen: the browser's own choice stays
    fresh = Client()
    answer = fresh.post(
        reverse("login"),
        {"username": officer.get_username(), "password": f.PASSWORD},
        REMOTE_ADDR="127.0.0.1",
    )
    assert answer.status_code == 302 and settings.LANGUAGE_COOKIE_NAME not in answer.cookies


def test_the_digest_is_written_in_each_recipients_language(zone_a_leader, zone_a_reviewer):
    m.Profile.objects.filter(user=zone_a_leader).update(daily_digest=True, language="en")
    m.Profile.objects.filter(user=zone_a_reviewer).update(daily_digest=True)  # never chose: Chinese
    for n in range(2):
        notify(
            [zone_a_leader, zone_a_reviewer],
            kind="investment.report",
            title=f"进展报告到期：{n}",
            key=f"r{n}",
        )
    with translation.override("zh-hans"):  # the job's own language does not matter
        assert send_digests(timezone.now()) == 2
    english = m.Notification.objects.get(user=zone_a_leader, kind=DIGEST_KIND)
    chinese = m.Notification.objects.get(user=zone_a_reviewer, kind=DIGEST_KIND)
    assert english.title.startswith("Daily digest (") and english.title.endswith(": 2 notifications")
    with translation.override("en"):
        assert english.body == f"{label_of('investment.report')}: 2"
    assert chinese.title.startswith("每日消息汇总（") and chinese.title.endswith("共2条")
    assert chinese.body == f"{label_of('investment.report')}2条"


def test_a_jobs_notice_is_written_in_each_recipients_language(sysadmin, city):
    other = f.user_with_role(Role.SYSADMIN, city=city, user__username="admin_en")
    m.Profile.objects.filter(user=other).update(language="en")
    with translation.override("zh-hans"):
        assert calendar_horizon_warnings(dt.date(2026, 11, 27)) == 2
    assert m.Notification.objects.get(user=sysadmin).title == "请加载2027年法定节假日安排"
    english = m.Notification.objects.get(user=other)
    assert english.title == "Please load the 2027 statutory holiday schedule"
    assert english.body and not re.search(r"[\u4e00-\u9fff]", english.body)
    box = Outbox()  # a lazy text and a Text, rendered once per language among the recipients
    box.add(
        [sysadmin, other],
        kind="calendar",
        title=Text(gettext_lazy("请加载%(year)s年法定节假日安排"), year=2030),
    )
    box.add([sysadmin, other], kind="calendar", title=gettext_lazy("每日消息汇总"))
    assert box.flush() == 4
    titles = set(m.Notification.objects.filter(user=other).values_list("title", flat=True))
    assert {"Please load the 2030 statutory holiday schedule", "Daily digest of notifications"} <= titles
    assert set(m.Notification.objects.filter(user=sysadmin).values_list("title", flat=True)) >= {
        "请加载2030年法定节假日安排",
        "每日消息汇总",
    }
