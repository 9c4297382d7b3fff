"""One open application of an item for a project (``approvals_one_open_application_per_item``): a missed check
is answered by the database with the check's own words, never a server error; a concluded file does not stand
in the way of a new one; and migration 0014 leaves the open duplicates stored before the rule as they are,
marked, so that the constraint can be added (the PostgreSQL race: ``test_double_submissions``)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from devzone.approvals.choices import Status
from devzone.approvals.models import Application
from devzone.approvals.services import applications as svc
from devzone.approvals.services import intake as intake_svc
from devzone.core.errors import DomainError
from devzone.testing.approvals import MONDAY, submit

pytestmark = pytest.mark.django_db
migration = importlib.import_module("devzone.approvals.migrations.0014_one_open_application_per_item")
CONSTRAINT = "approvals_one_open_application_per_item"


def test_a_missed_check_is_answered_by_the_constraint_in_the_checks_words(
    company_user, clerk, project_a, item, monkeypatch
):
    """Had the intake's check not seen the open file (two submissions at once, before either wrote), the
    second intake is refused with “已有在办的申请” and leaves nothing behind."""
    first = submit(company_user, project_a, [item]).applications.get()
    monkeypatch.setattr(intake_svc, "_intake_errors", lambda *a: {})
    with pytest.raises(DomainError) as refused:
        submit(clerk, project_a, [item])
    assert refused.value.errors == {"items": [f"“{item.name}”已有在办的申请"]}
    assert list(Application.objects.filter(project=project_a, item=item)) == [first]


def test_a_concluded_file_leaves_the_item_open_to_a_new_intake(company_user, project_a, item):
    first = submit(company_user, project_a, [item]).applications.get()
    svc.application_withdraw(actor=company_user, application=first)
    again = submit(company_user, project_a, [item]).applications.get()
    assert again.status == Status.SUBMITTED and again.pk != first.pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_0014_marks_the_later_open_duplicates_and_changes_nothing_else(
    company_user, clerk, reviewer, project_a, item, monkeypatch
):
    constraint = next(c for c in Application._meta.constraints if c.name == CONSTRAINT)
    first = submit(company_user, project_a, [item], on=MONDAY).applications.get()
    svc.application_accept(actor=clerk, application=first, reviewer=reviewer, on=MONDAY)
    with connection.schema_editor() as editor:  # the table as it was before the migration
        editor.remove_constraint(Application, constraint)
    try:
        # intakes at once before the rule: each passed the check (a blind check stands for the race)
        with monkeypatch.context() as race:
            race.setattr(intake_svc, "_intake_errors", lambda *a: {})
            second, third, fourth = (
                submit(who, project_a, [item], on=MONDAY).applications.get()
                for who in (clerk, company_user, company_user)
            )
        svc.application_withdraw(actor=company_user, application=third)
        Application.objects.filter(pk=fourth.pk).update(status=Status.SUPPLEMENT)
        before = dict(Application.objects.values_list("pk", "status"))
        with connection.schema_editor() as editor:
            migration.mark_earlier_duplicates(apps, editor)
    finally:
        with connection.schema_editor() as editor:
            editor.add_constraint(Application, constraint)
    assert dict(Application.objects.values_list("pk", "status")) == before  # none withdrawn or moved
    marked = set(Application.objects.filter(duplicate_before_rule=True).values_list("pk", flat=True))
    assert marked == {second.pk, fourth.pk}  # the earliest open file counts; a withdrawn one is no duplicate
    # the rule holds from now on: no further open file of the item, by the service or behind its back
    with pytest.raises(DomainError, match="已有在办的申请"):
        submit(company_user, project_a, [item], on=MONDAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=third.pk).update(status=Status.SUBMITTED)
