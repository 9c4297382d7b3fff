"""Migration 0003 (one open need per firm and supply): of the open needs a firm stored twice or more for the same
supply of a campaign before it (double taps), the earliest stands and the later ones are withdrawn, so that the
constraint can be added; what they were given stays; no need keeps version 0 (0 now means "no need seen")."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection

from devzone.emergency.models import Need
from devzone.emergency.tests.conftest import submit

# serialized_rollback: a transactional test flushes the tables; the reference rows the migrations loaded are
# restored for the tests after it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
migration = importlib.import_module("devzone.emergency.migrations.0003_need_one_open")


def test_later_repeats_of_an_open_need_are_withdrawn(campaign, firms, enterprise_user, zone_b_leader):
    constraint = next(c for c in Need._meta.constraints if c.name == "emergency_need_one_open")
    first = submit(enterprise_user, campaign, quantity=600)
    other = submit(zone_b_leader, campaign, firms["b"], quantity=600, rank=1)
    with connection.schema_editor() as editor:  # the table as it was before the migration
        editor.remove_constraint(Need, constraint)
    try:
        fields = {
            f: getattr(first, f) for f in ("zone_id", "campaign_id", "enterprise_id", "supply_id", "use")
        }
        repeat = Need.objects.create(**fields, quantity=600, priority=first.priority, version=0)
        served = Need.objects.create(**fields, quantity=50, allocated=50, priority=first.priority)
        Need.objects.filter(pk=first.pk).update(version=0)
        with connection.schema_editor() as editor:
            migration.withdraw_repeats(apps, editor)
    finally:
        with connection.schema_editor() as editor:
            editor.add_constraint(Need, constraint)
    status = dict(Need.objects.values_list("pk", "status"))
    assert status == {first.pk: "active", other.pk: "active", repeat.pk: "withdrawn", served.pk: "active"}
    assert not Need.objects.filter(version=0).exists()
