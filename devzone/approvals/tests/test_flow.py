"""The life of an application through the single window and the review desk, with the four clock rules of
the Administrative Licensing Law kept apart. Dates are explicit, in 2025 (an officially scheduled year)."""

import datetime as dt

import pytest
from django.urls import reverse

from devzone.approvals.choices import Status
from devzone.approvals.models import Application, ApplicationEvent, ToleratedMaterial
from devzone.approvals.services import applications as svc
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import ConflictError, DomainError, PermissionDeniedError
from devzone.core.models import AuditEvent
from devzone.core.workdays import get_calendar
from devzone.testing import factories as f
from devzone.testing.approvals import (
    MONDAY,
    PDF,
    ItemFactory,
    accepted,
    accepted_owing,
    submit,
    tolerable_item,
    uploads_for,
)

pytestmark = pytest.mark.django_db


# --- the single window -------------------------------------------------------------------------------
def test_one_intake_opens_one_application_per_item_in_parallel(
    company_user, clerk, reviewer, project_a, zone_a
):
    items = [ItemFactory(zone=zone_a), ItemFactory(zone=zone_a)]
    intake = submit(company_user, project_a, items)
    apps = list(intake.applications.order_by("id"))
    assert [a.item_id for a in apps] == [i.pk for i in items]
    assert all(a.status == Status.SUBMITTED and a.uploads.count() == 2 for a in apps)
    for a in apps:
        svc.application_accept(actor=clerk, application=a, reviewer=reviewer, on=MONDAY)
    assert set(Application.objects.values_list("status", flat=True)) == {Status.IN_REVIEW}  # 并联: both run


def test_an_enterprise_cannot_apply_for_another_enterprises_project(company_user, zone_a, item):
    other = f.ProjectFactory(zone=zone_a)
    with pytest.raises(PermissionDeniedError):
        submit(company_user, other, [item])
    assert not Application.objects.exists()


def test_an_intake_without_items_or_with_an_item_already_open_is_refused(company_user, project_a, item):
    with pytest.raises(DomainError):
        submit(company_user, project_a, [])
    submit(company_user, project_a, [item])
    with pytest.raises(DomainError) as exc:
        submit(company_user, project_a, [item])
    assert "在办" in exc.value.message
    assert Application.objects.count() == 1


def test_acceptance_needs_every_required_material_and_names_the_missing_ones(
    company_user, clerk, reviewer, project_a, item
):
    app = submit(company_user, project_a, [item], with_files=False).applications.get()
    with pytest.raises(DomainError) as exc:
        svc.application_accept(actor=clerk, application=app, reviewer=reviewer, on=MONDAY)
    assert "申请表" in exc.value.message and "营业执照" in exc.value.message
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED and app.clock_id is None


def test_acceptance_needs_the_projects_verified_code(company_user, clerk, reviewer, zone_a, item):
    project = f.ProjectFactory(zone=zone_a, enterprise=company_user.profile.enterprise, project_code="")
    app = submit(company_user, project, [item]).applications.get()
    with pytest.raises(DomainError) as exc:
        svc.application_accept(actor=clerk, application=app, reviewer=reviewer, on=MONDAY)
    assert "项目代码" in exc.value.message


def test_acceptance_starts_the_clock_on_the_promised_limit(company_user, clerk, reviewer, project_a, item):
    app = accepted(company_user, clerk, reviewer, project_a, item)
    assert app.status == Status.IN_REVIEW and app.reviewer == reviewer
    assert app.clock.due_on == get_calendar().add_workdays(MONDAY, item.promised_limit_days)
    assert AuditEvent.objects.filter(action=AuditAction.TRANSITION, object_id=str(app.pk)).count() == 2


def test_a_tolerable_material_may_be_owed_and_late_supply_suspends_review(
    company_user, clerk, reviewer, project_a, zone_a
):
    app = accepted_owing(company_user, clerk, reviewer, project_a, tolerable_item(zone_a))
    owed = ToleratedMaterial.objects.get(application=app)
    assert owed.due_on == get_calendar().add_workdays(MONDAY, 3) <= app.clock.due_on
    assert svc.tolerated_scan(owed.due_on) == 0  # not late on its last day
    assert svc.tolerated_scan(owed.due_on + dt.timedelta(days=1)) == 1
    app.refresh_from_db()
    assert app.status == Status.SUSPENDED and app.clock.status == "paused"
    with pytest.raises(DomainError):  # no decision while a 容缺 material is owed
        svc.application_grant(actor=reviewer, application=app, on=owed.due_on + dt.timedelta(days=2))
    svc.tolerated_supply(
        actor=company_user,
        application=app,
        material_id=owed.material_id,
        name="b.pdf",
        data=PDF,
        on=owed.due_on + dt.timedelta(days=2),
    )
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW and app.clock.status == "running"


