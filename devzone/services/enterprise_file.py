"""The enterprise file (一企一策档案): one enterprise's projects, visits, problems, applications, requests, ratings and
support plan as its page and the API's ``enterprise_file`` show them, each section read with the columns it shows."""

from __future__ import annotations

from django.db.models import Count, Q

from devzone.core.access import reach_of
from devzone.services.models import Rating, ServiceRequest, SupportPlan
from devzone.services.selectors import may_see_enterprise, projects_model, with_shown_status

# What the enterprise file shows of each section (the page and the API's ``enterprise_file``): the rows of
# seven tables are read with these columns only, not the ~150 their models and joins hold.
FILE_PROJECT = ("id", "name", "is_key", "phase", "signed_on", "total_investment")
FILE_TRACKING = ("id", "project_id", "status", "next_milestone", "next_milestone_on", "agent__name")
FILE_VISIT = ("id", "visited_on", "findings", "project__name", "agent__name")
FILE_PROBLEM = ("id", "title", "status", "raised_on", "project__name", "department__name")
FILE_APPLICATION = (
    "id",
    "status",
    "submitted_on",
    "concluded_on",
    "item__name",
    "item__legal_nature",  # the status in the item's own words (approvals.wording)
    "item__result_kind",
    "project__name",
)


def _project_progress(user, enterprise) -> list[dict]:
    """The enterprise's projects in ``user``'s reach, newest first, each with its key-project tracking (colour,
    next milestone, agent) and its milestones reached of all, counted by the database."""
    from devzone.core.models import Project

    projects = list(
        Project.objects.for_user(user)
        .filter(enterprise=enterprise)
        .only(*FILE_PROJECT)
        .order_by("-signed_on", "-id")
    )
    tracking, progress = {}, {}
    KeyProject = projects_model("KeyProject")
    if KeyProject is not None and projects:
        tracking = {
            kp.project_id: kp
            for kp in KeyProject.objects.for_user(user)
            .filter(project__in=projects)
            .select_related("agent")
            .only(*FILE_TRACKING)
        }
    Milestone = projects_model("Milestone")
    if Milestone is not None and projects:
        progress = {
            row["project_id"]: row
            for row in Milestone.objects.for_user(user)
            .filter(project__in=projects)
            .values("project_id")
            .annotate(total=Count("id"), reached=Count("id", filter=Q(actual_on__isnull=False)))
            .order_by()
        }
    return [
        {
            "project": p,
            "tracking": tracking.get(p.pk),
            "reached": progress.get(p.pk, {}).get("reached", 0),
            "total": progress.get(p.pk, {}).get("total", 0),
        }
        for p in projects
    ]


def _newest(model, user, columns, related, by: str, n: int, enterprise, *, direct: bool = False) -> list:
    """At most ``n`` rows of ``model`` in ``user``'s reach about ``enterprise`` (its own, ``direct``, or its
    projects'), newest by ``by`` first (then by id), read with ``columns`` only; none when the module holding
    ``model`` is not installed (``projects_model`` gave None)."""
    if model is None:
        return []
    about = {"enterprise": enterprise} if direct else {"project__enterprise": enterprise}
    return list(
        model.objects.for_user(user)
        .filter(**about)
        .select_related(*related)
        .only(*columns)
        .order_by(f"-{by}", "-id")[:n]
    )


def enterprise_file(*, user, enterprise) -> dict:
    """Everything the zone did for one enterprise, as ``user`` may see it: projects with their progress
    (``_project_progress``), approvals, requests, site visits and problems (zone staff only), the ratings whose
    enterprise ``user`` may know (``may_see_enterprise``; the others are left out, uncounted) and the support
    plan."""
    from devzone.approvals.models import Application

    staff = reach_of(user).kind != "enterprise"  # visits are the zone's own record
    visits = (
        _newest(
            projects_model("SiteVisit"), user, FILE_VISIT, ("project", "agent"), "visited_on", 20, enterprise
        )
        if staff
        else []
    )
    problems = _newest(
        projects_model("Problem"), user, FILE_PROBLEM, ("project", "department"), "raised_on", 30, enterprise
    )
    applications = _newest(
        Application, user, FILE_APPLICATION, ("item", "project"), "submitted_on", 30, enterprise, direct=True
    )
    # each marked as ``user`` reads its status (a rated request reads as 已办结 to who may not know its rater)
    requests = list(
        with_shown_status(ServiceRequest.objects.for_user(user), user)
        .filter(enterprise=enterprise)
        .select_related("department")[:30]
    )
    # a rating's follow-up says whether its handler may read the enterprise's name (``may_see_enterprise``)
    ratings = list(
        Rating.objects.for_user(user)
        .filter(enterprise=enterprise)
        .select_related("department", "follow_up")[:30]
    )
    for row in (*requests, *ratings):
        row.enterprise = enterprise  # the file's own: never read again row by row
    # The file names the enterprise: a rating is listed (level, comment, its page) only for who may know the
    # enterprise behind it. The others are not told it exists, not even as "已评价": the person rated, who knows
    # the service and day of their rating, would tell which of two enterprises' files holds it.
    ratings = [row for row in ratings if may_see_enterprise(user, row)]
    plan = (
        SupportPlan.objects.for_user(user)
        .filter(enterprise=enterprise)
        .select_related("owner__profile")
        .first()
    )
    measures = list(plan.measures.select_related("department", "owner__profile")) if plan else []
    return {
        "projects": _project_progress(user, enterprise),
        "applications": applications,
        "requests": requests,
        "ratings": ratings,
        "visits": visits,
        "problems": problems,
        "plan": plan,
        "measures": measures,
    }
