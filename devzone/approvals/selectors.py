"""Reads of the approvals module used by pages and the API: scoped, with their joins decided here."""

from __future__ import annotations

import datetime as dt

from django.db.models import DateField, F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Least

from devzone.approvals.choices import OPEN_STATUSES, PostCheckResult, Status
from devzone.approvals.jobs import attach_pauses, attach_step_limits, reading, readings, step_timed
from devzone.approvals.models import Application, ApprovalItem, Intake
from devzone.core.access import reach_of
from devzone.core.choices import Role
from devzone.core.web import with_related
from devzone.core.workdays import get_calendar

QUEUE_STATUSES = [
    Status.IN_REVIEW,
    Status.REVIEW_SUPPLEMENT,
    Status.SPECIAL,
    Status.SUSPENDED,
    Status.WAITING,
]


def application_list(*, user, action: str = "view") -> QuerySet[Application]:
    """Applications with every row a file's page shows joined (one file, or an intake's few)."""
    return Application.objects.for_user(user, action).select_related(
        "item", "project", "enterprise", "clock", "legal_clock", "reviewer", "intake"
    )


def application_rows(*, user) -> QuerySet[Application]:
    """Applications as a list reads them: joined only to what picks, orders and words its rows (the item, whose
    words a status takes; the two clocks, by which a queue is ordered and coloured). The project and the
    enterprise come for the page's rows (``with_readings``). Joined to all seven relations, PostgreSQL planned
    the query of a 25-row page for 14 ms (an eight-table join) and joined the whole zone's intakes, projects and
    enterprises to its open files: 22 ms against 1.6 ms."""
    return Application.objects.for_user(user).select_related("item", "clock", "legal_clock")


def overdue_q(today: dt.date) -> Q:
    """Open files past either clock's due date (the promised or the statutory one)."""
    return Q(status__in=OPEN_STATUSES) & (Q(clock__due_on__lt=today) | Q(legal_clock__due_on__lt=today))


# After every due date: where a clock has none (paused for a 补正 or a 特别程序, or not started at the window),
# the other clock decides, and a file with neither comes last, in the order of its id. Said explicitly, because
# the databases disagree about NULL: SQLite sorts it first (five paused files filled a reviewer's desk and hid
# the most overdue one), PostgreSQL last (a paused file whose statutory clock was nearly out sank).
NO_DUE_DATE = dt.date(9999, 12, 31)


def nearest_due() -> Least:
    """The nearer of a file's two due dates, the promised clock's and the statutory clock's (``NO_DUE_DATE`` for
    a clock without one): what a queue is ordered by."""
    none = Value(NO_DUE_DATE, output_field=DateField())
    return Least(Coalesce(F("clock__due_on"), none), Coalesce(F("legal_clock__due_on"), none))


def by_nearest_due(qs: QuerySet[Application]) -> QuerySet[Application]:
    """The nearest deadline first, on either clock (``nearest_due``), then by id: the same order on both
    databases. It sorts every file of ``qs`` (no index holds the nearer of two rows' dates), as the promised
    clock's order did before it (neither database walked the clock's index for a queue: both joined the open
    files to their clocks and sorted them); the statutory clock is now joined before the sort, not only for the
    page's rows."""
    # in the order, not an alias: an alias would join both clocks to the pager's count too (SQLite: 69 ms
    # instead of under 1 for 1,308 open files)
    return qs.order_by(nearest_due().asc(), "id")


def unassigned_q() -> Q:
    """Accepted open files without a reviewer (待分派): a file the scan deemed accepted (逾期视为受理) has none until
    a zone leader assigns one (``services.aftercare.application_assign``)."""
    return Q(reviewer__isnull=True, status__in=QUEUE_STATUSES)


def post_check_q() -> Q:
    """Files granted on commitment (告知承诺) whose 事后核查 has not been recorded yet."""
    return Q(status=Status.GRANTED, post_check__result=PostCheckResult.PENDING)


def post_check_queue(*, user) -> QuerySet[Application]:
    """The 事后核查 waiting for this user, as ``services.aftercare.post_check_record`` lets them record it: a
    reviewer their own files, a zone leader the zone's; the earliest 核查期限 first (the overdue ones)."""
    qs = application_rows(user=user).filter(post_check_q())
    if reach_of(user).role == Role.REVIEWER:
        qs = qs.filter(reviewer=user)
    return qs.order_by("post_check__due_on", "id")


