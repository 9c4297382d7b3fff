"""Contracts (签约): signing registers the enterprise (when new), creates the project or enlarges it, decides
what the leaderboard counts, moves the lead to 签约 and hands the project to the build phase; the funds that
arrived are recorded later."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.access import can
from devzone.core.errors import DomainError, PermissionDeniedError, require
from devzone.core.locking import locked
from devzone.core.models import Enterprise, Project
from devzone.core.models.business import MAX_AMOUNT_WAN
from devzone.core.services import object_create, object_update
from devzone.investment import counting, funnel
from devzone.investment.choices import STAGE_INDEX, STAGE_ORDER, ContractKind, LogKind, Stage
from devzone.investment.models import Contract, Lead
from devzone.investment.services.common import (
    audit_created,
    check_amount,
    day,
    labelled_text,
    lock_lead,
    log,
    save,
    settings_for,
    touch,
    validate,
)
from devzone.investment.services.stages import advance


def _check_terms(
    row: Lead,
    *,
    contract_investment,
    expected_output,
    expected_tax,
    land_mu,
    signed_on,
    groundbreaking_due,
    kind,
) -> None:
    """The contract's figures and dates, before anything is written."""
    require(row.zone_id is not None, _("签约须有开发区"))
    require(row.lost_on is None, _("线索已流失，不能签约"))
    require(contract_investment is not None, _("请填写合同投资额"), "contract_investment")
    require(contract_investment > 0, _("合同投资额须大于0"), "contract_investment")
    check_amount(contract_investment, "contract_investment", _("合同投资额"))
    check_amount(expected_output, "expected_output", _("预计年产值"))
    check_amount(expected_tax, "expected_tax", _("预计年税收"))
    require(
        land_mu is None
        or (Decimal(str(land_mu)).is_finite() and 0 <= land_mu <= 100000 and land_mu == round(land_mu, 2)),
        _("计划用地须在0–100,000亩之间"),
        "land_mu",
    )
    day("signed_on", signed_on, _("签约日期"))
    if groundbreaking_due is not None:
        day("groundbreaking_due", groundbreaking_due, _("约定开工日期"), future_days=3660)
        require(groundbreaking_due >= signed_on, _("约定开工日期不能早于签约日期"), "groundbreaking_due")
    previous = funnel.last_date({s: d for s, d in row.stage_dates().items() if s != Stage.SIGNED})
    if previous and signed_on < previous and STAGE_INDEX[row.stage] < STAGE_INDEX[Stage.SIGNED]:
        msg = _("签约日期不能早于上一阶段的日期（%(d)s）") % {"d": date_format(previous, "DATE_FORMAT")}
        raise DomainError.on("signed_on", msg)
    require(kind in ContractKind.values, _("未知的合同类型"), "kind")


def _contract_enterprise(actor, lead: Lead, credit_code: str) -> Enterprise:
    """The enterprise that signs: the lead's, else the one of the lead's credit code (registered when new). A
    code typed on the form only supplies a code the lead lacks: it may not differ from the lead's own, or a
    team would sign under another firm (and take that firm's project, another team's signing)."""
    typed = (credit_code or "").strip().upper()
    own = (lead.credit_code or (lead.enterprise.credit_code if lead.enterprise_id else "")).strip().upper()
    if own and typed and typed != own:
        msg = _("统一社会信用代码须与线索企业的一致（%(c)s）：签约只能以线索企业的名义") % {"c": own}
        raise DomainError.on("credit_code", msg)
    if lead.enterprise_id:
        return lead.enterprise
    code = own or typed
    require(code, _("签约须有企业：请填写企业的统一社会信用代码"), "credit_code")
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


def _existing_project(actor, project: Project | None, enterprise: Enterprise, kind: str) -> Project | None:
    """An increase of the project, or the same project signed again (a framework agreement, then the formal
    contract): the project exists and is the enterprise's."""
    if project is None:
        require(kind != ContractKind.INCREASE, _("增资须选择已签约的项目"), "project")
        return None
    project = Project.objects.for_user(actor).select_for_update().filter(pk=project.pk).first()
    require(
        project is not None and project.enterprise_id == enterprise.pk, _("所选项目不属于该企业"), "project"
    )
    return project


