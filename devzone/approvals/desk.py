"""大审批 on each person's desk (core.desk): the reviewer's and the clerk's queue with the nearest deadlines on
both clocks, the leaders' overdue files, the files no reviewer has been given (待分派), the 事后核查 of files
granted on commitment waiting for whoever may record it (the overdue first), the enterprise's files awaiting its
补正."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.approvals import clock as clockread
from devzone.approvals import selectors
from devzone.approvals.choices import IN_PROGRESS_STATUSES, SUPPLEMENT_STATUSES
from devzone.approvals.models import Application
from devzone.core import desk
from devzone.core.access import reach_of
from devzone.core.choices import Role
from devzone.core.zones import narrow


def _clock_note(reading, label: str) -> str:
    if reading is None:
        return ""
    if reading.overdue:
        return _("%(clock)s已超期%(n)d个工作日") % {"clock": label, "n": -reading.remaining}
    if reading.remaining == 0:
        return _("%(clock)s今日到期") % {"clock": label}
    due = date_format(reading.due_on, "MONTH_DAY_FORMAT") if reading.due_on else ""
    return _("%(clock)s%(due)s到期（剩%(n)d个工作日）") % {"clock": label, "due": due, "n": reading.remaining}


def _rows(qs, today) -> tuple[desk.Row, ...]:
    rows = []
    for app, (promised, legal) in selectors.with_both_readings(qs[: desk.NEAREST], today):
        notes = [n for n in (_clock_note(promised, _("承诺")), _clock_note(legal, _("法定"))) if n]
        if not notes:  # before acceptance: the file waits at the window
            notes = [_("%(on)s提交") % {"on": date_format(app.submitted_on, "MONTH_DAY_FORMAT")}]
        if app.reviewer_id is None and app.status in selectors.QUEUE_STATUSES:
            notes.insert(0, _("待分派"))
        nearer = clockread.nearer(promised, legal)
        tone = {"red": "red", "yellow": "yellow"}.get(getattr(nearer, "colour", ""), "")
        rows.append(desk.Row(_label(app), app.get_absolute_url(), " · ".join(notes), tone))
    return tuple(rows)


def _label(app) -> str:
    return f"{app.item.name} · {app.project.name}"


@desk.item(10, Role.REVIEWER, Role.WINDOW_CLERK)
def my_queue(request):
    qs = selectors.queue_rows(narrow(selectors.application_queue(user=request.user), request))
    today = timezone.localdate()
    reviewer = reach_of(request.user).role == Role.REVIEWER
    return desk.Entry(
        key="approvals.queue",
        label=_("我的待审办件") if reviewer else _("待受理办件"),
        count=qs.count(),
        url=reverse("approvals:queue"),
        tone="yellow",
        rows=_rows(qs, today),
        hint=_("到期最近的在前：承诺时限与法定时限") if reviewer else _("先到先办：受理审查5个工作日"),
    )


@desk.item(11, Role.REVIEWER, Role.WINDOW_CLERK, Role.ZONE_LEADER, Role.CITY_OFFICER)
@desk.reading(Application, selectors.application_queue)
@desk.counting("approvals.overdue", gettext_lazy("超期办件"), "approvals:queue?overdue=true", tone="red")
def overdue(request, qs):
    return qs.filter(selectors.overdue_q(timezone.localdate()))


@desk.item(12, Role.ZONE_LEADER, Role.REVIEWER)
@desk.reading(Application, selectors.application_queue)
@desk.counting(
    "approvals.unassigned", gettext_lazy("待分派办件"), "approvals:queue?unassigned=true", tone="yellow"
)
def unassigned(request, qs):
    # accepted files without a reviewer (a file the scan deemed accepted has none): a leader assigns them on the
    # file's page (分派); until then they stand in every reviewer's queue of the zone
    return qs.filter(selectors.unassigned_q())


def _post_check_row(app, today) -> desk.Row:
    due = app.post_check.due_on
    if due < today:
        note, tone = _("核查已逾期（期限%(on)s）") % {"on": date_format(due, "MONTH_DAY_FORMAT")}, "red"
    else:
        note = _("%(on)s前完成核查") % {"on": date_format(due, "MONTH_DAY_FORMAT")}
        tone = "yellow" if due == today else ""
    return desk.Row(_label(app), app.get_absolute_url(), note, tone)


@desk.item(13, Role.REVIEWER, Role.ZONE_LEADER)
@desk.reading(Application, selectors.post_check_queue)
def post_checks(request, qs):
    """告知承诺的事后核查 waiting to be recorded, by who may record it (``services.aftercare.post_check_record``:
    the file's reviewer, or a zone leader): the earliest 核查期限 first, so the overdue ones lead. Left out when
    there is none (a zone that grants nothing on commitment has no such work)."""
    today = timezone.localdate()
    overdue = qs.filter(post_check__due_on__lt=today).count()
    entry = desk.listing(
        qs.select_related("project", "post_check"),
        lambda a: _post_check_row(a, today),
        key="approvals.post_checks",
        label=_("待事后核查的告知承诺件"),
        url=reverse("approvals:queue") + "?post_check=true",
        tone="red" if overdue else "yellow",
        hint=_("其中%(n)d件已逾期") % {"n": overdue} if overdue else _("核查期限最近的在前"),
    )
    return entry if entry.count else None


@desk.item(10, Role.ENTERPRISE_USER)
def awaiting_supplement(request):
    qs = selectors.application_list(user=request.user).filter(status__in=SUPPLEMENT_STATUSES)
    return desk.listing(
        qs.order_by("submitted_on", "id"),
        lambda a: desk.Row(_label(a), a.get_absolute_url(), a.get_status_display(), "yellow"),
        key="approvals.supplement",
        label=_("待我补正的申请"),
        url=reverse("approvals:queue") + "?supplement=true",
        tone="red",
        hint=_("补齐材料后审批继续计时"),
    )


@desk.item(11, Role.ENTERPRISE_USER)
@desk.counting("approvals.open", gettext_lazy("办理中的申请"), "approvals:queue?in_progress=true")
def in_progress(request):
    # the applications, not the intakes (an intake of three items is three); its list is the enterprise's
    # queue through the same filter (filters.ApplicationFilter.in_progress)
    return selectors.application_list(user=request.user).filter(status__in=IN_PROGRESS_STATUSES)
