"""An enterprise's need: submitted by the firm itself or entered by staff, one open need per firm and supply (a
repeat submission changes it), trimmed, its quantity adjusted (up or down), its priority class changed, or
withdrawn (declared moves)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.access import can, reach_of
from devzone.core.choices import AuditAction
from devzone.core.errors import (
    ConflictError,
    DomainError,
    PermissionDeniedError,
    check_id,
    clean,
    clean_text,
    require,
    require_text,
)
from devzone.core.locking import in_scope, locked
from devzone.core.models import Enterprise
from devzone.core.notify import Text, enterprise_users, notify
from devzone.core.transitions import Move, Transitions
from devzone.emergency.choices import NeedStatus
from devzone.emergency.models import OPEN_NEED, Need, PriorityClass, Supply
from devzone.emergency.services.common import (
    _locked_campaign,
    _open_campaign,
    _require_open,
    _units,
    max_rank,
    unit_label,
)

# A need's moves: withdrawn, its unserved part leaves the next runs (what it was given stays allocated and
# deliverable); trimmed, it asks fewer units; adjusted, it asks more or fewer; reclassified, it is served in
# another priority class (the state stays).
NEED_MOVES = Transitions(
    moves={
        "withdraw": Move(
            sources={NeedStatus.ACTIVE}, target=NeedStatus.WITHDRAWN, label=gettext_lazy("撤回需求")
        ),
        "trim": Move(sources={NeedStatus.ACTIVE}, target=None, label=gettext_lazy("调减需求")),
        "adjust": Move(sources={NeedStatus.ACTIVE}, target=None, label=gettext_lazy("调整需求数量")),
        "reclassify": Move(sources={NeedStatus.ACTIVE}, target=None, label=gettext_lazy("调整需求的优先级")),
    }
)


def need_arguments(data) -> dict:
    """A need as posted, by the page's form or in the API's body (the same names), as ``need_submit``'s
    arguments (the campaign and the enterprise aside: each caller knows them its own way)."""
    return {
        "supply_id": data["supply"],
        "quantity": data["quantity"],
        "use": data["use"],
        "priority_id": data["priority"],
        "evidence": data["evidence"],
        "version": data.get("version"),
    }


def need_submit(*, actor, **kwargs) -> Need:
    """An enterprise's need, created or the firm's open need changed (``need_put``'s arguments; the pages and the
    demo need not know which)."""
    return need_put(actor=actor, **kwargs)[0]


@transaction.atomic
def need_put(
    *,
    actor,
    campaign_id,
    supply_id,
    quantity,
    use,
    priority_id,
    evidence: str = "",
    enterprise_id=None,
    version: int | None = None,
) -> tuple[Need, bool]:
    """An enterprise's need: an enterprise user submits its own; staff enter one for a firm in their reach.
    Returns the need and whether it was created (False: the firm's open need, changed or as it was).

    A firm has one open need of a supply in a campaign (``emergency_need_one_open``): a repeat submission changes
    that need instead of adding a second claim. ``version`` is the one the submitter read: 0 when they saw no
    open need (the new-need forms), so that another's need meanwhile is not replaced (409); a stale one is
    refused too; None: not checked. Sending exactly what is stored (a double tap) changes nothing, whatever the
    version."""
    if not can(actor, "create", Need):
        raise PermissionDeniedError(_("您无权填报应急物资需求"))
    r = reach_of(actor)
    if r.kind == "enterprise":
        enterprise = Enterprise.objects.select_related("zone").filter(pk=r.enterprise_id).first()
        require(enterprise is not None, _("您的账号未关联企业"))
    else:
        require(enterprise_id not in (None, ""), _("请选择企业"), "enterprise")
        enterprise = in_scope(Enterprise, enterprise_id, actor=actor, what=_("企业"))
    campaign = _open_campaign(actor, campaign_id, enterprise=enterprise, doing=_("填报需求"))
    supply = Supply.objects.filter(campaign=campaign, pk=supply_id).first()
    require(supply is not None, _("请选择本次行动的物资"), "supply")
    priority = PriorityClass.objects.filter(campaign=campaign, pk=priority_id).first()
    require(priority is not None, _("请选择优先级"), "priority")
    given = {
        "quantity": _units(quantity, "quantity"),
        "use": require_text(use, "use", _("请填写用途"), max_length=200),
        "priority": priority,
        "evidence": clean_text(evidence, "evidence", max_length=200),
    }
    need = (
        Need.objects.select_for_update()
        .filter(OPEN_NEED, campaign=campaign, enterprise=enterprise, supply=supply)
        .first()
    )
    if need is not None:
        return _need_change(actor, campaign, need, given, version), False
    _require_evidence(campaign, given)
    if version:  # they changed a need that has been withdrawn or fully served since
        raise ConflictError(_("该需求刚被撤回或已全部分配，请刷新后查看"))
    need = Need(
        zone_id=enterprise.zone_id,
        campaign=campaign,
        enterprise=enterprise,
        supply=supply,
        submitted_by=actor,
        version=1,  # 0 stands for "no need seen" (the new-need forms)
        **given,
    )
    # Two submissions at once both find no open need: the second meets the first in the model's check of the
    # constraint (once the first committed) or, on PostgreSQL, at its insert, which waits for the first and breaks
    # the constraint. In a savepoint, so that it is answered (the same need: nothing to do; another: 409), never
    # a 500.
    try:
        clean(need)
        with transaction.atomic():
            need.save()
    except (DomainError, IntegrityError):
        other = (
            Need.objects.filter(OPEN_NEED, campaign=campaign, enterprise=enterprise, supply=supply)
            .select_related("supply")
            .first()
        )
        if other is None:
            raise
        if _same_need(other, given):
            return other, False
        raise _need_conflict(other) from None
    audit.record(actor=actor, action=AuditAction.CREATE, obj=need, note="应急物资需求")
    return need, True


def _require_evidence(campaign, given: dict) -> None:
    """Every class but the last is claimed with evidence."""
    require(
        given["priority"].rank == max_rank(campaign) or given["evidence"], _("申报优先级须附佐证"), "evidence"
    )


def _same_need(need: Need, given: dict) -> bool:
    return (need.quantity, need.use, need.priority_id, need.evidence) == (
        given["quantity"],
        given["use"],
        given["priority"].pk,
        given["evidence"],
    )


def _need_conflict(need: Need) -> ConflictError:
    return ConflictError(
        _("该企业在本行动中已有待满足的%(item)s需求（%(n)d%(unit)s），请刷新后在该需求上修改")
        % {"item": need.supply.name, "n": need.quantity, "unit": unit_label(need.supply.unit)}
    )


def _by_staff(actor) -> bool:
    return reach_of(actor).kind != "enterprise"


def _keep_corrected_class(actor, need: Need, priority: PriorityClass) -> None:
    """A class staff corrected (``Need.priority_corrected``) is theirs: the firm's change of it is refused on the
    priority field, and nothing of the change is made; staff may still move it."""
    if need.priority_corrected and priority.pk != need.priority_id and not _by_staff(actor):
        raise DomainError.on(
            "priority",
            _(
                "该需求的优先级已由开发区工作人员核定为“%(name)s”，企业不能自行更改；"
                "如有异议或新的佐证，请联系开发区工作人员"
            )
            % {"name": need.priority.name},
        )


def _need_change(actor, campaign, need: Need, given: dict, version: int | None) -> Need:
    """The firm's open need (locked) changed to what was submitted again: the same is nothing to do; a stale
    version is refused; never fewer units than it has been given; a class staff corrected the firm keeps."""
    if _same_need(need, given):
        return need
    if version is not None and version != need.version:
        raise _need_conflict(need)
    _keep_corrected_class(actor, need, given["priority"])
    _require_evidence(campaign, given)
    require(
        given["quantity"] >= need.allocated,
        _("需求数量不能少于已分配的数量（%(n)d）") % {"n": need.allocated},
        "quantity",
    )
    before = audit.snapshot(need)
    for field, value in given.items():
        setattr(need, field, value)
    need.version += 1
    audit.saved(actor, need, before, note="应急物资需求")
    return need


def _need_to_change(actor, need, version, doing: str) -> Need:
    """The need, locked in the actor's reach for ``change`` at the version they saw; an enterprise changes its
    own only while the campaign collects needs (staff may also after it ended); a need fully served has nothing
    left to change. The campaign's row is locked first (``_locked_campaign``): the open check then sees a close
    committed meanwhile, and a close waits for this change."""
    pk = need.pk if isinstance(need, Need) else check_id(need)
    campaign_id = Need.objects.filter(pk=pk).values_list("campaign_id", flat=True).first() if pk else None
    if campaign_id is not None:  # otherwise ``locked`` answers 404 (scoped like any other need)
        _locked_campaign(campaign_id)
    row = locked(
        Need,
        need,
        actor=actor,
        version=version,
        what=_("企业需求"),
        conflict=_("该需求刚被他人修改，请刷新后查看最新内容"),
        related=("campaign", "supply"),
    )
    _require_open(row.campaign, doing)  # an ended campaign's needs are its record: nobody changes them
    if row.status == NeedStatus.ACTIVE:
        require(row.allocated < row.quantity, _("该需求已全部分配，不能再%(doing)s") % {"doing": doing})
    return row


def _tell_the_firm(actor, need: Need, title) -> None:
    """The firm's users hear of a change staff made to its need (not of their own)."""
    if reach_of(actor).kind == "enterprise":
        return
    notify(
        enterprise_users(need.enterprise_id),
        kind="emergency",
        title=title,
        url=reverse("emergency:mine"),
        zone_id=need.zone_id,
        key=f"emergency.need.{need.pk}.{need.version}",
    )


@transaction.atomic
def need_trim(*, actor, need, quantity, version: int | None = None) -> Need:
    """调减: the need asks fewer units (never fewer than it has been given); audited, the firm told when staff
    did it. ``version``: the one the caller read (stale: 409); None: not checked."""
    row = _need_to_change(actor, need, version, _("调减需求"))
    NEED_MOVES.check(row, "trim")
    n = _units(quantity, "quantity")
    require(n < row.quantity, _("调减后的数量须少于原需求数量（%(n)d）") % {"n": row.quantity}, "quantity")
    return _set_quantity(actor, row, n, "trim", gettext_lazy("贵企业的%(item)s需求已调减为%(n)d%(unit)s"))


def _set_quantity(actor, row: Need, n: int, move: str, told) -> Need:
    """A trim's or an adjustment's common end: never fewer units than the need has been given; the move
    recorded with the old and the new quantity; the firm told when staff did it (``told``: a lazy message of
    ``%(item)s``, ``%(old)d``, ``%(n)d`` and ``%(unit)s``, written in each reader's language)."""
    require(n >= row.allocated, _("需求数量不能少于已分配的数量（%(n)d）") % {"n": row.allocated}, "quantity")
    before = row.quantity
    row.quantity = n
    NEED_MOVES.apply(row, move, actor=actor, note=f"{before}→{n}", fields=("quantity",))
    _tell_the_firm(
        actor, row, Text(told, item=row.supply.name, old=before, n=n, unit=unit_label(row.supply.unit))
    )
    return row


@transaction.atomic
def need_withdraw(*, actor, need, version: int | None = None) -> Need:
    """撤回: the need's unserved part leaves the next runs (what it was given stays allocated and deliverable);
    audited, the firm told when staff did it. ``version`` as for a trim."""
    row = _need_to_change(actor, need, version, _("撤回需求"))
    NEED_MOVES.apply(row, "withdraw", actor=actor, note=f"{row.quantity - row.allocated}")
    _tell_the_firm(actor, row, Text(gettext_lazy("贵企业的%(item)s需求已撤回"), item=row.supply.name))
    return row


@transaction.atomic
def need_adjust(*, actor, need, quantity, version: int | None = None) -> Need:
    """调整数量: the need asks more or fewer units (1 to MAX_UNITS, never fewer than it has been given), while the
    campaign collects needs; audited ("调整需求数量 600→800"), the firm told when staff did it. Staff raise a
    firm's open need this way. ``version``: the one the caller read (stale: 409); None: not checked."""
    row = _need_to_change(actor, need, version, _("调整需求数量"))
    NEED_MOVES.check(row, "adjust")
    n = _units(quantity, "quantity")
    require(n != row.quantity, _("新的数量与原需求数量相同（%(n)d）") % {"n": row.quantity}, "quantity")
    return _set_quantity(
        actor, row, n, "adjust", gettext_lazy("贵企业的%(item)s需求已由%(old)d%(unit)s调整为%(n)d%(unit)s")
    )


@transaction.atomic
def need_reclassify(
    *, actor, need, priority, evidence: str | None = None, version: int | None = None
) -> Need:
    """调整优先级: the need is served in another of the campaign's priority classes (its evidence replaced when
    ``evidence`` is given; every class but the last needs some), while the campaign collects needs; audited with
    the old and the new class, the firm told when staff did it. The class is the firm's claim (it changes its own
    with 修改, ``need_put``, or here); staff correct it here, and a class they moved is theirs from then on
    (``priority_corrected``): the firm's change of it is refused, its evidence it may still replace. ``version``
    as for a trim."""
    row = _need_to_change(actor, need, version, _("调整需求的优先级"))
    NEED_MOVES.check(row, "reclassify")
    pk = check_id(priority)
    new = PriorityClass.objects.filter(campaign_id=row.campaign_id, pk=pk).first() if pk else None
    require(new is not None, _("请选择本次行动的优先级"), "priority")
    _keep_corrected_class(actor, row, new)
    proof = row.evidence if evidence is None else clean_text(evidence, "evidence", max_length=200)
    require(new.pk != row.priority_id or proof != row.evidence, _("优先级与佐证均未改变"), "priority")
    require(new.rank == max_rank(row.campaign) or proof, _("调整到该优先级须附佐证"), "evidence")
    old = row.priority
    before = audit.snapshot(row)
    row.priority, row.evidence = new, proof
    if new.pk != old.pk and _by_staff(actor):
        row.priority_corrected = True  # the trail's changes hold it: priority_corrected False → True
    row.version += 1
    audit.saved(actor, row, before, note=f"调整优先级 {old.name}→{new.name}")
    if new.pk != old.pk:
        _tell_the_firm(
            actor,
            row,
            Text(
                gettext_lazy("贵企业的%(item)s需求优先级已由“%(old)s”调整为“%(new)s”"),
                item=row.supply.name,
                old=old.name,
                new=new.name,
            ),
        )
    return row
