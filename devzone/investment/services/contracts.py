"""Contracts (签约): signing registers the enterprise (when new), creates the project or enlarges it, decides
what the leaderboard counts, moves the lead to 签约 and hands the project to the build phase; the funds that
arrived are recorded later."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.access import can
from devzone.core.codes import CodeError, normalize_credit_code, validate_credit_code
from devzone.core.errors import ConflictError, DomainError, PermissionDeniedError, require
from devzone.core.locking import locked
from devzone.core.models import Enterprise, Project
from devzone.core.models.business import MAX_AMOUNT_WAN
from devzone.core.notify import stored
from devzone.core.services import object_create, object_update
from devzone.core.templatetags.devzone import wan
from devzone.investment import counting, funnel
from devzone.investment.choices import STAGE_INDEX, STAGE_ORDER, ContractKind, LogKind, Stage
from devzone.investment.dedupe import name_key
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

SUBMITTED_AGAIN = gettext_lazy(
    "该线索在您打开签约表单后已有变动（这份签约可能已经提交过），本次提交未保存。"
    "请核对线索的签约记录；确需再次签约，请重新打开签约表单"
)

# The audit trail's notes of a signing (``core.audit`` keeps them in the site's language, whoever signs).
SIGNED_BY_INVESTMENT = gettext_lazy("大招商签约")
CAPITAL_INCREASE = gettext_lazy("增资扩股")
FORMAL_CONTRACT = gettext_lazy("正式合同")
COUNTED_AS_FORMAL = gettext_lazy("正式合同签订，计数金额以正式合同为准")
ENTERPRISE_TAKEN = gettext_lazy("签约企业记入线索")
SIGNED_AGAIN = gettext_lazy("再次签约")


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
    check_contract_investment(contract_investment)
    check_amount(expected_output, "expected_output", _("预计年产值"))
    check_amount(expected_tax, "expected_tax", _("预计年税收"))
    require(
        land_mu is None
        or (Decimal(str(land_mu)).is_finite() and 0 <= land_mu <= 100000 and land_mu == round(land_mu, 2)),
        _("计划用地须在0–100,000亩之间"),
        "land_mu",
    )
    check_signed_on(row, signed_on)
    check_groundbreaking_due(groundbreaking_due, signed_on)
    require(kind in ContractKind.values, _("未知的合同类型"), "kind")


# The checks of single fields, which the signing form runs too (all of them, so that every problem shows at once).
def check_contract_investment(contract_investment) -> None:
    require(contract_investment is not None, _("请填写合同投资额"), "contract_investment")
    require(contract_investment > 0, _("合同投资额须大于0"), "contract_investment")
    check_amount(contract_investment, "contract_investment", _("合同投资额"))


def check_signed_on(lead: Lead, signed_on: dt.date) -> None:
    """A date that happened, not before the lead's last stage (unless the lead is signed already)."""
    day("signed_on", signed_on, _("签约日期"))
    previous = funnel.last_date({s: d for s, d in lead.stage_dates().items() if s != Stage.SIGNED})
    if previous and signed_on < previous and STAGE_INDEX[lead.stage] < STAGE_INDEX[Stage.SIGNED]:
        msg = _("签约日期不能早于上一阶段的日期（%(d)s）") % {"d": date_format(previous, "DATE_FORMAT")}
        raise DomainError.on("signed_on", msg)


def check_groundbreaking_due(groundbreaking_due: dt.date | None, signed_on: dt.date | None) -> None:
    """Blank, or at most ten years ahead and not before the signing (when the signing's date is known)."""
    if groundbreaking_due is None:
        return
    day("groundbreaking_due", groundbreaking_due, _("约定开工日期"), future_days=3660)
    if signed_on is not None:
        require(groundbreaking_due >= signed_on, _("约定开工日期不能早于签约日期"), "groundbreaking_due")


def _lead_code(lead: Lead) -> str:
    """The credit code that names the lead's firm: its own, else its enterprise's; blank when it has none."""
    return lead.credit_code or (lead.enterprise.credit_code if lead.enterprise_id else "")


