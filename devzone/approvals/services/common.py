"""What every approvals service shares: the application's moves (one table, ``core.transitions``), its event
log, the row lock (``core.locking``) and the module's own actor checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.db.models import Model
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.approvals.choices import OPEN_STATUSES, Status
from devzone.approvals.events import application_facts
from devzone.approvals.models import Application, ApplicationEvent
from devzone.approvals.wording import move_label
from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.choices import Role
from devzone.core.errors import PermissionDeniedError
from devzone.core.locking import locked
from devzone.core.notify import Text
from devzone.core.transitions import Move, Transitions

OPEN = tuple(s for s in Status if s in OPEN_STATUSES)
S = Status
# Accepted and not concluded: the statutory clock has started (行政许可法第四十二条: from 受理) and runs but for a
# 特别程序 (第四十五条); such a file has, or needs, a reviewer.
ACCEPTED_OPEN = frozenset({S.WAITING, S.IN_REVIEW, S.REVIEW_SUPPLEMENT, S.SPECIAL, S.SUSPENDED})


def _write_event(*, row, move: str, before: str, after: str, actor, note: str, on: dt.date, **_extra) -> None:
    """The application's own event log (the timeline on its page): one row per move, with the business day.
    Its action is stored in the site's language whoever acts, as the rows written before; the page shows it in
    the reader's (``{% translate e.label %}``)."""
    with translation.override(settings.LANGUAGE_CODE):
        action = move_label(row.item, move) or str(MOVES.moves[move].label)
    ApplicationEvent.objects.create(
        application=row,
        on=on,
        actor=actor,
        actor_label=audit.actor_label(actor),
        action=action,
        from_status=before,
        to_status=after,
        note=note,
    )


# The life of an application (办件). A move's label is what its event log and the audit trail say (the refusal of
# a move, the trail, in the actor's language; the event log in the site's, translated where shown); a move with
# target None records an act that leaves the status where it is.
MOVES = Transitions(
    field="status",
    event=_write_event,
    topic="approvals.application",  # each move to the outbox (approvals.events)
    payload=application_facts,
    moves={
        "submit": Move({S.SUBMITTED}, None, gettext_lazy("提交")),
        "add_materials": Move({S.SUBMITTED}, None, gettext_lazy("上传材料")),
        # an upload that joins the open 补正 without answering it (the API's one file a request)
        "add_supplement_materials": Move(
            {S.SUPPLEMENT, S.REVIEW_SUPPLEMENT}, None, gettext_lazy("上传补正材料")
        ),
        "request_supplement": Move({S.SUBMITTED}, S.SUPPLEMENT, gettext_lazy("要求补正")),
        "answer_supplement": Move({S.SUPPLEMENT}, S.SUBMITTED, gettext_lazy("已补正")),
        "accept": Move({S.SUBMITTED}, S.IN_REVIEW, gettext_lazy("受理")),
        "deem_accepted": Move({S.SUBMITTED}, S.IN_REVIEW, gettext_lazy("逾期视为受理")),
        "accept_waiting": Move({S.SUBMITTED}, S.WAITING, gettext_lazy("受理（等待前置事项）")),
        "open_waiting": Move({S.WAITING}, S.IN_REVIEW, gettext_lazy("前置事项办结，自动开始审查")),
        "reject": Move({S.SUBMITTED, S.SUPPLEMENT}, S.REJECTED, gettext_lazy("不予受理")),
        "withdraw": Move(set(OPEN), S.WITHDRAWN, gettext_lazy("撤回")),
        "review_supplement": Move({S.IN_REVIEW}, S.REVIEW_SUPPLEMENT, gettext_lazy("审查中要求补正")),
        "answer_review_supplement": Move({S.REVIEW_SUPPLEMENT}, S.IN_REVIEW, gettext_lazy("审查中已补正")),
        "start_special": Move({S.IN_REVIEW}, S.SPECIAL, gettext_lazy("启动特别程序")),
        "end_special": Move({S.SPECIAL}, S.IN_REVIEW, gettext_lazy("结束特别程序")),
        # 延期 wherever the statutory clock can run out (行政许可法第四十二条): also while a 容缺 suspension stops
        # only the promise, and while an accepted file waits for its prerequisite (its 20 days run from 受理)
        "extend": Move(ACCEPTED_OPEN, None, gettext_lazy("延期")),
        "advance": Move({S.IN_REVIEW}, None, gettext_lazy("流转")),
        "grant": Move({S.IN_REVIEW}, S.GRANTED, gettext_lazy("准予许可")),
        # a suspended file is decided too: its statutory clock runs, and a 容缺 material never supplied is a
        # reason to deny (with reasons), not to let the file pass the law; so is a file waiting for its
        # 审查中补正: accepted, its statutory limit runs (only 特别程序 is left out, 第四十五条) and the decision is
        # due within it (第四十二条) whether or not the enterprise answers (不予许可 with reasons, 第三十八条).
        # Before acceptance (待补正) there is nothing to decide on the merits: 受理 or 不予受理 (第三十二条).
        "deny": Move({S.IN_REVIEW, S.SUSPENDED, S.REVIEW_SUPPLEMENT}, S.DENIED, gettext_lazy("不予许可")),
        # a zone leader gives an accepted file its reviewer, or another one (a file deemed accepted has none)
        "assign": Move(ACCEPTED_OPEN, None, gettext_lazy("分派审批人员")),
        # a reviewer of the zone acting first on a file nobody was given takes it (require_reviewer)
        "claim": Move(ACCEPTED_OPEN, None, gettext_lazy("认领")),
        # 容缺: a material owed after acceptance, supplied while the file is open; late, the review stops.
        "supply": Move(set(OPEN) - {S.SUBMITTED, S.SUPPLEMENT}, None, gettext_lazy("补交容缺材料")),
        "resume": Move({S.SUSPENDED}, S.IN_REVIEW, gettext_lazy("容缺材料已补交，恢复审查")),
        "suspend": Move({S.IN_REVIEW}, S.SUSPENDED, gettext_lazy("容缺材料逾期，中止审查")),
        # 告知承诺: the check after a grant on commitment.
        "post_check_conforms": Move({S.GRANTED}, None, gettext_lazy("核查符合承诺")),
        "post_check_breach": Move({S.GRANTED}, S.REVOKED, gettext_lazy("违反承诺，撤销许可")),
    },
)


