"""好差评: one rating per service actually received, bad ratings open a follow-up handled with a call-back
within the working-day limit, the enterprise rates the rectification, appeals decided by a leader, the
automatic 基本满意 after the zone's days, statistics without the rater."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

import pytest
from django.urls import reverse

from devzone.core.actors import system_actor
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError
from devzone.core.models import AuditEvent, Notification
from devzone.core.workdays import get_calendar
from devzone.services import selectors
from devzone.services.choices import AppealStatus, FollowUpStatus, RequestStatus
from devzone.services.models import FollowUp, Rating
from devzone.services.services import followups as follow_svc
from devzone.services.services import plans as plan_svc
from devzone.services.services import ratings as svc
from devzone.testing import factories as f
from devzone.testing.services import today

pytestmark = pytest.mark.django_db


def test_a_service_never_received_cannot_be_rated(side_a, side_b):
    open_req = side_a.request("accepted")
    with pytest.raises(DomainError, match="尚未答复"):
        svc.rate(actor=side_a.company, kind="request", pk=open_req.pk, level=5)
    in_review = side_a.application(granted=False)
    with pytest.raises(DomainError, match="尚未办结"):
        svc.rate(actor=side_a.company, kind="application", pk=in_review.pk, level=5)
    project = f.ProjectFactory(zone=side_a.zone, enterprise=side_a.enterprise, is_key=True)
    with pytest.raises(DomainError, match="没有代办专员"):
        svc.rate(actor=side_a.company, kind="agency", pk=project.pk, level=5)
    # another zone's service does not exist for this enterprise
    with pytest.raises(NotFoundError):
        svc.rate(actor=side_a.company, kind="request", pk=side_b.request("answered").pk, level=5)
    # staff cannot rate on the enterprise's behalf
    with pytest.raises(PermissionDeniedError):
        svc.rate(actor=side_a.leader, kind="request", pk=side_a.request("answered").pk, level=5)
    assert not Rating.objects.exists()


def test_one_rating_per_service(side_a):
    app = side_a.application()
    rating = svc.rate(actor=side_a.company, kind="application", pk=app.pk, level=5, efficiency=5, attitude=4)
    assert (rating.item, rating.served_by, rating.department) == (
        f"审批：{side_a.item.name}",
        side_a.reviewer,
        side_a.economic,
    )
    with pytest.raises(DomainError, match="只能评价一次"):
        svc.rate(actor=side_a.company, kind="application", pk=app.pk, level=1, comment="改评")
    assert Rating.objects.get().level == 5
    app.refresh_from_db()
    assert app.rating == rating  # the application page reads it by the reverse accessor


def test_a_bad_rating_must_say_why_and_levels_are_checked(side_a):
    req = side_a.request("answered")
    with pytest.raises(DomainError) as exc:
        svc.rate(actor=side_a.company, kind="request", pk=req.pk, level=2)
    assert "comment" in exc.value.errors
    for bad in (0, 6, "很好", None):
        with pytest.raises(DomainError):
            svc.rate(actor=side_a.company, kind="request", pk=req.pk, level=bad)
    with pytest.raises(DomainError) as exc:
        svc.rate(actor=side_a.company, kind="request", pk=req.pk, level=4, attitude=9)
    assert "attitude" in exc.value.errors
    assert not Rating.objects.exists()


def _callback(actor, follow, **changes):
    """A call-back of follow with plain input; changes says what a case does differently."""
    fields = {"rectification": "x", "callback_on": today(), "contact": "王经理", "note": "n"} | changes
    return follow_svc.followup_callback(actor=actor, follow_up=follow, **fields)


def test_a_bad_rating_opens_a_follow_up_called_back_and_rated(side_a):
    req = side_a.request("answered")
    rating = svc.rate(
        actor=side_a.company, kind="request", pk=req.pk, level=1, comment="答复敷衍，问题没解决"
    )
    req.refresh_from_db()
    assert req.status == RequestStatus.RATED
    follow = rating.follow_up
    assert follow.status == FollowUpStatus.OPEN and follow.handler == side_a.head
    assert follow.due_on == get_calendar().add_workdays(today(), 5)
    assert Notification.objects.filter(user=side_a.head, kind="services.followup").exists()
    assert Notification.objects.filter(user=side_a.leader, kind="services.followup").exists()
    # the enterprise cannot rate the rectification before the call-back
    with pytest.raises(DomainError, match="尚未整改回访"):
        follow_svc.followup_rate(actor=side_a.company, follow_up=follow, level=4)
    # bad call-back input
    with pytest.raises(DomainError, match="晚于今天"):
        _callback(side_a.head, follow, callback_on=today() + dt.timedelta(days=1))
    with pytest.raises(DomainError) as exc:
        _callback(side_a.head, follow, rectification=" ")
    assert "rectification" in exc.value.errors
    with pytest.raises(PermissionDeniedError):
        _callback(side_a.reviewer, follow)
    follow = follow_svc.followup_callback(
        actor=side_a.head,
        follow_up=follow,
        rectification="约谈供电所，增容已完成",
        callback_on=today(),
        contact="王经理",
        note="企业认可",
    )
    assert follow.status == FollowUpStatus.CALLED_BACK and not follow.callback_late
    follow.clock.refresh_from_db()
    assert follow.clock.status == "stopped"
    follow = follow_svc.followup_rate(actor=side_a.company, follow_up=follow, level=4, comment="整改到位")
    assert (follow.status, follow.result_level) == (FollowUpStatus.CLOSED, 4)
    with pytest.raises(DomainError, match="已评价过"):
        follow_svc.followup_rate(actor=side_a.company, follow_up=follow, level=5)


def test_a_late_call_back_is_marked_late(side_a):
    rating = side_a.rating(level=2, comment="慢")
    follow = rating.follow_up
    FollowUp.objects.filter(pk=follow.pk).update(
        opened_on=today() - dt.timedelta(days=30), due_on=today() - dt.timedelta(days=20)
    )
    follow.refresh_from_db()
    follow = _callback(side_a.leader, follow)
    assert follow.callback_late


def zone_settings(actor, **change) -> None:
    """The zone's service settings as ``actor`` saves them: follow-up in 5 working days, automatic 好评 after 7
    days on, requests due in 5 days; ``change`` replaces any of them."""
    plan_svc.settings_update(
        actor=actor,
        **{
            "followup_days": 5,
            "auto_rate_enabled": True,
            "auto_rate_days": 7,
            "request_default_days": 5,
            **change,
        },
    )


def test_the_follow_up_period_is_the_zones_setting(side_a):
    zone_settings(side_a.leader, followup_days=2)
    rating = side_a.rating(level=1, comment="差")
    assert rating.follow_up.due_on == get_calendar().add_workdays(today(), 2)
    with pytest.raises(DomainError):
        zone_settings(side_a.leader, followup_days=0)
    with pytest.raises(PermissionDeniedError):
        zone_settings(side_a.head, followup_days=3)


def test_reminders_before_and_after_the_follow_up_deadline(side_a):
    rating = side_a.rating(level=1, comment="差")
    follow = rating.follow_up
    cal = get_calendar()
    if follow.due_on > cal.add_workdays(today(), 1):
        assert follow_svc.followup_reminder_scan(today()) == {"due": 0, "overdue": 0}  # not yet
    last_day = follow.due_on
    counts = follow_svc.followup_reminder_scan(last_day)
    assert counts["due"] == 1  # the handler, on the last day
    late = follow_svc.followup_reminder_scan(last_day + dt.timedelta(days=1))
    assert late["overdue"] == 2  # the handler and the leader
    assert follow_svc.followup_reminder_scan(last_day + dt.timedelta(days=2))["overdue"] == 0  # once


def test_appeal_decided_by_a_leader_excludes_the_rating(side_a):
    rating = side_a.rating(level=1, comment="恶意差评")
    with pytest.raises(PermissionDeniedError):  # not the person rated nor the department's head
        follow_svc.appeal_file(actor=side_a.reviewer, rating=rating, reason="x")
    with pytest.raises(DomainError, match="申诉理由"):
        follow_svc.appeal_file(actor=side_a.officer, rating=rating, reason=" ")
    appeal = follow_svc.appeal_file(
        actor=side_a.officer, rating=rating, reason="企业把供电公司的问题算到了我们头上"
    )
    with pytest.raises(DomainError, match="已申诉过"):
        follow_svc.appeal_file(actor=side_a.head, rating=rating, reason="再申诉")
    with pytest.raises(PermissionDeniedError):
        follow_svc.appeal_decide(actor=side_a.head, appeal=appeal, upheld=True, decision="x")
    with pytest.raises(DomainError, match="裁定意见"):
        follow_svc.appeal_decide(actor=side_a.leader, appeal=appeal, upheld=True, decision="")
    appeal = follow_svc.appeal_decide(
        actor=side_a.leader, appeal=appeal, upheld=True, decision="核实为供电公司原因，误评"
    )
    rating.refresh_from_db()
    assert appeal.status == AppealStatus.UPHELD and rating.excluded
    assert rating.follow_up.status == FollowUpStatus.CLOSED
    assert AuditEvent.objects.filter(object_id=str(rating.pk), changes__excluded=[False, True]).exists()
    stats = selectors.rating_statistics(zone_ids=[side_a.zone.pk], year=today().year)
    assert stats["total"] == 0
    with pytest.raises(DomainError, match="已裁定"):
        follow_svc.appeal_decide(actor=side_a.leader, appeal=appeal, upheld=False, decision="改判")


def test_good_or_automatic_ratings_cannot_be_appealed(side_a):
    good = side_a.rating(level=5)
    with pytest.raises(DomainError, match="不满意"):
        follow_svc.appeal_file(actor=side_a.officer, rating=good, reason="x")


def test_an_unrated_service_is_rated_basically_satisfied_after_the_zones_days(side_a):
    req = side_a.request("answered")
    app = side_a.application()
    answered = req.answered_on
    assert svc.auto_rate_scan(answered + dt.timedelta(days=6)) == 0
    assert svc.auto_rate_scan(answered + dt.timedelta(days=7)) == 2
    auto = Rating.objects.get(request=req)
    assert (auto.level, auto.automatic, auto.comment) == (3, True, svc.AUTO_COMMENT)
    assert Rating.objects.get(application=app).automatic
    assert svc.auto_rate_scan(answered + dt.timedelta(days=8)) == 0  # once
    assert not FollowUp.objects.exists()
    # the job acts as the system actor (no actor=None): the rating and the request's move are audited as it
    system = system_actor()
    req.refresh_from_db()
    assert req.status == RequestStatus.RATED
    assert AuditEvent.objects.filter(
        object_id=str(auto.pk), content_type__model="rating", actor=system, action="create"
    ).exists()
    assert AuditEvent.objects.filter(
        object_id=str(req.pk), content_type__model="servicerequest", actor=system, action="transition"
    ).exists()
    app_rating = Rating.objects.get(application=app)  # written in bulk, audited as one would be
    assert (
        AuditEvent.objects.get(
            object_id=str(app_rating.pk), content_type__model="rating", actor=system, action="create"
        ).note
        == "系统默认评价：基本满意"
    )
    with pytest.raises(DomainError, match="只能评价一次"):
        svc.rate(actor=side_a.company, kind="request", pk=req.pk, level=5)
    with pytest.raises(DomainError, match="只能评价一次"):
        svc.rate(actor=side_a.company, kind="application", pk=app.pk, level=5)


def test_the_automatic_job_rates_applications_in_batches_and_skips_those_rated_meanwhile(side_a, monkeypatch):
    """Three batches of one: each rated once; an application the enterprise rated before the job reaches it
    keeps the enterprise's rating."""
    from devzone.services.services import ratings

    monkeypatch.setattr(ratings, "AUTO_BATCH", 1)
    apps = [side_a.application() for _ in range(3)]
    svc.rate(actor=side_a.company, kind="application", pk=apps[1].pk, level=5, on=apps[1].concluded_on)
    day = apps[0].concluded_on + dt.timedelta(days=30)
    assert svc.auto_rate_scan(day) == 2
    levels = dict(Rating.objects.filter(application__in=apps).values_list("application_id", "level"))
    assert levels == {apps[0].pk: 3, apps[1].pk: 5, apps[2].pk: 3}
    assert svc.auto_rate_scan(day) == 0