# --- rule 1: 补正 before acceptance, within 5 working days, once --------------------------------------
def test_the_clerk_lists_missing_materials_once_and_the_enterprise_answers(
    company_user, clerk, reviewer, project_a, item
):
    app = submit(company_user, project_a, [item], with_files=False).applications.get()
    svc.application_request_supplement(actor=clerk, application=app, missing="申请表、营业执照", on=MONDAY)
    app.refresh_from_db()
    assert app.status == Status.SUPPLEMENT and app.supplements == 1
    with pytest.raises(DomainError):  # everything at once: not a second time
        svc.application_request_supplement(actor=clerk, application=app, missing="又缺一份", on=MONDAY)
    svc.application_answer_supplement(
        actor=company_user, application=app, uploads=uploads_for(item), on=MONDAY + dt.timedelta(days=2)
    )
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED
    svc.application_accept(actor=clerk, application=app, reviewer=reviewer, on=MONDAY + dt.timedelta(days=2))


def test_a_supplement_request_after_five_working_days_is_refused(company_user, clerk, project_a, item):
    app = submit(company_user, project_a, [item]).applications.get()
    late = get_calendar().add_workdays(MONDAY, 6)
    with pytest.raises(DomainError) as exc:
        svc.application_request_supplement(actor=clerk, application=app, missing="缺材料", on=late)
    assert "5个工作日" in exc.value.message


def test_silence_past_five_working_days_counts_as_acceptance_on_the_day_it_came(
    company_user, project_a, item
):
    app = submit(company_user, project_a, [item]).applications.get()
    fifth = get_calendar().add_workdays(MONDAY, 5)
    assert svc.deemed_acceptance_scan(fifth) == 0
    assert svc.deemed_acceptance_scan(fifth + dt.timedelta(days=1)) == 1
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW and app.deemed_accepted and app.accepted_on == MONDAY
    assert app.clock.started_on == MONDAY


# --- in review: rule 2 (special procedures), rule 3 (extension) and review supplements ---------------
def test_a_review_supplement_stops_the_clock_until_the_enterprise_answers(
    company_user, clerk, reviewer, project_a, item
):
    app = accepted(company_user, clerk, reviewer, project_a, item)
    due = app.clock.due_on
    cal = get_calendar()
    paused, resumed = cal.add_workdays(MONDAY, 2), cal.add_workdays(MONDAY, 5)
    svc.application_request_supplement(actor=reviewer, application=app, missing="补充图纸", on=paused)
    app.refresh_from_db()
    assert app.status == Status.REVIEW_SUPPLEMENT and app.clock.due_on is None  # unknown while paused
    svc.application_answer_supplement(
        actor=company_user, application=app, uploads=uploads_for(item), on=resumed
    )
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW
    assert app.clock.due_on == cal.add_workdays(due, 3)  # the 3 paused working days do not count


def test_a_special_procedure_stops_the_clock_with_a_written_notice(
    company_user, clerk, reviewer, project_a, item
):
    app = accepted(company_user, clerk, reviewer, project_a, item)
    with pytest.raises(DomainError):
        svc.application_start_special(
            actor=reviewer, application=app, kind="expert", notice="", limit_days=10, on=MONDAY
        )
    svc.application_start_special(
        actor=reviewer, application=app, kind="expert", notice="组织专家评审", limit_days=10, on=MONDAY
    )
    app.refresh_from_db()
    assert app.status == Status.SPECIAL and app.clock.status == "paused"
    svc.application_end_special(actor=reviewer, application=app, on=MONDAY + dt.timedelta(days=14))
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW
    assert app.clock.due_on == get_calendar().add_workdays(
        MONDAY + dt.timedelta(days=14), item.promised_limit_days
    )


