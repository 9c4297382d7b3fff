"""Agents (代办专员): assignments with their history, site visits with photos, and the visit-cadence reminders."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import Notification, Profile, Project, Staff
from devzone.core.workdays import get_calendar
from devzone.projects.models import AgentAssignment, KeyProject, SiteVisit, VisitPhoto
from devzone.projects.services.common import (
    ASSIGNERS,
    LEADERS,
    LONG_TEXT,
    WORKERS,
    add_workdays,
    check_past_date,
    check_text,
    chinese_day,
    field_error,
    reach_of,
    require_role,
    role,
    scoped_row,
    text_error,
    today,
)

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 6
PHOTO_KINDS = {"JPEG": "image/jpeg", "PNG": "image/png"}


def agent_staff_ids(zone_id: int) -> set[int]:
    """Staff of the zone whose user has the 代办专员 role."""
    return set(
        Profile.objects.filter(zone_id=zone_id, role=Role.AGENT, staff__isnull=False).values_list(
            "staff_id", flat=True
        )
    )


def assign(*, actor, tracking: KeyProject, agent: Staff, on: dt.date, note: str = "") -> AgentAssignment:
    """In the caller's transaction: end the current assignment, start the new one."""
    if agent.zone_id != tracking.zone_id or not agent.is_active:
        raise field_error("agent", _("代办专员须为本开发区在岗工作人员"))
    if role(actor) not in LEADERS and agent.pk not in agent_staff_ids(tracking.zone_id):
        raise PermissionDeniedError(_("只有管委会领导可以指定代办专员以外的工作人员"))
    if tracking.agent_id == agent.pk:
        raise field_error("agent", _("该工作人员已是本项目的代办专员"))
    AgentAssignment.objects.filter(project_id=tracking.project_id, ended_on__isnull=True).update(ended_on=on)
    row = AgentAssignment.objects.create(
        zone_id=tracking.zone_id,
        project_id=tracking.project_id,
        agent=agent,
        started_on=on,
        assigned_by=actor,
        note=check_text("note", note, max_length=200),
    )
    before = tracking.agent_id
    tracking.agent = agent
    tracking.version += 1
    tracking.save(update_fields=["agent", "version", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=tracking,
        changes={"agent_id": [before, agent.pk]},
        note="指定代办专员",
    )
    return row


@transaction.atomic
def agent_assign(*, actor, project: Project, agent: Staff, note: str = "", on=None) -> AgentAssignment:
    """Assign a key project to an agent (a 代办专员 of any department, or any staff a leader picks)."""
    on = on or today()
    require_role(actor, ASSIGNERS, _("指定代办专员"))
    pk = KeyProject.objects.filter(project_id=project.pk).values_list("pk", flat=True).first()
    if pk is None:
        if Project.objects.for_user(actor, "view").filter(pk=project.pk).exists():
            raise DomainError(_("该项目尚未转入重点项目，请先建立时间表"))
        from devzone.core.errors import NotFoundError

        raise NotFoundError(_("项目不存在"))
    tracking = scoped_row(KeyProject, actor, pk, label=_("重点项目"))
    agent = Staff.objects.filter(pk=getattr(agent, "pk", agent), zone_id=tracking.zone_id).first()
    if agent is None:
        raise field_error("agent", _("代办专员须为本开发区在岗工作人员"))
    return assign(actor=actor, tracking=tracking, agent=agent, on=on, note=note)


# --- visits -------------------------------------------------------------------------------------------------
def check_photo(name: str, data: bytes) -> tuple[str, str]:
    """A JPEG or PNG of at most 5 MB that Pillow can open: (name, content type); else a DomainError."""
    from PIL import Image, UnidentifiedImageError

    label = name or _("照片")
    if not data:
        raise field_error("photos", _("%(f)s 是空文件") % {"f": label})
    if len(data) > MAX_PHOTO_BYTES:
        raise field_error("photos", _("%(f)s 超过5MB") % {"f": label})
    try:
        with Image.open(BytesIO(data)) as img:
            kind = img.format
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise field_error("photos", _("%(f)s 不是可读取的图片（JPG、PNG）") % {"f": label}) from None
    if kind not in PHOTO_KINDS:
        raise field_error("photos", _("%(f)s 不是JPG或PNG图片") % {"f": label})
    return name[:200] or "photo", PHOTO_KINDS[kind]


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
    on = on or today()
    require_role(actor, WORKERS, _("登记现场走访"))
    pk = KeyProject.objects.filter(project_id=project.pk).values_list("pk", flat=True).first()
    tracking = scoped_row(KeyProject, actor, pk or 0, label=_("重点项目"))
    photos = photos or []
    errors: dict[str, list[str]] = {}
    if visited_on is None:
        errors["visited_on"] = [_("请填写走访日期")]
    for field, value, limit, required in (
        ("people_met", people_met, 200, _("请填写会见人员")),
        ("findings", findings, LONG_TEXT, _("请填写走访情况")),
    ):
        message = text_error(value, max_length=limit, required=required)
        if message:
            errors[field] = [message]
    if len(photos) > MAX_PHOTOS:
        errors["photos"] = [_("最多上传%(n)d张照片") % {"n": MAX_PHOTOS}]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors)
    check_past_date(
        "visited_on", visited_on, not_before=tracking.project.signed_on, before_label=_("签约日期"), on=on
    )
    checked = [(check_photo(name, data), data) for name, data in photos]
    staff_id = reach_of(actor).zone_id and getattr(getattr(actor, "profile", None), "staff_id", None)
    visit = SiteVisit.objects.create(
        zone_id=tracking.zone_id,
        project_id=tracking.project_id,
        visited_on=visited_on,
        agent_id=staff_id or tracking.agent_id,
        recorded_by=actor,
        people_met=people_met.strip(),
        findings=findings.strip(),
    )
    for (name, content_type), data in checked:
        photo = VisitPhoto(visit=visit, original_name=name, content_type=content_type, size=len(data))
        photo.image.save(name, ContentFile(data), save=False)
        photo.save()
    if tracking.last_visit_on is None or visited_on >= tracking.last_visit_on:
        tracking.last_visit_on = visited_on
        tracking.next_visit_due = add_workdays(visited_on, tracking.visit_cadence_workdays)
        tracking.save(update_fields=["last_visit_on", "next_visit_due", "updated_at"])
    audit.record(actor=actor, action=AuditAction.CREATE, obj=visit, note=f"走访 {len(checked)} 张照片")
    return visit


