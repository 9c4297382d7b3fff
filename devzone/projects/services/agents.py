"""Agents (代办专员): assignments with their history, site visits with photos, and the visit-cadence reminders."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.calendar import CalendarError
from devzone.core.choices import AuditAction, ClockStatus, Role
from devzone.core.errors import DomainError, PermissionDeniedError, require, require_role
from devzone.core.files import PHOTOS, CheckedFile, check_upload, stored_name
from devzone.core.locking import in_scope, locked
from devzone.core.models import Profile, Project, Staff
from devzone.core.notify import Outbox, Text, notify, reader_day, stored
from devzone.core.services import clocks
from devzone.core.workdays import get_calendar
from devzone.projects.models import AgentAssignment, KeyProject, SiteVisit, VisitPhoto
from devzone.projects.services.common import (
    ASSIGNERS,
    LEADERS,
    LONG_TEXT,
    WORKERS,
    bump,
    check_past_date,
    check_seen,
    check_texts,
    clean_texts,
    staff_user_ids,
    tracking_of,
)

MAX_PHOTOS = 6


def agent_staff_ids(zone_id: int) -> set[int]:
    """Staff of the zone whose user has the 代办专员 role."""
    return set(
        Profile.objects.filter(zone_id=zone_id, role=Role.AGENT, staff__isnull=False).values_list(
            "staff_id", flat=True
        )
    )


def _active_agent(agent, zone_id: int) -> Staff:
    """The staff record given (a row or an id), if it is active staff of the zone; else a field error."""
    agent = Staff.objects.filter(pk=getattr(agent, "pk", agent), zone_id=zone_id, is_active=True).first()
    require(agent is not None, _("代办专员须为本开发区在岗工作人员"), "agent")
    return agent


def visit_clock_restart(tracking: KeyProject, start: dt.date) -> None:
    """Start the project's visit clock afresh from ``start`` (the last visit, or the handover) for its cadence,
    the one it replaces stopped; ``next_visit_due`` copies the due date (``projects.hooks`` keeps the copy in
    step when a calendar correction moves the clock). The caller saves ``visit_clock`` and ``next_visit_due``."""
    old = tracking.visit_clock
    if old is not None and old.status != ClockStatus.STOPPED:
        clocks.clock_stop(clock=old, on=max(start, old.started_on))
    try:
        clock = clocks.clock_start(
            zone=tracking.zone,
            purpose="重点项目走访",
            started_on=start,
            budget_workdays=tracking.visit_cadence_workdays,
            subject=tracking,
        )
    except CalendarError as e:
        raise DomainError(str(e)) from e
    tracking.visit_clock, tracking.next_visit_due = clock, clock.due_on


def visit_follow_clock(clock) -> int:
    """A calendar change moved ``clock``'s due date: the key project whose visit clock it is follows (lists,
    the desk, the workload and the reminder filter on ``next_visit_due``). Returns how many moved (0 or 1)."""
    if clock.due_on is None:
        return 0
    return (
        KeyProject.objects.filter(visit_clock_id=clock.pk)
        .exclude(next_visit_due=clock.due_on)
        .update(next_visit_due=clock.due_on)
    )


def assign(*, actor, tracking: KeyProject, agent: Staff, on: dt.date, note: str = "") -> AgentAssignment:
    """In the caller's transaction: end the current assignment, start the new one."""
    agent = _active_agent(agent, tracking.zone_id)
    if reach_of(actor).role not in LEADERS and agent.pk not in agent_staff_ids(tracking.zone_id):
        raise PermissionDeniedError(_("只有管委会领导可以指定代办专员以外的工作人员"))
    require(tracking.agent_id != agent.pk, _("该工作人员已是本项目的代办专员"), "agent")
    texts = clean_texts(("note", note, 200, ""))
    AgentAssignment.objects.filter(project_id=tracking.project_id, ended_on__isnull=True).update(ended_on=on)
    row = AgentAssignment.objects.create(
        zone_id=tracking.zone_id,
        project_id=tracking.project_id,
        agent=agent,
        started_on=on,
        assigned_by=actor,
        note=texts["note"],
    )
    before = tracking.agent_id
    tracking.agent = agent
    tracking.save(update_fields=["agent", "updated_at"])
    bump(tracking, "agent_changed_in")
    audit.changed(actor, tracking, "agent_id", before, agent.pk, note=gettext_lazy("指定代办专员"))
    _tell_agents(tracking, row, before)
    return row


