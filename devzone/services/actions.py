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


def _request_action(name: str, service, takes: tuple, done, summary: str) -> Action:
    """A move on a request: ``takes`` is what it takes (one of the inputs below); its ``run`` calls
    ``service`` with the request, the version the user saw, and the body's (or form's) fields under the
    service's keywords."""
    schema, form, names = takes

    def run(*, actor, row, version=None, **data):
        kwargs = {service_kw: data.get(field) for service_kw, field in names.items()}
        return service(actor=actor, request=row, expected_version=version, **kwargs)

    return Action(name, run, schema=schema, form=form, done=done, summary=summary)


# What a move on a request takes: its API body, its page's form, and the service's keywords -> the fields.
_ACCEPTANCE = (AssigneeIn, forms.AcceptForm, {"assignee_id": "assignee"})
_ASSIGNMENT = (AssigneeIn, forms.AssignForm, {"assignee_id": "assignee"})
_MESSAGE = (BodyIn, forms.BodyForm, {"body": "body"})
_REASON = (RequestReasonIn, forms.ReasonForm, {"reason": "reason"})
_NEW_DEADLINE = (RequestExtendIn, forms.ExtendForm, {"due_on": "due_on", "reason": "reason"})
_NOTHING = (Versioned, forms.VersionedForm, {})

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


def _callback(*, actor, row, rectification, callback_on, callback_contact, callback_note, version=None):
    return follow_svc.followup_callback(
        actor=actor,
        follow_up=row,
        rectification=rectification,
        callback_on=callback_on,
        contact=callback_contact,
        note=callback_note,
        expected_version=version,
    )


FOLLOWUP_ACTIONS = ActionTable(
    Action(
        "callback",
        _callback,
        schema=CallbackIn,
        form=forms.CallbackForm,
        done=_("已登记整改回访，等待企业评价整改结果"),
        summary="Rectified and called back",
    ),
    Action(
        "assign",
        lambda *, actor, row, handler, version=None: follow_svc.followup_assign(
            actor=actor, follow_up=row, handler_id=handler, expected_version=version
        ),
        form=forms.HandlerForm,
        done=_("已指定整改负责人"),
    ),
    Action(
        "rate",
        lambda *, actor, row, level, comment="": follow_svc.followup_rate(
            actor=actor, follow_up=row, level=level, comment=comment
        ),
        schema=ResultIn,
        form=forms.ResultForm,
        done=_("感谢您对整改结果的评价"),
        summary="The enterprise rates the rectification",
        segment="rating",
    ),
)