def _contract_enterprise(actor, lead: Lead, credit_code: str) -> Enterprise:
    """The enterprise that signs is the lead's firm, so that no team signs (and counts, and takes the project of)
    another firm:

    - a lead tied to an enterprise signs under it (its own code, when it has one, must be that enterprise's);
    - a lead with a credit code signs under the zone's enterprise of that code, registered from the lead when new;
    - a lead with neither names its firm's code on the form: a valid code (GB 32100), that no other lead of the
      zone holds, and — when the zone has registered an enterprise under it — the code of an enterprise of the
      lead's name (matched as leads are). The lead takes the code (``_lead_signed``): its firm is fixed by it.

    A code typed on the form only supplies a code the lead lacks: it may not differ from the lead's own."""
    typed = normalize_credit_code(credit_code)
    own = _lead_code(lead)
    if lead.enterprise_id and lead.credit_code and lead.credit_code != lead.enterprise.credit_code:
        msg = _(
            "线索的统一社会信用代码（%(c)s）与其已关联企业“%(e)s”的（%(ec)s）不一致：请先核对线索的统一社会信用代码"
        ) % {"c": lead.credit_code, "e": lead.enterprise.name, "ec": lead.enterprise.credit_code}
        raise DomainError.on("credit_code", msg)
    if own and typed and typed != own:
        msg = _("统一社会信用代码须与线索企业的一致（%(c)s）：签约只能以线索企业的名义") % {"c": own}
        raise DomainError.on("credit_code", msg)
    code = own or typed
    require(code, _("线索尚无统一社会信用代码：请填写线索企业的统一社会信用代码"), "credit_code")
    if not lead.credit_code:  # the lead will take the code: no other lead's firm may hold it
        _not_another_leads(lead, code)
    if lead.enterprise_id:
        return lead.enterprise
    found = Enterprise.objects.filter(zone_id=lead.zone_id, credit_code=code).first()
    if found is not None and not lead.credit_code and name_key(found.name) != lead.name_key:
        msg = _(
            "统一社会信用代码%(c)s在本开发区登记的企业是“%(e)s”，不是线索企业“%(n)s”：签约只能以线索企业的"
            "名义；如确为同一企业，请先把线索的企业名称改为登记的名称"
        ) % {"c": code, "e": found.name, "n": lead.company_name}
        raise DomainError.on("credit_code", msg)
    if found is not None:
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
        note=SIGNED_BY_INVESTMENT,
    )


def _not_another_leads(lead: Lead, code: str) -> None:
    """A code a lead is about to take: valid, and no other lead's of the zone (by its code or its enterprise's),
    since one firm is one lead."""
    try:
        validate_credit_code(code)
    except CodeError as e:
        raise DomainError.on("credit_code", e.reason) from None
    other = (
        Lead.objects.unmerged()
        .filter(zone_id=lead.zone_id)
        .filter(Q(credit_code=code) | Q(enterprise__credit_code=code))
        .exclude(pk=lead.pk)
        .first()
    )
    if other is not None:
        msg = _(
            "统一社会信用代码%(c)s是线索“%(n)s”的企业的：签约只能以本线索企业的名义；如确为同一企业，请先合并两条线索"
        ) % {"c": code, "n": other.company_name}
        raise DomainError.on("credit_code", msg)


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
            note=SIGNED_BY_INVESTMENT,
        )
    if kind == ContractKind.INCREASE:
        project.total_investment += amount
        require(project.total_investment <= MAX_AMOUNT_WAN, _("增资后总投资超过上限"), "contract_investment")
        object_update(actor=actor, instance=project, note=CAPITAL_INCREASE)
        return project
    increases = Contract.objects.filter(project=project, kind=ContractKind.INCREASE).aggregate(
        s=Sum("contract_investment")
    )["s"] or Decimal(0)
    total = amount + increases
    if project.total_investment != total:
        project.total_investment = total
        require(total <= MAX_AMOUNT_WAN, _("总投资超过上限"), "contract_investment")
        object_update(actor=actor, instance=project, note=FORMAL_CONTRACT)
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
        audit.updated(actor, first, before, note=COUNTED_AS_FORMAL)