def _tell_agents(tracking: KeyProject, row: AgentAssignment, before: int | None) -> None:
    """The new agent hears they carry the project (its visits and its enterprise's problems are theirs now),
    the previous one that it left them: once per assignment (keyed by it), written in the assignment's
    transaction so that a rolled-back assignment tells no one."""
    users = staff_user_ids({row.agent_id, before} - {None})
    # each in their own language, not the assigner's, the date as they write it (core.notify.Text)
    name, since, url = tracking.project.name, reader_day(row.started_on), tracking.get_absolute_url()
    notify(
        [users.get(row.agent_id)],
        zone_id=tracking.zone_id,
        kind="projects.agent",
        title=Text(
            gettext_lazy("代办指派：您自%(day)s起担任重点项目%(project)s的代办专员"), day=since, project=name
        ),
        body=row.note,
        url=url,
        key=f"agent-given-{tracking.project_id}-{row.pk}",
    )
    if before is not None:
        notify(
            [users.get(before)],
            zone_id=tracking.zone_id,
            kind="projects.agent",
            title=Text(
                gettext_lazy("代办调整：重点项目%(project)s自%(day)s起改由%(agent)s代办"),
                project=name,
                day=since,
                agent=row.agent.name,
            ),
            body=row.note,
            url=url,
            key=f"agent-left-{tracking.project_id}-{row.pk}",
        )


@transaction.atomic
def agent_assign(
    *, actor, project: Project, agent: Staff, note: str = "", expected_version: int | None = None, on=None
) -> AgentAssignment:
    """Assign a key project to an agent (a 代办专员 of any department, or any staff a leader picks); the agent
    must be active staff of the project's zone (the page offers no one else; the API is held to the same).
    ``expected_version``: the key project's version the assigner saw (the page's hidden field, the API's
    ``version``); refused (409) when the agent was changed after it, so that an agent another leader just chose
    is never silently replaced (a change of the cadence or the figures meanwhile is no conflict). None: not
    checked (the handover, the demo)."""
    require_role(actor, *ASSIGNERS, doing=_("指定代办专员"))
    if not KeyProject.objects.filter(project_id=project.pk).exists():
        in_scope(Project, project, actor=actor, what=_("项目"))
        raise DomainError(_("该项目尚未转入重点项目，请先建立时间表"))
    tracking = tracking_of(actor, project)
    check_seen(tracking, expected_version, tracking.agent_changed_in)
    return assign(actor=actor, tracking=tracking, agent=agent, on=on or timezone.localdate(), note=note)


# --- visits -------------------------------------------------------------------------------------------------
def check_photo(name: str, data: bytes) -> CheckedFile:
    """A JPEG or PNG within ``DEVZONE_PHOTO_MAX_BYTES`` that opens; else a DomainError on ``photos``."""
    return check_upload(
        name or _("照片"), data, kinds=PHOTOS, max_bytes=settings.DEVZONE_PHOTO_MAX_BYTES, field="photos"
    )


def _save_photo(visit: SiteVisit, photo: CheckedFile) -> VisitPhoto:
    row = VisitPhoto(
        visit=visit, original_name=photo.name[:200], content_type=photo.content_type, size=len(photo.data)
    )
    row.image.save(stored_name(photo), ContentFile(photo.data), save=False)
    row.save()
    return row


