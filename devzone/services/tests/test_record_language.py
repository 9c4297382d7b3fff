"""Two language slips (each test failed before its fix): the API gave the automatic rating's comment as stored, in
Chinese, to a reader in English, where the pages give it in the reader's language (``Rating.shown_comment``); and
the audit rows of a survey (its name, ``str(survey)``) and of a rating (its level) were written in the language of
whoever's request wrote them. A record reads the same whoever wrote it: the site's language
(``core.audit.event`` and ``core.notify.stored``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from devzone.core.models import AuditEvent
from devzone.services.models import Rating, Survey
from devzone.services.services import ratings as rating_svc
from devzone.services.services import surveys as survey_svc
from devzone.testing.english import catalog_has
from devzone.testing.services import quarter_survey, this_quarter

pytestmark = pytest.mark.django_db
API = "/api/v1/services"
ENGLISH = {
    "逾期未评价，系统默认基本满意": "Not rated in time: rated Fairly satisfied by default",
    "%(y)d年第%(q)d季度企业满意度测评": "Q%(q)d %(y)d enterprise satisfaction survey",
    "非常满意": "Very satisfied",
}


def _english(client_for, user):
    c = client_for(user)
    c.cookies["devzone_language"] = "en"
    return c


def test_the_api_gives_the_automatic_comment_in_the_readers_language(client_for, side_a):
    catalog_has(ENGLISH)
    req = side_a.request("answered")
    rating_svc.auto_rate_scan(req.answered_on + dt.timedelta(days=60))
    rating = Rating.objects.get(request=req)
    assert rating.comment == "逾期未评价，系统默认基本满意"  # stored as it was
    typed = side_a.rating(
        level=5, comment="逾期未评价，系统默认基本满意"
    )  # typed by the enterprise: as typed
    for who in (side_a.company, side_a.leader):
        c = _english(client_for, who)
        assert (
            c.get(f"{API}/ratings/{rating.pk}").json()["comment"] == ENGLISH["逾期未评价，系统默认基本满意"]
        )
        listed = {r["id"]: r["comment"] for r in c.get(f"{API}/ratings").json()["items"]}
        assert listed[rating.pk] == ENGLISH["逾期未评价，系统默认基本满意"]
        assert listed[typed.pk] == "逾期未评价，系统默认基本满意"
    chinese = client_for(side_a.company)
    assert chinese.get(f"{API}/ratings/{rating.pk}").json()["comment"] == "逾期未评价，系统默认基本满意"


def _trail(obj):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("pk")


def test_a_surveys_audit_rows_do_not_follow_the_writers_language(side_a):
    catalog_has(ENGLISH)
    side_a.request("answered")
    year, quarter = this_quarter()
    with translation.override("en"):  # a leader who reads English opens, re-issues and closes it
        survey, _told = survey_svc.survey_open(**quarter_survey(side_a))
        assert str(survey) == f"Q{quarter} {year} enterprise satisfaction survey"  # pages: the reader's
        survey_svc.link_reissue(
            actor=side_a.leader, survey=survey, enterprise_id=side_a.enterprise.pk, reason="丢失"
        )
        survey_svc.survey_close(actor=side_a.leader, survey=Survey.objects.get(pk=survey.pk))
    rows = list(_trail(survey))
    assert len(rows) == 3
    name = f"{year}年第{quarter}季度企业满意度测评"
    assert [row.object_repr for row in rows] == [name] * 3
    assert rows[0].note.startswith("发放测评") and rows[1].note.startswith("作废")
    assert rows[2].note == "结束测评"
    assert not any("survey" in f"{row.object_repr} {row.note}".lower() for row in rows)


def test_a_ratings_audit_rows_do_not_follow_the_raters_language(side_a):
    catalog_has(ENGLISH)
    req = side_a.request("answered")
    with translation.override("en"):
        rating = rating_svc.rate(actor=side_a.company, kind="request", pk=req.pk, level=5)
    created = _trail(rating).get()
    assert created.object_repr == f"{rating.item} 非常满意" and created.note == "企业评价：非常满意"
    moved = _trail(req).filter(changes__status=["closed", "rated"]).get()
    assert moved.note == "评价 非常满意"


def test_a_requests_thread_and_audit_read_the_same_whoever_wrote_them(side_a):
    """The lines a request's moves write in its thread (已受理，承办人, 企业确认办结, 办理期限调整为…) and their audit
    notes were written in the language of whoever's request made the move: an enterprise reading English left
    "Conclusion confirmed by the enterprise" in a Chinese officer's thread. They are written in the site's language."""
    from devzone.services.services import requests as request_svc

    catalog_has({"企业确认办结": "Conclusion confirmed by the enterprise", "承办人：%(a)s": "Handler: %(a)s"})
    req = side_a.request("submitted")
    with translation.override("en"):
        req = request_svc.request_accept(actor=side_a.head, request=req, assignee_id=side_a.officer.pk)
        req = request_svc.request_answer(actor=side_a.officer, request=req, body="已协调")
        req = request_svc.request_close(actor=side_a.company, request=req)
    lines = list(req.replies.values_list("action", "body"))
    assert ("close", "企业确认办结") in lines
    assert any(action == "accept" and body.startswith("已受理，承办人：") for action, body in lines)
    notes = AuditEvent.objects.filter(object_id=str(req.pk)).values_list("note", flat=True)
    assert "确认办结" in notes and any(n.startswith("受理 承办人：") for n in notes)
    assert not any("Handler" in n or "enterprise" in n for n in notes)
