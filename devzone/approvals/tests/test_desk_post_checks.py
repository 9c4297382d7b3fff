"""事后核查 on 我的工作台: a file granted on commitment (告知承诺) waits for its check; whoever may record it (the
file's reviewer, a zone leader: ``services.aftercare.post_check_record``) sees it on the desk, the overdue first,
counted in their own reach and linked to the queue of exactly those files."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from devzone.approvals.models import PostCheck
from devzone.approvals.services import applications as svc
from devzone.core.choices import Role
from devzone.testing import factories as f
from devzone.testing.approvals import MONDAY, ItemFactory, accepted

pytestmark = pytest.mark.django_db


def granted_on_commitment(company_user, clerk, reviewer, zone, name: str, on=MONDAY):
    item = ItemFactory(zone=zone, commitment_allowed=True, name=name)
    project = f.ProjectFactory(zone=zone, enterprise=company_user.profile.enterprise)
    app = accepted(company_user, clerk, reviewer, project, item, on=on)
    return svc.application_grant(actor=reviewer, application=app, on_commitment=True, on=on)


def desk_of(client) -> dict:
    page = client.get(reverse("dashboard:home"))
    assert page.status_code == 200
    return {e.key: e for e in page.context["desk"]}


def test_the_reviewer_and_the_leader_see_pending_post_checks_overdue_first(
    client_for, company_user, clerk, reviewer, zone_a, zone_a_leader, zone_b, no_certificate
):
    later = granted_on_commitment(company_user, clerk, reviewer, zone_a, "排水许可")
    overdue = granted_on_commitment(company_user, clerk, reviewer, zone_a, "临时占道许可")
    PostCheck.objects.filter(application=overdue).update(due_on=dt.date(2020, 1, 6))
    PostCheck.objects.filter(application=later).update(due_on=dt.date(2099, 1, 5))
    # another reviewer's file: the leader's work, not this reviewer's
    other = f.user_with_role(Role.REVIEWER, zone=zone_a, user__username="a_rev2")
    theirs = granted_on_commitment(company_user, clerk, other, zone_a, "绿化许可")
    # a check already recorded is no longer waiting
    done = granted_on_commitment(company_user, clerk, reviewer, zone_a, "门头招牌许可")
    svc.post_check_record(actor=reviewer, application=done, conforms=True, finding="现场核查符合承诺")
    # zone B's file is never counted in zone A
    b_clerk = f.user_with_role(Role.WINDOW_CLERK, zone=zone_b)
    b_rev = f.user_with_role(Role.REVIEWER, zone=zone_b)
    b_company = f.user_with_role(Role.ENTERPRISE_USER, enterprise=f.EnterpriseFactory(zone=zone_b))
    granted_on_commitment(b_company, b_clerk, b_rev, zone_b, "乙区许可")

    entry = desk_of(client_for(reviewer))["approvals.post_checks"]
    assert entry.count == 2
    assert [r.url for r in entry.rows] == [overdue.get_absolute_url(), later.get_absolute_url()]
    assert entry.rows[0].tone == "red" and "已逾期" in entry.rows[0].note
    assert entry.tone == "red" and "1件已逾期" in entry.hint
    assert entry.url == reverse("approvals:queue") + "?post_check=true"
    listed = client_for(reviewer).get(entry.url)
    assert [a.pk for a, _ in listed.context["rows"]] == [overdue.pk, later.pk]

    lead = desk_of(client_for(zone_a_leader))["approvals.post_checks"]
    assert lead.count == 3
    listed = client_for(zone_a_leader).get(lead.url)
    assert {a.pk for a, _ in listed.context["rows"]} == {overdue.pk, later.pk, theirs.pk}


def test_no_post_check_item_without_pending_checks_or_for_who_cannot_record_them(
    client_for, company_user, clerk, reviewer, zone_a, city_officer, no_certificate
):
    assert "approvals.post_checks" not in desk_of(client_for(reviewer))
    granted_on_commitment(company_user, clerk, reviewer, zone_a, "排水许可")
    assert "approvals.post_checks" not in desk_of(client_for(clerk))  # the window does not check
    assert "approvals.post_checks" not in desk_of(client_for(city_officer))
