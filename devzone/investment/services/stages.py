"""The funnel on the lead: the stage moves an officer makes, 流失 and 重新跟进, and the moves the projects
module causes (开工 → 落地, 投产 → 留住). One transition table; each move writes the timeline and keeps the
funnel counters in step, in the caller's transaction."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.errors import DomainError, require
from devzone.core.notify import stored
from devzone.core.transitions import Move, Transitions
from devzone.investment import counters, funnel
from devzone.investment.choices import STAGE_INDEX, STAGE_ORDER, WORKING_STAGES, LogKind, Stage
from devzone.investment.models import Contract, Lead
from devzone.investment.services.common import (
    day,
    drop_unqualified_owner,
    labelled_text,
    lock_lead,
    log,
    tell_unassigned,
    touch,
)

# The lead's timeline lines a move writes, kept in the site's language (``core.notify.stored``).
MOVED_TO = gettext_lazy("推进到“%(s)s”")
PROJECT_LANDED = gettext_lazy("项目开工，落地")
PROJECT_KEPT = gettext_lazy("项目投产，留住")
# A jump's line names the stages skipped without a date and why (after the move's own note, if any).
STAGES_SKIPPED = gettext_lazy("跳过%(stages)s：%(reason)s")
NOTE_AND_SKIPPED = gettext_lazy("%(note)s；跳过%(stages)s：%(reason)s")
STAGE_LIST_SEPARATOR = gettext_lazy("、")
# The audit trail's note when a reopened lead loses its owner (``core.audit`` keeps it in the site's language).
OWNER_DROPPED_ON_REOPEN = gettext_lazy("重新跟进时取消负责人")

# Stages an officer moves a lead to by hand; signing goes through a contract, 落地/留住 follow the project.
MANUAL_TARGETS = set(STAGE_ORDER[1 : STAGE_INDEX[Stage.SIGNED]])
# What a move may change besides the stage (``Transitions.apply`` saves these fields only).
STATE_FIELDS = (
    *(f"{s}_on" for s in STAGE_ORDER),
    "last_activity_on",
    "is_stale",
    "lost_on",
    "lost_reason",
    "enterprise",
)


def _write_event(*, row, move, before, after, actor, note, snapshot, on, text="", **_extra) -> None:
    """The timeline entry and the funnel counters of a move (``Transitions`` calls it after the save)."""
    counters.changed(snapshot, row)
    if move == "lose":
        log(row, actor, LogKind.LOST, on, text)
    elif move == "reopen":
        log(row, actor, LogKind.REOPEN, on, text)
    else:
        log(row, actor, LogKind.STAGE, on, text, from_stage=before, to_stage=after)


LEAD_MOVES = Transitions(
    field="stage",
    moves={
        # A lead moves forward only; a jump over stages is checked by ``funnel.plan_move``.
        **{
            s: Move(sources=set(STAGE_ORDER[:i]), target=s, label=Stage(s).label)
            for i, s in enumerate(STAGE_ORDER)
        },
        "lose": Move(sources=set(WORKING_STAGES), target=None, label=gettext_lazy("标记流失")),
        "reopen": Move(sources=set(STAGE_ORDER), target=None, label=gettext_lazy("重新跟进")),
    },
    event=_write_event,
)


def _record(
    row: Lead, name: str, *, actor, snapshot, on: dt.date, note: str, text: str, fields: tuple[str, ...] = ()
) -> None:
    """Save the move ``name`` (state fields only, and ``fields``), its audit row, timeline entry and counters."""
    LEAD_MOVES.apply(
        row,
        name,
        actor=actor,
        note=note,
        fields=(*STATE_FIELDS, *fields),
        extra={"snapshot": snapshot, "on": on, "text": text},
    )


def advance(row: Lead, *, actor, move: funnel.Move, note: str) -> None:
    """Record a planned stage move on a locked lead."""
    snapshot = counters.Snapshot(row)
    for s, d in move.dates.items():
        setattr(row, f"{s}_on", d)
    on = move.dates[move.target]
    touch(row, on)
    text = note
    if move.undated:
        # the line (stage names and separators too) reads in the site's language, whoever's request writes it
        skipped = stored(STAGE_LIST_SEPARATOR).join(stored(funnel.LABELS[s]) for s in move.undated)
        text = stored(
            NOTE_AND_SKIPPED if note else STAGES_SKIPPED, note=note, stages=skipped, reason=move.reason
        )
    _record(row, move.target, actor=actor, snapshot=snapshot, on=on, note=note, text=text)


@transaction.atomic
def lead_move(
    *,
    actor,
    lead: Lead,
    target: str,
    on: dt.date,
    skipped_dates: dict[str, dt.date] | None = None,
    reason: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> Lead:
    row = lock_lead(lead, actor, expected_version)
    require(row.lost_on is None, _("线索已流失，请先重新跟进"))
    require(target != Stage.SIGNED, _("签约请登记签约合同"), "stage")
    require(target not in (Stage.LANDED, Stage.KEPT), _("落地、留住随项目开工、投产自动更新"), "stage")
    require(target in MANUAL_TARGETS, _("未知的阶段"), "stage")
    day("on", on, _("日期"))
    for s, d in (skipped_dates or {}).items():
        if d is not None:
            day(f"date_{s}", d, _("被跳过阶段的日期"))
    reason = labelled_text(reason, "reason", _("跳过阶段的理由"), 200)
    note = labelled_text(note, "note", _("说明"), 200)
    try:
        move = funnel.plan_move(
            current=row.stage,
            dates=row.stage_dates(),
            target=target,
            on=on,
            today=timezone.localdate(),
            skipped_dates=skipped_dates,
            reason=reason,
        )
    except funnel.StageError as e:
        raise DomainError.on(e.field, e.message) from None
    # the timeline's line in the site's language, whoever moves the lead (``core.notify.stored``)
    advance(row, actor=actor, move=move, note=note or stored(MOVED_TO, s=Stage(target).label))
    return row


@transaction.atomic
def lead_lose(*, actor, lead: Lead, reason: str, on: dt.date | None = None, expected_version=None) -> Lead:
    row = lock_lead(lead, actor, expected_version)
    reason = labelled_text(reason, "reason", _("流失原因"), 200)
    require(reason, _("请填写流失原因"), "reason")
    require(row.lost_on is None, _("线索已是流失状态"))
    require(STAGE_INDEX[row.stage] < STAGE_INDEX[Stage.SIGNED], _("已签约的线索不能标记流失"))
    on = day("on", on or timezone.localdate(), _("流失日期"))
    snapshot = counters.Snapshot(row)
    row.lost_on, row.lost_reason = on, reason[:200]
    _record(row, "lose", actor=actor, snapshot=snapshot, on=on, note=reason, text=reason)
    return row


@transaction.atomic
def lead_reopen(*, actor, lead: Lead, note: str = "", expected_version=None) -> Lead:
    """A lost lead worked again. Its owner keeps it only while they may own it (``check_owner``: still an
    active member of its team, with room for one more active lead — the lead counts again); otherwise it is
    reopened without an owner, the timeline says why and the zone's other leaders are told to name one, as
    after a team move. The answered row's ``dropped_owner`` names the owner dropped (or None) for the page."""
    row = lock_lead(lead, actor, expected_version)
    note = labelled_text(note, "note", _("说明"), 200)
    require(row.lost_on is not None, _("线索未流失"))
    today = timezone.localdate()
    snapshot = counters.Snapshot(row)
    row.lost_on, row.lost_reason = None, ""
    dropped = drop_unqualified_owner(row)  # the lead is locked, the owner's staff row after it
    touch(row, today)
    _record(row, "reopen", actor=actor, snapshot=snapshot, on=today, note=note, text=note, fields=("owner",))
    if dropped is not None:
        audit.changed(actor, row, "owner_id", dropped.pk, None, note=OWNER_DROPPED_ON_REOPEN)
        tell_unassigned(
            row,
            actor,
            dropped,
            why=gettext_lazy("取消负责人（%(name)s已不是该小分队的在队队员或在跟线索已满）"),
            title=gettext_lazy(
                "线索已无负责人：%(lead)s重新跟进，%(name)s已不是在队队员或在跟线索已满，请重新指定"
            ),
        )
    row.dropped_owner = dropped
    return row


