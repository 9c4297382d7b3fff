"""The synthetic history (demo and load generator) writes rows as the services would: every file carries both
clocks, the promised and the statutory one; none is accepted after "today"; the statistics buckets count what
the clocks say."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import F

from devzone.approvals.choices import OPEN_STATUSES, Status
from devzone.approvals.history import generate_history
from devzone.approvals.models import Application, ElapsedBucket
from devzone.core.choices import ClockStatus
from devzone.testing.approvals import ItemFactory, submit

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 9, 30)  # the eve of the National Day: late files reach across the holiday


def test_every_history_file_has_both_clocks_and_none_is_accepted_after_today(
    zone_a, project_a, clerk, reviewer
):
    ItemFactory(zone=zone_a, legal_limit_days=7, promised_limit_days=5)
    ItemFactory(zone=zone_a, legal_limit_days=20, promised_limit_days=10)
    generate_history(
        zone=zone_a, count=300, start=dt.date(2025, 7, 1), end=TODAY, submitter=clerk, reviewers=[reviewer]
    )
    apps = Application.objects.filter(zone=zone_a).select_related("clock", "legal_clock", "item")
    assert apps.count() == 300
    assert not apps.filter(accepted_on__gt=TODAY).exists()
    assert not apps.filter(legal_clock=None).exists() and not apps.filter(clock=None).exists()

    open_files = apps.filter(concluded_on=None)
    assert open_files.exists() and set(open_files.values_list("status", flat=True)) == {Status.IN_REVIEW}
    for app in open_files:
        assert app.clock.status == app.legal_clock.status == ClockStatus.RUNNING
        assert app.legal_clock.budget_workdays == app.item.legal_limit_days
        assert app.clock.due_on <= app.legal_clock.due_on  # the promise is within the law
    for app in apps.exclude(concluded_on=None):
        assert (
            app.legal_clock.status == ClockStatus.STOPPED and app.legal_clock.stopped_on == app.concluded_on
        )

    past_the_law = apps.exclude(concluded_on=None).filter(concluded_on__gt=F("legal_clock__due_on")).count()
    assert sum(ElapsedBucket.objects.filter(zone=zone_a).values_list("legal_late", flat=True)) == past_the_law


def test_the_history_opens_no_second_file_of_an_item_a_project_has_open(
    zone_a, project_a, company_user, clerk, reviewer
):
    """One project, one item, a file of it open at the window, a week of history: the synthetic files that would
    still be open are drawn again, and those that find no free item are recorded as withdrawn (one open file of
    an item for a project, ``approvals_one_open_application_per_item``)."""
    item = ItemFactory(zone=zone_a, legal_limit_days=20, promised_limit_days=10)
    opened = submit(company_user, project_a, [item], on=dt.date(2025, 9, 29)).applications.get()
    figures = generate_history(
        zone=zone_a, count=50, start=dt.date(2025, 9, 24), end=TODAY, submitter=clerk, reviewers=[reviewer]
    )
    apps = Application.objects.filter(zone=zone_a)
    assert list(apps.filter(status__in=OPEN_STATUSES)) == [opened]
    withdrawn = apps.filter(status=Status.WITHDRAWN).select_related("clock", "legal_clock")
    assert withdrawn.count() == figures["by_status"][Status.WITHDRAWN] > 0
    for app in withdrawn:
        assert app.concluded_on == TODAY and app.legal_clock.stopped_on == TODAY
        assert app.clock.status == app.legal_clock.status == ClockStatus.STOPPED
