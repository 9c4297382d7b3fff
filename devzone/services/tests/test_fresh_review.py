"""Defects found by a fresh review of 大服务 (each test failed before its fix)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from devzone.core.templatetags.devzone import show
from devzone.services.services import ratings as rating_svc
from devzone.testing.services import today

pytestmark = pytest.mark.django_db
API = "/api/v1/services"


def test_it_shows_the_person_rated_no_day_the_rated_service_was_done(client_for, side_a):
    """The day a rated request was answered (``served_on``) is the day the officer answered it: beside the level it
    tells them, from their own request list, which request — and so which enterprise — rated them. Only who may
    know the enterprise reads it (page and API); the rating's own day stays for everyone."""
    req = side_a.request("answered")
    rated_on = today() + dt.timedelta(days=3)
    rating = rating_svc.rate(
        actor=side_a.company, kind="request", pk=req.pk, level=1, comment="拖了很久", on=rated_on
    )
    served = show(rating.served_on)
    assert rating.served_on == req.answered_on and served != show(rated_on)
    officer = client_for(side_a.officer)  # the person rated (the request's assignee)
    page = officer.get(reverse("services:rating_detail", args=[rating.pk])).content.decode()
    assert "非常不满意" in page and show(rated_on) in page
    assert served not in page
    assert officer.get(f"{API}/ratings/{rating.pk}").json()["served_on"] is None
    listed = {r["id"]: r for r in officer.get(f"{API}/ratings").json()["items"]}
    assert listed[rating.pk]["served_on"] is None
    # who may know the enterprise keeps it
    leader = client_for(side_a.leader)
    assert served in leader.get(reverse("services:rating_detail", args=[rating.pk])).content.decode()
    assert leader.get(f"{API}/ratings/{rating.pk}").json()["served_on"] == rating.served_on.isoformat()


def _trail(obj):
    from django.contrib.contenttypes.models import ContentType

    from devzone.core.models import AuditEvent

    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("pk")


def test_it_records_who_changed_the_departments_the_survey_rates(side_a):
    """Which departments the quarter's survey rates moves their assessment and pay: a leader who drops one (its
    survey would have been bad) leaves a trail naming the change — before, the audit row of the settings said
    nothing of it (a snapshot of the concrete fields only)."""
    from devzone.services.selectors import settings_for, settings_values
    from devzone.services.services import plans as plan_svc

    conf = settings_for(side_a.zone)
    values = settings_values(conf)
    assert values["survey_departments"] == sorted([side_a.department.pk, side_a.economic.pk])
    plan_svc.settings_set(
        actor=side_a.leader, values={**values, "survey_departments": [side_a.department.pk]}
    )
    last = _trail(conf).last()
    assert last is not None
    assert last.changes["survey_departments"] == [
        sorted([side_a.department.pk, side_a.economic.pk]),
        [side_a.department.pk],
    ]


def test_records_of_assigning_following_up_and_upholding_read_in_the_sites_language(side_a):
    """The request's thread (which the enterprise reads), the follow-up's record and the audit notes were written in
    the language of whoever's request wrote them (a leader reading English wrote "Assigned to …" into a Chinese
    enterprise's thread; an upheld appeal's note and the follow-up's end in English), and the follow-up's opening
    note wrote its deadline by hand (ISO). A record reads the same whoever wrote it: the site's language, the day as
    its readers write it (``core.notify.stored``)."""
    import re

    from django.utils import translation

    from devzone.services.models import RequestReply
    from devzone.services.services import followups as follow_svc
    from devzone.services.services import requests as request_svc
    from devzone.testing.english import catalog_has

    catalog_has(
        {
            "交办给 %(a)s": "Assigned to %(a)s",
            "申诉成立，该评价不计入统计": "Appeal upheld; the rating is excluded from the statistics",
        }
    )
    req = side_a.request("accepted")
    with translation.override("en"):
        request_svc.request_assign(actor=side_a.leader, request=req, assignee_id=side_a.head.pk)
    line = RequestReply.objects.filter(request=req, action="assign").get()
    assert line.body.startswith("交办给"), line.body
    assert "交办给" in _trail(req).last().note

    rating = side_a.rating(level=1, comment="拖了很久")
    opened = _trail(rating.follow_up).first().note
    assert not re.search(r"\d{4}-\d{2}-\d{2}", opened), opened
    due = rating.follow_up.due_on
    assert f"{due.year}年{due.month}月{due.day}日" in opened

    appeal = follow_svc.appeal_file(actor=side_a.head, rating=rating, reason="企业误评")
    with translation.override("en"):
        follow_svc.appeal_decide(actor=side_a.leader, appeal=appeal, upheld=True, decision="核实为误评")
    rating.refresh_from_db()
    assert rating.excluded
    assert _trail(rating).last().note == "申诉成立，该评价不计入统计"
    rating.follow_up.refresh_from_db()
    assert rating.follow_up.callback_note.startswith("申诉成立，整改终止")


