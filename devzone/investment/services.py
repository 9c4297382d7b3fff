"""Every write of 大招商: one transaction each, the permission and state checked first, the audit event and the
funnel counters in the same transaction, a Chinese message on bad input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.access import can, reach_of
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from devzone.core.models import Enterprise, Industry, Notification, Profile, Project, Staff, Zone
from devzone.core.models.business import MAX_AMOUNT_WAN
from devzone.core.services import object_create, object_update
from devzone.investment import counters, counting, funnel, inputs
from devzone.investment.choices import (
    STAGE_INDEX,
    ContractKind,
    LogKind,
    Source,
    Stage,
)
from devzone.investment.dedupe import name_key
from devzone.investment.fit import fits as industry_fits
from devzone.investment.models import (
    Activity,
    Contract,
    InvestmentSettings,
    InvestmentTeam,
    Lead,
    LeadLog,
    TeamMember,
)

# Stages an officer moves a lead to by hand; signing goes through a contract, 落地/留在 follow the project.
MANUAL_TARGETS = set(Stage.values[1 : STAGE_INDEX[Stage.SIGNED]])
INITIAL_STAGES = [Stage.UNAWARE, Stage.AWARE, Stage.ATTENTIVE]
EDITABLE = [
    "company_name",
    "credit_code",
    "industry",
    "intended_investment",
    "source",
    "referrer",
    "contact_name",
    "contact_phone",
    "is_local",
    "team",
    "note",
]


def today() -> dt.date:
    return timezone.localdate()


class DuplicateLead(DomainError):
    """A second lead for a firm already in the zone's pipeline: the page shows the existing one and offers to
    merge the new details into it."""

    status = 409

    def __init__(self, existing: Lead, by: str):
        what = _("统一社会信用代码") if by == "credit_code" else _("企业名称")
        message = _(
            "该企业已在本开发区的招商线索中（按%(what)s匹配）：%(name)s，可将新信息合并到已有线索"
        ) % {
            "what": what,
            "name": existing.company_name,
        }
        super().__init__(message, {by: [message]})
        self.existing = existing
        self.by = by


# --- helpers ---------------------------------------------------------------------------------------------
def settings_for(zone_id: int) -> InvestmentSettings:
    row = InvestmentSettings.objects.filter(zone_id=zone_id).first()
    if row is None:
        row, _created = InvestmentSettings.objects.get_or_create(zone_id=zone_id)
    return row


def leading_codes(zone_id: int) -> list[str]:
    return list(
        Zone.leading_industries.through.objects.filter(zone_id=zone_id).values_list("industry_id", flat=True)
    )


def _validate(instance) -> None:
    """The model's own checks, and no NUL character or over-long text in any text column (PostgreSQL would
    refuse a NUL with a server error)."""
    errors = {}
    for f in instance._meta.concrete_fields:
        if isinstance(f, (models.CharField, models.TextField)):
            limit = f.max_length if isinstance(f, models.CharField) and f.max_length else inputs.LONG_TEXT
            problem = inputs.text_problem(getattr(instance, f.attname), limit)
            if problem:
                errors[f.name] = [f"{f.verbose_name}：{problem}"]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors)
    try:
        instance.full_clean()
    except ValidationError as e:
        raise DomainError.from_validation(e)


def _text(field: str, value, max_length: int = inputs.LONG_TEXT, label: str = "") -> str:
    """A free text of a form or a payload, stripped; a field error when it holds NUL or is too long."""
    problem = inputs.text_problem(value, max_length)
    if problem:
        msg = f"{label}：{problem}" if label else problem
        raise DomainError(msg, {field: [msg]})
    return (value or "").strip()


TEXT_LIMITS = {
    "company_name": 100,
    "credit_code": 18,
    "referrer": 60,
    "contact_name": 30,
    "contact_phone": 20,
    "note": inputs.LONG_TEXT,
}


def _check_texts(**values) -> None:
    """The lead's free texts, before they are matched against the pipeline."""
    labels = {f.name: f.verbose_name for f in Lead._meta.concrete_fields}
    errors = {}
    for name, value in values.items():
        problem = inputs.text_problem(value, TEXT_LIMITS[name])
        if problem:
            errors[name] = [f"{labels[name]}：{problem}"]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors)


def _day(field: str, value, label: str, future_days: int = 0) -> dt.date:
    problem = inputs.day_problem(value, today(), future_days=future_days)
    if problem:
        msg = f"{label}：{problem}"
        raise DomainError(msg, {field: [msg]})
    return value


def _lock(lead: Lead, actor, expected_version: int | None = None, action: str = "change") -> Lead:
    row = Lead.objects.for_user(actor, action).select_for_update().filter(pk=lead.pk).first()
    if row is None:
        if Lead.objects.for_user(actor, "view").filter(pk=lead.pk).exists():
            raise PermissionDeniedError(_("您无权修改此线索"))
        raise NotFoundError(_("线索不存在"))
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(_("该线索刚被他人修改过，请刷新后重试"))
    if row.merged_into_id is not None:
        raise DomainError(_("该线索已并入“%(name)s”，请在那条线索上操作") % {"name": row.merged_into})
    return row


