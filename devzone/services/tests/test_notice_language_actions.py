"""Notices written during a person's action reach each recipient in the recipient's language (Profile.language;
Chinese when none was chosen), not in the language of the pages the actor happens to use: a request submitted
and accepted on English pages, and the rating level named in the notice to the person rated."""

import datetime as dt

import pytest
from django.utils import translation

from devzone.core.models import Notification, Profile
from devzone.services.services import requests as svc

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2025, 3, 3)


def title_of(user, kind: str) -> str:
    return Notification.objects.filter(user=user, kind=kind).latest("pk").title


def test_a_request_handled_on_english_pages_reaches_each_reader_in_their_own_language(side_a):
    Profile.objects.filter(user=side_a.officer).update(language="en")
    with translation.override("en"):  # the enterprise and the department head work on English pages
        req = svc.request_submit(
            actor=side_a.company, category="labour", title="招工", description="缺200名普工", on=MONDAY
        )
        svc.request_accept(actor=side_a.head, request=req, assignee_id=side_a.officer.pk)
    name = side_a.enterprise.name
    due = f"{req.due_on.year}年{req.due_on.month}月{req.due_on.day}日"  # as the head writes it, not ISO
    assert title_of(side_a.head, "services.request") == f"新诉求：{name} 招工（{due}前办结）"
    assert title_of(side_a.company, "services.request") == "您的诉求“招工”已受理"
    assert title_of(side_a.officer, "services.request") == "Request assigned: 招工"


def test_the_person_rated_reads_the_level_in_their_own_language(side_a):
    Profile.objects.filter(user=side_a.officer).update(language="en")
    with translation.override("zh-hans"):  # the enterprise rates on Chinese pages
        rating = side_a.rating(level=1, comment="态度差")
    # the service's kind in their language too, not the request's title (which would name the enterprise: review C)
    assert (
        title_of(side_a.officer, "services.rated_bad") == "Your service “Request” was rated Very dissatisfied"
    )
    assert rating.item.split("：", 1)[1] not in title_of(side_a.officer, "services.rated_bad")