def test_a_zone_whose_automatic_ratings_fail_is_logged_and_the_other_zones_are_rated(
    side_a, side_b, monkeypatch, caplog
):
    """One zone's failure (a database error in its batch) no longer stops the run: it is logged, the other
    zones are rated, and the next run takes the failed zone's services again (they stay due)."""
    from django.db import IntegrityError

    from devzone.services.services import ratings

    a_app, b_app = side_a.application(), side_b.application()
    day = a_app.concluded_on + dt.timedelta(days=30)
    batch = ratings._auto_applications

    def failing_in_zone_a(ids, actor, on):
        if a_app.pk in ids:
            raise IntegrityError("duplicate key value violates unique constraint")
        return batch(ids, actor, on)

    monkeypatch.setattr(ratings, "_auto_applications", failing_in_zone_a)
    with caplog.at_level(logging.ERROR, logger=ratings.__name__):
        assert svc.auto_rate_scan(day) == 1
    assert list(Rating.objects.values_list("application_id", flat=True)) == [b_app.pk]
    [record] = [r for r in caplog.records if r.name == ratings.__name__]
    assert f"zone {side_a.zone.pk} failed" in record.getMessage() and record.exc_info
    monkeypatch.setattr(ratings, "_auto_applications", batch)
    assert svc.auto_rate_scan(day) == 1  # the next run
    assert Rating.objects.get(application=a_app).automatic