def _funds_within_binding_total(actor, project: Project, *, contract: Contract) -> list[Contract]:
    """A binding contract (the formal contract after a framework agreement) sets the project's total investment,
    also lower than before: the funds its other contracts record (the framework agreement's, written against the
    old, higher amount) may then be more than the project now holds. The binding figure wins: the excess is taken
    off those contracts — the superseded signings first, the latest first, then the increases — so that the
    project's contracts together record at most its total, as ``_check_funds_within_project`` keeps them, and the
    figures and the leaderboard, which add the contracts' funds up, never count more than the project's money.
    Each change is audited; the contracts changed are returned (the lead's timeline names them)."""
    others = list(
        Contract.objects.select_for_update()
        .filter(project=project, funds_arrived__gt=0)
        .exclude(pk=contract.pk)
        .order_by("-signed_on", "-pk")
    )
    excess = sum((c.funds_arrived for c in others), Decimal(0)) + contract.funds_arrived
    excess -= project.total_investment
    changed = []
    # the superseded signings before the increases; sorted() is stable, so the latest first within each
    for c in sorted(others, key=lambda c: c.kind == ContractKind.INCREASE):
        if excess <= 0:
            break
        cut = min(excess, c.funds_arrived)
        before = audit.snapshot(c)
        c.funds_arrived -= cut
        c.save(update_fields=["funds_arrived", "updated_at"])
        audit.updated(actor, c, before, note=FUNDS_CAPPED)
        excess -= cut
        changed.append(c)
    return changed


# The lead's timeline, kept in the site's language whoever signs (``core.notify.stored``): what the signing writes.
SIGNED = gettext_lazy("签约")  # the reason of the stages a signing skips, when the officer gave none
SIGNED_NOTE = gettext_lazy("签约：%(p)s")
CONTRACT_LOG = gettext_lazy("%(project)s，合同投资额%(amount)s")

FUNDS_CAPPED = gettext_lazy("正式合同签订，项目总投资以正式合同为准，到位资金不超过项目总投资")
FUNDS_CAPPED_LOG = gettext_lazy(
    "正式合同签订，项目总投资为%(total)s：“%(name)s”记录的到位资金调整为%(funds)s"
)
_amount = lazy(wan, str)  # an amount as the language the text is written in reads it


def _lead_signed(row: Lead, *, actor, enterprise, signed_on, reason, name) -> None:
    """The lead is tied to the signed enterprise and takes its credit code when it had none (its firm is fixed
    by it from then on); then it moves to 签约 (skipped stages named with the reason), or, signed before, is
    touched."""
    if row.enterprise_id != enterprise.pk or row.credit_code != enterprise.credit_code:
        before = audit.snapshot(row)
        row.enterprise, row.credit_code = enterprise, enterprise.credit_code
        save(row, actor, before, ENTERPRISE_TAKEN)
    if STAGE_INDEX[row.stage] < STAGE_INDEX[Stage.SIGNED]:
        skipped = STAGE_ORDER[STAGE_INDEX[row.stage] + 1 : STAGE_INDEX[Stage.SIGNED]]
        move = funnel.Move(
            target=Stage.SIGNED,
            dates={Stage.SIGNED: signed_on},
            skipped=skipped,
            undated=skipped,
            reason=(reason or "").strip() or stored(SIGNED),
        )
        advance(row, actor=actor, move=move, note=stored(SIGNED_NOTE, p=name))
    else:
        before = audit.snapshot(row)
        touch(row, signed_on)
        save(row, actor, before, SIGNED_AGAIN)


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
    expected_version: int | None = None,
) -> Contract:
    """Sign a contract: the enterprise (the lead's firm, registered from the lead when new), the project
    created (or enlarged by a capital increase), what the leaderboard counts decided, the lead moved to 签约,
    the project handed to the build phase.

    ``expected_version``: the lead's version the signing form (or API client) read. Signing changes the lead,
    so the same form submitted again (a double click, a retry after a slow answer) is refused (409) and signs
    nothing a second time; the page and the API always give it."""
    if not can(actor, "create", Contract):
        raise PermissionDeniedError(_("您无权登记签约"))
    row = lock_lead(lead, actor, expected_version, conflict=str(SUBMITTED_AGAIN))
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
    capped = (
        []
        if created or kind == ContractKind.INCREASE
        else _funds_within_binding_total(actor, project, contract=contract)
    )
    _lead_signed(
        row, actor=actor, enterprise=enterprise, signed_on=signed_on, reason=reason, name=project_name
    )
    contract_line = stored(CONTRACT_LOG, project=project_name, amount=_amount(contract_investment))
    log(row, actor, LogKind.CONTRACT, signed_on, contract_line)
    for c in capped:  # the timeline says why the figure of the earlier contract went down
        total, funds = _amount(project.total_investment), _amount(c.funds_arrived)
        text = stored(FUNDS_CAPPED_LOG, name=c.project_name, total=total, funds=funds)
        log(row, actor, LogKind.CONTRACT, signed_on, text)
    if handover and created:
        from devzone.projects.services import handover_to_build

        handover_to_build(actor=actor, project=project)
    return contract


