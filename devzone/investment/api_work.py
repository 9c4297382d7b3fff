"""Teams, activities and contracts in the 大招商 API."""

from django.utils.translation import gettext as _
from ninja import Status

from devzone.core.access import require_right
from devzone.core.api_rows import named_row
from devzone.core.errors import DomainError, check_id
from devzone.core.filters import api_rows
from devzone.core.models import Project
from devzone.core.schemas import Day, list_operation
from devzone.core.web import scoped_or_404
from devzone.investment import filters
from devzone.investment import services as svc
from devzone.investment.api import router, zone_and_team
from devzone.investment.models import Activity, Contract, InvestmentTeam, Lead
from devzone.investment.schemas import ActivityIn, ActivityOut, ContractIn, ContractOut, FundsIn, TeamOut


# --- teams -----------------------------------------------------------------------------------------------
@list_operation(router, "/teams", TeamOut, operation_id="investment_team_list", summary="Teams in reach")
def team_list(request):
    require_right(request.user, "view", InvestmentTeam)
    return InvestmentTeam.objects.for_user(request.auth)


@router.get("/teams/{int:pk}", response=TeamOut, operation_id="investment_team_get", summary="One team")
def team_get(request, pk: int):
    return scoped_or_404(InvestmentTeam.objects, pk, user=request.auth)


# --- activities ------------------------------------------------------------------------------------------
@list_operation(
    router, "/activities", ActivityOut, operation_id="investment_activity_list", summary="Activities in reach"
)
def activity_list(request, start: Day | None = None, end: Day | None = None):
    require_right(request.user, "view", Activity)
    qs = Activity.objects.for_user(request.auth).prefetch_related("leads").order_by("-on", "-id")
    return api_rows(filters.ActivityFilter, request, qs)


@router.post(
    "/activities",
    response={201: ActivityOut},
    operation_id="investment_activity_create",
    summary="Log a visit, a stationed day or a fair",
)
def activity_create(request, payload: ActivityIn):
    require_right(request.user, "create", Activity)
    zone_id, team = zone_and_team(request, payload.team)
    ids = [check_id(x) for x in payload.leads]
    leads = list(Lead.objects.for_user(request.auth).filter(pk__in=[i for i in ids if i]))
    if None in ids or len(leads) != len(set(ids)):
        raise DomainError.on("leads", _("所选线索不存在或不在您的范围内"))
    data = payload.dict(exclude={"team", "leads"})
    return Status(201, svc.activity_create(actor=request.auth, team=team, leads=leads, **data))


# --- contracts -------------------------------------------------------------------------------------------
@list_operation(
    router, "/contracts", ContractOut, operation_id="investment_contract_list", summary="Contracts in reach"
)
def contract_list(request, start: Day | None = None, end: Day | None = None):
    require_right(request.user, "view", Contract)
    qs = Contract.objects.for_user(request.auth).order_by("-signed_on", "-id")
    return api_rows(filters.ContractFilter, request, qs)


@router.get(
    "/contracts/{int:pk}",
    response=ContractOut,
    operation_id="investment_contract_get",
    summary="One contract",
)
def contract_get(request, pk: int):
    return scoped_or_404(Contract.objects, pk, user=request.auth)


@router.post(
    "/contracts",
    response={201: ContractOut},
    operation_id="investment_contract_sign",
    summary="Sign a contract: creates the project and hands it to the build phase",
)
def contract_sign(request, payload: ContractIn):
    require_right(request.user, "create", Contract)
    lead = named_row(request, Lead, payload.lead, "lead", _("线索不存在或不在您的范围内"))
    project = named_row(request, Project, payload.project, "project", _("项目不存在或不在您的范围内"))
    data = payload.dict(exclude={"lead", "project", "version"})
    signed = svc.contract_sign(
        actor=request.auth, lead=lead, project=project, expected_version=payload.version, **data
    )
    return Status(201, signed)


@router.post(
    "/contracts/{int:pk}/funds",
    response=ContractOut,
    operation_id="investment_contract_funds",
    summary="Record the funds arrived (到位资金)",
)
def contract_funds(request, pk: int, payload: FundsIn):
    contract = scoped_or_404(Contract.objects, pk, user=request.auth)
    return svc.contract_record_funds(
        actor=request.auth,
        contract=contract,
        funds_arrived=payload.funds_arrived,
        seen=payload.seen_funds_arrived,
    )