def _log(lead: Lead, actor, kind: str, on: dt.date, text: str = "", **extra) -> LeadLog:
    return LeadLog.objects.create(
        zone_id=lead.zone_id,
        lead=lead,
        kind=kind,
        on=on,
        text=text,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=audit.actor_label(actor)[:80],
        **extra,
    )


def _save(lead: Lead, actor, before: dict | None, note: str, action=AuditAction.UPDATE) -> Lead:
    lead.version += 1
    try:
        with transaction.atomic():
            lead.save()
    except IntegrityError:
        raise DomainError(_("与已有线索重复"))
    after = audit.snapshot(lead)
    audit.record(actor=actor, action=action, obj=lead, changes=audit.diff(before or {}, after), note=note)
    return lead


def _touch(lead: Lead, on: dt.date) -> None:
    if lead.last_activity_on is None or on > lead.last_activity_on:
        lead.last_activity_on = on
    lead.is_stale = False


def _require_leader(actor, doing: str) -> None:
    if reach_of(actor).role != Role.ZONE_LEADER:
        raise PermissionDeniedError(_("只有管委会领导可以%(doing)s") % {"doing": doing})


def _check_amount(value, field: str, label: str) -> None:
    """An amount in 万元: a number, not negative, at most 10,000 亿元, with at most two decimals."""
    if value is None:
        return
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    if not value.is_finite():
        msg = _("%(l)s不是有效的数字") % {"l": label}
        raise DomainError(msg, {field: [msg]})
    if value < 0:
        raise DomainError(_("%(l)s不能为负数") % {"l": label}, {field: [_("不能为负数")]})
    if value > MAX_AMOUNT_WAN:
        msg = _("%(l)s超过上限（10,000亿元）") % {"l": label}
        raise DomainError(msg, {field: [msg]})
    if value != value.quantize(Decimal("0.01")):
        msg = _("%(l)s最多两位小数（万元）") % {"l": label}
        raise DomainError(msg, {field: [msg]})


def find_duplicate(
    zone_id: int, *, credit_code: str, company_name: str, exclude_pk=None
) -> tuple[Lead, str] | None:
    qs = Lead.objects.filter(zone_id=zone_id, merged_into__isnull=True)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    code = (credit_code or "").strip().upper()
    if code:
        hit = qs.filter(credit_code=code).first()
        if hit:
            return hit, "credit_code"
    key = name_key(company_name)
    if key:
        hit = qs.filter(name_key=key).first()
        if hit:
            return hit, "company_name"
    return None


def _check_owner(lead: Lead, owner: Staff | None, zone_id: int) -> None:
    if owner is None:
        return
    member = TeamMember.objects.filter(team_id=lead.team_id, staff=owner, is_active=True).first()
    if member is None:
        msg = _("负责人须是该小分队的在队队员")
        raise DomainError(msg, {"owner": [msg]})
    busy = Lead.objects.filter(owner=owner, is_active=True).exclude(pk=lead.pk).count()
    if busy >= member.capacity:
        msg = _("%(name)s在跟线索已达容量上限（%(n)s条）") % {"name": owner.name, "n": member.capacity}
        raise DomainError(msg, {"owner": [msg]})


# --- zone industries -------------------------------------------------------------------------------------
@transaction.atomic
def zone_set_leading_industries(*, actor, zone: Zone, industries: list[Industry]) -> Zone:
    """The zone's 2–3 leading industries; every lead's fit is recomputed at once."""
    row = Zone.objects.for_user(actor, "change").select_for_update().filter(pk=zone.pk).first()
    if row is None:
        if Zone.objects.for_user(actor).filter(pk=zone.pk).exists():
            raise PermissionDeniedError(_("您无权修改该开发区的主导产业"))
        raise NotFoundError(_("开发区不存在"))
    codes = sorted({i.pk for i in industries})
    if not 2 <= len(codes) <= 3:
        msg = _("主导产业须为2–3个")
        raise DomainError(msg, {"industries": [msg]})
    before = sorted(leading_codes(row.pk))
    row.leading_industries.set(codes)
    refit_zone(row.pk)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=row,
        changes={"leading_industries": [before, codes]},
        note="主导产业",
    )
    return row


