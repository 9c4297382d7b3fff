"""The moves on a lead, declared once for the page (``POST /investment/leads/<pk>/<action>/``) and the API
(``POST /api/v1/investment/leads/{pk}/<action>``, operation ids ``investment_lead_<action>``): both call the
same service through the same ``run``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from devzone.core.actions import Action, ActionTable
from devzone.core.errors import check_id, require
from devzone.core.models import Staff
from devzone.investment import forms
from devzone.investment import schemas as s
from devzone.investment import services as svc


def _move(*, actor, row, target, on, reason="", note="", version=None, skipped_dates=None, **dates):
    """``skipped_dates`` from the API, ``date_<stage>`` fields from the page's form."""
    given = {k.removeprefix("date_"): d for k, d in dates.items() if k.startswith("date_") and d}
    return svc.lead_move(
        actor=actor,
        lead=row,
        target=target,
        on=on,
        skipped_dates={**(skipped_dates or {}), **given},
        reason=reason,
        note=note,
        expected_version=version,
    )


def _assign(*, actor, row, owner, version=None):
    """The owner: a staff row from the page's form, an id from the API (in the actor's reach and zone)."""
    if owner is not None and not isinstance(owner, Staff):
        owner = Staff.objects.for_user(actor).filter(pk=check_id(owner) or 0, zone_id=row.zone_id).first()
        require(owner is not None, _("负责人不存在或不在您的范围内"), "owner")
    return svc.lead_assign(actor=actor, lead=row, owner=owner, expected_version=version)


def _with_reason(service):
    """A move that takes only a reason (the version a body may carry is not checked)."""
    return lambda *, actor, row, reason, version=None: service(actor=actor, lead=row, reason=reason)


def _done_or_ownerless(done, ownerless):
    """The page's message after a move that may leave the lead without its owner (the owner had left the team or
    had no room for it): ``done``, or ``ownerless``, naming the owner dropped (``%(name)s``)."""

    def message(row) -> str:
        if row.dropped_owner is None:
            return done
        return ownerless % {"name": row.dropped_owner.name}

    return message


_reopened = _done_or_ownerless(
    _("已重新跟进"),
    _("已重新跟进。%(name)s已不是该小分队的在队队员或在跟线索已满，该线索现无负责人，请重新指定"),
)
_approved = _done_or_ownerless(
    _("已批准产业例外"),
    _("已批准产业例外。%(name)s已不是该小分队的在队队员或在跟线索已满，该线索现无负责人，请重新指定"),
)


def _reason_action(name: str, run, done, summary: str) -> Action:
    """A move whose body and form are a reason alone (``LeadReasonIn``, ``ReasonForm``)."""
    return Action(name, run, schema=s.LeadReasonIn, form=forms.ReasonForm, done=done, summary=summary)


LEAD_MOVES = ActionTable(
    Action(
        "move",
        _move,
        schema=s.MoveIn,
        form=forms.MoveForm,
        done=_("阶段已推进"),
        summary="Move a lead forward (a jump needs the skipped stages' dates or a reason)",
    ),
    _reason_action(
        "lose",
        lambda *, actor, row, reason, version=None: svc.lead_lose(
            actor=actor, lead=row, reason=reason, expected_version=version
        ),
        _("已标记流失"),
        "Mark a lead lost, with the reason",
    ),
    Action(
        "reopen",
        lambda *, actor, row, reason="", note="", version=None: svc.lead_reopen(
            actor=actor, lead=row, note=note or reason, expected_version=version
        ),
        schema=s.LeadReasonIn,
        form=forms.NoteForm,
        done=_reopened,
        summary="Work a lost lead again",
    ),
    Action(
        "assign",
        _assign,
        schema=s.AssignIn,
        form=forms.AssignForm,
        done=_("已指定负责人"),
        summary="Name the lead's owner (a member of its team, within capacity)",
    ),
    _reason_action(
        "request_exception",
        _with_reason(svc.lead_request_exception),
        _("已提交产业例外申请"),
        "Ask the leaders to keep a non-fitting lead",
    ),
    _reason_action(
        "approve_exception",
        _with_reason(svc.lead_approve_exception),
        _approved,
        "A leader keeps a non-fitting lead in the active list",
    ),
)

# The page has two more: a follow-up record (the API's is ``investment_lead_record``, answering 201 with the
# record) and the merge of a duplicate.
LEAD_PAGE_ACTIONS = ActionTable(
    *LEAD_MOVES.actions.values(),
    Action(
        "record",
        lambda *, actor, row, kind, text, on=None: svc.lead_record(
            actor=actor, lead=row, kind=kind, text=text, on=on
        ),
        form=forms.RecordForm,
        done=_("已记录"),
    ),
    Action(
        "merge",
        lambda *, actor, row, other: svc.lead_merge(actor=actor, keep=row, other=other),
        form=forms.MergeForm,
        done=_("已合并线索"),
    ),
)
