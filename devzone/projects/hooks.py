"""Other modules learn of a project's milestones here, so that ``projects`` never imports them (the
investment module moves a lead to 落地 at groundbreaking and to 留住 at production); and what this module hears
from core (a problem's due date and a key project's next visit follow their clocks when the calendar changes)."""

from __future__ import annotations

from collections.abc import Callable

from django.dispatch import receiver

from devzone.core import registry
from devzone.core.models import Clock
from devzone.core.services.clocks import deadline_moved

MILESTONE_REACHED: list[Callable[..., None]] = []


def _register(hooks: list[Callable[..., None]], fn: Callable[..., None]) -> Callable[..., None]:
    if fn not in hooks:  # registering twice (AppConfig.ready run again) calls it once
        hooks.append(fn)
    return fn


def on_milestone_reached(fn: Callable[..., None]) -> Callable[..., None]:
    """Register ``fn(*, project, code, on, actor)``; it runs inside the transaction that records the milestone."""
    return _register(MILESTONE_REACHED, fn)


def milestone_reached(*, project, code: str, on, actor) -> None:
    for fn in MILESTONE_REACHED:
        fn(project=project, code=code, on=on, actor=actor)


# 好差评 (services) rates the agency service when a problem is resolved: ``fn(*, problem, actor)``, inside the
# transaction that resolves it.
PROBLEM_RESOLVED: list[Callable[..., None]] = []


def on_problem_resolved(fn: Callable[..., None]) -> Callable[..., None]:
    return _register(PROBLEM_RESOLVED, fn)


def problem_resolved(*, problem, actor) -> None:
    for fn in PROBLEM_RESOLVED:
        fn(problem=problem, actor=actor)


@receiver(deadline_moved, sender=Clock, dispatch_uid="projects.problem_follows_its_clock")
def _problem_follows_its_clock(sender, clock, **kwargs) -> None:
    """A calendar change moved a clock's due date: a problem keeps a copy of it (lists, the dispatch and the
    escalation filter on ``Problem.due_on`` without a join), which follows."""
    from devzone.projects.services.problems import problem_follow_clock

    problem_follow_clock(clock)


@receiver(deadline_moved, sender=Clock, dispatch_uid="projects.visit_follows_its_clock")
def _visit_follows_its_clock(sender, clock, **kwargs) -> None:
    """The same for a key project's next visit: ``KeyProject.next_visit_due`` copies its visit clock's due date."""
    from devzone.projects.services.agents import visit_follow_clock

    visit_follow_clock(clock)


# The weekly dispatch's own sections register themselves when imported (core.registry imports this module).
from devzone.projects import dispatch_sections  # noqa: E402, F401


def _open_key_projects(user) -> list:
    """The key projects a leaver is still agent of, and the problems they still hold open (their person page
    lists them for reassignment)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from devzone.core.models import Profile
    from devzone.projects.choices import ProblemStatus
    from devzone.projects.models import KeyProject, Problem

    staff_id = Profile.objects.filter(user=user).values_list("staff_id", flat=True).first()
    if not staff_id:
        return []
    projects = KeyProject.objects.filter(agent_id=staff_id).count()
    problems = Problem.objects.filter(owner_id=staff_id, status=ProblemStatus.OPEN).count()
    return [
        (_("代办的重点项目"), projects, reverse("projects:portfolio") + f"?agent={staff_id}"),
        (_("办理中的问题"), problems, reverse("projects:problem_list")),
    ]


registry.open_work("projects", _open_key_projects)


# The module's figures of the city's reform bulletin (改革简报), read by the city views (oversight).
from devzone.projects.bulletin import figures as _bulletin_figures  # noqa: E402

registry.bulletin("projects", _bulletin_figures)
