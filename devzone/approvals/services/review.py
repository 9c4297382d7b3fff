"""The review desk: 特别程序 (both clocks stop, with a written notice and its own limit, 行政许可法第四十五条),
延期 (once, a leader's approval with reasons, lengthening the statutory clock within the item's legal maximum:
10 working days under 行政许可法第四十二条 unless a law or regulation allows more), the steps of the process,
and the decision (准予许可 with its certificate, 不予许可). A grant opens the files of the same project that
waited for it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.approvals import conf
from devzone.approvals.catalog.law import article_42, special_law
from devzone.approvals.choices import LegalNature, ResultKind, SpecialKind, Status, StepName
from devzone.approvals.models import (
    Application,
    CommitmentBar,
    Extension,
    PostCheck,
    SpecialProcedure,
)
from devzone.approvals.services.common import (
    check,
    count_in_bucket,
    left_out,
    lock,
    move,
    pause_clocks,
    release_legal_clock,
    require_reviewer,
    resume_clocks,
    stop_clocks,
)
from devzone.approvals.services.intake import open_review, prerequisites_concluded
from devzone.approvals.wording import move_label
from devzone.core.actors import system_actor
from devzone.core.choices import Role
from devzone.core.errors import DomainError, require, require_role, require_text
from devzone.core.notify import stored
from devzone.core.services import clocks
from devzone.core.templatetags.devzone import show
from devzone.core.workdays import get_calendar

STEP_ORDER = [StepName.REVIEW, StepName.DECIDE, StepName.CERTIFY]


def _take_for_review(
    application,
    actor,
    expected_version: int | None,
    name: str,
    doing: str,
    label: str | None = None,
    *,
    on: dt.date | None = None,
) -> Application:
    """The file locked for its reviewer's move ``name`` (``doing`` in the refusal when the actor is not its
    reviewer), which must be open to it (``label``, by default ``doing``, in the refusal when it is not)."""
    app = lock(application, actor, expected_version, "change")
    require_reviewer(actor, app, doing, on=on)  # a file nobody was given: theirs from now (认领)
    check(app, name, label or doing)
    return app


def _check_special_total(
    app: Application, kind: str, limit_days: int, most: int, basis: str, on: dt.date
) -> None:
    """A special procedure may not start again past its kind's bound (``special_bound``: the item's own, or the
    law's where shorter, 委托评估's 30 working days, 条例第十一条): the working days the file's earlier ones of
    that kind left out of the statutory clock (each at most its limit, 第四十五条) and the new limit together
    stay within it."""
    cal = get_calendar()
    used = sum(left_out(p, on, cal) for p in app.special_procedures.filter(kind=kind))
    label = SpecialKind(kind).label
    if used >= most:
        msg = _("本件的%(k)s已用满%(n)d个工作日（%(b)s），不能再次启动") % {"k": label, "n": most, "b": basis}
        raise DomainError(msg, {"kind": [msg]})
    if used + limit_days > most:
        msg = _(
            "%(k)s的时限合计不得超过%(n)d个工作日（%(b)s）：本件已用%(u)d个工作日，至多还可%(r)d个工作日"
        ) % {
            "k": label,
            "n": most,
            "b": basis,
            "u": used,
            "r": most - used,
        }
        raise DomainError(msg, {"limit_days": [msg]})


def _past_the_law(app: Application, on: dt.date):
    """The statutory clock (or, for a file opened before it existed, its only clock) when its limit has run out
    by ``on`` (行政许可法第四十二条); None while the file is within it. What moves or stops that limit (延期,
    特别程序) is decided within it: once it has run out, the file is late in law and stays so."""
    legal = app.legal_clock if app.legal_clock_id else app.clock
    if legal is not None and clocks.clock_state(legal, on)["overdue"]:
        return legal
    return None


def special_bound(item, kind: str) -> tuple[str, int]:
    """(basis, longest working days) of a special procedure of ``kind`` on ``item``: the item's own bound from
    the catalog (``special_max_days`` with its ``special_basis``), or the law's where it sets a shorter one
    (委托评估: 30 working days, 条例第十一条)."""
    law_basis, law_most = special_law(kind)
    if law_most and law_most <= item.special_max_days:
        return law_basis, law_most
    return item.special_basis, item.special_max_days


@transaction.atomic
def application_start_special(
    *,
    actor,
    application: Application,
    kind: str,
    notice: str,
    limit_days: int,
    expected_version: int | None = None,
    on: dt.date | None = None,
) -> Application:
    on = on or timezone.localdate()
    app = _take_for_review(application, actor, expected_version, "start_special", _("启动特别程序"), on=on)
    # 第四十五条 leaves a procedure's time out of a limit still running: one started after the limit ran out
    # would stop the statutory clock of a file already late in law and hide its overrun
    late = _past_the_law(app, on)
    if late is not None:
        raise DomainError.on(
            "__all__", _("法定期限已于%(d)s届满，不能启动特别程序") % {"d": show(late.due_on)}
        )
    require(kind in SpecialKind.values, _("特别程序类型无效"), "kind")
    notice = require_text(notice, "notice", _("特别程序须书面告知申请人"))
    basis, most = special_bound(app.item, kind)
    if kind == SpecialKind.ENTRUSTED_EVALUATION:
        require(
            app.item.result_kind == ResultKind.APPROVAL_DOCUMENT,
            _("委托评估仅适用于企业投资项目核准事项（%(b)s）") % {"b": basis},
            "kind",
        )
    if not 1 <= int(limit_days) <= most:
        msg = _("%(k)s的时限应为1–%(n)d个工作日（%(b)s）") % {
            "k": SpecialKind(kind).label,
            "n": most,
            "b": basis,
        }
        raise DomainError(msg, {"limit_days": [msg]})
    # the bound (the item's, or the law's where shorter: 委托评估's 30 days) holds for the file in total, however
    # many times a procedure of the kind starts
    _check_special_total(app, kind, int(limit_days), most, basis, on)
    SpecialProcedure.objects.create(
        application=app, kind=kind, notice=notice, started_on=on, limit_days=limit_days
    )
    pause_clocks(app, on=on, reason=SpecialKind(kind).label, statutory=True)
    # the event's note (and the enterprise's notice of it) kept in the site's language, whoever acts (stored)
    note = stored(
        gettext_lazy("%(k)s（%(b)s，所需时间不计入法定期限，时限%(n)d个工作日）：%(t)s"),
        k=SpecialKind(kind).label,
        b=basis,
        n=int(limit_days),
        t=notice,
    )
    return move(app, "start_special", actor=actor, on=on, note=note)


@transaction.atomic
def application_end_special(
    *, actor, application: Application, expected_version: int | None = None, on: dt.date | None = None
) -> Application:
    on = on or timezone.localdate()
    app = _take_for_review(application, actor, expected_version, "end_special", _("结束特别程序"), on=on)
    # 第四十五条 leaves out the time told in writing (the procedure's limit), no more: the statutory clock
    # counts again from the end of that limit when the procedure outlasted it
    release_legal_clock(app, on=on)
    app.special_procedures.filter(ended_on__isnull=True).update(ended_on=on)
    resume_clocks(app, on=on)
    return move(app, "end_special", actor=actor, on=on)


@transaction.atomic
def application_extend(
    *,
    actor,
    application: Application,
    reason: str,
    days: int | None = None,
    expected_version: int | None = None,
    on: dt.date | None = None,
) -> Application:
    """延期: once, approved by a zone leader, with reasons; at most the item's legal maximum (行政许可法第四十二条:
    10 working days unless a law or regulation says otherwise), by default that maximum. It lengthens the
    statutory clock; the promised one (the zone's commitment) stays as it was promised. It is decided within
    the statutory limit: once that has run out on ``on``, it is refused (法定期限已届满，不能延期)."""
    on = on or timezone.localdate()
    app = lock(application, actor, expected_version, "change")
    require_role(actor, Role.ZONE_LEADER, doing=_("批准延期"))
    check(app, "extend", _("延期"))
    require(not app.extended, _("办理时限只能延长一次"))
    reason = require_text(reason, "reason", _("请写明延期理由"))
    item = app.item
    most, basis = item.extension_max_days, item.extension_basis
    rule = article_42(basis)  # a row stored before the catalog held it to the article it cites
    if rule is not None and most > rule.extension_days:
        most = rule.extension_days
    if not most:
        msg = _("“%(i)s”（%(n)s）没有可以延长办理期限的法律依据，不能延期") % {
            "i": item.name,
            "n": LegalNature(item.legal_nature).label,
        }
        raise DomainError(msg, {"days": [msg]})
    # 第四十二条: an extension is decided within the limit it extends; once that has run out it cannot be
    # moved after the fact (the file is already late in law)
    if _past_the_law(app, on) is not None:
        raise DomainError.on("__all__", _("法定期限已届满，不能延期"))
    days = most if days is None else int(days)
    if not 1 <= days <= most:
        msg = _("延长期限不得超过%(n)d个工作日（依据：%(b)s）") % {"n": most, "b": basis}
        raise DomainError(msg, {"days": [msg]})
    Extension.objects.create(application=app, days=days, reason=reason, approved_by=actor, approved_on=on)
    if app.legal_clock_id:
        app.legal_clock = clocks.clock_extend(clock=app.legal_clock, by_workdays=days)
    else:  # a file opened before the statutory clock existed: its only clock is extended, as it was
        app.clock = clocks.clock_extend(clock=app.clock, by_workdays=days)
    app.extended = True
    note = stored(gettext_lazy("法定期限延长%(d)d个工作日（%(b)s）：%(r)s"), d=days, b=basis, r=reason)
    return move(app, "extend", actor=actor, on=on, note=note, fields=("extended",))


@transaction.atomic
def application_advance_step(
    *, actor, application: Application, expected_version: int | None = None, on: dt.date | None = None
) -> Application:
    on = on or timezone.localdate()
    app = _take_for_review(
        application, actor, expected_version, "advance", _("流转"), _("流转到下一环节"), on=on
    )
    require(app.step in STEP_ORDER[:-1], _("已是最后一个环节，请作出决定"))
    before = StepName(app.step).label
    app.step = STEP_ORDER[STEP_ORDER.index(app.step) + 1]
    app.step_started_on = on
    note = stored(gettext_lazy("%(a)s → %(b)s"), a=before, b=StepName(app.step).label)
    return move(app, "advance", actor=actor, on=on, note=note, fields=("step", "step_started_on"))


def _conclude(app: Application, on: dt.date) -> None:
    stop_clocks(app, on=on)
    state = clocks.clock_state(app.clock, on)
    app.elapsed_workdays = state["elapsed"]
    app.concluded_on = on
    legal_late = bool(app.legal_clock_id) and clocks.clock_state(app.legal_clock, on)["overdue"]
    count_in_bucket(app, on, state["elapsed"], on_time=not state["overdue"], legal_late=legal_late)


def _open_waiting(app: Application, *, on: dt.date) -> None:
    """Applications of the same project that waited for this one open by themselves (the system's act)."""
    waiting = Application.objects.select_for_update().filter(
        project=app.project, status=Status.WAITING, item__prerequisites=app.item
    )
    for row in waiting:
        if prerequisites_concluded(row):
            open_review(row, on=on)
            move(
                row,
                "open_waiting",
                actor=system_actor(),
                on=on,
                fields=("clock", "legal_clock", "step", "step_started_on", "reviewer"),
            )


def _check_grant(app: Application, *, on: dt.date, on_commitment: bool, valid_until: dt.date | None) -> None:
    require(
        not app.tolerated.filter(supplied_on__isnull=True).exists(),
        _("仍有容缺材料未补交，不能作出%(decision)s决定") % {"decision": move_label(app.item, "grant")},
    )
    if on_commitment:
        require(app.item.commitment_allowed, _("该事项不适用告知承诺制"))
        bar = CommitmentBar.objects.filter(enterprise=app.enterprise, until__gte=on).first()
        if bar is not None:
            msg = _("该企业因违反承诺，%(d)s前不得适用告知承诺") % {"d": show(bar.until)}
            raise DomainError.on("__all__", msg)
    require(valid_until is None or valid_until > on, _("有效期须晚于发证日期"), "valid_until")


def _take_for_decision(
    application, actor, expected_version: int | None, name: str, *, on: dt.date | None = None
) -> tuple[Application, str]:
    """The file locked for its reviewer's decision ``name`` ("grant" or "deny"), which must be open to it, and
    the decision's wording for the item (准予许可, 准予备案 …: wording.move_label)."""
    app = lock(application, actor, expected_version, "change")
    decision = move_label(app.item, name)
    require_reviewer(actor, app, _("作出%(decision)s决定") % {"decision": decision}, on=on)
    check(app, name, decision)
    return app, decision


@transaction.atomic
def application_grant(
    *,
    actor,
    application: Application,
    on_commitment: bool = False,
    reason: str = "",
    valid_until: dt.date | None = None,
    expected_version: int | None = None,
    on: dt.date | None = None,
) -> Application:
    """准予许可: the clock stops, a certificate is issued under the zone's seal, waiting items open."""
    from devzone.approvals.certificates import issue_certificate
    from devzone.projects.services import milestones_on_approval_granted

    on = on or timezone.localdate()
    app, decision = _take_for_decision(application, actor, expected_version, "grant", on=on)
    _check_grant(app, on=on, on_commitment=on_commitment, valid_until=valid_until)
    _conclude(app, on)
    app.on_commitment = on_commitment
    app.decision_reason = reason
    fields = ("elapsed_workdays", "concluded_on", "on_commitment", "decision_reason")
    move(app, "grant", actor=actor, on=on, note=reason, fields=fields)
    issue_certificate(actor=actor, application=app, issued_on=on, valid_until=valid_until)
    if on_commitment:
        due = get_calendar().add_workdays(on, conf.get("POST_CHECK_DAYS"))
        PostCheck.objects.create(application=app, due_on=due)
    _open_waiting(app, on=on)
    # The project's milestone tied to this item (if it has a timetable) completes by itself.
    # lazy: the milestone's note is stored in the site's language (projects' ``stored``), whoever grants
    milestones_on_approval_granted(
        project=app.project,
        item_code=app.item.code,
        on=on,
        actor=actor,
        outcome=lazy(app.get_status_display, str)(),
    )
    return app


@transaction.atomic
def application_deny(
    *,
    actor,
    application: Application,
    reason: str,
    expected_version: int | None = None,
    on: dt.date | None = None,
) -> Application:
    on = on or timezone.localdate()
    app, decision = _take_for_decision(application, actor, expected_version, "deny", on=on)
    app.decision_reason = require_text(reason, "reason", _("%(decision)s须说明理由") % {"decision": decision})
    _conclude(app, on)
    fields = ("elapsed_workdays", "concluded_on", "decision_reason")
    return move(app, "deny", actor=actor, on=on, note=app.decision_reason, fields=fields)


def special_overrun_scan(on: dt.date) -> int:
    """特别程序 still open past their limit told in writing (行政许可法第四十五条): the statutory clock counts again
    from the end of that limit, so that its badge, its overdue escalation and the statistics read the law's
    time while the procedure goes on (the promised clock stays stopped until it ends). Audited per file."""
    from devzone.core import audit

    system = system_actor()
    cal = get_calendar()
    rows = SpecialProcedure.objects.filter(
        ended_on__isnull=True, application__status=Status.SPECIAL, application__legal_clock__status="paused"
    ).values_list("application_id", "started_on", "limit_days")
    due = sorted({a for a, started, days in rows if cal.add_workdays(started, days) < on})
    n = 0
    for app_id in due:
        with transaction.atomic():
            app = lock(app_id, system, None, "change")
            if app.status == Status.SPECIAL and release_legal_clock(app, on=on):
                note = _("特别程序超过书面告知的时限，法定期限自时限届满之日起继续计算")
                audit.changed(
                    system,
                    app.legal_clock,
                    "due_on",
                    None,
                    str(app.legal_clock.due_on),
                    note=note,
                    zone_id=app.zone_id,
                )
                n += 1
    return n