def test_a_stale_page_does_not_move_back_a_measure_someone_else_moved(client_for, side_a):
    """一企一策: the plan's owner read the file, the leader then cancelled a measure; the owner's 已落实 from the page
    read before silently undid the cancellation (the status form carried no version). Now the plan's version the
    page showed goes with it: stale → refused (page) / 409 (API), the measure as the leader left it."""
    from devzone.services.choices import MeasureStatus
    from devzone.services.models import SupportMeasure
    from devzone.services.services import plans as plan_svc

    plan = plan_svc.plan_save(
        actor=side_a.leader, enterprise=side_a.enterprise, summary="稳产扩能", owner_id=side_a.head.pk
    )
    measure = plan_svc.measure_add(actor=side_a.leader, plan=plan, title="协调原材料供应")
    file_url = reverse("services:enterprise_file", args=[side_a.enterprise.pk])
    owner = client_for(side_a.head)
    page = owner.get(file_url).content.decode()
    seen = SupportMeasure.objects.get(pk=measure.pk).plan.version
    status_form = page[page.index(reverse("services:measure_update", args=[measure.pk])) :]
    assert (
        f'name="version" value="{seen}"' in status_form[: status_form.index("</form>")]
    )  # the plan's version
    plan_svc.measure_update(actor=side_a.leader, measure=measure, status=MeasureStatus.DROPPED)
    owner.post(
        reverse("services:measure_update", args=[measure.pk]),
        {"status": MeasureStatus.DONE, "version": seen},
    )
    assert SupportMeasure.objects.get(pk=measure.pk).status == MeasureStatus.DROPPED
    answer = owner.post(
        f"{API}/measures/{measure.pk}",
        {"status": MeasureStatus.DONE, "version": seen},
        content_type="application/json",
    )
    assert answer.status_code == 409, answer.content
    assert SupportMeasure.objects.get(pk=measure.pk).status == MeasureStatus.DROPPED
    fresh = SupportMeasure.objects.get(pk=measure.pk).plan.version  # read afresh: it moves
    owner.post(
        reverse("services:measure_update", args=[measure.pk]),
        {"status": MeasureStatus.DONE, "version": fresh},
    )
    assert SupportMeasure.objects.get(pk=measure.pk).status == MeasureStatus.DONE


def test_one_survey_that_cannot_close_does_not_keep_the_others_open(side_a, side_b, monkeypatch, caplog):
    """Job ``services.reminders``: a survey whose key file is missing could not be closed, and its error ended the
    run — every other zone's survey past its day stayed open (answers still taken, no results, no satisfaction for
    the assessment) and the reminders after it never ran, every hour. Now it is logged and left for the next run;
    the others close."""
    from devzone.core import sealbox
    from devzone.services import answer_box
    from devzone.services.choices import SurveyStatus
    from devzone.services.services import surveys as survey_svc
    from devzone.testing.services import quarter_survey

    broken, _told = survey_svc.survey_open(**quarter_survey(side_a))
    fine, _told = survey_svc.survey_open(**quarter_survey(side_b))
    opened = answer_box.open_all

    def open_all(key_id, boxes):
        if key_id == broken.box_key:
            raise sealbox.KeyMissing(str(key_id))
        return opened(key_id, boxes)

    monkeypatch.setattr(answer_box, "open_all", open_all)
    assert survey_svc.close_due_surveys(fine.closes_on + dt.timedelta(days=1)) == 1
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert (broken.status, fine.status) == (SurveyStatus.OPEN, SurveyStatus.CLOSED)
    assert f"closing survey {broken.pk} failed" in caplog.text


