"""整改 and 申诉 of bad ratings: a bad rating opens a follow-up with a call-back deadline in working days; its
handler rectifies and calls the enterprise back, the enterprise rates the rectification. The person rated (or
their department head) may appeal once; a zone leader decides, and an upheld appeal takes the rating out of
every statistic and ends its follow-up. The moves of both are declared once (``FOLLOWUP_MOVES``,
``APPEAL_MOVES``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import PermissionDeniedError, require, require_role, require_text
from devzone.core.locking import locked
from devzone.core.notify import Text, enterprise_users, notify, reader_day, stored
from devzone.core.services import clocks
from devzone.core.transitions import Move, Transitions
from devzone.services.choices import AppealStatus, FollowUpStatus
from devzone.services.events import followup_facts
from devzone.services.models import Appeal, FollowUp, Rating
from devzone.services.services.common import (
    department_heads,
    display_name,
    leaders,
    require_level,
    zone_staff_user,
)

OPEN = {FollowUpStatus.OPEN}
FOLLOWUP_MOVES = Transitions(
    moves={
        "assign": Move(OPEN, None, gettext_lazy("指定整改负责人")),
        "callback": Move(OPEN, FollowUpStatus.CALLED_BACK, gettext_lazy("整改回访")),
        "rate": Move({FollowUpStatus.CALLED_BACK}, FollowUpStatus.CLOSED, gettext_lazy("企业评价整改")),
        # an upheld appeal ends the rectification of a rating that no longer counts
        "terminate": Move(OPEN, FollowUpStatus.CLOSED, gettext_lazy("申诉成立，整改终止")),
    },
    topic="services.followup",  # rectification moves to the outbox (services.events)
    payload=followup_facts,
)
APPEAL_MOVES = Transitions(
    moves={
        "uphold": Move({AppealStatus.PENDING}, AppealStatus.UPHELD, gettext_lazy("申诉成立")),
        "reject": Move({AppealStatus.PENDING}, AppealStatus.REJECTED, gettext_lazy("申诉不成立")),
    },
)


def _tell(follow: FollowUp, users, *, kind: str, title: Text, key: str = "") -> int:
    """Told in each reader's own language, not the actor's (``core.notify.Text``)."""
    return notify(
        users, zone_id=follow.zone_id, kind=kind, title=title, url=follow.get_absolute_url(), key=key
    )


def not_rated(rating: Rating, user_ids: list[int]) -> list[int]:
    """``user_ids`` without the person rated: they never handle (nor hear as handler of) their own 差评, whose
    follow-up names the enterprise that rated them."""
    return [pk for pk in user_ids if pk != rating.served_by_id]


def default_handler(rating: Rating) -> int | None:
    """Who handles a bad rating's follow-up: a head of the rated department, else a zone leader — never the
    person rated (a head or leader who served the request themselves)."""
    heads = not_rated(rating, department_heads(rating.zone_id, rating.department_id))
    if heads:
        return heads[0]
    others = not_rated(rating, leaders(rating.zone_id))
    return others[0] if others else None


def is_rated_person(actor, rating: Rating) -> bool:
    """The staff member the rating names as having served (recused from its follow-up and its appeal)."""
    return rating.served_by_id is not None and rating.served_by_id == actor.pk


def open_follow_up(rating: Rating, actor, on: dt.date) -> FollowUp:
    """The follow-up a bad rating opens (in the rating's transaction): a head of the rated department (else
    a zone leader) handles it, never the person rated, who learns of it without the enterprise."""
    from devzone.services.selectors import settings_for

    days = settings_for(rating.zone).followup_days
    heads = not_rated(rating, department_heads(rating.zone_id, rating.department_id))
    follow = FollowUp.objects.create(
        zone_id=rating.zone_id, rating=rating, opened_on=on, handler_id=default_handler(rating)
    )
    follow.clock = clocks.clock_start(
        zone=rating.zone, purpose="差评整改回访", started_on=on, budget_workdays=days, subject=follow
    )
    follow.due_on = follow.clock.due_on
    follow.save(update_fields=["clock", "due_on"])
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=follow,
        # in the site's language whoever rated, the day as its readers write it (never ISO by hand)
        note=stored(gettext_lazy("差评自动开启整改，%(d)s前回访"), d=reader_day(follow.due_on)),
    )
    _tell(
        follow,
        heads + not_rated(rating, leaders(rating.zone_id)),
        kind="services.followup",
        title=Text(
            gettext_lazy("差评整改：%(i)s（%(d)s前回访企业）"), i=rating.item, d=reader_day(follow.due_on)
        ),
        key=f"followup-open-{follow.pk}",
    )
    if rating.served_by_id:
        # the person rated learns of it (the rating names no enterprise for them), and may appeal
        notify(
            [rating.served_by_id],
            zone_id=rating.zone_id,
            kind="services.rated_bad",
            # in their own language, the level's label too (core.notify.Text)
            # the service as they may read it: the request's title or the project's name would name the enterprise
            title=Text(
                gettext_lazy("您服务的“%(i)s”收到%(l)s评价"),
                i=_withheld_item(rating),
                l=lazy(rating.get_level_display, str)(),
            ),
            url=rating.get_absolute_url(),
            key=f"rated-bad-{rating.pk}",
        )
    return follow


def _withheld_item(rating: Rating):
    """The rated service as the person rated reads it (``selectors.rating_item``), in the reader's language."""
    from devzone.services.services.ratings import WITHHELD_ITEMS

    return WITHHELD_ITEMS[rating.kind][1] if rating.kind in WITHHELD_ITEMS else rating.item


