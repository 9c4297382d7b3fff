"""The move of 好差评 out of approvals: migration services 0002 copies every ApplicationRating into
services.Rating, naming the item, the reviewer's department and the reviewer, before approvals 0004 drops the
old table."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from devzone.services.models import Rating
from devzone.testing.services import A_MARK, build_side

# serialized_rollback: a transactional test flushes the tables; the reference rows the migrations loaded
# (industries) are restored for the tests after it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_application_ratings_are_copied_into_services(zone_a, zone_a_leader):
    side = build_side(zone_a, A_MARK, zone_a_leader)
    app = side.application()
    old_state = MigrationExecutor(connection).loader.project_state(
        [("services", "0001_initial"), ("approvals", "0003_application_zone_recent")]
    )
    apps = old_state.apps
    OldRating = apps.get_model("approvals", "ApplicationRating")
    with connection.schema_editor() as editor:  # the table approvals 0004 dropped, as it was
        editor.create_model(OldRating)
    try:
        OldRating.objects.create(application_id=app.pk, level=2, comment="等待太久")
        migration = importlib.import_module("devzone.services.migrations.0002_ratings_from_approvals")
        with connection.schema_editor() as editor:
            migration.forwards(apps, editor)
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(OldRating)
    rating = Rating.objects.get()
    assert (rating.kind, rating.application_id, rating.enterprise, rating.level, rating.comment) == (
        "application",
        app.pk,
        side.enterprise,
        2,
        "等待太久",
    )
    assert (rating.item, rating.department, rating.served_by, rating.served_by_label) == (
        f"审批：{side.item.name}",
        side.economic,
        side.reviewer,
        f"{A_MARK}审查员",
    )
    assert rating.rated_on == timezone.localdate() and rating.served_on == app.concluded_on
    assert not rating.automatic and rating.rated_on <= timezone.localdate() + dt.timedelta(days=1)