def test_the_automatic_rating_may_be_off_or_later(side_a):
    zone_settings(side_a.leader, auto_rate_enabled=False)
    req = side_a.request("answered")
    assert svc.auto_rate_scan(req.answered_on + dt.timedelta(days=30)) == 0
    zone_settings(side_a.leader, auto_rate_days=15)
    assert svc.auto_rate_scan(req.answered_on + dt.timedelta(days=14)) == 0
    assert svc.auto_rate_scan(req.answered_on + dt.timedelta(days=15)) == 1


def test_statistics_per_department_person_and_quarter(side_a):
    side_a.rating(level=5)
    side_a.rating(level=4)
    side_a.rating(level=2, comment="慢")
    svc.rate(actor=side_a.company, kind="application", pk=side_a.application().pk, level=5)
    stats = selectors.rating_statistics(zone_ids=[side_a.zone.pk], year=today().year)
    assert stats["total"] == 4 and stats["good_share"] == Decimal("75.00")
    by_dept = {r["name"]: r for r in stats["by_department"]}
    assert by_dept["综合服务部"]["count"] == 3 and by_dept["综合服务部"]["bad"] == 1
    assert by_dept["综合服务部"]["points"] == Decimal("66.67")  # mean level 3.667 -> 66.67
    assert by_dept["经济发展部"]["points"] == Decimal("100.00")
    by_person = {r["name"]: r["count"] for r in stats["by_person"]}
    assert by_person == {"甲侧专员": 3, "甲侧审查员": 1}
    q = (today().month - 1) // 3 + 1
    assert [row["count"] for row in stats["by_quarter"]] == [4 if n == q else 0 for n in (1, 2, 3, 4)]