def _handled(follow_up: FollowUp, *, actor, version, doing: str) -> FollowUp:
    """The follow-up locked for its handler, the rated department's head or a zone leader — never for the
    person rated (the follow-up names and calls back the enterprise that rated them)."""
    follow = locked(FollowUp, follow_up, actor=actor, version=version, what=_("整改"), related=("rating",))
    if is_rated_person(actor, follow.rating):
        raise PermissionDeniedError(_("被评价的工作人员须回避，不能%(d)s") % {"d": doing})
    r = reach_of(actor)
    if r.role == Role.ZONE_LEADER or follow.handler_id == actor.pk:
        return follow
    if r.role == Role.DEPARTMENT_HEAD and r.department_id and r.department_id == follow.rating.department_id:
        return follow
    raise PermissionDeniedError(_("只有整改负责人、所在部门负责人或开发区领导可以%(d)s") % {"d": doing})


@transaction.atomic
def followup_assign(*, actor, follow_up: FollowUp, handler_id, expected_version=None) -> FollowUp:
    follow = _handled(follow_up, actor=actor, version=expected_version, doing=_("指定整改负责人"))
    require(follow.status == FollowUpStatus.OPEN, _("整改已回访，不能再指定负责人"))
    user = zone_staff_user(follow.zone_id, handler_id, field="handler", label=_("整改负责人"))
    require(user is not None, _("整改负责人须为本开发区工作人员"), "handler")
    require(
        not is_rated_person(user, follow.rating),
        _("被评价的工作人员须回避，不能负责本条差评的整改"),
        "handler",
    )
    follow.handler = user
    FOLLOWUP_MOVES.apply(follow, "assign", actor=actor, note=display_name(user), fields=("handler",))
    _tell(
        follow,
        [user],
        kind="services.followup",
        title=Text(
            gettext_lazy("请负责差评整改：%(i)s（%(d)s前回访）"),
            i=follow.rating.item,
            d=reader_day(follow.due_on),
        ),
    )
    return follow


def _check_callback_day(follow: FollowUp, callback_on: dt.date | None) -> dt.date:
    require(callback_on is not None, _("请填写回访日期"), "callback_on")
    require(callback_on <= timezone.localdate(), _("回访日期不能晚于今天"), "callback_on")
    require(callback_on >= follow.opened_on, _("回访日期不能早于整改开启日期"), "callback_on")
    return callback_on


