"""What 一个项目追到底 tells the outbox (core.events): each move of a key project's problem
(``projects.problem.<move>``; ``resolve`` closes it) and each milestone reached (``projects.milestone.reached``).
Facts only: the project's code, the milestone, dates and states — not the problem's text or who owns it."""

from __future__ import annotations

from devzone.core import events


def problem_facts(problem) -> dict:
    return {
        "id": problem.pk,
        "project_code": problem.project.project_code,
        "category": problem.category,
        "source": problem.source,
    }


def milestone_reached(milestone, project) -> None:
    events.emit(
        "projects.milestone.reached",
        obj=milestone,
        zone_id=project.zone_id,
        payload={
            "id": milestone.pk,
            "project_code": project.project_code,
            "code": milestone.code,
            "name": milestone.name,
            "planned_on": milestone.planned_on.isoformat(),
            "actual_on": milestone.actual_on.isoformat(),
        },
    )
