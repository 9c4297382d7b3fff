"""Leads (客商线索): registration with the duplicate check, edits, the owner, follow-up records, industry
exceptions, and the merge of two registrations of one firm."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.access import can
from devzone.core.choices import Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError, require, require_role
from devzone.core.models import Enterprise, Industry, Staff
from devzone.core.notify import Text, stored
from devzone.investment import counters
from devzone.investment.choices import STAGE_INDEX, LogKind, Source, Stage
from devzone.investment.fit import fits as industry_fits
from devzone.investment.models import Activity, InvestmentTeam, Lead, LeadLog
from devzone.investment.services.common import (
    LONG_TEXT,
    DuplicateLead,
    audit_created,
    check_amount,
    check_owner,
    check_texts,
    day,
    drop_unqualified_owner,
    find_duplicate,
    labelled_text,
    leading_codes,
    lock_lead,
    log,
    notify_leaders,
    save,
    section,
    tell_unassigned,
    touch,
    validate,
)

# The lead's timeline lines, kept in the site's language whoever's request writes them (``core.notify.stored``).
REGISTERED = gettext_lazy("登记线索")
OWNER_CLEARED = gettext_lazy("取消负责人")
EXCEPTION_ASKED = gettext_lazy("申请例外：%(r)s")
EXCEPTION_APPROVED = gettext_lazy("批准例外：%(r)s")
DUPLICATE_MERGED = gettext_lazy("重复登记已合并（来源：%(s)s）")
LEAD_MERGED = gettext_lazy("已合并线索：%(n)s")
# The audit trail's notes of the lead's changes (``core.audit`` keeps them in the site's language).
EDITED = gettext_lazy("修改线索")
OWNER_ASSIGNED = gettext_lazy("指定负责人")
EXCEPTION_REQUESTED = gettext_lazy("申请产业例外")
EXCEPTION_GRANTED = gettext_lazy("批准产业例外")
DUPLICATE_ABSORBED = gettext_lazy("合并重复登记")
MERGED_INTO = gettext_lazy("并入%(name)s")
MERGED = gettext_lazy("合并线索")

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
TEXT_LIMITS = {
    "company_name": 100,
    "credit_code": 18,
    "referrer": 60,
    "contact_name": 30,
    "contact_phone": 20,
    "note": LONG_TEXT,
}


def _check_new(*, zone_id: int, team: InvestmentTeam, stage: str, intended_investment, **texts) -> None:
    """What a registration must satisfy before it is matched against the pipeline."""
    check_texts(Lead, TEXT_LIMITS, **texts)
    require((texts["company_name"] or "").strip(), _("请填写企业名称"), "company_name")
    require(stage in INITIAL_STAGES, _("新线索只能从“未接触”“了解”或“关注”阶段开始"), "stage")
    check_amount(intended_investment, "intended_investment", _("意向投资额"))
    require(team.zone_id == zone_id, _("小分队不属于该开发区"), "team")
    dup = find_duplicate(zone_id, credit_code=texts["credit_code"], company_name=texts["company_name"])
    if dup:
        raise DuplicateLead(*dup)


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
    on = day("on", on or timezone.localdate(), _("登记日期"))
    texts = dict(
        company_name=company_name,
        credit_code=credit_code,
        referrer=referrer,
        contact_name=contact_name,
        contact_phone=contact_phone,
        note=note,
    )
    _check_new(zone_id=zone_id, team=team, stage=stage, intended_investment=intended_investment, **texts)
    code = (credit_code or "").strip().upper()
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
        enterprise=Enterprise.objects.filter(zone_id=zone_id, credit_code=code).first() if code else None,
        stage=stage,
        created_on=on,
        last_activity_on=on,
        note=note,
        fits=industry_fits(industry.pk, section(industry), leading_codes(zone_id)),
    )
    setattr(lead, f"{stage}_on", on)
    validate(lead)
    check_owner(lead, owner)
    try:
        with transaction.atomic():
            lead.save()
    except IntegrityError:
        dup = find_duplicate(zone_id, credit_code=credit_code, company_name=company_name)
        if dup:
            raise DuplicateLead(*dup) from None
        raise DomainError(_("与已有线索重复")) from None
    if not Lead.objects.for_user(actor, "create").filter(pk=lead.pk).exists():
        raise PermissionDeniedError(_("只能为本人所在的小分队登记线索"))
    if activity is not None:
        require(activity.zone_id == zone_id, _("活动不属于该开发区"), "activity")
        activity.leads.add(lead)
    counters.added(lead)
    log(lead, actor, LogKind.STAGE, on, stored(REGISTERED), to_stage=stage)
    audit_created(actor, lead)
    if not lead.fits:
        notify_leaders(
            lead, Text(gettext_lazy("不符合产业定位的线索：%(n)s"), n=str(lead)), "investment.unfit"
        )
    return lead


@transaction.atomic
def lead_update(*, actor, lead: Lead, expected_version: int | None = None, **data) -> Lead:
    row = lock_lead(lead, actor, expected_version)
    before_snap, before = counters.Snapshot(row), audit.snapshot(row)
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise DomainError(_("不能修改这些字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    check_amount(data.get("intended_investment"), "intended_investment", _("意向投资额"))
    check_texts(Lead, TEXT_LIMITS, **{k: v for k, v in data.items() if k in TEXT_LIMITS})
    for k, v in data.items():
        setattr(row, k, v)
    dup = find_duplicate(
        row.zone_id, credit_code=row.credit_code, company_name=row.company_name, exclude_pk=row.pk
    )
    if dup:
        raise DuplicateLead(*dup)
    was_active = row.is_active
    if "industry" in data:
        row.fits = industry_fits(row.industry_id, section(row.industry), leading_codes(row.zone_id))
    # a lead moved to another team, or brought back into the working list by a leading industry (it takes a
    # place in its owner's capacity again), keeps its owner only while the owner may own it there
    back = row.compute_active() and not was_active
    dropped = drop_unqualified_owner(row) if "team" in data or back else None
    validate(row)
    save(row, actor, before, EDITED)
    if not Lead.objects.for_user(actor, "change").filter(pk=row.pk).exists():
        raise PermissionDeniedError(_("不能把线索转给本人不在的小分队"))
    counters.changed(before_snap, row)
    if dropped is not None and "team" in data:
        tell_unassigned(
            row,
            actor,
            dropped,
            why=gettext_lazy("取消负责人（%(name)s不是新小分队的在队队员或在跟线索已满）"),
            title=gettext_lazy("线索已无负责人：%(lead)s转至%(team)s，%(name)s不再负责，请重新指定"),
            team=row.team.name,
        )
    elif dropped is not None:
        tell_unassigned(
            row,
            actor,
            dropped,
            why=gettext_lazy("取消负责人（线索重新在跟，%(name)s已不是该小分队的在队队员或在跟线索已满）"),
            title=gettext_lazy(
                "线索已无负责人：%(lead)s重新在跟，%(name)s已不是在队队员或在跟线索已满，请重新指定"
            ),
        )
    row.dropped_owner = dropped
    return row


@transaction.atomic
def lead_assign(*, actor, lead: Lead, owner: Staff | None, expected_version=None) -> Lead:
    row = lock_lead(lead, actor, expected_version)
    require(owner is None or owner.zone_id == row.zone_id, _("负责人不属于该开发区"), "owner")
    check_owner(row, owner)
    snap, before = counters.Snapshot(row), audit.snapshot(row)
    today = timezone.localdate()
    row.owner = owner
    if owner is not None and row.owner_assigned_on is None:
        row.owner_assigned_on = today
    save(row, actor, before, OWNER_ASSIGNED)
    counters.changed(snap, row)
    log(row, actor, LogKind.OWNER, today, owner.name if owner else stored(OWNER_CLEARED))
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
    row = lock_lead(lead, actor)
    require(kind in FOLLOW_KINDS, _("未知的记录类型"), "kind")
    text = labelled_text(text, "text", _("内容"))
    require(text, _("请填写内容"), "text")
    require(kind != LogKind.REFERRER or row.source == Source.REFERRAL, _("该线索不是以商招商，没有推荐人"))
    on = day("on", on or timezone.localdate(), _("日期"))
    before = audit.snapshot(row)
    field = FOLLOW_KINDS[kind]
    if field and (getattr(row, field) is None or getattr(row, field) < on):
        setattr(row, field, on)
    touch(row, on)
    seen = row.version
    save(row, actor, before, LogKind(kind).label)
    # the run of versions made by records alone (``Lead.only_records_since``); written after the audit row,
    # which has no business with it
    start = row.records_from if row.records_to == seen else seen
    Lead.objects.filter(pk=row.pk).update(records_from=start, records_to=row.version)
    row.records_from, row.records_to = start, row.version
    return log(row, actor, kind, on, text)


@transaction.atomic
def lead_request_exception(*, actor, lead: Lead, reason: str) -> Lead:
    row = lock_lead(lead, actor)
    require(not (row.fits or row.exception_on), _("该线索符合产业定位或已获例外批准"))
    reason = labelled_text(reason, "reason", _("理由"), 200)
    require(reason, _("请说明申请例外的理由"), "reason")
    before = audit.snapshot(row)
    row.exception_requested, row.exception_reason = True, reason[:200]
    save(row, actor, before, EXCEPTION_REQUESTED)
    log(row, actor, LogKind.EXCEPTION, timezone.localdate(), stored(EXCEPTION_ASKED, r=reason))
    notify_leaders(row, Text(gettext_lazy("产业例外申请：%(n)s"), n=str(row)), "investment.exception")
    return row


@transaction.atomic
def lead_approve_exception(*, actor, lead: Lead, reason: str) -> Lead:
    require_role(actor, Role.ZONE_LEADER, doing=_("批准产业例外"))
    row = lock_lead(lead, actor)
    require(not row.fits, _("该线索符合产业定位，无需例外"))
    require(not row.exception_on, _("已批准过例外"))
    reason = labelled_text(reason, "reason", _("理由"), 200)
    require(reason, _("请填写批准理由"), "reason")
    today = timezone.localdate()
    snap, before = counters.Snapshot(row), audit.snapshot(row)
    row.exception_on, row.exception_by, row.exception_reason = today, actor, reason[:200]
    # the lead comes back into the working list and takes a place in its owner's capacity: the exception is
    # approved all the same (it decides the industry, not the owner), and a full owner no longer owns the lead
    dropped = drop_unqualified_owner(row) if row.compute_active() else None
    save(row, actor, before, EXCEPTION_GRANTED)
    counters.changed(snap, row)
    log(row, actor, LogKind.EXCEPTION, today, stored(EXCEPTION_APPROVED, r=reason))
    if dropped is not None:
        tell_unassigned(
            row,
            actor,
            dropped,
            why=gettext_lazy(
                "取消负责人（批准产业例外后线索重新在跟，%(name)s已不是该小分队的在队队员或在跟线索已满）"
            ),
            title=gettext_lazy(
                "线索已无负责人：%(lead)s获批产业例外重新在跟，%(name)s已不是在队队员或在跟线索已满，请重新指定"
            ),
        )
    row.dropped_owner = dropped
    return row


ABSORBED = {"credit_code": 18, "contact_name": 30, "contact_phone": 20, "referrer": 60, "note": 200}


@transaction.atomic
def lead_absorb(*, actor, lead: Lead, note: str = "", **data) -> Lead:
    """Merge what a second registration of the same firm brought into the existing lead: blanks are filled,
    a larger intended investment is taken, the rest goes into the timeline."""
    row = lock_lead(lead, actor)
    snap, before = counters.Snapshot(row), audit.snapshot(row)
    for f, n in ABSORBED.items():
        labelled_text(data.get(f), f, "", n)
    filled = []
    for f in ("credit_code", "contact_name", "contact_phone", "referrer"):
        v = (data.get(f) or "").strip()
        if v and not getattr(row, f):
            setattr(row, f, v)
            filled.append(f)
    amount = data.get("intended_investment")
    check_amount(amount, "intended_investment", _("意向投资额"))
    if amount is not None and (row.intended_investment is None or amount > row.intended_investment):
        row.intended_investment = amount
    if "credit_code" in filled:
        dup = find_duplicate(row.zone_id, credit_code=row.credit_code, company_name="", exclude_pk=row.pk)
        if dup:
            raise DuplicateLead(*dup)
    validate(row)
    today = timezone.localdate()
    touch(row, today)
    save(row, actor, before, DUPLICATE_ABSORBED)
    counters.changed(snap, row)
    extra = (data.get("note") or note or "").strip()
    text = stored(DUPLICATE_MERGED, s=Source(data.get("source") or row.source).label)
    log(row, actor, LogKind.MERGE, today, f"{text} {extra}".strip())
    return row


def _fill_from(a: Lead, b: Lead) -> None:
    """``a`` takes ``b``'s contacts, code and larger amount where it has none, and the earlier date of a stage
    both reached."""
    for f in ("contact_name", "contact_phone", "referrer"):
        if not getattr(a, f) and getattr(b, f):
            setattr(a, f, getattr(b, f))
    if not a.credit_code and b.credit_code:
        a.credit_code = b.credit_code
    if a.intended_investment is None or (b.intended_investment or 0) > a.intended_investment:
        a.intended_investment = b.intended_investment
    for s in Stage.values:
        da, db = getattr(a, f"{s}_on"), getattr(b, f"{s}_on")
        if db and STAGE_INDEX[s] <= a.stage_index and (da is None or db < da):
            setattr(a, f"{s}_on", db)
    touch(a, b.last_activity_on)


@transaction.atomic
def lead_merge(*, actor, keep: Lead, other: Lead) -> Lead:
    """Two leads that turned out to be one firm: ``other`` is merged into ``keep`` (its activities and timeline
    move over, its blanks fill ``keep``'s), and stays as a pointer."""
    require(keep.pk != other.pk, _("不能与自身合并"))
    a = lock_lead(keep, actor)
    b = lock_lead(other, actor)
    if a.zone_id != b.zone_id:
        raise NotFoundError(_("线索不存在"))
    require(not b.contracts.exists(), _("被合并的线索已有签约合同，请反向合并"))
    snap_a, snap_b = counters.Snapshot(a), counters.Snapshot(b)
    before_a, before_b = audit.snapshot(a), audit.snapshot(b)
    b.merged_into = a
    save(b, actor, before_b, stored(MERGED_INTO, name=a.company_name))
    _fill_from(a, b)
    save(a, actor, before_a, MERGED)
    for activity in b.activities.all():
        activity.leads.add(a)
    LeadLog.objects.filter(lead=b).update(lead=a)
    counters.changed(snap_b, b)
    counters.changed(snap_a, a)
    log(a, actor, LogKind.MERGE, timezone.localdate(), stored(LEAD_MERGED, n=b.company_name))
    return a