def refit_zone(zone_id: int) -> int:
    """Re-judge the fit (and with it the working list) of a zone's leads after its leading industries changed.
    Set-based and sparing: only the rows whose value changes are written (rewriting 200,000 unchanged rows
    every hour cost the scan 20 s on PostgreSQL). Returns the number of rows written."""
    codes = leading_codes(zone_id)
    cond = Q(industry_id__in=[c for c in codes if len(c) == 2]) | Q(
        section__in=[c for c in codes if len(c) == 1]
    )
    leads = Lead.objects.filter(zone_id=zone_id)
    n = leads.filter(cond, fits=False).update(fits=True)
    n += leads.filter(fits=True).exclude(cond).update(fits=False)
    active = Q(
        lost_on__isnull=True, merged_into__isnull=True, stage__in=Stage.values[: STAGE_INDEX[Stage.SIGNED]]
    ) & (Q(fits=True) | Q(exception_on__isnull=False))
    n += leads.filter(active, is_active=False).update(is_active=True)
    n += leads.filter(is_active=True).exclude(active).update(is_active=False)
    InvestmentSettings.objects.filter(zone_id=zone_id).update(fitted_for=sorted(codes))
    return n


def refit_if_changed(zone_id: int) -> int:
    """``refit_zone`` when the zone's leading industries are not those the leads were last judged against."""
    fitted = InvestmentSettings.objects.filter(zone_id=zone_id).values_list("fitted_for", flat=True).first()
    if fitted is not None and sorted(fitted) == sorted(leading_codes(zone_id)):
        return 0
    settings_for(zone_id)
    return refit_zone(zone_id)


# --- leads -----------------------------------------------------------------------------------------------
@transaction.atomic
def lead_create(
    *,
    actor,
    zone_id: int,
    team: InvestmentTeam,
    company_name: str,
    industry: Industry,
    source: str,
    credit_code: str = "",
    intended_investment: Decimal | None = None,
    referrer: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    is_local: bool = False,
    owner: Staff | None = None,
    stage: str = Stage.UNAWARE,
    on: dt.date | None = None,
    note: str = "",
    activity: Activity | None = None,
) -> Lead:
    if not can(actor, "create", Lead):
        raise PermissionDeniedError(_("您无权登记招商线索"))
    on = _day("on", on or today(), _("登记日期"))
    _check_texts(
        company_name=company_name,
        credit_code=credit_code,
        referrer=referrer,
        contact_name=contact_name,
        contact_phone=contact_phone,
        note=note,
    )
    if not (company_name or "").strip():
        raise DomainError(_("请填写企业名称"), {"company_name": [_("请填写企业名称")]})
    if stage not in INITIAL_STAGES:
        msg = _("新线索只能从“不了解”“了解”或“关注”阶段开始")
        raise DomainError(msg, {"stage": [msg]})
    _check_amount(intended_investment, "intended_investment", _("意向投资额"))
    if team.zone_id != zone_id:
        raise DomainError(_("小分队不属于该开发区"), {"team": [_("小分队不属于该开发区")]})
    dup = find_duplicate(zone_id, credit_code=credit_code, company_name=company_name)
    if dup:
        raise DuplicateLead(*dup)
    code = (credit_code or "").strip().upper()
    enterprise = Enterprise.objects.filter(zone_id=zone_id, credit_code=code).first() if code else None
    lead = Lead(
        zone_id=zone_id,
        team=team,
        company_name=(company_name or "").strip(),
        credit_code=code,
        industry=industry,
        source=source,
        intended_investment=intended_investment,
        referrer=(referrer or "").strip(),
        contact_name=contact_name,
        contact_phone=contact_phone,
        is_local=is_local,
        owner=owner,
        owner_assigned_on=on if owner else None,
        enterprise=enterprise,
        stage=stage,
        created_on=on,
        last_activity_on=on,
        note=note,
        fits=industry_fits(industry.pk, _section(industry), leading_codes(zone_id)),
    )
    setattr(lead, f"{stage}_on", on)
    _validate(lead)
    _check_owner(lead, owner, zone_id)
    try:
        with transaction.atomic():
            lead.save()
    except IntegrityError:
        dup = find_duplicate(zone_id, credit_code=credit_code, company_name=company_name)
        if dup:
            raise DuplicateLead(*dup)
        raise DomainError(_("与已有线索重复"))
    if not Lead.objects.for_user(actor, "create").filter(pk=lead.pk).exists():
        raise PermissionDeniedError(_("只能为本人所在的小分队登记线索"))
    if activity is not None:
        if activity.zone_id != zone_id:
            raise DomainError(_("活动不属于该开发区"), {"activity": [_("活动不属于该开发区")]})
        activity.leads.add(lead)
    counters.added(lead)
    _log(lead, actor, LogKind.STAGE, on, _("登记线索"), to_stage=stage)
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=lead, changes=audit.diff({}, audit.snapshot(lead))
    )
    if not lead.fits:
        _notify_leaders(lead, _("不符合产业定位的线索：%(n)s") % {"n": lead}, "investment.unfit")
    return lead


def _section(industry: Industry) -> str:
    return industry.parent_id or industry.pk


