"""大审批 on 我的工作台 (approvals/desk.py): the reviewer's files with the nearest deadline first, on either clock and
on both databases; the enterprise's count of applications in progress, whose link opens exactly those rows.

The first two tests came from a review (the nearest deadline on SQLite, the enterprise's link); the second of the
ordering tests is the same defect as PostgreSQL showed it (CI runs the suite on both)."""

import datetime as dt

import pytest
from django.urls import reverse

from devzone.approvals.choices import Status
from devzone.approvals.services.intake import (
    application_reject,
    application_request_supplement,
)
from devzone.core.choices import Role
from devzone.testing import factories as f
from devzone.testing.approvals import MONDAY, ItemFactory, accepted, submit
from devzone.testing.projects import build_cast

pytestmark = pytest.mark.django_db


def desk_of(client) -> dict:
    page = client.get(reverse("dashboard:home"))
    assert page.status_code == 200
    return {e.key: e for e in page.context["desk"]}


def queue_of(client, query: str = "") -> list:
    """The applications a queue page lists, in its order."""
    page = client.get(reverse("approvals:queue") + query)
    assert page.status_code == 200
    return [app for app, _reading in page.context["rows"]]


# --- the reviewer's desk and the queue: the nearest deadline of the two clocks first ---------------------
def test_the_reviewers_desk_lists_the_nearest_deadline_first(client_for, zone_a):
    """A file under 审查中补正 has its promised clock paused (no due date). Ordered by the promised clock alone,
    SQLite (NULL first) filled the desk's five rows with files waiting on the enterprise and left out the file
    that is most overdue."""
    a = build_cast(zone_a, "甲")
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=zone_a)
    urgent = accepted(a.company, clerk, a.officer, a.project, ItemFactory(zone=zone_a, name="最急施工许可"))
    later = MONDAY + dt.timedelta(days=7)
    for n in range(5):
        app = accepted(
            a.company, clerk, a.officer, a.project, ItemFactory(zone=zone_a, name=f"补正中{n}"), on=later
        )
        application_request_supplement(actor=a.officer, application=app, missing="图纸", on=later)
    officer = client_for(a.officer)
    entry = desk_of(officer)["approvals.queue"]
    assert entry.count == 6
    assert entry.rows[0].url == urgent.get_absolute_url(), [r.label for r in entry.rows]
    assert queue_of(officer)[0] == urgent


def test_a_paused_file_whose_statutory_deadline_is_nearest_comes_first(client_for, zone_a):
    """The same defect as PostgreSQL shows it (NULL last): a file waiting for a 补正 still runs on its statutory
    clock; when that is the nearest deadline of all, the file comes first on the reviewer's desk, the reviewer's
    queue and the leader's, not after every file whose promised clock runs."""
    a = build_cast(zone_a, "甲")
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=zone_a)
    paused = accepted(a.company, clerk, a.officer, a.project, ItemFactory(zone=zone_a, name="补正中的许可"))
    application_request_supplement(
        actor=a.officer, application=paused, missing="图纸", on=MONDAY + dt.timedelta(days=2)
    )
    running = accepted(
        a.company,
        clerk,
        a.officer,
        a.project,
        ItemFactory(zone=zone_a, name="按时办理的许可"),
        on=MONDAY + dt.timedelta(days=21),
    )
    paused.refresh_from_db()
    assert paused.status == Status.REVIEW_SUPPLEMENT and paused.clock.due_on is None
    assert paused.legal_clock.due_on < running.clock.due_on < running.legal_clock.due_on
    entry = desk_of(client_for(a.officer))["approvals.queue"]
    assert [r.url for r in entry.rows] == [paused.get_absolute_url(), running.get_absolute_url()]
    assert queue_of(client_for(a.officer)) == [paused, running]
    assert queue_of(client_for(a.leader)) == [paused, running]


def test_files_without_a_due_date_come_after_every_dated_one_in_turn(client_for, zone_a):
    """The leader's queue holds files at the window too (no clock yet): after the files with a deadline, in the
    order they came, on both databases."""
    a = build_cast(zone_a, "甲")
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=zone_a)
    waiting = submit(a.company, a.project, [ItemFactory(zone=zone_a)]).applications.get()
    dated = accepted(a.company, clerk, a.officer, a.project, ItemFactory(zone=zone_a), on=MONDAY)
    also_waiting = submit(a.company, a.project, [ItemFactory(zone=zone_a)]).applications.get()
    assert queue_of(client_for(a.leader)) == [dated, waiting, also_waiting]


# --- the enterprise's applications in progress -----------------------------------------------------------
def test_the_enterprises_open_applications_link_lists_those_applications(client_for, zone_a):
    """The item counts applications, and linked to the list of the enterprise's intakes, unfiltered: one intake
    of three items showed "办理中的申请 3" and opened a list of one row."""
    a = build_cast(zone_a, "甲")
    submit(a.company, a.project, [ItemFactory(zone=zone_a) for _ in range(3)])
    c = client_for(a.company)
    entry = desk_of(c)["approvals.open"]
    assert entry.count == 3
    listed = c.get(entry.url)
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == entry.count


def test_the_link_opens_exactly_the_counted_applications(client_for, zone_a):
    """Neither a concluded application (不予受理) nor one waiting for the enterprise's 补正 (the item beside it
    lists those) is in progress: the link lists the others, the same as the count."""
    a = build_cast(zone_a, "甲")
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=zone_a)
    intake = submit(a.company, a.project, [ItemFactory(zone=zone_a) for _ in range(4)])
    refused, owed, *in_progress = intake.applications.order_by("id")
    application_reject(actor=clerk, application=refused, reason="不属于本区受理范围", on=MONDAY)
    application_request_supplement(actor=clerk, application=owed, missing="营业执照副本", on=MONDAY)
    in_progress.append(accepted(a.company, clerk, a.officer, a.project, ItemFactory(zone=zone_a)))
    c = client_for(a.company)
    desk = desk_of(c)
    entry = desk["approvals.open"]
    assert entry.count == 3
    listed = c.get(entry.url)
    assert listed.context["page"].paginator.count == entry.count
    assert {app for app, _reading in listed.context["rows"]} == set(in_progress)
    assert desk["approvals.supplement"].count == 1