def test_haoping_rate_counts_basically_satisfied_as_good_as_the_national_system_does(side_a):
    """国办发〔2019〕51号: 非常满意、满意、基本满意 are 好评; 不满意、非常不满意 are 差评. An automatic 基本满意 does
    not lower the 好评率; the stricter 满意率 is shown apart, labelled."""
    for level in (5, 4, 3, 3, 2, 1):
        side_a.rating(level=level, comment="" if level > 2 else "慢")
    stats = selectors.rating_statistics(zone_ids=[side_a.zone.pk], year=today().year)
    assert stats["total"] == 6
    assert stats["good_share"] == Decimal("66.67")  # 4 of 6
    assert stats["bad_share"] == Decimal("33.33")  # 2 of 6
    assert stats["satisfied_share"] == Decimal("33.33")  # 满意 and above: 2 of 6
    assert stats["rectified_share"] == Decimal("0.00")  # two 差评, no follow-up closed yet
    row = next(r for r in stats["by_department"] if r["name"] == "综合服务部")
    assert (row["good"], row["bad"], row["satisfied"]) == (4, 2, 2)


def test_staff_pages_never_name_the_rater_and_only_leaders_see_the_enterprise(client_for, side_a):
    rating = side_a.rating(level=1, comment="态度差")
    officer_page = client_for(side_a.officer).get(rating.get_absolute_url()).content.decode()
    assert side_a.enterprise.name not in officer_page and "sv_a_company" not in officer_page
    listing = client_for(side_a.officer).get(reverse("services:rating_list")).content.decode()
    # the level, not the enterprise's words (selectors.rating_words_shown): the person rated reads no comment
    assert side_a.enterprise.name not in listing and "态度差" not in listing and 'data-level="1"' in listing
    assert "态度差" in client_for(side_a.leader).get(reverse("services:rating_list")).content.decode()
    leader_page = client_for(side_a.leader).get(rating.get_absolute_url()).content.decode()
    assert side_a.enterprise.name in leader_page and "sv_a_company" not in leader_page
    # the handler of the follow-up sees the enterprise and its contact, to call back
    follow_page = client_for(side_a.head).get(rating.follow_up.get_absolute_url()).content.decode()
    assert side_a.enterprise.name in follow_page and "13900000000" in follow_page
    api = client_for(side_a.officer).get(f"/api/v1/services/ratings/{rating.pk}").json()
    assert api["enterprise"] is None and api["enterprise_name"] is None and "sv_a_company" not in str(api)
    leaders_list = client_for(side_a.leader).get(reverse("services:rating_list")).content.decode()
    assert f'<td data-label="企业">{side_a.enterprise.name}</td>' in leaders_list
    # the enterprise's list is its own ratings: no column repeating its own name on every row
    own = client_for(side_a.company).get(reverse("services:rating_list")).content.decode()
    assert "态度差" in own and 'data-label="企业"' not in own


