"""The moves on a key project and on a problem, declared once: the pages perform them
(``ActionTable.perform``) and the API operations call the same ``run`` with the body's fields."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from devzone.core.actions import Action, ActionTable
from devzone.core.errors import NotFoundError, check_id
from devzone.projects import forms
from devzone.projects import services as svc
from devzone.projects.models import Milestone


def _milestone(*, actor, row, milestone, actual_on, notes="", version=None):
    """``row`` is the key project; ``milestone`` one of its milestones (an id)."""
    ms = Milestone.objects.for_user(actor).filter(project_id=row.project_id, pk=check_id(milestone)).first()
    if ms is None:
        raise NotFoundError(_("节点不存在"))
    return svc.milestone_record(
        actor=actor, milestone=ms, actual_on=actual_on, notes=notes, expected_version=version
    )


def _on_project(service):
    """An action whose service takes the key project's project, the form's (or body's) fields as they are, and
    the key project's version the user saw."""
    return lambda *, actor, row, version=None, **data: service(
        actor=actor, project=row.project, expected_version=version, **data
    )


def _on_problem(service):
    """An action whose service takes the problem, the fields, and the version the user saw."""
    return lambda *, actor, row, version=None, **data: service(
        actor=actor, problem=row, expected_version=version, **data
    )


PROJECT_ACTIONS = ActionTable(
    Action("milestone", _milestone, form=forms.MilestoneForm, done=_("节点已登记")),
    Action("plan", _on_project(svc.investment_plan_set), form=forms.PlanForm, done=_("年度计划投资已保存")),
    Action(
        "month", _on_project(svc.investment_month_record), form=forms.MonthForm, done=_("月度完成投资已保存")
    ),
    Action("agent", _on_project(svc.agent_assign), form=forms.AgentForm, done=_("代办专员已调整")),
    Action(
        "cadence",
        lambda *, actor, row, visit_cadence_workdays, version=None: svc.cadence_set(
            actor=actor, project=row.project, workdays=visit_cadence_workdays, expected_version=version
        ),
        form=forms.CadenceForm,
        done=_("走访周期已调整"),
    ),
)

PROBLEM_ACTIONS = ActionTable(
    Action("note", _on_problem(svc.problem_note_add), form=forms.NoteForm, done=_("进展已记录")),
    Action("resolve", _on_problem(svc.problem_resolve), form=forms.ResolveForm, done=_("问题已解决")),
)