# The moves the applying enterprise is always told of (its 补正, every decision on its file, and what moves its
# time limit: an extension with its reasons, 行政许可法第四十二条; a special procedure with its written notice and
# limit, 第四十五条), and how.
TELL_ENTERPRISE = {
    "request_supplement": ("approvals.supplement", gettext_lazy("您的申请“%(item)s”需要补正：%(note)s")),
    "review_supplement": (
        "approvals.supplement",
        gettext_lazy("您的申请“%(item)s”在审查中需要补正：%(note)s"),
    ),
    "accept": ("approvals.decision", gettext_lazy("您的申请“%(item)s”已受理")),
    "deem_accepted": ("approvals.decision", gettext_lazy("您的申请“%(item)s”已视为受理")),
    "accept_waiting": ("approvals.decision", gettext_lazy("您的申请“%(item)s”已受理，待前置事项办结后审查")),
    "reject": ("approvals.decision", gettext_lazy("您的申请“%(item)s”不予受理：%(note)s")),
    "extend": ("approvals.time_limit", gettext_lazy("您的申请“%(item)s”办理期限依法延长：%(note)s")),
    "start_special": ("approvals.time_limit", gettext_lazy("您的申请“%(item)s”进入特别程序：%(note)s")),
    "grant": ("approvals.decision", gettext_lazy("您的申请“%(item)s”已%(decision)s")),
    "deny": ("approvals.decision", gettext_lazy("您的申请“%(item)s”%(decision)s：%(note)s")),
    # 撤回: by the applicant, or by the window on the applicant's request (its record as the note)
    "withdraw": ("approvals.decision", gettext_lazy("您的申请“%(item)s”已撤回：%(note)s")),
    "suspend": ("approvals.decision", gettext_lazy("您的申请“%(item)s”因容缺材料逾期中止审查")),
    "post_check_breach": ("approvals.decision", gettext_lazy("您的申请“%(item)s”%(decision)s：%(note)s")),
}


