"""大服务 on each person's desk (core.desk): the agent's projects, visits due and open problems; the leaders'
red key projects, overdue and escalated problems."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import desk
from devzone.core.choices import Role
from devzone.projects import selectors
from devzone.projects.choices import Colour, ProblemStatus
from devzone.projects.models import KeyProject, Problem

LEADERS = (Role.ZONE_LEADER, Role.CITY_OFFICER)


def _due(on, today) -> str:
    day = date_format(on, "MONTH_DAY_FORMAT" if on.year == today.year else "DATE_FORMAT")
    return _("已超期（%(on)s到期）") % {"on": day} if on < today else _("%(on)s到期") % {"on": day}


@desk.item(20, Role.AGENT)
@desk.own_work
def my_projects(request, staff_id):
    qs = selectors.keyproject_list(user=request.user).filter(agent_id=staff_id)
    worst_first = Case(
        When(status=Colour.RED, then=Value(0)),
        When(status=Colour.YELLOW, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    red = qs.filter(status=Colour.RED).count()
    return desk.listing(
        qs.order_by(worst_first, "project__name", "id"),
        lambda kp: desk.Row(kp.project.name, kp.get_absolute_url(), kp.get_status_display(), kp.status),
        key="projects.mine",
        label=_("我代办的重点项目"),
        url=reverse("projects:portfolio") + "?mine=1",
        hint=_("其中严重滞后%(n)d个") % {"n": red} if red else "",
    )


@desk.item(21, Role.AGENT)
@desk.own_work
def visits_due(request, staff_id):
    today = timezone.localdate()
    qs = selectors.keyproject_list(user=request.user).filter(agent_id=staff_id, next_visit_due__lte=today)
    return desk.listing(
        qs.order_by("next_visit_due", "id"),
        lambda kp: desk.Row(
            kp.project.name,
            kp.get_absolute_url(),
            _("应于%(on)s前走访") % {"on": date_format(kp.next_visit_due, "MONTH_DAY_FORMAT")},
            "red" if kp.next_visit_due < today else "yellow",
        ),
        key="projects.visits_due",
        label=_("应走访的项目"),
        url=reverse("projects:portfolio") + "?mine=1&visit=due",
        tone="yellow",
    )


@desk.item(22, Role.AGENT)
@desk.own_work
def my_problems(request, staff_id):
    qs = selectors.problem_list(user=request.user).filter(
        Q(project__tracking__agent_id=staff_id) | Q(owner_id=staff_id), status=ProblemStatus.OPEN
    )
    today = timezone.localdate()
    return desk.listing(
        qs.order_by("due_on", "id"),
        lambda p: desk.Row(
            f"{p.title} · {p.project.name}",
            p.get_absolute_url(),
            _due(p.due_on, today),
            "red" if p.due_on < today else "",
        ),
        key="projects.problems",
        label=_("未解决的问题"),
        url=reverse("projects:problem_list") + "?mine=1&status=open",
        tone="yellow",
    )


@desk.item(20, *LEADERS)
@desk.reading(KeyProject)
@desk.counting(
    "projects.red", gettext_lazy("严重滞后的重点项目"), "projects:portfolio?status=red", tone="red"
)
def red_projects(request, qs):
    return qs.filter(status=Colour.RED)


@desk.item(21, *LEADERS)
@desk.reading(Problem)
@desk.counting(
    "projects.overdue_problems",
    gettext_lazy("超期未解决的问题"),
    "projects:problem_list?status=overdue",
    tone="red",
)
def overdue_problems(request, qs):
    return qs.filter(status=ProblemStatus.OPEN, due_on__lt=timezone.localdate())


@desk.item(22, *LEADERS)
@desk.reading(Problem)
@desk.counting(
    "projects.escalated",
    gettext_lazy("提请领导督办的问题"),
    "projects:problem_list?status=escalated",
    tone="red",
)
def escalations(request, qs):
    return qs.filter(status=ProblemStatus.OPEN, escalated_on__isnull=False)