@transaction.atomic
def lead_update(*, actor, lead: Lead, expected_version: int | None = None, **data) -> Lead:
    row = _lock(lead, actor, expected_version)
    before_snap, before = counters.Snapshot(row), audit.snapshot(row)
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise DomainError(_("不能修改这些字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    _check_amount(data.get("intended_investment"), "intended_investment", _("意向投资额"))
    _check_texts(**{k: v for k, v in data.items() if k in TEXT_LIMITS})
    for k, v in data.items():
        setattr(row, k, v)
    dup = find_duplicate(
        row.zone_id, credit_code=row.credit_code, company_name=row.company_name, exclude_pk=row.pk
    )
    if dup:
        raise DuplicateLead(*dup)
    if (
        "team" in data
        and row.owner_id
        and not TeamMember.objects.filter(team=row.team, staff_id=row.owner_id).exists()
    ):
        row.owner = None
    if "industry" in data:
        row.fits = industry_fits(row.industry_id, _section(row.industry), leading_codes(row.zone_id))
    _validate(row)
    _save(row, actor, before, "修改线索")
    if not Lead.objects.for_user(actor, "change").filter(pk=row.pk).exists():
        raise PermissionDeniedError(_("不能把线索转给本人不在的小分队"))
    counters.changed(before_snap, row)
    return row


def _advance(row: Lead, *, actor, move: funnel.Move, note: str) -> None:
    snap, before = counters.Snapshot(row), audit.snapshot(row)
    source = row.stage
    for s, d in move.dates.items():
        setattr(row, f"{s}_on", d)
    row.stage = move.target
    _touch(row, move.dates[move.target])
    _save(row, actor, before, note, AuditAction.TRANSITION)
    counters.changed(snap, row)
    text = note
    if move.undated:
        text = f"{note}；跳过{'、'.join(funnel.LABELS[s] for s in move.undated)}：{move.reason}".strip("；")
    _log(row, actor, LogKind.STAGE, move.dates[move.target], text, from_stage=source, to_stage=move.target)


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
    row = _lock(lead, actor, expected_version)
    if row.lost_on is not None:
        raise DomainError(_("线索已流失，请先重新跟进"))
    if target == Stage.SIGNED:
        raise DomainError(_("签约请登记签约合同"), {"stage": [_("签约请登记签约合同")]})
    if target in (Stage.LANDED, Stage.KEPT):
        msg = _("落地、留在随项目开工、投产自动更新")
        raise DomainError(msg, {"stage": [msg]})
    if target not in MANUAL_TARGETS:
        raise DomainError(_("未知的阶段"), {"stage": [_("未知的阶段")]})
    _day("on", on, _("日期"))
    for s, d in (skipped_dates or {}).items():
        if d is not None:
            _day(f"date_{s}", d, _("被跳过阶段的日期"))
    reason = _text("reason", reason, 200, _("跳过阶段的理由"))
    note = _text("note", note, 200, _("说明"))
    try:
        move = funnel.plan_move(
            current=row.stage,
            dates=row.stage_dates(),
            target=target,
            on=on,
            today=today(),
            skipped_dates=skipped_dates,
            reason=reason,
        )
    except funnel.StageError as e:
        raise DomainError(e.message, {e.field: [e.message]})
    _advance(row, actor=actor, move=move, note=note or _("推进到“%(s)s”") % {"s": Stage(target).label})
    return row


@transaction.atomic
def lead_lose(*, actor, lead: Lead, reason: str, on: dt.date | None = None, expected_version=None) -> Lead:
    row = _lock(lead, actor, expected_version)
    reason = _text("reason", reason, 200, _("流失原因"))
    if not reason:
        raise DomainError(_("请填写流失原因"), {"reason": [_("请填写流失原因")]})
    if row.lost_on is not None:
        raise DomainError(_("线索已是流失状态"))
    if STAGE_INDEX[row.stage] >= STAGE_INDEX[Stage.SIGNED]:
        raise DomainError(_("已签约的线索不能标记流失"))
    on = _day("on", on or today(), _("流失日期"))
    snap, before = counters.Snapshot(row), audit.snapshot(row)
    row.lost_on, row.lost_reason = on, reason[:200]
    _save(row, actor, before, "流失", AuditAction.TRANSITION)
    counters.changed(snap, row)
    _log(row, actor, LogKind.LOST, on, reason)
    return row


@transaction.atomic
def lead_reopen(*, actor, lead: Lead, note: str = "", expected_version=None) -> Lead:
    row = _lock(lead, actor, expected_version)
    note = _text("note", note, 200, _("说明"))
    if row.lost_on is None:
        raise DomainError(_("线索未流失"))
    snap, before = counters.Snapshot(row), audit.snapshot(row)
    row.lost_on, row.lost_reason = None, ""
    _touch(row, today())
    _save(row, actor, before, "重新跟进", AuditAction.TRANSITION)
    counters.changed(snap, row)
    _log(row, actor, LogKind.REOPEN, today(), note)
    return row


@transaction.atomic
def lead_assign(*, actor, lead: Lead, owner: Staff | None, expected_version=None) -> Lead:
    row = _lock(lead, actor, expected_version)
    if owner is not None and owner.zone_id != row.zone_id:
        raise DomainError(_("负责人不属于该开发区"), {"owner": [_("负责人不属于该开发区")]})
    _check_owner(row, owner, row.zone_id)
    snap, before = counters.Snapshot(row), audit.snapshot(row)
    row.owner = owner
    if owner is not None and row.owner_assigned_on is None:
        row.owner_assigned_on = today()
    _save(row, actor, before, "指定负责人")
    counters.changed(snap, row)
    _log(row, actor, LogKind.OWNER, today(), owner.name if owner else _("取消负责人"))
    return row


FOLLOW_KINDS = {
    LogKind.NOTE: None,
    LogKind.ASSESSMENT: "assessed_on",
    LogKind.REPORT: "last_report_on",
    LogKind.REFERRER: "referrer_replied_on",
}


@transaction.atomic
def lead_record(*, actor, lead: Lead, kind: str, text: str, on: dt.date | None = None) -> LeadLog:
    """A follow-up record: a note, the assessment (研判), a progress report or the reply to the referrer."""
    row = _lock(lead, actor)
    if kind not in FOLLOW_KINDS:
        raise DomainError(_("未知的记录类型"), {"kind": [_("未知的记录类型")]})
    text = _text("text", text, label=_("内容"))
    if not text:
        raise DomainError(_("请填写内容"), {"text": [_("请填写内容")]})
    if kind == LogKind.REFERRER and row.source != Source.REFERRAL:
        raise DomainError(_("该线索不是以商招商，没有推荐人"))
    on = _day("on", on or today(), _("日期"))
    before = audit.snapshot(row)
    field = FOLLOW_KINDS[kind]
    if field and (getattr(row, field) is None or getattr(row, field) < on):
        setattr(row, field, on)
    _touch(row, on)
    _save(row, actor, before, LogKind(kind).label)
    return _log(row, actor, kind, on, text)


def _notify_leaders(lead: Lead, title: str, kind: str) -> None:
    leaders = Profile.objects.filter(zone_id=lead.zone_id, role=Role.ZONE_LEADER).values_list(
        "user_id", flat=True
    )
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=u,
                zone_id=lead.zone_id,
                kind=kind,
                title=title[:200],
                url=lead.get_absolute_url(),
                dedupe_key=f"{kind}-{lead.pk}",
            )
            for u in leaders
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def lead_request_exception(*, actor, lead: Lead, reason: str) -> Lead:
    row = _lock(lead, actor)
    if row.fits or row.exception_on:
        raise DomainError(_("该线索符合产业定位或已获例外批准"))
    reason = _text("reason", reason, 200, _("理由"))
    if not reason:
        raise DomainError(_("请说明申请例外的理由"), {"reason": [_("请说明申请例外的理由")]})
    before = audit.snapshot(row)
    row.exception_requested, row.exception_reason = True, reason[:200]
    _save(row, actor, before, "申请产业例外")
    _log(row, actor, LogKind.EXCEPTION, today(), _("申请例外：%(r)s") % {"r": reason})
    _notify_leaders(row, _("产业例外申请：%(n)s") % {"n": row}, "investment.exception")
    return row


@transaction.atomic
def lead_approve_exception(*, actor, lead: Lead, reason: str) -> Lead:
    _require_leader(actor, _("批准产业例外"))
    row = _lock(lead, actor)
    if row.fits:
        raise DomainError(_("该线索符合产业定位，无需例外"))
    if row.exception_on:
        raise DomainError(_("已批准过例外"))
    reason = _text("reason", reason, 200, _("理由"))
    if not reason:
        raise DomainError(_("请填写批准理由"), {"reason": [_("请填写批准理由")]})
    before = audit.snapshot(row)
    row.exception_on, row.exception_by, row.exception_reason = today(), actor, reason[:200]
    _save(row, actor, before, "批准产业例外")
    _log(row, actor, LogKind.EXCEPTION, today(), _("批准例外：%(r)s") % {"r": reason})
    return row


@transaction.atomic
def lead_absorb(*, actor, lead: Lead, note: str = "", **data) -> Lead:
    """Merge what a second registration of the same firm brought into the existing lead: blanks are filled,
    a larger intended investment is taken, the rest goes into the timeline."""
    row = _lock(lead, actor)
    snap, before = counters.Snapshot(row), audit.snapshot(row)
    filled = []
    limits = {"credit_code": 18, "contact_name": 30, "contact_phone": 20, "referrer": 60, "note": 200}
    for f, n in limits.items():
        _text(f, data.get(f), n)
    for f in ("credit_code", "contact_name", "contact_phone", "referrer"):
        v = (data.get(f) or "").strip()
        if v and not getattr(row, f):
            setattr(row, f, v)
            filled.append(f)
    amount = data.get("intended_investment")
    _check_amount(amount, "intended_investment", _("意向投资额"))
    if amount is not None and (row.intended_investment is None or amount > row.intended_investment):
        row.intended_investment = amount
        filled.append("intended_investment")
    if "credit_code" in filled:
        dup = find_duplicate(row.zone_id, credit_code=row.credit_code, company_name="", exclude_pk=row.pk)
        if dup:
            raise DuplicateLead(*dup)
    _validate(row)
    _touch(row, today())
    _save(row, actor, before, "合并重复登记")
    counters.changed(snap, row)
    extra = (data.get("note") or note or "").strip()
    text = _("重复登记已合并（来源：%(s)s）") % {"s": Source(data.get("source") or row.source).label}
    _log(row, actor, LogKind.MERGE, today(), f"{text} {extra}".strip())
    return row


@transaction.atomic
def lead_merge(*, actor, keep: Lead, other: Lead) -> Lead:
    """Two leads that turned out to be one firm: ``other`` is merged into ``keep`` (its activities and timeline
    move over, its blanks fill ``keep``'s), and stays as a pointer."""
    if keep.pk == other.pk:
        raise DomainError(_("不能与自身合并"))
    a = _lock(keep, actor)
    b = _lock(other, actor)
    if a.zone_id != b.zone_id:
        raise NotFoundError(_("线索不存在"))
    if b.contracts.exists():
        raise DomainError(_("被合并的线索已有签约合同，请反向合并"))
    snap_a, snap_b = counters.Snapshot(a), counters.Snapshot(b)
    before_a, before_b = audit.snapshot(a), audit.snapshot(b)
    b.merged_into = a
    code = b.credit_code
    _save(b, actor, before_b, f"并入{a.company_name}")
    for f in ("contact_name", "contact_phone", "referrer"):
        if not getattr(a, f) and getattr(b, f):
            setattr(a, f, getattr(b, f))
    if not a.credit_code and code:
        a.credit_code = code
    if a.intended_investment is None or (b.intended_investment or 0) > a.intended_investment:
        a.intended_investment = b.intended_investment
    for s in Stage.values:  # the earlier date of a stage both reached
        da, db = getattr(a, f"{s}_on"), getattr(b, f"{s}_on")
        if db and STAGE_INDEX[s] <= a.stage_index and (da is None or db < da):
            setattr(a, f"{s}_on", db)
    _touch(a, b.last_activity_on)
    _save(a, actor, before_a, "合并线索")
    for activity in b.activities.all():
        activity.leads.add(a)
    LeadLog.objects.filter(lead=b).update(lead=a)
    counters.changed(snap_b, b)
    counters.changed(snap_a, a)
    _log(a, actor, LogKind.MERGE, today(), _("已合并线索：%(n)s") % {"n": b.company_name})
    return a


# --- activities ------------------------------------------------------------------------------------------
@transaction.atomic
def activity_create(
    *,
    actor,
    team: InvestmentTeam,
    kind: str,
    title: str,
    on: dt.date,
    end_on: dt.date | None = None,
    place: str = "",
    content: str = "",
    leads: list[Lead] | None = None,
) -> Activity:
    if not can(actor, "create", Activity):
        raise PermissionDeniedError(_("您无权登记招商活动"))
    activity = Activity(
        zone_id=team.zone_id,
        team=team,
        kind=kind,
        title=(title or "").strip(),
        on=on,
        end_on=end_on,
        place=place,
        content=content,
        recorded_by=actor,
    )
    _day("on", on, _("活动日期"), future_days=366)
    if end_on is not None:
        _day("end_on", end_on, _("结束日期"), future_days=366 + 31)
    _validate(activity)
    activity.save()
    if not Activity.objects.for_user(actor, "create").filter(pk=activity.pk).exists():
        raise PermissionDeniedError(_("只能为本人所在的小分队登记活动"))
    leads = leads or []
    allowed = set(
        Lead.objects.for_user(actor).filter(pk__in=[x.pk for x in leads]).values_list("pk", flat=True)
    )
    if len(allowed) != len({x.pk for x in leads}):
        raise DomainError(
            _("所选线索不存在或不在您的范围内"), {"leads": [_("所选线索不存在或不在您的范围内")]}
        )
    if leads:
        activity.leads.set(leads)
        if on <= today():
            Lead.objects.filter(pk__in=allowed, last_activity_on__lt=on).update(
                last_activity_on=on, is_stale=False
            )
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=activity, changes=audit.diff({}, audit.snapshot(activity))
    )
    return activity


