"""The moves on an application, declared once (``core.actions``): the review desk's buttons and the API's
``POST /applications/{pk}/<move>`` call the same service through the same ``run``. The API mounts the moves
that take a JSON body (``API_ACTIONS``); the page adds those that carry files or a check's finding."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from devzone.approvals import forms
from devzone.approvals import schemas as s
from devzone.approvals.services import applications as svc
from devzone.approvals.wording import move_label
from devzone.core.actions import Action, ActionTable
from devzone.core.errors import DomainError


def _reviewer(value):
    """The reviewer as the page's form gives it (a user) or the API's body (an id); the service checks that
    the user is a reviewer of the application's zone."""
    if value is None or isinstance(value, Model):
        return value
    user = get_user_model().objects.filter(pk=value).first()
    if user is None:
        raise DomainError.on("reviewer", str(_("所选审批人员无效")))
    return user


def _accept(*, actor, row, version, reviewer, **_data):
    return svc.application_accept(
        actor=actor, application=row, reviewer=_reviewer(reviewer), expected_version=version
    )


def _versioned(service, *fields: str):
    """A move that hands ``service`` the application at the version the actor saw and the named fields of the
    page's form or the API's body."""

    def run(*, actor, row, version, **data):
        return service(actor=actor, application=row, expected_version=version, **{f: data[f] for f in fields})

    return run


_reject = _versioned(svc.application_reject, "reason")
_special = _versioned(svc.application_start_special, "kind", "notice", "limit_days")
_end_special = _versioned(svc.application_end_special)
_extend = _versioned(svc.application_extend, "reason", "days")
_advance = _versioned(svc.application_advance_step)
_grant = _versioned(svc.application_grant, "on_commitment", "valid_until", "reason")
_deny = _versioned(svc.application_deny, "reason")


def _supplement(*, actor, row, version, missing, approval_reason="", **_data):
    """一次性告知: a second request in the same step needs a leader's reasons (``approval_reason``)."""
    return svc.application_request_supplement(
        actor=actor,
        application=row,
        missing=missing,
        approval_reason=approval_reason or "",
        expected_version=version,
    )


def _withdraw(*, actor, row, note: str = "", version: int | None = None, **_data):
    return svc.application_withdraw(actor=actor, application=row, reason=note, expected_version=version)


def _answer(*, actor, row, uploads, note: str = "", **_data):
    return svc.application_answer_supplement(actor=actor, application=row, uploads=uploads, note=note)


def _supply(*, actor, row, uploads, **_data):
    if len(uploads) != 1 or uploads[0][0] is None:
        raise DomainError.on("files", str(_("请选择要补交的容缺材料文件")))
    material_id, name, content = uploads[0]
    return svc.tolerated_supply(
        actor=actor, application=row, material_id=material_id, name=name, data=content
    )


def _assign(*, actor, row, version, reviewer, **_data):
    return svc.application_assign(
        actor=actor, application=row, reviewer=_reviewer(reviewer), expected_version=version
    )


def _post_check(*, actor, row, conforms, finding, **_data):
    return svc.post_check_record(actor=actor, application=row, conforms=conforms, finding=finding)


def _granted(app) -> str:
    """The clerk's message after a grant, in the item's own words (approvals.wording)."""
    return _("已%(decision)s，电子证照已签发") % {"decision": move_label(app.item, "grant")}


def _denied(app) -> str:
    return _("已作出%(decision)s决定") % {"decision": move_label(app.item, "deny")}


def _move(name, run, schema, form, done) -> Action:
    return Action(name, run, schema=schema, form=form, done=done, summary=f"Transition: {name}")


MOVES = (
    _move("accept", _accept, s.AcceptIn, forms.AcceptForm, _("已受理")),
    _move("reject", _reject, s.ApplicationReasonIn, forms.ReasonForm, _("已不予受理")),
    _move("supplement", _supplement, s.SupplementIn, forms.SupplementForm, _("已一次性告知补正")),
    _move("special", _special, s.SpecialIn, forms.SpecialForm, _("已启动特别程序，时限暂停")),
    _move("end_special", _end_special, s.VersionIn, forms.VersionedForm, _("特别程序结束，时限恢复")),
    _move("extend", _extend, s.ApplicationExtendIn, forms.ExtendForm, _("已批准延期")),
    _move("advance", _advance, s.VersionIn, forms.VersionedForm, _("已流转到下一环节")),
    _move("grant", _grant, s.GrantIn, forms.GrantForm, _granted),
    _move("deny", _deny, s.ApplicationReasonIn, forms.ReasonForm, _denied),
    _move("withdraw", _withdraw, s.WithdrawIn, forms.WithdrawForm, _("已撤回")),
    _move("assign", _assign, s.ApplicationAssignIn, forms.AssignForm, _("已分派审批人员")),
)
# The API's moves (operation ids ``application_<name>``).
API_ACTIONS = ActionTable(*MOVES)
# The page's buttons: the same moves, and the acts that carry files (补正, 容缺) or a finding (核查).
PAGE_ACTIONS = ActionTable(
    *MOVES,
    Action("answer", _answer, form=forms.UploadForm, done=_("已提交补正材料")),
    Action("supply", _supply, form=forms.UploadForm, done=_("已补交容缺材料")),
    Action("postcheck", _post_check, form=forms.PostCheckForm, done=_("已登记核查结果")),
)
# The page actions whose form lists the zone's reviewers (``zone_id``).
CHOOSE_REVIEWER = ("accept", "assign")
