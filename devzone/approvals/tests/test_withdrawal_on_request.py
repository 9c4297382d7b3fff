"""撤回 is the applicant's act. The window records it only on the applicant's request, which the file keeps; the
enterprise is told; and a file withdrawn after its statutory limit had run out still counts as late in law."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from devzone.approvals.choices import Status
from devzone.approvals.models import ElapsedBucket
from devzone.approvals.services import applications as svc
from devzone.approvals.statistics import approval_statistics
from devzone.core.errors import DomainError
from devzone.core.models import Notification
from devzone.testing import factories as f
from devzone.testing.approvals import MONDAY, accepted

pytestmark = pytest.mark.django_db
LATE = dt.date(2025, 5, 6)  # the statutory limit (20 working days from 2025-03-03) ran out in March
REQUEST = "申请人张经办2025年5月6日书面申请撤回（项目调整）"


def _told(user) -> list[str]:
    with translation.override("zh-hans"):
        return [
            f"{n.title} {n.body}" for n in Notification.objects.filter(user=user, kind="approvals.decision")
        ]


def test_the_window_withdraws_only_on_the_applicants_request_which_the_file_keeps(
    company_user, clerk, reviewer, project_a, item
):
    app = accepted(company_user, clerk, reviewer, project_a, item)
    for blank in ("", "   "):
        with pytest.raises(DomainError, match="申请人的撤回申请") as refused:
            svc.application_withdraw(actor=clerk, application=app, reason=blank, on=LATE)
        assert "note" in refused.value.errors
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW and not ElapsedBucket.objects.exists()
    before = _told(company_user)
    app = svc.application_withdraw(actor=clerk, application=app, reason=REQUEST, on=LATE)
    assert app.status == Status.WITHDRAWN
    event = app.events.get(to_status=Status.WITHDRAWN)
    assert event.actor == clerk and "依申请人的撤回申请代为撤回" in event.note and REQUEST in event.note
    [notice] = [t for t in _told(company_user) if t not in before]
    assert "已撤回" in notice and REQUEST in notice


def test_the_enterprise_withdrawing_itself_is_told_too_without_a_note(
    company_user, clerk, reviewer, project_a, item
):
    app = accepted(company_user, clerk, reviewer, project_a, item)
    svc.application_withdraw(actor=company_user, application=app, on=MONDAY + dt.timedelta(days=1))
    [notice] = [t for t in _told(company_user) if "撤回" in t]
    assert notice.strip() == f"您的申请“{item.name}”已撤回"


def test_a_file_withdrawn_past_its_statutory_limit_counts_as_late_in_law_and_as_no_decision(
    client_for, company_user, clerk, reviewer, project_a, item, zone_a_leader
):
    app = accepted(company_user, clerk, reviewer, project_a, item)
    assert app.legal_clock.due_on < LATE
    svc.application_withdraw(actor=clerk, application=app, reason=REQUEST, on=LATE)
    [bucket] = ElapsedBucket.objects.all()
    assert (bucket.count, bucket.on_time, bucket.legal_late, bucket.withdrawn_late) == (0, 0, 1, 1)
    # whole months from the buckets, a month the period cuts from the files: the same figures
    for start, end in (
        (dt.date(2025, 5, 1), dt.date(2025, 5, 31)),
        (dt.date(2025, 5, 6), dt.date(2025, 5, 20)),
    ):
        [row] = approval_statistics(user=zone_a_leader, start=start, end=end)["items"]
        assert (row.count, row.legal_late, row.withdrawn_late, row.legal_within) == (0, 1, 1, 0)
        assert row.legal_rate == 0 and row.median is None and row.on_time_rate is None
    page = reverse("approvals:statistics")
    html = client_for(zone_a_leader).get(page, {"start": "2025-05-01", "end": "2025-05-31"}).content.decode()
    assert 'data-figure="withdrawn-late"' in html and "超过法定时限 1 件" in html


def test_a_file_withdrawn_within_its_statutory_limit_counts_nowhere(
    company_user, clerk, reviewer, project_a, item, zone_a_leader
):
    app = accepted(company_user, clerk, reviewer, project_a, item)
    svc.application_withdraw(actor=clerk, application=app, reason=REQUEST, on=MONDAY + dt.timedelta(days=2))
    assert not ElapsedBucket.objects.exists()
    assert approval_statistics(user=zone_a_leader, start=MONDAY, end=dt.date(2025, 3, 20))["items"] == []


def test_the_clerk_writes_the_request_on_the_files_page(
    client_for, company_user, clerk, reviewer, project_a, item
):
    app = accepted(company_user, clerk, reviewer, project_a, item, on=None)
    c = client_for(clerk)
    page = c.get(app.get_absolute_url()).content.decode()
    assert "申请人的撤回申请" in page and 'name="note"' in page
    url = reverse("approvals:application_action", args=[app.pk, "withdraw"])
    refused = c.post(url, {"version": app.version, "note": ""}, follow=True).content.decode()
    assert "申请人的撤回申请" in refused
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW
    c.post(url, {"version": app.version, "note": REQUEST})
    app.refresh_from_db()
    assert app.status == Status.WITHDRAWN and REQUEST in app.events.get(to_status=Status.WITHDRAWN).note


def test_beside_a_decided_file_the_late_withdrawal_halves_the_rate_within_the_law(
    client_for, company_user, clerk, reviewer, project_a, item, zone_a_leader, no_certificate
):
    late = accepted(company_user, clerk, reviewer, project_a, item)
    svc.application_withdraw(actor=clerk, application=late, reason=REQUEST, on=LATE)
    other = f.ProjectFactory(zone=project_a.zone, enterprise=project_a.enterprise)
    decided = accepted(company_user, clerk, reviewer, other, item, on=dt.date(2025, 4, 28))
    svc.application_grant(actor=reviewer, application=decided, on=LATE)
    query = {"start": "2025-05-01", "end": "2025-05-31"}
    [row] = client_for(zone_a_leader).get("/api/v1/approvals/statistics", query).json()["items"]
    assert (row["count"], row["on_time"], row["legal_within"], row["legal_late"], row["withdrawn_late"]) == (
        1,
        1,
        1,
        1,
        1,
    )
    assert row["legal_rate"] == 0.5


def test_migration_0015_counts_the_files_withdrawn_past_the_legal_limit_before_it(
    company_user, clerk, reviewer, project_a, item
):
    """Run on a file withdrawn late before the rule (no bucket), it counts what the service counts now."""
    import importlib

    from django.apps import apps

    app = accepted(company_user, clerk, reviewer, project_a, item)
    svc.application_withdraw(actor=clerk, application=app, reason=REQUEST, on=LATE)
    live = list(
        ElapsedBucket.objects.values("month", "elapsed_workdays", "count", "legal_late", "withdrawn_late")
    )
    ElapsedBucket.objects.all().delete()  # as the rows stood before 0015
    migration = importlib.import_module("devzone.approvals.migrations.0015_elapsedbucket_withdrawn_late")
    migration.count_files_withdrawn_past_the_legal_limit(apps, None)
    again = list(
        ElapsedBucket.objects.values("month", "elapsed_workdays", "count", "legal_late", "withdrawn_late")
    )
    assert again == live and live[0]["withdrawn_late"] == 1
