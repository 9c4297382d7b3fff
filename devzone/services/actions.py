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


def _request_move(fn, **names):
    """An action's ``run`` for a request service: the row is the request, ``version`` the version the user
    saw, and ``names`` maps the service's keywords to the form's (or body's) field names."""

    def run(*, actor, row, version=None, **data):
        kwargs = {service_kw: data.get(field) for service_kw, field in names.items()}
        return fn(actor=actor, request=row, expected_version=version, **kwargs)

    return run


REQUEST_ACTIONS = ActionTable(
    Action(
        "accept",
        _request_move(request_svc.request_accept, assignee_id="assignee"),
        schema=AssigneeIn,
        form=forms.AcceptForm,
        done=_("已受理"),
        summary="Accept (and assign)",
    ),
    Action(
        "assign",
        _request_move(request_svc.request_assign, assignee_id="assignee"),
        schema=AssigneeIn,
        form=forms.AssignForm,
        done=_("已交办"),
        summary="Assign to a staff member",
    ),
    Action(
        "reply",
        _request_move(request_svc.request_reply, body="body"),
        schema=BodyIn,
        form=forms.BodyForm,
        done=_("已回复"),
        summary="A message in the thread",
    ),
    Action(
        "answer",
        _request_move(request_svc.request_answer, body="body"),
        schema=BodyIn,
        form=forms.BodyForm,
        done=_("已答复，等待企业评价"),
        summary="The department's answer",
    ),
    Action(
        "refuse",
        _request_move(request_svc.request_refuse, reason="reason"),
        schema=RequestReasonIn,
        form=forms.ReasonForm,
        done=_("已不予受理"),
        summary="Refuse with a reason",
    ),
    Action(
        "close",
        _request_move(request_svc.request_close),
        schema=Versioned,
        form=forms.VersionedForm,
        done=_("已确认办结"),
        summary="The enterprise confirms",
    ),
    Action(
        "extend",
        _request_move(request_svc.request_extend, due_on="due_on", reason="reason"),
        schema=RequestExtendIn,
        form=forms.ExtendForm,
        done=_("已调整办理期限"),
        summary="A leader moves the deadline",
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