def on_milestone_reached(*, project, code: str, on: dt.date, actor) -> None:
    """The projects module reports a milestone: 开工 moves the project's leads to 落地, 投产 to 留住, with the
    milestone's date (skipped stages get it too: a project may be reported in production at once). The leads
    move whoever reported the milestone (an agent of the project may not see the leads): it is a consequence,
    not a request."""
    target = {"groundbreaking": Stage.LANDED, "production": Stage.KEPT}.get(code)
    if target is None:
        return
    contracts = Contract.objects.filter(project=project).select_related("lead")
    field = "groundbreaking_on" if code == "groundbreaking" else "production_on"
    for contract in contracts:
        if getattr(contract, field) is None:
            setattr(contract, field, on)
            contract.save(update_fields=[field, "updated_at"])
    # PostgreSQL locks no DISTINCT rows: the leads' ids first, then the rows themselves.
    ids = set(contracts.values_list("lead_id", flat=True))
    for lead in Lead.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
        if STAGE_INDEX[lead.stage] >= STAGE_INDEX[target] or lead.merged_into_id:
            continue
        skipped = STAGE_ORDER[STAGE_INDEX[lead.stage] + 1 : STAGE_INDEX[target]]
        move = funnel.Move(
            target=target, dates={s: on for s in [*skipped, target]}, skipped=skipped, undated=[], reason=""
        )
        label = stored(PROJECT_LANDED if target == Stage.LANDED else PROJECT_KEPT)
        advance(lead, actor=actor, move=move, note=label)