@transaction.atomic
def cadence_set(*, actor, project: Project, workdays: int) -> KeyProject:
    require_role(actor, ASSIGNERS, _("调整走访周期"))
    pk = KeyProject.objects.filter(project_id=project.pk).values_list("pk", flat=True).first()
    tracking = scoped_row(KeyProject, actor, pk or 0, label=_("重点项目"))
    if workdays is None or not (1 <= int(workdays) <= 120):
        raise field_error("visit_cadence_workdays", _("走访周期应为1–120个工作日"))
    before = tracking.visit_cadence_workdays
    tracking.visit_cadence_workdays = int(workdays)
    tracking.next_visit_due = add_workdays(tracking.last_visit_on or tracking.handed_over_on, int(workdays))
    tracking.save(update_fields=["visit_cadence_workdays", "next_visit_due", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=tracking,
        changes={"visit_cadence_workdays": [before, int(workdays)]},
    )
    return tracking


def visit_reminder_scan(on: dt.date) -> dict[str, int]:
    """Remind each overdue project's agent (and the heads of the agent's department) once per missed due date."""
    overdue = list(
        KeyProject.objects.filter(next_visit_due__lt=on, agent__isnull=False).select_related(
            "project", "agent"
        )
    )
    if not overdue:
        return {"overdue": 0, "notified": 0}
    staff_ids = {t.agent_id for t in overdue}
    users = dict(Profile.objects.filter(staff_id__in=staff_ids).values_list("staff_id", "user_id"))
    cal = get_calendar()
    notes = []
    for t in overdue:
        user_id = users.get(t.agent_id)
        if user_id is None:
            continue
        late = cal.between(t.next_visit_due, on)
        notes.append(
            Notification(
                user_id=user_id,
                zone_id=t.zone_id,
                kind="projects.visit",
                title=f"走访提醒：{t.project.name} 应于{chinese_day(t.next_visit_due)}前走访，已逾期{late}个工作日",
                url=t.get_absolute_url(),
                dedupe_key=f"visit-{t.project_id}-{t.next_visit_due:%Y%m%d}",
            )
        )
    sent = set(
        Notification.objects.filter(dedupe_key__in=[n.dedupe_key for n in notes]).values_list(
            "user_id", "dedupe_key"
        )
    )
    new = [n for n in notes if (n.user_id, n.dedupe_key) not in sent]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return {"overdue": len(overdue), "notified": len(new)}


@transaction.atomic
def visit_photo_add(*, actor, visit: SiteVisit, name: str, data: bytes) -> VisitPhoto:
    """Add a photo to a logged visit (the API uploads photos one by one)."""
    require_role(actor, WORKERS, _("上传走访照片"))
    visit = scoped_row(SiteVisit, actor, visit.pk, label=_("走访记录"))
    if visit.photos.count() >= MAX_PHOTOS:
        raise field_error("photos", _("最多上传%(n)d张照片") % {"n": MAX_PHOTOS})
    name, content_type = check_photo(name, data)
    photo = VisitPhoto(visit=visit, original_name=name, content_type=content_type, size=len(data))
    photo.image.save(name, ContentFile(data), save=False)
    photo.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=visit, note=f"照片 {name}")
    return photo