# --- contracts -------------------------------------------------------------------------------------------
@transaction.atomic
def contract_sign(
    *,
    actor,
    lead: Lead,
    project_name: str,
    contract_investment: Decimal,
    signed_on: dt.date,
    kind: str = ContractKind.NEW,
    project: Project | None = None,
    land_mu: Decimal | None = None,
    expected_output: Decimal | None = None,
    expected_tax: Decimal | None = None,
    groundbreaking_due: dt.date | None = None,
    credit_code: str = "",
    reason: str = "",
    handover: bool = True,
) -> Contract:
    """Sign a contract: the enterprise (registered from the lead when new), the project created (or enlarged
    by a capital increase), what the leaderboard counts decided, the lead moved to 签约, the project handed to
    the build phase."""
    if not can(actor, "create", Contract):
        raise PermissionDeniedError(_("您无权登记签约"))
    row = _lock(lead, actor)
    if row.zone_id is None:
        raise DomainError(_("签约须有开发区"))
    if row.lost_on is not None:
        raise DomainError(_("线索已流失，不能签约"))
    if contract_investment is None:
        raise DomainError(_("请填写合同投资额"), {"contract_investment": [_("请填写合同投资额")]})
    if contract_investment <= 0:
        msg = _("合同投资额须大于0")
        raise DomainError(msg, {"contract_investment": [msg]})
    _check_amount(contract_investment, "contract_investment", _("合同投资额"))
    for value, field, label in (
        (expected_output, "expected_output", _("预计年产值")),
        (expected_tax, "expected_tax", _("预计年税收")),
    ):
        _check_amount(value, field, label)
    if land_mu is not None and (
        not Decimal(str(land_mu)).is_finite()
        or land_mu < 0
        or land_mu > 100000
        or land_mu != round(land_mu, 2)
    ):
        raise DomainError(_("计划用地须在0–100,000亩之间"), {"land_mu": [_("计划用地须在0–100,000亩之间")]})
    _day("signed_on", signed_on, _("签约日期"))
    if groundbreaking_due is not None:
        _day("groundbreaking_due", groundbreaking_due, _("约定开工日期"), future_days=3660)
        if groundbreaking_due < signed_on:
            msg = _("约定开工日期不能早于签约日期")
            raise DomainError(msg, {"groundbreaking_due": [msg]})
    reason = _text("reason", reason, 200, _("跳过阶段的理由"))
    credit_code = _text("credit_code", credit_code, 18, _("统一社会信用代码"))
    previous = funnel.last_date({s: d for s, d in row.stage_dates().items() if s != Stage.SIGNED})
    if previous and signed_on < previous and STAGE_INDEX[row.stage] < STAGE_INDEX[Stage.SIGNED]:
        msg = _("签约日期不能早于上一阶段的日期（%(d)s）") % {"d": inputs.chinese_day(previous)}
        raise DomainError(msg, {"signed_on": [msg]})
    project_name = _text("project_name", project_name, 100, _("项目名称"))
    if not project_name:
        raise DomainError(_("请填写项目名称"), {"project_name": [_("请填写项目名称")]})
    enterprise = _contract_enterprise(actor, row, credit_code)
    rules = settings_for(row.zone_id)
    if kind not in ContractKind.values:
        raise DomainError(_("未知的合同类型"), {"kind": [_("未知的合同类型")]})
    if project is not None:
        # An increase of the project, or the same project signed again (a framework agreement, then the
        # formal contract): the project exists and is the enterprise's.
        project = Project.objects.for_user(actor).select_for_update().filter(pk=project.pk).first()
        if project is None or project.enterprise_id != enterprise.pk:
            raise DomainError(_("所选项目不属于该企业"), {"project": [_("所选项目不属于该企业")]})
    elif kind == ContractKind.INCREASE:
        raise DomainError(_("增资须选择已签约的项目"), {"project": [_("增资须选择已签约的项目")]})
    signed_before = project is not None and Contract.objects.filter(project=project).exists()
    invested_before = project.total_investment if project is not None else Decimal(0)
    counted = counting.count(
        amount=contract_investment,
        kind=kind,
        project_signed_before=signed_before,
        project_investment_before=invested_before,
        is_local=row.is_local,
        division=row.industry_id,
        section=row.section,
        rules=counting.Rules(
            count_first_signing_only=rules.count_first_signing_only,
            increase_counts_increment=rules.increase_counts_increment,
            exclude_local=rules.exclude_local,
            excluded_industries=tuple(rules.excluded_industries or ()),
        ),
    )
    created = project is None
    if created:
        project = object_create(
            actor=actor,
            instance=Project(
                zone_id=row.zone_id,
                enterprise=enterprise,
                name=project_name,
                industry_id=row.industry_id,
                total_investment=contract_investment,
                land_area_mu=land_mu,
                signed_on=signed_on,
                is_key=contract_investment >= rules.big_lead_wan,
            ),
            note="大招商签约",
        )
    elif kind == ContractKind.INCREASE:
        project.total_investment = invested_before + contract_investment
        if project.total_investment > MAX_AMOUNT_WAN:
            raise DomainError(_("增资后总投资超过上限"), {"contract_investment": [_("增资后总投资超过上限")]})
        object_update(actor=actor, instance=project, note="增资扩股")
    contract = Contract(
        zone_id=row.zone_id,
        lead=row,
        enterprise=enterprise,
        project=project,
        team_id=row.team_id,
        owner_id=row.owner_id,
        kind=kind,
        project_name=project_name,
        contract_investment=contract_investment,
        land_mu=land_mu,
        expected_output=expected_output,
        expected_tax=expected_tax,
        signed_on=signed_on,
        groundbreaking_due=groundbreaking_due,
        counts_as_project=counted.counts_as_project,
        counted_investment=counted.counted_investment,
        excluded_reason=counted.excluded_reason,
        signed_by=actor,
    )
    _validate(contract)
    contract.save()
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=contract, changes=audit.diff({}, audit.snapshot(contract))
    )
    if row.enterprise_id is None:
        row.enterprise = enterprise
    if STAGE_INDEX[row.stage] < STAGE_INDEX[Stage.SIGNED]:
        skipped = Stage.values[STAGE_INDEX[row.stage] + 1 : STAGE_INDEX[Stage.SIGNED]]
        move = funnel.Move(
            target=Stage.SIGNED,
            dates={Stage.SIGNED: signed_on},
            skipped=skipped,
            undated=skipped,
            reason=(reason or "").strip() or _("签约"),
        )
        _advance(row, actor=actor, move=move, note=_("签约：%(p)s") % {"p": project_name})
    else:
        before = audit.snapshot(row)
        _touch(row, signed_on)
        _save(row, actor, before, "再次签约")
    _log(row, actor, LogKind.CONTRACT, signed_on, f"{project_name} {contract_investment}万元")
    if handover and created:
        from devzone.projects.services import handover_to_build

        handover_to_build(actor=actor, project=project)
    return contract