def application_queue(*, user) -> QuerySet[Application]:
    """What waits for this user: a reviewer's own open files and the zone's files nobody has been given yet
    (待分派: whichever reviewer may take them up, a leader assigns them), a clerk's files to accept, a leader's
    zone (an enterprise's own open files): the nearest deadline first, on either clock, except at the window,
    where files are taken in turn."""
    r = reach_of(user)
    qs = application_rows(user=user)
    if r.role == Role.REVIEWER:
        return by_nearest_due(
            qs.filter(Q(reviewer=user) | Q(reviewer__isnull=True), status__in=QUEUE_STATUSES)
        )
    if r.role == Role.WINDOW_CLERK:
        return qs.filter(status__in=[Status.SUBMITTED, Status.SUPPLEMENT]).order_by("submitted_on", "id")
    return by_nearest_due(qs.filter(status__in=OPEN_STATUSES))


# What a queue's row shows and its clocks are read from: 33 of the 77 columns of a file, its item and its two
# clocks (a page of 25 rows: 1.7 against 2.6 ms of CPU). A row field read beyond these costs a query per row,
# which approvals/tests/test_query_counts.py finds.
QUEUE_ROW = (
    "zone_id",
    "version",
    "status",
    "step",
    "step_started_on",
    "submitted_on",
    "item_id",
    "project_id",
    "enterprise_id",
    "reviewer_id",  # 待分派 when none
    "item__name",
    "item__handling_kind",
    "item__legal_nature",
    "item__result_kind",
    *(
        f"{clock}__{field}"
        for clock in ("clock", "legal_clock")
        for field in ("started_on", "budget_workdays", "status", "due_on", "due_provisional", "stopped_on")
    ),
)


def queue_rows(qs: QuerySet[Application]) -> QuerySet[Application]:
    """The files of a queue page or a desk with the fields they show (``QUEUE_ROW``)."""
    return qs.only(*QUEUE_ROW)


def with_readings(apps, on: dt.date) -> list[tuple[Application, object]]:
    """Each application with its clock reading (colour, remaining working days): the nearer of its two; its
    project and enterprise fetched for these rows where they were not joined (``application_rows``)."""
    cal = get_calendar()
    apps = _shown(apps)
    return [(a, reading(a, on, cal)) for a in apps]


def with_both_readings(apps, on: dt.date) -> list[tuple[Application, tuple]]:
    """Each application with both its clocks read: (promised, statutory)."""
    cal = get_calendar()
    apps = _shown(apps)
    return [(a, readings(a, on, cal)) for a in apps]


def _shown(apps) -> list[Application]:
    """The rows with what a list, a desk or a file's clock shows of them: the project's and the enterprise's
    names (where not joined), both clocks' pauses (one query) and the steps of the items whose review step is
    timed."""
    apps = with_related(with_related(list(apps), "project", "name"), "enterprise", "name")
    attach_pauses(apps)
    attach_step_limits([a for a in apps if step_timed(a)])
    return apps


def intake_list(*, user) -> QuerySet[Intake]:
    return (
        Intake.objects.for_user(user)
        .select_related("project", "enterprise")
        .prefetch_related(
            Prefetch("applications", queryset=Application.objects.select_related("item").order_by("id"))
        )
    )


def items_for_intake(*, user, zone_id: int) -> QuerySet[ApprovalItem]:
    """Items an intake may choose: active leaves of the catalog (not 主项 with children) of the zone, in the
    user's reach."""
    return (
        ApprovalItem.objects.for_user(user)
        .filter(zone_id=zone_id, is_active=True, children__isnull=True)
        .select_related("source_department", "parent")
        .prefetch_related("materials", "prerequisites")
        .order_by("stage", "code")
    )


def intake_preview(*, project, items) -> dict:
    """What 受理 will refuse or wait for, known before any file is uploaded: the project's code (no 受理
    without a verified one), each item's required materials, and the items that wait for a prerequisite
    (accepted now, reviewed once the prerequisite is granted)."""
    from django.utils.translation import gettext as _

    refusals = []
    if not project.has_verified_code:
        refusals.append(
            _("项目“%(p)s”尚无有效的投资项目代码，窗口不能受理：请先在项目信息中登记项目代码")
            % {"p": project.name}
        )
    granted = set(
        Application.objects.filter(project=project, status=Status.GRANTED).values_list("item_id", flat=True)
    )
    waiting = []
    for item in items:
        pending = [p for p in item.prerequisites.all() if p.pk not in granted]
        if pending:
            waiting.append((item, pending))
    required = [(item, [m for m in item.materials.all() if m.required and not m.tolerable]) for item in items]
    return {"refusals": refusals, "waiting": waiting, "required": required}


def revoked_certificates(limit: int = 5000):
    """The revoked certificates of every zone, newest first: the public revocation list (approvals.licences)."""
    from devzone.approvals.choices import CertificateStatus
    from devzone.approvals.models import Certificate

    return (
        Certificate.objects.filter(status=CertificateStatus.REVOKED)
        .select_related("zone", "application__post_check")
        .only("number", "revoked_on", "zone__name", "application__id", "application__post_check__result")
        .order_by("-revoked_on", "-pk")[:limit]
    )