def test_an_extension_needs_a_leader_and_reasons_and_happens_once(
    company_user, clerk, reviewer, project_a, item, zone_a_leader
):
    app = accepted(company_user, clerk, reviewer, project_a, item)
    due, legal_due = app.clock.due_on, app.legal_clock.due_on
    with pytest.raises(PermissionDeniedError):
        svc.application_extend(actor=reviewer, application=app, reason="情况复杂", on=MONDAY)
    with pytest.raises(DomainError):
        svc.application_extend(actor=zone_a_leader, application=app, reason=" ", on=MONDAY)
    svc.application_extend(actor=zone_a_leader, application=app, reason="需现场踏勘", on=MONDAY)
    app.refresh_from_db()
    # the statutory clock is extended (by the item's maximum, 10 under 第四十二条); the promise stays
    assert app.extended and app.legal_clock.due_on == get_calendar().add_workdays(legal_due, 10)
    assert app.clock.due_on == due
    with pytest.raises(DomainError):
        svc.application_extend(actor=zone_a_leader, application=app, reason="再次延期", on=MONDAY)


# --- illegal moves and concurrency ---------------------------------------------------------------------
def test_an_illegal_transition_is_refused_and_changes_nothing(company_user, clerk, reviewer, project_a, item):
    app = submit(company_user, project_a, [item]).applications.get()
    before = (app.status, app.version, ApplicationEvent.objects.count())
    with pytest.raises(DomainError) as exc:
        svc.application_grant(actor=reviewer, application=app, on=MONDAY)
    assert "不能" in exc.value.message
    app.refresh_from_db()
    assert (app.status, app.version, ApplicationEvent.objects.count()) == before


def test_of_two_officers_acting_on_the_same_version_one_succeeds_and_the_other_is_told(
    company_user, clerk, reviewer, project_a, item, zone_a
):
    other_clerk = f.user_with_role(Role.WINDOW_CLERK, zone=zone_a, user__username="a_clerk2")
    app = submit(company_user, project_a, [item]).applications.get()
    seen = app.version
    svc.application_accept(actor=clerk, application=app, reviewer=reviewer, expected_version=seen, on=MONDAY)
    with pytest.raises(ConflictError):
        svc.application_reject(
            actor=other_clerk, application=app, reason="材料不全", expected_version=seen, on=MONDAY
        )
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW


def test_roles_are_checked_before_anything(company_user, clerk, reviewer, project_a, item, zone_b):
    app = submit(company_user, project_a, [item]).applications.get()
    with pytest.raises(PermissionDeniedError):
        svc.application_accept(actor=reviewer, application=app, reviewer=reviewer, on=MONDAY)
    outsider = f.user_with_role(Role.WINDOW_CLERK, zone=zone_b, user__username="b_clerk")
    with pytest.raises(DomainError):  # another zone's clerk does not even find it
        svc.application_accept(actor=outsider, application=app, reviewer=reviewer, on=MONDAY)


# --- prerequisites -------------------------------------------------------------------------------------
def test_an_item_whose_prerequisite_has_not_concluded_waits_then_opens_by_itself(
    company_user, clerk, reviewer, project_a, zone_a, monkeypatch
):
    first, second = (
        ItemFactory(zone=zone_a, name="用地规划许可"),
        ItemFactory(zone=zone_a, name="工程规划许可"),
    )
    second.prerequisites.add(first)
    monkeypatch.setattr("devzone.approvals.certificates.issue_certificate", lambda **kw: None)
    intake = submit(company_user, project_a, [first, second])
    a1, a2 = intake.applications.order_by("id")
    svc.application_accept(actor=clerk, application=a1, reviewer=reviewer, on=MONDAY)
    svc.application_accept(actor=clerk, application=a2, reviewer=reviewer, on=MONDAY)
    a2.refresh_from_db()
    assert a2.status == Status.WAITING and a2.clock_id is None
    granted_on = MONDAY + dt.timedelta(days=3)
    svc.application_grant(actor=reviewer, application=a1, on=granted_on)
    a2.refresh_from_db()
    assert a2.status == Status.IN_REVIEW and a2.clock.started_on == granted_on


# --- conclusion, statistics, commitment, rating --------------------------------------------------------
def test_a_grant_stops_the_clock_and_counts_the_working_days(
    company_user, clerk, reviewer, project_a, item, monkeypatch
):
    from devzone.approvals.models import ElapsedBucket

    monkeypatch.setattr("devzone.approvals.certificates.issue_certificate", lambda **kw: None)
    app = accepted(company_user, clerk, reviewer, project_a, item)
    svc.application_grant(actor=reviewer, application=app, on=MONDAY + dt.timedelta(days=7))
    app.refresh_from_db()
    assert app.status == Status.GRANTED and app.elapsed_workdays == 5 and app.clock.status == "stopped"
    bucket = ElapsedBucket.objects.get(item=item)
    assert (bucket.elapsed_workdays, bucket.count, bucket.on_time) == (5, 1, 1)


