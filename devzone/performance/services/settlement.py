"""结算 and 补发/扣回: closing a published quarter's pay (grades and pay locked from then on) and the audited
corrections of a closed quarter, each paid in a later payroll."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, require, require_role, require_text
from devzone.performance.choices import AdjustmentKind, AppealStatus, RoundStatus
from devzone.performance.models import Appeal, PayAdjustment, Round, StaffGrade
from devzone.performance.services.common import ROUND_MOVES, lock_round, moved

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
MAX_YUAN = Decimal(1_000_000)


def not_pay_closed(r: Round) -> None:
    """Refuse any change of a closed quarter's grades or pay."""
    if r.pay_closed_at is not None:
        raise DomainError(_("该季度绩效工资已结算，等次和工资不能再修改；更正请登记补发/扣回"))


@transaction.atomic
def round_close_pay(*, actor, round: Round, version: int | None = None) -> Round:
    """结算: the tally staff close a published quarter whose pay sheet is complete. The pay inputs are frozen
    on every grade that did not hold them yet, so the quarter's pay never changes again."""
    require_role(actor, Role.TALLY_STAFF, doing=_("结算绩效工资"))
    r = lock_round(round, actor, version)
    ROUND_MOVES.check(r, "close_pay")
    not_pay_closed(r)
    return _close(r, actor)


def close_earlier_quarters(r: Round, actor) -> list[Round]:
    """Publishing a quarter settles every earlier published quarter of the zone that is still open: its pay
    went into the payroll while this one was assessed, so its grades and pay are locked from now on and any
    correction is a 补发/扣回. A quarter that cannot be settled (someone ungraded, a pay profile missing)
    holds up the publication, named, rather than staying open beside a newer published one."""
    earlier = (
        Round.objects.select_for_update()
        .filter(zone_id=r.zone_id, status=RoundStatus.PUBLISHED, pay_closed_at=None)
        .filter(Q(year__lt=r.year) | Q(year=r.year, quarter__lt=r.quarter))
        .order_by("year", "quarter")
    )
    closed = []
    for old in earlier:
        closed.append(_close(old, actor, before=r))
    return closed


def pending_appeal_problems(r: Round) -> list[str]:
    """The appeals of the round still to decide, one line a department naming the appellants: settling would
    leave them undecidable for ever (a settled quarter takes no decision), so they keep it from 结算."""
    pending = (
        Appeal.objects.filter(round=r, status=AppealStatus.PENDING)
        .select_related("grade__staff", "grade__department")
        .order_by("grade__department__order", "grade__department_id", "grade__staff__employee_no")
    )
    by_dept: dict[str, list[str]] = {}
    for a in pending:
        by_dept.setdefault(a.grade.department.name, []).append(a.grade.staff.name)
    return [
        _("%(d)s有%(n)s件等次申诉待处理（%(names)s），须由领导处理后再结算")
        % {"d": d, "n": len(names), "names": "、".join(names)}
        for d, names in by_dept.items()
    ]


def settlement_problems(r: Round, sheet) -> list[str]:
    """What keeps the quarter from 结算: the pay sheet's problems — grading, the appeals still pending
    (``pending_appeal_problems``, which ``selectors.pay_sheet`` lists itself, so that the sheet's page and
    export never look ready while 结算 refuses), pay profiles, pool."""
    return list(sheet.problems)


def _close(r: Round, actor, before: Round | None = None) -> Round:
    from devzone.performance.selectors import pay_sheet

    sheet = pay_sheet(r)
    if problems := settlement_problems(r, sheet):
        if before is not None:
            raise DomainError(
                _("%(old)s尚未结算且不能结算（%(p)s）：请先完成其个人等次、申诉处理和薪酬档案，再公布%(new)s")
                % {"old": r, "p": "；".join(problems[:3]), "new": before}
            )
        raise DomainError(_("绩效工资尚不能结算：%(p)s") % {"p": "；".join(problems[:5])})
    frozen = []
    extras = {row.staff.pk: row.extras for row in sheet.rows}
    for g in StaffGrade.objects.filter(round=r).select_related("staff__post", "staff__pay_profile"):
        # the other modules' amounts as paid: a special pay approved after settlement leaves this quarter as is
        g.paid_extras = [asdict(x) for x in extras.get(g.staff_id, [])]
        frozen.append(g)
        if g.monthly_standard_fen is None or g.post_coefficient is None:
            profile = getattr(g.staff, "pay_profile", None)
            g.monthly_standard_fen = g.monthly_standard_fen or profile.monthly_standard_fen
            if g.post_coefficient is None:
                post = g.staff.post
                g.post_coefficient = post.value_coefficient if post else Decimal("1.00")
    StaffGrade.objects.bulk_update(frozen, ["monthly_standard_fen", "post_coefficient", "paid_extras"])
    # the pool as paid, and what it rests on: a pool the city's assessment publishes or changes later leaves
    # the paid quarter as it is (``selectors.pay_sheet`` reads these for a settled round)
    r.pay_pool_fen = sheet.zone_pool.fen if sheet.zone_pool else sheet.pool_fen
    r.pay_pool_reference = (sheet.zone_pool.reference if sheet.zone_pool else "")[:300]
    r.pay_closed_at, r.pay_closed_by = timezone.now(), actor
    note = _("%(n)s人，应发合计%(t)s元") % {"n": len(sheet.rows), "t": f"{sheet.total_fen / 100:.2f}"}
    if before is not None:
        note = _("随%(new)s公布自动结算：%(note)s") % {"new": before, "note": note}
    fields = ["pay_closed_at", "pay_closed_by", "pay_pool_fen", "pay_pool_reference"]
    return moved(r, "close_pay", actor=actor, note=note, fields=fields)