# A move told without a note (the applicant withdrawing without a word) is told without the colon.
TOLD_WITHOUT_NOTE = {"withdraw": gettext_lazy("您的申请“%(item)s”已撤回")}
# The outcomes against the applicant, each a decision that 行政复议 and 行政诉讼 reach (行政复议法第十一条, 行政诉讼法
# 第十二条): a refusal (不予许可, 行政许可法第三十八条第二款), a 不予受理 (its written notice, 第三十二条) and the
# revocation of a grant whose commitment the check found broken (告知承诺制: 撤销). Their notice and their file's page
# name the remedies (the law's data: catalog/law.py). A withdrawal is the applicant's own act; an extension, a
# special procedure or a 容缺 suspension only moves or stops the time of a file still open: none of them is told so.
AGAINST_THE_APPLICANT = frozenset({S.REJECTED, S.DENIED, S.REVOKED})
# every move into one of them, so that a new one cannot be told without its remedies
TOLD_WITH_REMEDIES = frozenset(
    name for name, m in MOVES.moves.items() if m.target is not None and m.target in AGAINST_THE_APPLICANT
)


def move(
    app: Application, name: str, *, actor, on: dt.date, note: str = "", fields: tuple[str, ...] = ()
) -> Application:
    """Save the move ``name`` (status, version, event, audit) in the caller's transaction; the enterprise is
    told of its 补正, of every decision and of what moves its time limit, once per move."""
    app = MOVES.apply(app, name, actor=actor, note=note, fields=fields, extra={"on": on})
    if name in TELL_ENTERPRISE:
        tell_enterprise(app, name, note)
    return app


def tell_enterprise(app: Application, name: str, note: str) -> None:
    """The enterprise's users are told of the move, each in their own language (``core.notify.Text``): the
    scans (deemed acceptance, 容缺 suspension) tell them too, with no user's language of their own."""
    from devzone.approvals.catalog.law import remedies
    from devzone.core.models import Notification
    from devzone.core.notify import enterprise_users, notify

    room = Notification._meta.get_field("title").max_length
    kind, title = TELL_ENTERPRISE[name]
    if not note:
        title = TOLD_WITHOUT_NOTE.get(name, title)
    # the decision in the item's own words (准予备案, 予以确认 …: approvals.wording), never 准予许可 for all
    decision = lazy(lambda: move_label(app.item, name) or "", str)()
    text = Text(title, item=app.item.name, note=note, decision=decision)
    body = _CutShort(text, note, room) if note else ""  # a written notice or reasons the title cuts short
    if name in TOLD_WITH_REMEDIES:
        body = _Joined(body, remedies())
    notify(
        enterprise_users(app.enterprise_id),
        zone_id=app.zone_id,
        kind=kind,
        title=text,
        body=body,
        url=app.get_absolute_url(),
        key=f"application-{name}-{app.pk}-{app.version}",  # the same move is told once, a later one again
    )


class _CutShort(Text):
    """A notice's body: the note (a written notice, reasons) when the title, as its recipient reads it, is too
    long for its room and cut short; nothing otherwise."""

    def __init__(self, title: Text, note: str, room: int):
        super().__init__(note)
        self.title, self.note, self.room = title, note, room

    def __str__(self) -> str:  # in the recipient's language (core.notify renders it so)
        return self.note if len(str(self.title)) > self.room else ""


class _Joined(Text):
    """A notice's body of several texts, each in the recipient's language, the empty ones left out."""

    def __init__(self, *parts):
        super().__init__("")
        self.parts = parts

    def __str__(self) -> str:
        return " ".join(p for p in (str(part) for part in self.parts) if p)


def check(app: Application, name: str, doing: str = "") -> None:
    """Refuse early (before any other check) when the application's state does not allow the move."""
    MOVES.check(app, name, doing=doing)


def lock(application: Model | int, actor, expected_version: int | None = None, action: str = "view"):
    """The application in the actor's scope, locked, at the version the actor saw (404 / 403 / 409)."""
    return locked(
        Application,
        application,
        actor=actor,
        action=action,
        version=expected_version,
        what=str(gettext_lazy("办件")),
        forbidden=_("您无权办理此件"),
        conflict=_("该办件刚被他人处理过，请刷新后查看最新状态"),
    )


def require_owner(actor, app: Application, doing: str) -> None:
    """The enterprise that applied (its user), or a window clerk of the zone acting on its behalf."""
    r = reach_of(actor)
    if r.role == Role.ENTERPRISE_USER and r.enterprise_id == app.enterprise_id:
        return
    if r.role == Role.WINDOW_CLERK and r.zone_id == app.zone_id:
        return
    raise PermissionDeniedError(_("只有申请企业或窗口人员可以%(doing)s") % {"doing": doing})