def test_a_denial_needs_reasons(company_user, clerk, reviewer, project_a, item):
    app = accepted(company_user, clerk, reviewer, project_a, item)
    with pytest.raises(DomainError):
        svc.application_deny(actor=reviewer, application=app, reason="", on=MONDAY)
    svc.application_deny(actor=reviewer, application=app, reason="不符合规划条件", on=MONDAY)
    app.refresh_from_db()
    assert app.status == Status.DENIED and app.decision_reason == "不符合规划条件"


def test_a_breach_of_commitment_revokes_and_bars_the_enterprise(
    company_user, clerk, reviewer, project_a, zone_a, monkeypatch
):
    monkeypatch.setattr("devzone.approvals.certificates.issue_certificate", lambda **kw: None)
    item = ItemFactory(zone=zone_a, commitment_allowed=True)
    app = accepted(company_user, clerk, reviewer, project_a, item)
    svc.application_grant(actor=reviewer, application=app, on_commitment=True, on=MONDAY)
    app.refresh_from_db()
    assert app.on_commitment and app.post_check.result == "pending"
    svc.post_check_record(
        actor=reviewer,
        application=app,
        conforms=False,
        finding="实际建设与承诺不符",
        on=MONDAY + dt.timedelta(days=20),
    )
    app.refresh_from_db()
    assert app.status == Status.REVOKED
    bar = app.enterprise.commitment_bars.get()
    assert bar.until == dt.date(2025, 9, 23)  # six months after the finding
    again = ItemFactory(zone=zone_a, commitment_allowed=True)
    app2 = accepted(company_user, clerk, reviewer, project_a, again, on=MONDAY + dt.timedelta(days=30))
    with pytest.raises(DomainError) as exc:
        svc.application_grant(
            actor=reviewer, application=app2, on_commitment=True, on=MONDAY + dt.timedelta(days=30)
        )
    assert "告知承诺" in exc.value.message


def test_withdrawal_stops_the_clock(company_user, clerk, reviewer, project_a, item):
    app = accepted(company_user, clerk, reviewer, project_a, item)
    svc.application_withdraw(actor=company_user, application=app, on=MONDAY + dt.timedelta(days=1))
    app.refresh_from_db()
    assert app.status == Status.WITHDRAWN and app.clock.status == "stopped"


def test_a_withdrawal_from_a_page_read_before_acceptance_withdraws_nothing(
    company_user, clerk, reviewer, project_a, item, client_for
):
    """The enterprise's page carries the version it showed: accepted since, the file is not withdrawn unseen."""
    app = submit(company_user, project_a, [item], on=None).applications.get()
    c = client_for(company_user)
    page = c.get(app.get_absolute_url()).content.decode()
    assert f'name="version" value="{app.version}"' in page
    svc.application_accept(actor=clerk, application=app, reviewer=reviewer)
    url = reverse("approvals:application_action", args=[app.pk, "withdraw"])
    answer = c.post(url, {"version": app.version, "note": "项目调整"}, follow=True)
    assert "该办件刚被他人处理过" in answer.content.decode()
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW


def test_only_the_files_reviewer_or_a_leader_records_a_breach(
    company_user, clerk, reviewer, project_a, zone_a, zone_a_leader, monkeypatch
):
    """A breach revokes a certificate and bars the enterprise: another reviewer of the zone may not record it."""

    monkeypatch.setattr("devzone.approvals.certificates.issue_certificate", lambda **kw: None)
    item = ItemFactory(zone=zone_a, commitment_allowed=True)
    app = accepted(company_user, clerk, reviewer, project_a, item)
    svc.application_grant(actor=reviewer, application=app, on_commitment=True, on=MONDAY)
    colleague = f.user_with_role(Role.REVIEWER, zone=zone_a, user__username="a_rev2")
    with pytest.raises(PermissionDeniedError, match="承办人"):
        svc.post_check_record(actor=colleague, application=app, conforms=False, finding="不符", on=MONDAY)
    app.refresh_from_db()
    assert app.status == Status.GRANTED and not app.enterprise.commitment_bars.exists()
    svc.post_check_record(actor=zone_a_leader, application=app, conforms=True, finding="相符", on=MONDAY)
    app.refresh_from_db()
    assert app.post_check.result == "conforms"