@transaction.atomic
def followup_callback(
    *,
    actor,
    follow_up: FollowUp,
    rectification: str,
    callback_on: dt.date,
    contact: str,
    note: str,
    expected_version=None,
) -> FollowUp:
    """整改 done and the enterprise called back (回访): the clock stops; late when after the deadline."""
    follow = _handled(follow_up, actor=actor, version=expected_version, doing=_("登记整改回访"))
    require(follow.status == FollowUpStatus.OPEN, _("该整改已回访过"))
    follow.rectification = require_text(rectification, "rectification", _("请填写整改措施"))
    follow.callback_contact = require_text(contact, "callback_contact", _("请填写回访的企业联系人"))[:60]
    follow.callback_note = require_text(note, "callback_note", _("请填写回访记录"))
    follow.callback_on = _check_callback_day(follow, callback_on)
    if follow.clock_id:
        clocks.clock_stop(clock=follow.clock, on=callback_on)
    follow.callback_late = bool(follow.due_on and callback_on > follow.due_on)
    follow.handler = follow.handler or actor
    FOLLOWUP_MOVES.apply(
        follow,
        "callback",
        actor=actor,
        note=stored(
            gettext_lazy("回访日期%(d)s（超期）") if follow.callback_late else gettext_lazy("回访日期%(d)s"),
            d=reader_day(callback_on),
        ),
        fields=(
            "rectification",
            "callback_on",
            "callback_contact",
            "callback_note",
            "callback_late",
            "handler",
        ),
    )
    notify(
        enterprise_users(follow.rating.enterprise_id),
        zone_id=follow.zone_id,
        kind="services.rate",
        # in each enterprise user's own language, not the handler's (core.notify.Text)
        title=Text(gettext_lazy("“%(i)s”已整改回访，请评价整改结果"), i=follow.rating.item),
        url=follow.get_absolute_url(),
        key=f"followup-callback-{follow.pk}",
    )
    return follow


@transaction.atomic
def followup_rate(*, actor, follow_up: FollowUp, level, comment: str = "", on=None) -> FollowUp:
    """The enterprise rates the rectification, once, after the call-back."""
    r = reach_of(actor)
    follow = locked(FollowUp, follow_up, actor=actor, action="view", what=_("整改"), related=("rating",))
    if r.role != Role.ENTERPRISE_USER or r.enterprise_id != follow.rating.enterprise_id:
        raise PermissionDeniedError(_("只有被回访的企业可以评价整改结果"))
    require(follow.status != FollowUpStatus.CLOSED, _("整改结果已评价过"))
    require(follow.status == FollowUpStatus.CALLED_BACK, _("尚未整改回访，暂不能评价整改结果"))
    follow.result_level = require_level(level)
    follow.result_comment = (comment or "").strip()[:500]
    follow.result_on = on or timezone.localdate()
    FOLLOWUP_MOVES.apply(
        follow,
        "rate",
        actor=actor,
        note=follow.get_result_level_display(),
        fields=("result_level", "result_comment", "result_on"),
    )
    return follow


def _may_appeal(actor, rating: Rating) -> bool:
    r = reach_of(actor)
    if r.kind != "zone":
        return False
    return rating.served_by_id == actor.pk or (
        r.role == Role.DEPARTMENT_HEAD and bool(r.department_id) and r.department_id == rating.department_id
    )


@transaction.atomic
def appeal_file(*, actor, rating: Rating, reason: str, on=None) -> Appeal:
    """申诉 of a bad rating by the person rated or the head of the rated department."""
    row = locked(Rating, rating, actor=actor, action="view", what=_("评价"))
    if not _may_appeal(actor, row):
        raise PermissionDeniedError(_("只有被评价的工作人员或其部门负责人可以申诉"))
    require(row.is_bad, _("只能对不满意或非常不满意的评价申诉"))
    require(not row.automatic, _("系统默认评价不能申诉"))
    require(not Appeal.objects.filter(rating=row).exists(), _("该评价已申诉过，每条评价只能申诉一次"))
    reason = require_text(reason, "reason", _("请写明申诉理由（误评或恶意差评的事实）"))
    appeal = Appeal.objects.create(
        zone_id=row.zone_id, rating=row, filed_by=actor, filed_on=on or timezone.localdate(), reason=reason
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=appeal, note=reason[:200])
    notify(
        # not the leader rated: recused from deciding it, and the item (a request's title) would name the enterprise
        not_rated(row, leaders(row.zone_id)),
        zone_id=row.zone_id,
        kind="services.appeal",
        title=Text(gettext_lazy("差评申诉待裁定：%(i)s"), i=row.item),  # each leader's language (core.notify)
        url=appeal.get_absolute_url(),
        key=f"appeal-{appeal.pk}",
    )
    return appeal


def _exclude(rating_id: int, *, actor, on: dt.date, decision: str) -> None:
    """An upheld appeal: the rating leaves every statistic, and its open follow-up ends (both audited)."""
    rating = Rating.objects.select_for_update().get(pk=rating_id)
    rating.excluded = True
    rating.save(update_fields=["excluded", "updated_at"])
    # lazy: the trail writes it in the site's language whoever decided (core.audit.event)
    audit.changed(actor, rating, "excluded", False, True, note=gettext_lazy("申诉成立，该评价不计入统计"))
    follow = FollowUp.objects.select_for_update().filter(rating=rating).first()
    if follow is not None and follow.status == FollowUpStatus.OPEN:
        if follow.clock_id:
            clocks.clock_stop(clock=follow.clock, on=on)
        # the follow-up's record, read by the handler and the head: in the site's language (``stored``)
        follow.callback_note = stored(gettext_lazy("申诉成立，整改终止：%(d)s"), d=decision)
        FOLLOWUP_MOVES.apply(follow, "terminate", actor=actor, fields=("callback_note",))


