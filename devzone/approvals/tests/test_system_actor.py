"""What the refactor onto the core kit changed or fixed: the periodic scans act as the system actor (a real
user, named in the event log and the audit trail, with exactly the rights approvals grants Role.SYSTEM), no
person can perform the system's acts, and a concluded file takes no more 容缺 materials."""

import datetime as dt

import pytest
from django.urls import reverse

from devzone.approvals.choices import Status
from devzone.approvals.models import ApplicationEvent
from devzone.approvals.services import applications as svc
from devzone.approvals.services.common import MOVES
from devzone.core.access import can
from devzone.core.actors import system_actor
from devzone.core.errors import DomainError, PermissionDeniedError
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
)

pytestmark = pytest.mark.django_db


def last_event(app) -> ApplicationEvent:
    return ApplicationEvent.objects.filter(application=app).order_by("-id").first()


def test_deemed_acceptance_is_the_system_actors_act(company_user, project_a, item):
    app = submit(company_user, project_a, [item]).applications.get()
    assert svc.deemed_acceptance_scan(get_calendar().add_workdays(MONDAY, 6)) == 1
    event = last_event(app)
    assert event.actor == system_actor() and event.action == "逾期视为受理"
    assert AuditEvent.objects.filter(object_id=str(app.pk), actor=system_actor()).exists()


def test_no_person_can_deem_an_application_accepted(company_user, clerk, project_a, item):
    app = submit(company_user, project_a, [item]).applications.get()
    with pytest.raises(PermissionDeniedError):
        svc.application_accept(actor=clerk, application=app, deemed=True)
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED and not app.deemed_accepted


def test_the_tolerance_scan_suspends_as_the_system_actor(company_user, clerk, reviewer, project_a, zone_a):
    app = accepted_owing(company_user, clerk, reviewer, project_a, tolerable_item(zone_a))
    owed = app.tolerated.get()
    assert svc.tolerated_scan(owed.due_on + dt.timedelta(days=1)) == 1
    event = last_event(app)
    assert (event.actor, event.to_status) == (system_actor(), Status.SUSPENDED)


def test_a_waiting_application_opens_as_the_system_actor(
    company_user, clerk, reviewer, project_a, zone_a, item
):
    later = ItemFactory(zone=zone_a)
    later.prerequisites.add(item)
    first = accepted(company_user, clerk, reviewer, project_a, item)
    waiting = submit(company_user, project_a, [later]).applications.get()
    svc.application_accept(actor=clerk, application=waiting, reviewer=reviewer, on=MONDAY)
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITING
    svc.application_grant(actor=reviewer, application=first, on=MONDAY + dt.timedelta(days=1))
    event = last_event(waiting)
    assert (event.actor, event.to_status) == (system_actor(), Status.IN_REVIEW)


@pytest.mark.parametrize(
    ("action", "label", "granted"),
    [
        ("change", "approvals.application", True),  # the scans move applications
        ("change", "approvals.approvalitem", True),  # the demo loads a catalog through the import's checks
        ("create", "approvals.intake", False),  # nothing a person does at the window
        ("change", "approvals.approvalseal", False),
        ("view", "approvals.certificate", False),
    ],
)
def test_the_system_actor_has_exactly_what_the_jobs_and_demo_need(action, label, granted):
    from django.apps import apps

    assert can(system_actor(), action, apps.get_model(label)) is granted


def test_a_concluded_file_takes_no_more_tolerated_material(company_user, clerk, reviewer, project_a, zone_a):
    app = accepted_owing(company_user, clerk, reviewer, project_a, tolerable_item(zone_a))
    owed = app.tolerated.get()
    svc.application_withdraw(actor=company_user, application=app, on=MONDAY + dt.timedelta(days=1))
    with pytest.raises(DomainError, match="已撤回"):
        svc.tolerated_supply(
            actor=company_user,
            application=app,
            material_id=owed.material_id,
            name="b.pdf",
            data=PDF,
            on=MONDAY + dt.timedelta(days=2),
        )
    owed.refresh_from_db()
    assert owed.supplied_on is None and not app.uploads.filter(required_material=owed.material).exists()


def test_every_move_is_declared_once_with_a_label_for_the_event_log():
    labels = [str(m.label) for m in MOVES.moves.values()]
    assert all(labels) and len(set(labels)) == len(labels)


def test_the_queue_pager_keeps_the_filters(
    client_for, company_user, clerk, reviewer, project_a, zone_a, settings
):
    settings.DEVZONE_PAGE_SIZE = 1
    for _n in range(2):
        project = f.ProjectFactory(zone=zone_a, enterprise=project_a.enterprise)
        accepted(company_user, clerk, reviewer, project, ItemFactory(zone=zone_a))
    page = client_for(reviewer).get(reverse("approvals:queue"), {"status": Status.IN_REVIEW, "q": "审批"})
    assert page.status_code == 200
    assert "status=in_review&amp;q=" in page.text and "page=2" in page.text