def take_for_owner(
    application,
    actor,
    expected_version: int | None,
    name: str | Callable[[Application], str],
    doing: str,
    label: str | None = None,
) -> Application:
    """The file locked for the applicant's move ``name`` (or the move ``name(app)`` picks on the locked file)
    (``doing`` in the refusal when the actor is neither the enterprise that applied nor a window clerk of its
    zone), which must be open to it (``label``, by default ``doing``, in the refusal when it is not)."""
    app = lock(application, actor, expected_version)
    require_owner(actor, app, doing)
    check(app, name(app) if callable(name) else name, label or doing)
    return app


def is_zone_reviewer(user, zone_id: int) -> bool:
    """Whether ``user`` is an active reviewer of the zone: who may be given a file (受理, 分派)."""
    if user is None or not user.is_active:
        return False
    r = reach_of(user)
    return r.role == Role.REVIEWER and r.zone_id == zone_id


def require_reviewer(actor, app: Application, doing: str, *, on: dt.date | None = None) -> None:
    """A zone leader, or a reviewer to whom the file is assigned. A file nobody was given yet (待分派: it stands
    in every reviewer's queue of the zone, docs/approvals.md) is the first acting reviewer's: it is assigned to
    them (认领) under the caller's lock, recorded in its history and the audit trail, before they act on it."""
    r = reach_of(actor)
    if r.role == Role.ZONE_LEADER:
        return
    if r.role != Role.REVIEWER:
        raise PermissionDeniedError(_("只有审批人员可以%(doing)s") % {"doing": doing})
    if app.reviewer_id is None:
        if app.status not in ACCEPTED_OPEN:
            return  # nothing accepted to take: the move's own state check refuses
        claim(app, actor, on=on)
    if app.reviewer_id != actor.pk:
        raise PermissionDeniedError(_("该件由其他审批人员办理"))


def claim(app: Application, actor, *, on: dt.date | None = None) -> Application:
    """认领: a reviewer of the zone takes a file nobody was given (the caller holds its lock). The zone's leaders,
    who give files their reviewer (分派), are told who took it: once per claim (``key``), in each leader's own
    language; a move refused after the claim rolls the notice back with it."""
    from django.utils import timezone

    from devzone.core.notify import notify, stored, zone_users

    app.reviewer = actor
    note = stored(gettext_lazy("%(r)s认领本件"), r=audit.actor_label(actor))
    app = move(app, "claim", actor=actor, on=on or timezone.localdate(), note=note, fields=("reviewer",))
    notify(
        zone_users(app.zone_id, roles=[Role.ZONE_LEADER]),
        zone_id=app.zone_id,
        kind="approvals.claim",
        title=Text(
            gettext_lazy("%(r)s认领了待分派的办件：%(app)s"), r=audit.actor_label(actor), app=str(app)
        ),
        url=app.get_absolute_url(),
        key=f"application-claim-{app.pk}-{app.version}",
    )
    return app


def count_in_bucket(
    app: Application,
    on: dt.date,
    elapsed: int,
    *,
    decided: bool = True,
    on_time: bool = False,
    legal_late: bool = False,
) -> None:
    """Count a file that ends on ``on`` in the statistics' bucket (item × month × elapsed working days): a
    decision (``decided``, on time or not, late in law or not), or a withdrawal after the statutory limit had
    run out, which counts only as late in law (``withdrawn_late``, within ``legal_late``)."""
    from devzone.approvals.models import ElapsedBucket

    bucket, _created = ElapsedBucket.objects.select_for_update().get_or_create(
        zone=app.zone, item=app.item, month=on.replace(day=1), elapsed_workdays=elapsed
    )
    ElapsedBucket.objects.filter(pk=bucket.pk).update(
        count=bucket.count + int(decided),
        on_time=bucket.on_time + int(decided and on_time),
        legal_late=bucket.legal_late + int(legal_late),
        withdrawn_late=bucket.withdrawn_late + int(legal_late and not decided),
        supplements=bucket.supplements + (app.supplements if decided else 0),
    )