def parse_amount(value) -> int:
    """An amount in 元 (at most two decimals, above 0, at most 1,000,000) as fen."""
    text = str(value if value is not None else "").strip().replace(",", "").replace("，", "")
    try:
        d = Decimal(text)
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError.on("amount_yuan", _("金额须为数字（元）")) from None
    if not d.is_finite() or d <= 0 or d > MAX_YUAN:
        raise DomainError.on("amount_yuan", _("金额须大于0元、不超过100万元"))
    if d != d.quantize(Decimal("0.01")):
        raise DomainError.on("amount_yuan", _("金额最多两位小数（分）"))
    return int(d * 100)


def parse_month(value) -> dt.date:
    """“2027-01” (or a date) as the first day of that month."""
    if isinstance(value, dt.date):
        return value.replace(day=1)
    m = MONTH.match(str(value or "").strip())
    if not m or not (2000 <= int(m[1]) <= 2100 and 1 <= int(m[2]) <= 12):
        raise DomainError.on("payroll_month", _("发放月份须写成“年-月”，如2027-01"))
    return dt.date(int(m[1]), int(m[2]), 1)


def net_paid_fen(r: Round, staff_id: int) -> int:
    """What a person has received for the quarter: the closed pay line and every adjustment so far."""
    from devzone.performance.selectors import pay_sheet

    sheet = pay_sheet(r, staff_ids={staff_id})
    paid = sum(x.total_fen for x in sheet.rows)  # 特岗特薪 included
    return paid + sum(a.signed_fen for a in PayAdjustment.objects.filter(round=r, staff_id=staff_id))


@transaction.atomic
def adjustment_create(
    *,
    actor,
    round: Round,
    staff: int,
    kind: str,
    amount_yuan,
    reason: str,
    payroll_month,
    version: int | None = None,
) -> PayAdjustment:
    """补发/扣回 on a closed quarter: a person of the quarter's pay sheet, an amount in 元 (kept in fen), the
    reason, and the later payroll that pays it (a month after the closing). A recovery never takes back more
    than the person received for the quarter. Audited; never edited (a mistake is corrected by another).

    ``version`` is the round's version the person saw (the page's form and the API send it): each adjustment
    moves it on, so the same form sent twice (a double click, a reload that posts again) or an adjustment
    recorded meanwhile by someone else is refused (409) instead of paying twice."""
    require_role(actor, Role.TALLY_STAFF, doing=_("登记补发/扣回"))
    r = lock_round(
        round,
        actor,
        version,
        conflict=_(
            "本季度的补发/扣回刚有变动（同一表单重复提交，或他人刚登记了一笔），本次未登记；"
            "请核对下方列表，确需再登记时重新填写"
        ),
    )
    ROUND_MOVES.check(r, "adjust")
    require(r.pay_closed_at is not None, _("该季度绩效工资尚未结算：结算前请直接修改等次或薪酬档案"))
    errors: dict[str, list[str]] = {}
    grade = StaffGrade.objects.filter(round=r, staff_id=staff).select_related("staff").first()
    if grade is None:
        errors["staff"] = [_("该人员不在本季度的绩效工资名单中")]
    if kind not in AdjustmentKind.values:
        errors["kind"] = [_("类别须为补发或扣回")]
    fen = month = None
    try:
        fen = parse_amount(amount_yuan)
    except DomainError as e:
        errors.update(e.errors)
    try:
        month = parse_month(payroll_month)
    except DomainError as e:
        errors.update(e.errors)
    closed_month = timezone.localtime(r.pay_closed_at).date().replace(day=1)
    if month is not None and month <= closed_month:
        errors["payroll_month"] = [
            _("补发/扣回随结算之后的工资发放（%(m)s以后）") % {"m": closed_month.strftime("%Y-%m")}
        ]
    try:
        reason = require_text(reason, "reason", _("请写明补发/扣回的事由"), max_length=500)
    except DomainError as e:
        errors.update(e.errors)
    if errors:
        raise DomainError.of(errors)
    if kind == AdjustmentKind.RECOVERY:
        have = net_paid_fen(r, staff)
        if fen > have:
            raise DomainError.on(
                "amount_yuan",
                _("扣回金额超过该人员本季度实得（%(y)s元）") % {"y": f"{have / 100:.2f}"},
            )
    a = PayAdjustment.objects.create(
        round=r,
        staff=grade.staff,
        kind=kind,
        amount_fen=fen,
        reason=reason,
        payroll_month=month,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=a,
        zone_id=r.zone_id,
        changes={"amount_fen": [None, a.signed_fen]},
        note=_("%(k)s%(n)s %(y)s元，随%(m)s工资：%(r)s")
        % {
            "k": a.get_kind_display(),
            "n": grade.staff.name,
            "y": f"{fen / 100:.2f}",
            "m": month.strftime("%Y-%m"),
            "r": reason,
        },
    )
    moved(r, "adjust", actor=actor, note=f"{a.get_kind_display()}·{grade.staff.name}")
    return a