def _counted(row: Lead, project: Project | None, *, amount: Decimal, kind: str, rules) -> counting.Counted:
    return counting.count(
        amount=amount,
        kind=kind,
        # a signing before is an earlier 新签 (framework agreement): an increase alone signs no project
        project_signed_before=project is not None
        and Contract.objects.filter(project=project, kind=ContractKind.NEW).exists(),
        project_investment_before=project.total_investment if project is not None else Decimal(0),
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


def _project(
    actor, row: Lead, project, enterprise, *, kind, name, amount, land_mu, signed_on, rules
) -> Project:
    """The signed project: created, enlarged by an increase, or signed (again): a 新签 on an existing project is
    its binding contract, and the project's investment becomes its amount plus the increases signed on it."""
    if project is None:
        return object_create(
            actor=actor,
            instance=Project(
                zone_id=row.zone_id,
                enterprise=enterprise,
                name=name,
                industry_id=row.industry_id,
                total_investment=amount,
                land_area_mu=land_mu,
                signed_on=signed_on,
                is_key=amount >= rules.big_lead_wan,
            ),
            note="大招商签约",
        )
    if kind == ContractKind.INCREASE:
        project.total_investment += amount
        require(project.total_investment <= MAX_AMOUNT_WAN, _("增资后总投资超过上限"), "contract_investment")
        object_update(actor=actor, instance=project, note="增资扩股")
        return project
    increases = Contract.objects.filter(project=project, kind=ContractKind.INCREASE).aggregate(
        s=Sum("contract_investment")
    )["s"] or Decimal(0)
    total = amount + increases
    if project.total_investment != total:
        project.total_investment = total
        require(total <= MAX_AMOUNT_WAN, _("总投资超过上限"), "contract_investment")
        object_update(actor=actor, instance=project, note="正式合同")
    return project


def _restate_first_signing(actor, project: Project, *, amount: Decimal) -> None:
    """The formal contract after a framework agreement: the project stays counted once, in the period of its
    first signing, with the binding contract's amount (the project's investment is set by ``_project``)."""
    first = (
        Contract.objects.select_for_update()
        .filter(project=project, counts_as_project=True)
        .order_by("signed_on", "pk")
        .first()
    )
    if first is not None and first.counted_investment != amount:
        before = audit.snapshot(first)
        first.counted_investment = amount
        first.save(update_fields=["counted_investment"])
        audit.updated(actor, first, before, note=_("正式合同签订，计数金额以正式合同为准"))


def _lead_signed(row: Lead, *, actor, enterprise, signed_on, reason, name) -> None:
    """The lead moves to 签约 (skipped stages named with the reason), or, signed before, is touched."""
    if row.enterprise_id is None:
        row.enterprise = enterprise
    if STAGE_INDEX[row.stage] < STAGE_INDEX[Stage.SIGNED]:
        skipped = STAGE_ORDER[STAGE_INDEX[row.stage] + 1 : STAGE_INDEX[Stage.SIGNED]]
        move = funnel.Move(
            target=Stage.SIGNED,
            dates={Stage.SIGNED: signed_on},
            skipped=skipped,
            undated=skipped,
            reason=(reason or "").strip() or _("签约"),
        )
        advance(row, actor=actor, move=move, note=_("签约：%(p)s") % {"p": name})
    else:
        before = audit.snapshot(row)
        touch(row, signed_on)
        save(row, actor, before, "再次签约")


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
    row = lock_lead(lead, actor)
    terms = dict(
        kind=kind,
        contract_investment=contract_investment,
        land_mu=land_mu,
        expected_output=expected_output,
        expected_tax=expected_tax,
        signed_on=signed_on,
        groundbreaking_due=groundbreaking_due,
    )
    _check_terms(row, **terms)
    reason = labelled_text(reason, "reason", _("跳过阶段的理由"), 200)
    credit_code = labelled_text(credit_code, "credit_code", _("统一社会信用代码"), 18)
    project_name = labelled_text(project_name, "project_name", _("项目名称"), 100)
    require(project_name, _("请填写项目名称"), "project_name")
    enterprise = _contract_enterprise(actor, row, credit_code)
    rules = settings_for(row.zone_id)
    project = _existing_project(actor, project, enterprise, kind)
    created = project is None
    counted = _counted(row, project, amount=contract_investment, kind=kind, rules=rules)
    project = _project(
        actor, row, project, enterprise, kind=kind, name=project_name, amount=contract_investment,
        land_mu=land_mu, signed_on=signed_on, rules=rules,
    )  # fmt: skip
    contract = Contract(
        zone_id=row.zone_id,
        lead=row,
        enterprise=enterprise,
        project=project,
        team_id=row.team_id,
        owner_id=row.owner_id,
        project_name=project_name,
        counts_as_project=counted.counts_as_project,
        counted_investment=counted.counted_investment,
        excluded_reason=counted.excluded_reason,
        signed_by=actor,
        **terms,
    )
    validate(contract)
    contract.save()
    audit_created(actor, contract)
    if counted.restates_first:
        _restate_first_signing(actor, project, amount=contract_investment)
    _lead_signed(
        row, actor=actor, enterprise=enterprise, signed_on=signed_on, reason=reason, name=project_name
    )
    log(row, actor, LogKind.CONTRACT, signed_on, f"{project_name} {contract_investment}万元")
    if handover and created:
        from devzone.projects.services import handover_to_build

        handover_to_build(actor=actor, project=project)
    return contract


@transaction.atomic
def contract_record_funds(*, actor, contract: Contract, funds_arrived: Decimal) -> Contract:
    row = locked(Contract, contract, actor=actor, what=_("合同"), forbidden=_("您无权修改此合同"))
    check_amount(funds_arrived, "funds_arrived", _("到位资金"))
    require(funds_arrived is not None, _("请填写到位资金"), "funds_arrived")
    before = audit.snapshot(row)
    row.funds_arrived = funds_arrived
    row.save(update_fields=["funds_arrived", "updated_at"])
    audit.updated(actor, row, before)
    return row