# --- the two clocks ------------------------------------------------------------------------------------
# ``app.clock`` is the promised limit (the zone's commitment, its statistics); ``app.legal_clock`` the
# statutory limit (legality). Each keeps its own pauses: the promised one stops for every pause the zone's
# rules allow (补正 in review, 特别程序, 容缺 suspension); the statutory one only where the law leaves time
# out (特别程序: 行政许可法第四十五条, 委托评估: 企业投资项目核准和备案管理条例第十一条).
def pause_clocks(app: Application, *, on: dt.date, reason: str, statutory: bool) -> None:
    from devzone.core.services import clocks

    if app.clock_id:
        app.clock = clocks.clock_pause(clock=app.clock, on=on, reason=reason)
    if statutory and app.legal_clock_id and app.legal_clock.status == "running":
        app.legal_clock = clocks.clock_pause(clock=app.legal_clock, on=on, reason=reason)
    follow_deadline(app)


def resume_clocks(app: Application, *, on: dt.date) -> None:
    from devzone.core.services import clocks

    if app.clock_id and app.clock.status == "paused":
        app.clock = clocks.clock_resume(clock=app.clock, on=on)
    if app.legal_clock_id and app.legal_clock.status == "paused":
        app.legal_clock = clocks.clock_resume(clock=app.legal_clock, on=on)
    follow_deadline(app)


def special_limit_end(procedure, cal=None) -> dt.date:
    """The last day a 特别程序 leaves out of the statutory clock: the end of its limit told in writing (行政许可法
    第四十五条), in working days from its start."""
    from devzone.core.workdays import get_calendar

    return (cal or get_calendar()).add_workdays(procedure.started_on, procedure.limit_days)


def left_out(procedure, on: dt.date, cal=None) -> int:
    """The working days a 特别程序 leaves out of the statutory clock by ``on``: its time so far (to its end), at
    most its limit."""
    from devzone.core.workdays import get_calendar

    cal = cal or get_calendar()
    return min(cal.between(procedure.started_on, procedure.ended_on or on), procedure.limit_days)


def release_legal_clock(app: Application, *, on: dt.date) -> bool:
    """第四十五条 leaves out the time of a 特别程序 told in writing (its limit), no more: a statutory clock paused
    by an open procedure whose limit ended before ``on`` counts again from the end of that limit, the procedure
    still open (its end, a withdrawal, the hourly scan). The promised clock stays stopped until it ends. Returns
    whether the clock moved."""
    from devzone.core.services import clocks

    if not app.legal_clock_id or app.legal_clock.status != "paused":
        return False
    open_ones = list(app.special_procedures.filter(ended_on__isnull=True))
    if not open_ones:
        return False
    end = max(special_limit_end(p) for p in open_ones)
    if end >= on:
        return False
    since = app.legal_clock.pauses.filter(resumed_on__isnull=True).values_list("paused_on", flat=True).first()
    app.legal_clock = clocks.clock_resume(clock=app.legal_clock, on=max(end, since or end))
    return True


def stop_clocks(app: Application, *, on: dt.date) -> None:
    from devzone.core.services import clocks

    if app.clock_id and app.clock.status != "stopped":
        app.clock = clocks.clock_stop(clock=app.clock, on=on)
    if app.legal_clock_id and app.legal_clock.status != "stopped":
        app.legal_clock = clocks.clock_stop(clock=app.legal_clock, on=on)


def tolerated_due(cal, started_on: dt.date, supply_days: int, deadline: dt.date) -> dt.date:
    """A 容缺 material's due date: its own supply period from the clock's start, never after the deadline."""
    return min(cal.add_workdays(started_on, supply_days), deadline)


def follow_deadline(app: Application) -> int:
    """容缺: a material owed is due on its own supply date, never later than the file's promised deadline; when
    a pause or a calendar change moves that deadline, the due date follows. Returns how many moved."""
    from devzone.core.workdays import get_calendar

    clock = app.clock if app.clock_id else None
    if clock is None or clock.due_on is None:  # paused: the deadline is unknown until it runs again
        return 0
    cal = get_calendar()
    moved = 0
    for owed in app.tolerated.filter(supplied_on__isnull=True).select_related("material"):
        due = tolerated_due(
            cal, clock.started_on, owed.material.supply_days or clock.budget_workdays, clock.due_on
        )
        if due != owed.due_on:
            owed.due_on = due
            owed.save(update_fields=["due_on"])
            moved += 1
    return moved