def test_the_rate_page_and_the_application_page_link(client_for, side_a):
    app = side_a.application()
    c = client_for(side_a.company)
    detail = c.get(reverse("approvals:application_detail", args=[app.pk])).content.decode()
    url = reverse("services:rate", args=["application", app.pk])
    assert url in detail
    assert c.get(url).status_code == 200
    bad = c.post(url, {"level": "1", "comment": ""})
    assert bad.status_code == 200 and not Rating.objects.exists()  # a bad rating must say why
    response = c.post(url, {"level": "1", "comment": "材料反复退回"})
    rating = Rating.objects.get()
    assert response["Location"] == rating.get_absolute_url()
    detail = c.get(reverse("approvals:application_detail", args=[app.pk])).content.decode()
    assert reverse("services:rating_detail", args=[rating.pk]) in detail and url not in detail


def test_the_rating_list_reads_a_constant_number_of_queries(
    client_for, side_a, django_assert_max_num_queries
):
    side_a.rating(level=5)
    c = client_for(side_a.leader)
    c.get(reverse("services:rating_list"))
    with django_assert_max_num_queries(12) as few:
        c.get(reverse("services:rating_list"))
    for level in (4, 3, 1):
        side_a.rating(level=level, comment="x")
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get(reverse("services:rating_list"))
    with django_assert_max_num_queries(len(few.captured_queries) + 4):
        c.get(reverse("services:followup_list"))


