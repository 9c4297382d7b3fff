"""A power removed from a draft left an audit row naming it and nothing else: the legal basis, the department,
the accountability and the approval items it had were gone with the row, so nobody could tell afterwards what
was taken out of the list before it was published. Its addition, likewise, recorded no content. Both now record
what the power said."""

from __future__ import annotations

import pytest

from devzone.core.choices import AuditAction
from devzone.core.models import AuditEvent
from devzone.powers import services
from devzone.powers.tests.conftest import add_power
from devzone.testing import factories as f
from devzone.testing.approvals import ItemFactory

pytestmark = pytest.mark.django_db


def test_the_trail_keeps_what_an_added_and_a_removed_power_said(zone_a, zone_a_leader):
    dept = f.DepartmentFactory(zone=zone_a, name="行政审批部")
    item = ItemFactory(zone=zone_a)
    draft = services.draft_open(actor=zone_a_leader, zone=zone_a)
    power = add_power(zone_a_leader, draft, dept, items=[item])
    pk = power.pk
    added = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(pk), object_repr=power.name)
    assert added.changes["legal_basis"] == [None, "《中华人民共和国建筑法》第八条"]
    assert added.changes["department_id"] == [None, dept.pk]
    assert added.changes["items"] == [None, [item.pk]]
    draft.refresh_from_db()
    services.power_remove(actor=zone_a_leader, power=power, version=draft.version)
    removed = AuditEvent.objects.get(action=AuditAction.DELETE, object_id=str(pk))
    assert removed.changes["legal_basis"] == ["《中华人民共和国建筑法》第八条", None]
    assert removed.changes["accountability"] == ["超过法定期限不作出决定的，依法追究责任", None]
    assert removed.changes["department_id"] == [dept.pk, None]
    assert removed.changes["items"] == [[item.pk], None]