def may_not_decide(actor, appeal: Appeal) -> bool:
    """A leader who filed the appeal or whom the rating names is recused (回避) from deciding it."""
    return appeal.filed_by_id == actor.pk or is_rated_person(actor, appeal.rating)


@transaction.atomic
def appeal_decide(*, actor, appeal: Appeal, upheld: bool, decision: str, on=None) -> Appeal:
    """A zone leader decides; an upheld appeal excludes the rating from every statistic (audited)."""
    row = locked(Appeal, appeal, actor=actor, what=_("申诉"), related=("rating",))
    require_role(actor, Role.ZONE_LEADER, doing=_("裁定申诉"))
    if may_not_decide(actor, row):
        raise PermissionDeniedError(
            _("申诉人和被评价的工作人员须回避，不能裁定本申诉，请由其他开发区领导裁定")
        )
    require(row.status == AppealStatus.PENDING, _("该申诉已裁定"))
    decision = require_text(decision, "decision", _("请填写裁定意见"))
    row.decided_by = actor
    row.decided_on = on or timezone.localdate()
    row.decision = decision
    APPEAL_MOVES.apply(
        row,
        "uphold" if upheld else "reject",
        actor=actor,
        note=decision,
        fields=("decided_by", "decided_on", "decision"),
    )
    if upheld:
        _exclude(row.rating_id, actor=actor, on=row.decided_on, decision=decision)
    notify(
        [row.filed_by_id],
        zone_id=row.zone_id,
        kind="services.appeal",
        # in the appellant's own language, the outcome's label too (core.notify.Text)
        title=Text(gettext_lazy("申诉裁定：%(s)s"), s=lazy(row.get_status_display, str)()),
        url=row.get_absolute_url(),
    )
    return row


def followup_follow_clock(clock) -> int:
    """A calendar change moved ``clock``'s due date: the open follow-up's stored call-back deadline (lists, the
    page, the reminders) follows. Returns how many follow-ups moved (0 or 1)."""
    if clock.due_on is None:
        return 0
    return (
        FollowUp.objects.filter(clock_id=clock.pk, status=FollowUpStatus.OPEN)
        .exclude(due_on=clock.due_on)
        .update(due_on=clock.due_on)
    )


# --- periodic work -------------------------------------------------------------------------------------
def followup_reminder_scan(on: dt.date) -> dict[str, int]:
    """Open follow-ups: the handler (or the department's heads) is reminded on the last working day and when
    overdue; overdue ones go to the zone leaders as well. Once per follow-up, kind and deadline (dedupe keys):
    a deadline a calendar correction moved is reminded of again on its own last day and once it is passed."""
    from devzone.core.workdays import get_calendar

    cal = get_calendar()
    counts = {"due": 0, "overdue": 0}
    for follow in FollowUp.objects.filter(status=FollowUpStatus.OPEN, due_on__isnull=False).select_related(
        "rating"
    ):
        handlers = (
            [follow.handler_id]
            if follow.handler_id
            else not_rated(follow.rating, department_heads(follow.zone_id, follow.rating.department_id))
        )
        item, due = follow.rating.item, follow.due_on
        # in each reader's own language, the date as they write it (core.notify.Text)
        day = reader_day(due)
        if due < on:
            counts["overdue"] += _tell(
                follow,
                handlers + not_rated(follow.rating, leaders(follow.zone_id)),
                kind="services.followup_overdue",
                title=Text(gettext_lazy("差评整改超期未回访：%(i)s（期限%(d)s）"), i=item, d=day),
                key=f"followup-overdue-{follow.pk}-{due}",
            )
        elif cal.add_workdays(on, 1) >= due:
            counts["due"] += _tell(
                follow,
                handlers,
                kind="services.followup_due",
                title=Text(gettext_lazy("差评整改即将到期：%(i)s（%(d)s前回访）"), i=item, d=day),
                key=f"followup-due-{follow.pk}-{due}",
            )
        FollowUp.objects.filter(pk=follow.pk).update(reminded_on=on)
    return counts