def _check_funds_within_contract(row: Contract, funds_arrived: Decimal) -> None:
    """到位资金 is the money arrived so far under the contract, in 万元: at most the contract's investment plus
    the capital increases signed on the same project (their money may arrive under the first contract). More is a
    slip of the unit (元 typed for 万元), refused with the amount it may not exceed."""
    increases = Contract.objects.filter(project_id=row.project_id, kind=ContractKind.INCREASE).exclude(
        pk=row.pk
    ).aggregate(s=Sum("contract_investment"))["s"] or Decimal(0)
    ceiling = row.contract_investment + increases
    if funds_arrived <= ceiling:
        return
    if increases:
        msg = _(
            "到位资金（%(f)s）超过了合同投资额（%(c)s）与同一项目的增资（%(i)s）之和（%(t)s）："
            "请核对金额，到位资金以万元填写"
        ) % {
            "f": wan(funds_arrived),
            "c": wan(row.contract_investment),
            "i": wan(increases),
            "t": wan(ceiling),
        }
    else:
        msg = _("到位资金（%(f)s）超过了合同投资额（%(c)s）：请核对金额，到位资金以万元填写") % {
            "f": wan(funds_arrived),
            "c": wan(row.contract_investment),
        }
    raise DomainError.on("funds_arrived", msg)


@dataclass(frozen=True)
class ProjectFunds:
    """The funds already recorded on the other contracts of a contract's project, and what is left for it: the
    money of one project arrives once, so all its contracts together record at most its total investment."""

    total: Decimal  # the project's total investment (binding contract plus increases)
    others: list[Contract]  # the project's other contracts that record funds
    recorded: Decimal  # the funds they record

    @property
    def room(self) -> Decimal:
        return max(self.total - self.recorded, Decimal(0))


def project_funds(contract: Contract, *, lock: bool = False) -> ProjectFunds:
    """What the other contracts of ``contract``'s project record as arrived (``lock``: the project's row locked
    first, so that two contracts of one project are recorded one after the other)."""
    projects = Project.objects.select_for_update() if lock else Project.objects
    total = projects.filter(pk=contract.project_id).values_list("total_investment", flat=True).first()
    others = list(
        Contract.objects.filter(project_id=contract.project_id, funds_arrived__gt=0)
        .exclude(pk=contract.pk)
        .only("pk", "project_name", "kind", "signed_on", "funds_arrived")
        .order_by("signed_on", "pk")
    )
    return ProjectFunds(
        total=total or Decimal(0), others=others, recorded=sum((c.funds_arrived for c in others), Decimal(0))
    )


