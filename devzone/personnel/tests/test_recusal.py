"""回避 in the annual review: the annual grade decides 刚性淘汰 (不称职 opens a case) and so does an unmet term target
(未完成聘期工作目标). A case and an appeal were recused already — nobody decides their own — but the grade and the
term target were not: a zone leader could grade their own year 优秀 and never be flagged. Now another leader
decides them."""

from __future__ import annotations

import datetime as dt

import pytest

from devzone.core.choices import Role
from devzone.core.errors import PermissionDeniedError
from devzone.personnel.models import AnnualReview, TermTarget
from devzone.personnel.services import staffing
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(zone_a):
    """A zone leader's own staff record and account, and another leader of the zone."""
    staff = f.StaffFactory(zone=zone_a, name="主任本人")
    return {
        "staff": staff,
        "leader": f.staff_user(Role.ZONE_LEADER, staff, "leader_self"),
        "other": f.user_with_role(Role.ZONE_LEADER, zone=zone_a, user__username="leader_other"),
    }


def test_nobody_decides_their_own_annual_grade(zone_a, me):
    review = AnnualReview.objects.create(
        zone=zone_a, staff=me["staff"], year=2026, quarters={}, proposed="incompetent"
    )
    with pytest.raises(PermissionDeniedError, match="回避"):
        staffing.review_decide(actor=me["leader"], review=review, grade="excellent", note="自评优秀")
    review.refresh_from_db()
    assert (review.grade, review.decided_by) == ("", None)
    staffing.review_decide(actor=me["other"], review=review, grade="incompetent")
    review.refresh_from_db()
    assert (review.grade, review.decided_by) == ("incompetent", me["other"])


def test_nobody_assesses_their_own_term_target(zone_a, me):
    target = staffing.term_target_add(
        actor=me["other"], zone=zone_a, staff=me["staff"], term_end=dt.date(2026, 6, 30), target="引进项目3个"
    )
    with pytest.raises(PermissionDeniedError, match="回避"):
        staffing.term_target_assess(actor=me["leader"], target=target, met=True, assessment="已完成")
    assert TermTarget.objects.get(pk=target.pk).met is None
    staffing.term_target_assess(actor=me["other"], target=target, met=False, assessment="仅引进1个")
    assert TermTarget.objects.get(pk=target.pk).met is False
