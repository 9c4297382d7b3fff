"""What the key-project API operations share: the router, who is internal, the key project and zone an
operation acts on, and the rows' outputs."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Router

from devzone.core.access import reach_of
from devzone.core.errors import DomainError, check_id
from devzone.core.models import Zone
from devzone.projects.models import KeyProject, Problem, SiteVisit, WeeklyDispatch
from devzone.projects.views_common import key_project_or_404, staff_or_403
from devzone.projects.wording import (
    dispatch_title_label,
    milestone_label,
    status_reason_label,
    status_reasons,
)

router = Router(tags=["projects"])


def is_internal(request) -> bool:
    return reach_of(request.auth).kind != "enterprise"


def staff_only(request, model) -> None:
    staff_or_403(request.auth, model)


def tracking(request, project_id) -> KeyProject:
    """The key project of ``project_id`` in the caller's reach, else 404."""
    return key_project_or_404(request.auth, project_id)


def zone_of(request) -> Zone:
    """The zone an operation acts in: the user's own (city users pass ``zone``, which the operations publish as a
    query parameter and this reads from the query string)."""
    r = reach_of(request.auth)
    zone_id = check_id(request.GET.get("zone")) if r.kind == "city" else r.zone_id
    zone = Zone.objects.for_user(request.auth).filter(pk=zone_id).first() if zone_id else None
    if zone is None:
        raise DomainError.on("zone", _("请指定开发区（zone）"))
    return zone


def keyproject_out(t: KeyProject, internal: bool) -> dict:
    """A key project as the API answers it: the stored Chinese words (the status reason, a default step's name) in
    the reader's language, with their stable codes beside them (``next_milestone_code``, ``status_reasons``)."""
    out = {
        "project": t.project_id,
        "name": t.project.name,
        "enterprise": t.project.enterprise.name,
        "status": t.status,
        "status_since": t.status_since,
        "next_milestone": milestone_label(t.next_milestone),
        "next_milestone_code": t.next_milestone_code,
        "next_milestone_on": t.next_milestone_on,
    }
    if internal:
        out.update(
            status_reason=status_reason_label(t.status_reason),
            status_reasons=status_reasons(t.status_reason),
            total_investment=t.project.total_investment,
            area=t.project.area.name if t.project.area_id else None,
            industry=t.project.industry_id,
            agent=t.agent_id,
            agent_name=t.agent.name if t.agent_id else None,
            visit_cadence_workdays=t.visit_cadence_workdays,
            last_visit_on=t.last_visit_on,
            next_visit_due=t.next_visit_due,
            behind_points=t.behind_points,
            version=t.version,
        )
    return out


def visit_out(v: SiteVisit) -> dict:
    return {
        "id": v.pk,
        "project": v.project_id,
        "visited_on": v.visited_on,
        "agent": v.agent_id,
        "people_met": v.people_met,
        "findings": v.findings,
        "photos": [f"/projects/photos/{p.pk}/" for p in v.photos.all()],
    }


def problem_out(p: Problem, on: dt.date, internal: bool, notes: bool = False) -> dict:
    out = {
        "id": p.pk,
        "project": p.project_id,
        "project_name": p.project.name,
        "source": p.source,
        "category": p.category,
        "title": p.title,
        "description": p.description,
        "department": p.department.name,
        "owner": p.owner.name,
        "raised_on": p.raised_on,
        "due_on": p.due_on,
        "overdue": p.status == "open" and p.due_on < on,
        "status": p.status,
        "resolution": p.resolution,
        "resolved_on": p.resolved_on,
        "version": p.version,
    }
    if internal:
        out["escalated_on"] = p.escalated_on
        if notes:
            out["notes"] = [{"on": n.on, "author": n.author_label, "text": n.text} for n in p.notes.all()]
    return out


def dispatch_out(d: WeeklyDispatch, content: bool = False) -> dict:
    out = {
        "id": d.pk,
        "zone": d.zone_id,
        "week_start": d.week_start,
        "number": d.number,
        "title": dispatch_title_label(d.title),  # in the caller's language; ``content`` is as issued
        "issued_at": d.issued_at,
        "automatic": d.automatic,
        "docx_url": f"/api/v1/projects/dispatches/{d.pk}/docx",
    }
    if content:
        out["content"] = d.content
    return out
