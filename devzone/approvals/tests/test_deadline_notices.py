"""The deadline scan's notices (jobs.scan_deadlines): the check after a grant on commitment (告知承诺) is watched
like the clocks, and every notice the scan sends has its own name on the messages page, the warnings joining
the daily digest."""

from __future__ import annotations

import pytest

from devzone.approvals.jobs import ESCALATION_KINDS, WARNING_KINDS, scan_deadlines
from devzone.approvals.services import applications as svc
from devzone.core.models import Notification
from devzone.core.notify import DIGEST_KINDS, label_of
from devzone.core.workdays import get_calendar
from devzone.testing import factories as f
from devzone.testing.approvals import MONDAY, ItemFactory, accepted

pytestmark = pytest.mark.django_db


def granted_on_commitment(company_user, clerk, reviewer, zone_a, project=None):
    """A file granted on commitment on MONDAY: its check is due 20 working days later (conf.POST_CHECK_DAYS)."""
    item = ItemFactory(zone=zone_a, commitment_allowed=True)
    project = project or f.ProjectFactory(zone=zone_a, enterprise=company_user.profile.enterprise)
    app = accepted(company_user, clerk, reviewer, project, item)
    return svc.application_grant(actor=reviewer, application=app, on_commitment=True, on=MONDAY)


def told(kind: str, app) -> set:
    return set(
        Notification.objects.filter(kind=kind, url=app.get_absolute_url()).values_list("user", flat=True)
    )


def test_a_pending_post_check_is_warned_before_its_date_and_escalated_after_once_each(
    company_user, clerk, reviewer, zone_a, zone_a_leader, no_certificate
):
    app = granted_on_commitment(company_user, clerk, reviewer, zone_a)
    cal = get_calendar()
    assert app.post_check.due_on == cal.add_workdays(MONDAY, 20)

    scan_deadlines(cal.add_workdays(MONDAY, 10))  # half the time left: nobody is told yet
    assert not told("approvals.post_check_warn", app)

    near = cal.add_workdays(MONDAY, 17)  # 3 working days left: the reviewer is warned, the leaders not yet
    assert scan_deadlines(near)["warned"] == 1
    assert told("approvals.post_check_warn", app) == {reviewer.pk}
    assert scan_deadlines(near)["warned"] == 0  # a rerun sends nothing new

    past = cal.add_workdays(app.post_check.due_on, 2)  # past its date: the leaders are told (督办)
    assert scan_deadlines(past)["escalated"] == 2
    assert told("approvals.post_check_escalate", app) == {zone_a_leader.pk, reviewer.pk}
    title = Notification.objects.get(kind="approvals.post_check_escalate", user=zone_a_leader).title
    assert "告知承诺核查" in title and "2个工作日" in title
    assert scan_deadlines(cal.add_workdays(past, 1))["escalated"] == 0


def test_a_recorded_post_check_is_no_longer_watched(
    company_user, clerk, reviewer, zone_a, zone_a_leader, no_certificate
):
    app = granted_on_commitment(company_user, clerk, reviewer, zone_a)
    svc.post_check_record(
        actor=reviewer, application=app, conforms=True, finding="现场核查与承诺一致", on=MONDAY
    )
    scan_deadlines(get_calendar().add_workdays(app.post_check.due_on, 5))
    assert not Notification.objects.filter(kind__startswith="approvals.post_check").exists()


@pytest.mark.parametrize("kind", WARNING_KINDS + ESCALATION_KINDS)
def test_every_notice_of_the_scan_has_its_own_name_on_the_messages_page(kind):
    """The statutory escalation (办理已违法定期限) is never filed under 其他消息, nor named as another kind."""
    assert label_of(kind) != "其他消息"
    others = {label_of(k) for k in WARNING_KINDS + ESCALATION_KINDS if k != kind}
    assert label_of(kind) not in others


def test_the_scans_warnings_may_wait_for_the_daily_digest_and_its_escalations_never_do():
    assert set(WARNING_KINDS) <= DIGEST_KINDS
    assert not set(ESCALATION_KINDS) & DIGEST_KINDS
