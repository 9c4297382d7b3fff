"""认领 tells the zone's leaders: a reviewer who takes a file nobody was given (services.common.claim) — the leaders
give files their reviewer (分派) and would otherwise still count it as theirs to assign. Each leader of the file's
zone is told once; another zone's leaders are not; a move refused after the claim tells
nobody."""

from __future__ import annotations

import pytest
from django.utils import translation

from devzone.approvals.services import applications as svc
from devzone.core.choices import Role
from devzone.core.errors import DomainError
from devzone.core.models import Notification
from devzone.core.notify import label_of
from devzone.testing import factories as f
from devzone.testing.approvals import MONDAY, ItemFactory, submit

pytestmark = pytest.mark.django_db


def unassigned(company_user, clerk, project_a, zone_a):
    app = submit(company_user, project_a, [ItemFactory(zone=zone_a)], on=MONDAY).applications.get()
    app = svc.application_accept(actor=clerk, application=app, reviewer=None, on=MONDAY)
    assert app.reviewer_id is None
    return app


def test_a_claim_tells_the_zones_leaders_once_and_not_another_zones(
    company_user, clerk, reviewer, project_a, zone_a, zone_a_leader, zone_b_leader
):
    second = f.user_with_role(
        Role.ZONE_LEADER, zone=zone_a, user__username="a_leader2", display_name="甲副主任"
    )
    app = unassigned(company_user, clerk, project_a, zone_a)
    Notification.objects.all().delete()
    app = svc.application_advance_step(actor=reviewer, application=app, on=MONDAY)  # 认领, then the step
    assert app.reviewer_id == reviewer.pk
    told = Notification.objects.filter(kind="approvals.claim")
    assert sorted(told.values_list("user_id", flat=True)) == sorted([zone_a_leader.pk, second.pk])
    assert not told.filter(user=zone_b_leader).exists()
    notice = told.get(user=zone_a_leader)
    assert notice.zone_id == zone_a.pk and notice.url == app.get_absolute_url()
    assert "认领" in notice.title and str(app) in notice.title
    with translation.override("zh-hans"):  # a kind of its own on the grouped messages page
        assert label_of("approvals.claim") == "办件认领"
    # the reviewer acts again on the file, now theirs: no second notice
    svc.application_advance_step(actor=reviewer, application=app, on=MONDAY)
    assert Notification.objects.filter(kind="approvals.claim").count() == 2


def test_a_refused_move_after_the_claim_tells_nobody(
    company_user, clerk, reviewer, project_a, zone_a, zone_a_leader
):
    app = unassigned(company_user, clerk, project_a, zone_a)
    with pytest.raises(DomainError):
        svc.application_end_special(actor=reviewer, application=app, on=MONDAY)  # no special procedure
    assert not Notification.objects.filter(kind="approvals.claim").exists()