def _recorded_on(contracts: list[Contract]) -> str:
    """The contracts that record funds, in the reader's language: 项目名称（新签，2026年11月17日签约）10,000万元."""
    return _("、").join(
        _("“%(name)s”（%(kind)s，%(date)s签约）%(funds)s")
        % {
            "name": c.project_name,
            "kind": c.get_kind_display(),
            "date": date_format(c.signed_on, "DATE_FORMAT"),
            "funds": wan(c.funds_arrived),
        }
        for c in contracts
    )


def funds_note(contract: Contract) -> str:
    """The line beside the funds form of a contract whose project's other contracts record funds: what they
    record and what is left for this one (blank when none does)."""
    funds = project_funds(contract)
    if not funds.others:
        return ""
    return _(
        "同一项目的其他合同已记录到位资金%(r)s（%(list)s）；项目总投资%(t)s，本合同最多可记录%(room)s"
    ) % {
        "r": wan(funds.recorded),
        "list": _recorded_on(funds.others),
        "t": wan(funds.total),
        "room": wan(funds.room),
    }


def _check_funds_within_project(row: Contract, funds_arrived: Decimal) -> None:
    """The money of a project arrives once, whichever of its contracts it is recorded on (the framework agreement,
    the formal contract, an increase): the funds recorded on all the project's contracts together are at most the
    project's total investment, so that the figures, which add up the contracts' funds, count it once. A figure
    lowered is always accepted (it corrects, and never adds)."""
    funds = project_funds(row, lock=True)
    if funds_arrived <= funds.room or funds_arrived <= row.funds_arrived:
        return
    if not funds.others:
        msg = _("到位资金（%(f)s）超过了项目总投资（%(t)s）：请核对金额，到位资金以万元填写") % {
            "f": wan(funds_arrived),
            "t": wan(funds.total),
        }
    else:
        msg = _(
            "同一笔资金只能记录一次：项目总投资%(t)s，同一项目的其他合同已记录到位资金%(r)s（%(list)s），"
            "本合同最多还可记录%(room)s，填写的%(f)s超出了。请只填写在本合同项下到位的资金，"
            "或先修改其他合同已记录的到位资金"
        ) % {
            "t": wan(funds.total),
            "r": wan(funds.recorded),
            "list": _recorded_on(funds.others),
            "room": wan(funds.room),
            "f": wan(funds_arrived),
        }
    raise DomainError.on("funds_arrived", msg)


@transaction.atomic
def contract_record_funds(
    *, actor, contract: Contract, funds_arrived: Decimal, seen: Decimal | None = None
) -> Contract:
    """Record the funds arrived so far under the contract (到位资金, 万元, cumulative): at most the contract's
    investment with the increases of its project (``_check_funds_within_contract``), and, with what the project's
    other contracts record, at most the project's total investment (``_check_funds_within_project``).

    ``seen``: the funds the page (or the API client) read. When the contract records other funds now (someone
    recorded newer ones, or a formal contract capped them), the figure typed was judged against a total that is
    no longer the contract's: refused (409), as a stale copy, so that it never silently lowers newer funds.
    None: not checked."""
    # The project's row first, then the contract's, as a signing takes them (the lead's, the project's, then its
    # contracts' when a formal contract restates the first signing and caps their funds): the other order could
    # deadlock a signing and a recording of the same project's funds.
    project_id = contract.project_id  # never changes: taken from the row the caller read in its scope
    list(Project.objects.select_for_update().filter(pk=project_id).values_list("pk", flat=True))
    row = locked(Contract, contract, actor=actor, what=_("合同"), forbidden=_("您无权修改此合同"))
    if seen is not None and row.funds_arrived != seen:
        raise ConflictError(
            _("到位资金刚被他人更新为%(funds)s，请刷新后查看") % {"funds": wan(row.funds_arrived)}
        )
    check_amount(funds_arrived, "funds_arrived", _("到位资金"))
    require(funds_arrived is not None, _("请填写到位资金"), "funds_arrived")
    _check_funds_within_contract(row, funds_arrived)
    _check_funds_within_project(row, funds_arrived)
    before = audit.snapshot(row)
    row.funds_arrived = funds_arrived
    row.save(update_fields=["funds_arrived", "updated_at"])
    audit.updated(actor, row, before)
    return row