@transaction.atomic
def visit_record(
    *,
    actor,
    project: Project,
    visited_on: dt.date,
    people_met: str,
    findings: str,
    photos: list[tuple[str, bytes]] | None = None,
    on=None,
) -> SiteVisit:
    """Log a site visit: the date (not in the future, not before the signing), whom the agent met, findings."""
    on = on or timezone.localdate()
    require_role(actor, *WORKERS, doing=_("登记现场走访"))
    tracking = tracking_of(actor, project)
    photos = photos or []
    texts, errors = check_texts(
        ("people_met", people_met, 200, _("请填写会见人员")),
        ("findings", findings, LONG_TEXT, _("请填写走访情况")),
    )
    if visited_on is None:
        errors = {"visited_on": [_("请填写走访日期")], **errors}
    if len(photos) > MAX_PHOTOS:
        errors["photos"] = [_("最多上传%(n)d张照片") % {"n": MAX_PHOTOS}]
    if errors:
        raise DomainError.of(errors)
    check_past_date(
        "visited_on", visited_on, not_before=tracking.project.signed_on, before_label=_("签约日期"), on=on
    )
    checked = [check_photo(name, data) for name, data in photos]
    staff_id = reach_of(actor).zone_id and getattr(getattr(actor, "profile", None), "staff_id", None)
    visit = SiteVisit.objects.create(
        zone_id=tracking.zone_id,
        project_id=tracking.project_id,
        visited_on=visited_on,
        agent_id=staff_id or tracking.agent_id,
        recorded_by=actor,
        **texts,
    )
    for photo in checked:
        _save_photo(visit, photo)
    if tracking.last_visit_on is None or visited_on >= tracking.last_visit_on:
        tracking.last_visit_on = visited_on
        visit_clock_restart(tracking, visited_on)
        tracking.save(update_fields=["last_visit_on", "visit_clock", "next_visit_due", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=visit,
        note=stored(ngettext_lazy("走访 %(n)d 张照片", "走访 %(n)d 张照片", "n"), n=len(checked)),
    )
    return visit


@transaction.atomic
def cadence_set(*, actor, project: Project, workdays: int, expected_version: int | None = None) -> KeyProject:
    """The project's visit cadence, at the key project's version the actor saw (409 when the cadence was changed
    after it; None: not checked)."""
    require_role(actor, *ASSIGNERS, doing=_("调整走访周期"))
    tracking = tracking_of(actor, project)
    check_seen(tracking, expected_version, tracking.cadence_changed_in)
    require(
        isinstance(workdays, int) and 1 <= workdays <= 120,
        _("走访周期应为1–120个工作日"),
        "visit_cadence_workdays",
    )
    before = tracking.visit_cadence_workdays
    tracking.visit_cadence_workdays = workdays
    visit_clock_restart(tracking, tracking.last_visit_on or tracking.handed_over_on)
    tracking.save(update_fields=["visit_cadence_workdays", "visit_clock", "next_visit_due", "updated_at"])
    bump(tracking, "cadence_changed_in")
    audit.changed(actor, tracking, "visit_cadence_workdays", before, workdays)
    return tracking


def visit_reminder_scan(on: dt.date) -> dict[str, int]:
    """Remind each overdue project's agent once per missed due date."""
    overdue = list(
        KeyProject.objects.filter(next_visit_due__lt=on, agent__isnull=False).select_related(
            "project", "agent"
        )
    )
    if not overdue:
        return {"overdue": 0, "notified": 0}
    users = staff_user_ids({t.agent_id for t in overdue})
    cal = get_calendar()
    box = Outbox()
    for t in overdue:
        box.add(
            [users.get(t.agent_id)],
            zone_id=t.zone_id,
            kind="projects.visit",
            title=Text(  # in the agent's own language, the date as they write it (core.notify)
                gettext_lazy("走访提醒：%(project)s 应于%(day)s前走访，已逾期%(n)d个工作日"),
                project=t.project.name,
                day=reader_day(t.next_visit_due),
                n=cal.between(t.next_visit_due, on),
            ),
            url=t.get_absolute_url(),
            key=f"visit-{t.project_id}-{t.next_visit_due:%Y%m%d}",
        )
    box.flush()
    return {"overdue": len(overdue), "notified": box.total}


@transaction.atomic
def visit_photo_add(*, actor, visit: SiteVisit, name: str, data: bytes) -> VisitPhoto:
    """Add a photo to a logged visit (the API uploads photos one by one)."""
    require_role(actor, *WORKERS, doing=_("上传走访照片"))
    visit = locked(SiteVisit, visit, actor=actor, what=_("走访记录"))
    require(visit.photos.count() < MAX_PHOTOS, _("最多上传%(n)d张照片") % {"n": MAX_PHOTOS}, "photos")
    photo = _save_photo(visit, check_photo(name, data))
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=visit,
        note=stored(gettext_lazy("照片 %(name)s"), name=photo.original_name),
    )
    return photo