def test_a_request_is_not_routed_to_an_abolished_department(side_a):
    """The reform merges bodies (109 → 64): a routing rule kept pointing at 经济发展部 after it was abolished, and
    an enterprise's request went to a department that no longer exists — its heads told nobody, its queue read by
    nobody, the request overdue. It goes to 综合服务部 with the rule's deadline; the rule can no longer be set to an
    abolished department."""
    from devzone.core.errors import DomainError
    from devzone.core.models import Department
    from devzone.services.services import plans as plan_svc

    plan_svc.routing_set(
        actor=side_a.leader, category="utilities", department_id=side_a.economic.pk, deadline_days=8
    )
    assert side_a.request().department_id == side_a.economic.pk
    Department.objects.filter(pk=side_a.economic.pk).update(abolished_on=today())
    req = side_a.request()
    assert req.department_id == side_a.department.pk  # 综合服务部
    assert req.clock.budget_workdays == 8
    with pytest.raises(DomainError):
        plan_svc.routing_set(
            actor=side_a.leader, category="policy", department_id=side_a.economic.pk, deadline_days=5
        )


def test_a_leader_rated_is_not_told_of_the_appeal_by_the_requests_title(side_a):
    """A leader who answered a request themselves and was rated 差评 never learns who rated them (the rule on the
    person rated wins over every other): yet when the head appealed, every leader was told "差评申诉待裁定：诉求：
    <title>" — the title names the request, and so the enterprise. The leader rated (recused from deciding it
    anyway) is not told."""
    from devzone.core.models import Notification
    from devzone.services.services import followups as follow_svc
    from devzone.services.services import requests as request_svc

    title = "甲侧独家蒸汽管网接入"
    req = side_a.request(title=title)
    req = request_svc.request_accept(actor=side_a.leader, request=req)
    req = request_svc.request_answer(actor=side_a.leader, request=req, body="已协调")
    rating = rating_svc.rate(actor=side_a.company, kind="request", pk=req.pk, level=1, comment="敷衍")
    assert rating.served_by_id == side_a.leader.pk
    follow_svc.appeal_file(actor=side_a.head, rating=rating, reason="企业误评")
    told = Notification.objects.filter(user=side_a.leader, kind="services.appeal")
    assert not [n.title for n in told if title in n.title]
    assert not Notification.objects.filter(user=side_a.leader, title__contains=title).exists()


def test_a_person_renamed_keeps_one_row_in_the_statistics(side_a):
    """好差评 per person: the rows were keyed by the account and the name kept on each rating, so an officer whose
    name was corrected between two ratings read as two people, each with half their ratings and their own 好评率
    (page, Excel, API). One row per account."""
    from devzone.core.models import Profile
    from devzone.services import selectors
    from devzone.testing.services import this_quarter

    side_a.rating(level=5)
    Profile.objects.filter(user=side_a.officer).update(display_name="甲侧专员（更正）")
    side_a.officer.profile.refresh_from_db()
    side_a.rating(level=1, comment="太慢")
    year, quarter = this_quarter()
    stats = selectors.rating_statistics(zone_ids=[side_a.zone.pk], year=year, quarter=quarter)
    rows = [row for row in stats["by_person"] if row["id"] == side_a.officer.pk]
    assert len(rows) == 1, rows
    assert (rows[0]["count"], rows[0]["good"], rows[0]["bad"]) == (2, 1, 1)


def test_a_stale_settings_page_does_not_put_back_the_old_settings(client_for, side_a):
    """The settings page posts every setting at once: a leader saving the survey departments from a page read
    before another leader moved the call-back time to 10 working days put 5 back, silently. The settings carry a
    version now: a stale page is refused (page) / 409 (API), the other leader's change kept."""
    import json

    from devzone.services.selectors import settings_for, settings_values
    from devzone.services.services import plans as plan_svc

    c = client_for(side_a.leader)
    page = c.get(reverse("services:settings")).content.decode()
    seen = settings_values(settings_for(side_a.zone))
    assert f'name="version" value="{seen["version"]}"' in page
    plan_svc.settings_set(actor=side_a.leader, values={**seen, "followup_days": 10})  # the other tab
    stale = {
        **seen,
        "form": "settings",
        "auto_rate_enabled": "on",
        "survey_departments": [side_a.department.pk],
    }
    c.post(reverse("services:settings"), stale)
    assert settings_values(settings_for(side_a.zone))["followup_days"] == 10
    answer = c.put(f"{API}/settings", json.dumps(seen), content_type="application/json")
    assert answer.status_code == 409, answer.content
    now = settings_values(settings_for(side_a.zone))
    assert now["followup_days"] == 10
    assert (
        c.put(
            f"{API}/settings", json.dumps({**now, "auto_rate_days": 9}), content_type="application/json"
        ).status_code
        == 200
    )
