"""A notice reads in the language its reader reads now, not only in the one of the day it was sent: one who
switches to English (the switcher, or the language cookie alone) reads their older messages in English, and
Chinese again when they switch back — their parameters (names, numbers, a choice's label, a date) too. A notice
sent as a plain string reads as it was written; the messages page costs the same for 3 notices as for 30."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy

from devzone.core import models as m
from devzone.core.choices import Role
from devzone.core.notify import DIGEST_KIND, Outbox, Text, notify, reader_day, send_digests
from devzone.testing.queries import statement_counts

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
PROJECT = "Jinan Foods Phase II"

TITLE_ZH = "走访提醒：Jinan Foods Phase II 应于2026年12月7日前走访，已逾期3个工作日"
TITLE_EN = "Visit reminder: Jinan Foods Phase II was due a visit by Dec. 7, 2026, 3 working days overdue"
BODY_ZH = "代办专员：申诉裁定：审批人员"
BODY_EN = "Project facilitator: Appeal ruling: Approval reviewer"


def visit_reminder(reader, key: str = "visit-1") -> None:
    """A reminder with a name, a number, a date (``reader_day``), a choice's label taken lazily from a row and
    one that is a lazy text, and a ``Text`` inside a ``Text``."""
    agent = m.Profile(role=Role.AGENT)
    notify(
        [reader],
        kind="projects.visit",
        title=Text(
            gettext_lazy("走访提醒：%(project)s 应于%(day)s前走访，已逾期%(n)d个工作日"),
            project=PROJECT,
            day=reader_day(dt.date(2026, 12, 7)),
            n=3,
        ),
        body=Text(
            gettext_lazy("%(duty)s：%(lead)s"),
            duty=lazy(agent.get_role_display, str)(),
            lead=Text(gettext_lazy("申诉裁定：%(s)s"), s=Role.REVIEWER.label),
        ),
        key=key,
    )


def switch(client, language: str) -> None:
    answer = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert answer.status_code == 302


def messages_page(client) -> str:
    return client.get(reverse("core:notifications")).content.decode()


def test_a_notice_sent_in_chinese_reads_in_english_after_the_switch_and_back(client_for, zone_a_leader):
    visit_reminder(zone_a_leader)  # the leader never chose a language: written in Chinese
    stored = m.Notification.objects.get(user=zone_a_leader)
    assert (stored.title, stored.body) == (TITLE_ZH, BODY_ZH)  # kept as sent, for search and as the fallback
    c = client_for(zone_a_leader)
    page = messages_page(c)
    assert TITLE_ZH in page and BODY_ZH in page
    switch(c, "en")
    page = messages_page(c)
    assert TITLE_EN in page and BODY_EN in page
    assert TITLE_ZH not in page and BODY_ZH not in page
    switch(c, "zh-hans")
    page = messages_page(c)
    assert TITLE_ZH in page and BODY_ZH in page and TITLE_EN not in page


def test_a_notice_sent_in_english_reads_in_chinese_with_the_cookie_alone(client_for, zone_a_leader):
    m.Profile.objects.filter(user=zone_a_leader).update(language="en")
    visit_reminder(zone_a_leader)
    assert m.Notification.objects.get(user=zone_a_leader).title == TITLE_EN
    c = client_for(zone_a_leader)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = (
        "zh-hans"  # this browser reads Chinese; the account says English
    )
    page = messages_page(c)
    assert TITLE_ZH in page and BODY_ZH in page and TITLE_EN not in page
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert TITLE_EN in messages_page(c)


def test_one_kinds_list_reads_in_the_readers_language_too(client_for, zone_a_leader):
    visit_reminder(zone_a_leader)
    c = client_for(zone_a_leader)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    shown = c.get(reverse("core:notifications"), {"kind": "projects.visit"}).content.decode()
    assert TITLE_EN in shown and BODY_EN in shown


def test_a_plain_string_notice_reads_as_it_was_written(client_for, zone_a_leader):
    notify([zone_a_leader], kind="projects.escalate", title="问题升级：甲项目", body="请督办", key="e1")
    notice = m.Notification.objects.get(user=zone_a_leader)
    assert notice.source is None
    c = client_for(zone_a_leader)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = messages_page(c)
    assert "问题升级：甲项目" in page and "请督办" in page


def test_the_daily_digest_reads_in_the_language_its_reader_reads_now(client_for, zone_a_leader):
    m.Profile.objects.filter(user=zone_a_leader).update(daily_digest=True)  # Chinese
    for n in range(3):
        notify([zone_a_leader], kind="investment.report", title=f"进展报告到期：{n}", key=f"r{n}")
    now = timezone.now()
    with translation.override("en"):  # the job's own language does not matter
        assert send_digests(now) == 1
    digest = m.Notification.objects.get(user=zone_a_leader, kind=DIGEST_KIND)
    assert digest.title.endswith("共3条") and digest.body == "进展报告到期3条"
    with translation.override("en"):
        assert digest.shown_title.startswith("Daily digest (") and digest.shown_title.endswith(
            ": 3 notifications"
        )
        english_label = str(gettext_lazy("进展报告到期"))
        assert digest.shown_body == f"{english_label}: 3" and not CJK.search(digest.shown_body)
    c = client_for(zone_a_leader)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = messages_page(c)
    assert f"{english_label}: 3" in page and "进展报告到期3条" not in page


def test_a_text_that_cannot_be_written_again_reads_as_it_was_sent(zone_a_leader):
    """A source written for a language the site no longer has, or whose translation lost a placeholder: the
    stored text, never an error page."""
    visit_reminder(zone_a_leader)
    notice = m.Notification.objects.get(user=zone_a_leader)
    notice.source["body"]["p"]["duty"]["l"].pop("en")
    notice.source["title"]["p"].pop("n")
    with translation.override("en"):
        assert (notice.shown_title, notice.shown_body) == (TITLE_ZH, BODY_ZH)


def test_one_text_for_many_readers_keeps_one_source_and_reads_in_each_language(
    zone_a_leader, zone_a_reviewer
):
    m.Profile.objects.filter(user=zone_a_reviewer).update(language="en")
    box = Outbox()
    box.add(
        [zone_a_leader, zone_a_reviewer],
        kind="calendar",
        title=Text(gettext_lazy("请加载%(year)s年法定节假日安排"), year=2030),
        body=gettext_lazy("每日消息汇总"),
    )
    assert box.flush() == 2
    leader, reviewer = (m.Notification.objects.get(user=u) for u in (zone_a_leader, zone_a_reviewer))
    assert leader.source == reviewer.source
    assert (leader.title, reviewer.title) == (
        "请加载2030年法定节假日安排",
        "Please load the 2030 statutory holiday schedule",
    )
    with translation.override("en"):
        assert leader.shown_title == "Please load the 2030 statutory holiday schedule"
        assert leader.shown_body == "Daily digest of notifications"
    with translation.override("zh-hans"):
        assert (reviewer.shown_title, reviewer.shown_body) == ("请加载2030年法定节假日安排", "每日消息汇总")


def test_the_messages_page_costs_the_same_for_3_notices_as_for_30(client_for, zone_a_leader):
    c = client_for(zone_a_leader)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # every notice written again from its source
    pages = [
        ("all", reverse("core:notifications")),
        ("one kind", reverse("core:notifications") + "?kind=projects.visit"),
    ]

    def with_notices(start: int, stop: int) -> dict[str, int]:
        for n in range(start, stop):
            visit_reminder(zone_a_leader, key=f"v{n}")
            notify([zone_a_leader], kind="projects.escalate", title=f"问题升级：{n}", key=f"e{n}")
        return statement_counts(c, pages)

    few = with_notices(0, 3)
    assert TITLE_EN in messages_page(c)
    assert with_notices(3, 30) == few
