"""The moves on a request and on a follow-up, declared once: the pages perform them (``ActionTable.perform``)
and the API operations call the same ``run`` with the body's fields (same names as the forms' fields)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from devzone.core.actions import Action, ActionTable
from devzone.core.schemas import Versioned
from devzone.services import forms
from devzone.services.schemas import (
    AssigneeIn,
    BodyIn,
    CallbackIn,
    RequestExtendIn,
    RequestReasonIn,
    ResultIn,
)
from devzone.services.services import followups as follow_svc
from devzone.services.services import requests as request_svc
from devzone.services.services.common import service_arguments


def _moving(service, row_keyword: str, **renamed: str):
    """An action's ``run``: ``service`` on the row (its keyword ``row_keyword``) with the form's (or body's)
    fields under their service's names (``service_arguments``; ``renamed``: field=keyword)."""
    return lambda *, actor, row, **data: service(
        actor=actor, **{row_keyword: row}, **service_arguments(data, **renamed)
    )


def _request_action(name: str, service, takes: tuple, done, summary: str) -> Action:
    """A move on a request; ``takes`` is what it takes (one of the inputs below)."""
    schema, form = takes
    run = _moving(service, "request", assignee="assignee_id")
    return Action(name, run, schema=schema, form=form, done=done, summary=summary)


# What a move on a request takes: its API body and its page's form (the same fields).
_ACCEPTANCE = (AssigneeIn, forms.AcceptForm)
_ASSIGNMENT = (AssigneeIn, forms.AssignForm)
_MESSAGE = (BodyIn, forms.BodyForm)
_REASON = (RequestReasonIn, forms.ReasonForm)
_NEW_DEADLINE = (RequestExtendIn, forms.ExtendForm)
_NOTHING = (Versioned, forms.VersionedForm)

REQUEST_ACTIONS = ActionTable(
    _request_action("accept", request_svc.request_accept, _ACCEPTANCE, _("已受理"), "Accept (and assign)"),
    _request_action(
        "assign", request_svc.request_assign, _ASSIGNMENT, _("已交办"), "Assign to a staff member"
    ),
    _request_action("reply", request_svc.request_reply, _MESSAGE, _("已回复"), "A message in the thread"),
    _request_action(
        "answer", request_svc.request_answer, _MESSAGE, _("已答复，等待企业评价"), "The department's answer"
    ),
    _request_action("refuse", request_svc.request_refuse, _REASON, _("已不予受理"), "Refuse with a reason"),
    _request_action("close", request_svc.request_close, _NOTHING, _("已确认办结"), "The enterprise confirms"),
    _request_action(
        "extend",
        request_svc.request_extend,
        _NEW_DEADLINE,
        _("已调整办理期限"),
        "A leader moves the deadline",
    ),
)
# The accept and assign forms offer the zone's staff (``selectors.staff_choices``).
STAFF_FORMS = {"accept", "assign"}


FOLLOWUP_ACTIONS = ActionTable(
    Action(
        "callback",
        _moving(follow_svc.followup_callback, "follow_up", callback_contact="contact", callback_note="note"),
        schema=CallbackIn,
        form=forms.CallbackForm,
        done=_("已登记整改回访，等待企业评价整改结果"),
        summary="Rectified and called back",
    ),
    Action(
        "assign",
        _moving(follow_svc.followup_assign, "follow_up", handler="handler_id"),
        form=forms.HandlerForm,
        done=_("已指定整改负责人"),
    ),
    Action(
        "rate",
        _moving(follow_svc.followup_rate, "follow_up"),
        schema=ResultIn,
        form=forms.ResultForm,
        done=_("感谢您对整改结果的评价"),
        summary="The enterprise rates the rectification",
        segment="rating",
    ),
)