def test_the_person_rated_badly_is_told_without_the_enterprise_and_can_filter_their_ratings(
    client_for, side_a
):
    rating = side_a.rating(level=2, comment="答复不清楚")
    note = Notification.objects.get(user=side_a.officer, kind="services.rated_bad")
    assert side_a.enterprise.name not in note.title and note.url == rating.get_absolute_url()
    side_a.rating(level=5)
    other = svc.rate(actor=side_a.company, kind="application", pk=side_a.application().pk, level=4)
    c = client_for(side_a.officer)
    mine = c.get(reverse("services:rating_list"), {"mine": "1"}).content.decode()
    # their bad rating by its level (its comment is the enterprise's words, not theirs to read)
    assert 'data-level="2"' in mine and "答复不清楚" not in mine and other.item not in mine
    by_dept = c.get(reverse("services:rating_list"), {"department": side_a.economic.pk}).content.decode()
    assert other.item in by_dept and 'data-level="2"' not in by_dept


def test_leaders_are_reminded_to_open_last_quarters_survey(side_a):
    from devzone.services.services.surveys import survey_due_reminders

    assert survey_due_reminders(dt.date(2026, 11, 2)) == 0  # not the first month of a quarter
    assert survey_due_reminders(dt.date(2026, 10, 8)) == 1  # the third quarter has no survey: the leader
    assert survey_due_reminders(dt.date(2026, 10, 9)) == 0  # once
    note = Notification.objects.get(user=side_a.leader, kind="services.survey_due")
    assert "2026年第3季度" in note.title


def test_the_enterprise_does_not_see_the_appeal_of_its_rating(client_for, side_a):
    rating = side_a.rating(level=1, comment="差")
    appeal = follow_svc.appeal_file(actor=side_a.officer, rating=rating, reason="误评")
    follow_svc.appeal_decide(actor=side_a.leader, appeal=appeal, upheld=True, decision="成立")
    c = client_for(side_a.company)
    page = c.get(rating.get_absolute_url()).content.decode()
    assert "申诉" not in page and appeal.get_absolute_url() not in page
    assert c.get(appeal.get_absolute_url()).status_code == 404
    assert "申诉成立" not in c.get(reverse("services:rating_list")).content.decode()
    assert "申诉成立" in client_for(side_a.leader).get(rating.get_absolute_url()).content.decode()


def test_a_rating_past_the_rating_period_is_refused(client_for, side_a):
    req = side_a.request("answered")
    late = req.answered_on + dt.timedelta(days=svc.RATING_WINDOW_DAYS + 1)
    with pytest.raises(DomainError, match="超过评价期限"):
        svc.rate(actor=side_a.company, kind="request", pk=req.pk, level=5, on=late)
    assert not Rating.objects.exists()
    svc.rate(actor=side_a.company, kind="request", pk=req.pk, level=5, on=late - dt.timedelta(days=1))


def test_a_bad_ratings_reason_reaches_the_outbox_without_the_contacts_it_names(side_a):
    """The national 好差评 system receives the 差评's reason (services.events), not whom it says to call."""
    from devzone.core.models import DomainEvent

    rating = side_a.rating(level=1, comment="办事员态度差，请回电13812345678或发邮件到li@example.cn")
    sent = DomainEvent.objects.get(kind="services.rating.given", object_id=str(rating.pk)).payload
    assert sent["comment"] == "办事员态度差，请回电138****5678或发邮件到***@example.cn"
    assert Rating.objects.get(pk=rating.pk).comment.endswith("li@example.cn")  # kept whole for the zone