def _contract_enterprise(actor, lead: Lead, credit_code: str) -> Enterprise:
    if lead.enterprise_id:
        return lead.enterprise
    code = (credit_code or lead.credit_code or "").strip().upper()
    if not code:
        msg = _("签约须有企业：请填写企业的统一社会信用代码")
        raise DomainError(msg, {"credit_code": [msg]})
    found = Enterprise.objects.filter(zone_id=lead.zone_id, credit_code=code).first()
    if found:
        return found
    return object_create(
        actor=actor,
        instance=Enterprise(
            zone_id=lead.zone_id,
            name=lead.company_name,
            credit_code=code,
            industry_id=lead.industry_id,
            contact_name=lead.contact_name,
            contact_phone=lead.contact_phone,
        ),
        note="大招商签约",
    )


@transaction.atomic
def contract_record_funds(*, actor, contract: Contract, funds_arrived: Decimal) -> Contract:
    row = Contract.objects.for_user(actor, "change").select_for_update().filter(pk=contract.pk).first()
    if row is None:
        if Contract.objects.for_user(actor).filter(pk=contract.pk).exists():
            raise PermissionDeniedError(_("您无权修改此合同"))
        raise NotFoundError(_("合同不存在"))
    _check_amount(funds_arrived, "funds_arrived", _("到位资金"))
    if funds_arrived is None:
        raise DomainError(_("请填写到位资金"), {"funds_arrived": [_("请填写到位资金")]})
    before = audit.snapshot(row)
    row.funds_arrived = funds_arrived
    row.save(update_fields=["funds_arrived", "updated_at"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=row, changes=audit.diff(before, audit.snapshot(row))
    )
    return row


def on_milestone_reached(*, project, code: str, on: dt.date, actor) -> None:
    """The projects module reports a milestone: 开工 moves the project's leads to 落地, 投产 to 留在, with the
    milestone's date (skipped stages get it too: a project may be reported in production at once)."""
    target = {"groundbreaking": Stage.LANDED, "production": Stage.KEPT}.get(code)
    if target is None:
        return
    contracts = Contract.objects.filter(project=project).select_related("lead")
    for contract in contracts:
        field = "groundbreaking_on" if code == "groundbreaking" else "production_on"
        if getattr(contract, field) is None:
            setattr(contract, field, on)
            contract.save(update_fields=[field, "updated_at"])
    # PostgreSQL locks no DISTINCT rows: the leads' ids first, then the rows themselves.
    ids = set(contracts.values_list("lead_id", flat=True))
    for lead in Lead.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
        if STAGE_INDEX[lead.stage] >= STAGE_INDEX[target] or lead.merged_into_id:
            continue
        skipped = Stage.values[STAGE_INDEX[lead.stage] + 1 : STAGE_INDEX[target]]
        move = funnel.Move(
            target=target, dates={s: on for s in [*skipped, target]}, skipped=skipped, undated=[], reason=""
        )
        label = _("项目开工，落地") if target == Stage.LANDED else _("项目投产，留在")
        _advance(lead, actor=actor, move=move, note=label)
