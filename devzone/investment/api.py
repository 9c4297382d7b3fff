"""大招商 API: teams, leads and their moves, activities, contracts, the funnel and the leaderboard. Rows load
through ``for_user`` (a team sees its leads; leaders the zone; city officers the city, read-only); writes go
through the same services as the pages."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import ModelSchema, Router, Schema
from ninja.pagination import paginate

from devzone.core.access import can, reach_of
from devzone.core.api import Page as CorePage
from devzone.core.errors import DomainError
from devzone.core.models import Industry, Project, Staff, Zone
from devzone.investment import selectors
from devzone.investment import services as svc
from devzone.investment.choices import Period, Stage
from devzone.investment.inputs import check_id
from devzone.investment.models import Activity, Contract, InvestmentTeam, Lead, LeadLog

router = Router(tags=["investment"])


class Page(CorePage):
    """The core page-number pagination; a page no list reaches answers an empty page (an offset beyond a
    database integer would be a server error)."""

    def paginate_queryset(self, queryset, pagination, **params):
        if pagination.page > 10**6:
            return {"items": [], "count": queryset.count()}
        return super().paginate_queryset(queryset, pagination, **params)


def _id(value) -> int:
    """An id from the request, 0 (no row has it) when no database integer holds it."""
    return check_id(value) or 0


class TeamOut(ModelSchema):
    class Meta:
        model = InvestmentTeam
        fields = ["id", "zone", "name", "region", "station_city", "is_active"]


class LeadOut(ModelSchema):
    class Meta:
        model = Lead
        fields = [
            "id",
            "zone",
            "enterprise",
            "company_name",
            "credit_code",
            "industry",
            "intended_investment",
            "source",
            "referrer",
            "team",
            "owner",
            "stage",
            "unaware_on",
            "aware_on",
            "attentive_on",
            "invited_on",
            "negotiating_on",
            "signed_on",
            "landed_on",
            "kept_on",
            "created_on",
            "fits",
            "exception_on",
            "lost_on",
            "lost_reason",
            "is_local",
            "is_stale",
            "is_active",
            "last_activity_on",
            "version",
        ]


class LeadIn(Schema):
    company_name: str
    industry: str
    source: str
    team: int
    credit_code: str = ""
    intended_investment: Decimal | None = None
    referrer: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    is_local: bool = False
    owner: int | None = None
    stage: str = "unaware"
    on: dt.date | None = None
    note: str = ""
    activity: int | None = None


class DuplicateOut(Schema):
    status: int
    title: str
    existing: int
    by: str


class MoveIn(Schema):
    target: str
    on: dt.date
    skipped_dates: dict[str, dt.date] = {}
    reason: str = ""
    note: str = ""
    version: int | None = None


class ReasonIn(Schema):
    reason: str
    version: int | None = None


class AssignIn(Schema):
    owner: int | None = None
    version: int | None = None


class RecordIn(Schema):
    kind: str
    text: str
    on: dt.date | None = None


class LogOut(ModelSchema):
    class Meta:
        model = LeadLog
        fields = ["id", "kind", "on", "from_stage", "to_stage", "text", "actor_label"]


class ActivityOut(ModelSchema):
    leads: list[int]

    class Meta:
        model = Activity
        fields = ["id", "zone", "team", "kind", "title", "on", "end_on", "place", "content"]

    @staticmethod
    def resolve_leads(obj):
        return [x.pk for x in obj.leads.all()]


class ActivityIn(Schema):
    team: int
    kind: str
    title: str
    on: dt.date
    end_on: dt.date | None = None
    place: str = ""
    content: str = ""
    leads: list[int] = []


class ContractOut(ModelSchema):
    intensity: Decimal | None = None

    class Meta:
        model = Contract
        fields = [
            "id",
            "zone",
            "lead",
            "enterprise",
            "project",
            "team",
            "owner",
            "kind",
            "project_name",
            "contract_investment",
            "land_mu",
            "expected_output",
            "expected_tax",
            "signed_on",
            "groundbreaking_due",
            "groundbreaking_on",
            "production_on",
            "funds_arrived",
            "counts_as_project",
            "counted_investment",
            "excluded_reason",
        ]

    @staticmethod
    def resolve_intensity(obj):
        return obj.intensity


class ContractIn(Schema):
    lead: int
    project_name: str
    contract_investment: Decimal
    signed_on: dt.date
    kind: str = "new"
    project: int | None = None
    land_mu: Decimal | None = None
    expected_output: Decimal | None = None
    expected_tax: Decimal | None = None
    groundbreaking_due: dt.date | None = None
    credit_code: str = ""
    reason: str = ""


class FundsIn(Schema):
    funds_arrived: Decimal


class StageRowOut(Schema):
    stage: str
    reached: int
    conversion: float | None
    overall: float | None
    avg_days: float | None


class FunnelGroupOut(Schema):
    key: str
    label: str
    leads: int
    rows: list[StageRowOut]


class FunnelOut(Schema):
    zone: int
    leads: int
    lost: int
    rows: list[StageRowOut]
    groups: list[FunnelGroupOut]


class BoardRowOut(Schema):
    rank: int
    key: int | None
    label: str
    total: Decimal
    values: dict[str, Decimal]
    scores: dict[str, Decimal]


class BoardOut(Schema):
    zone: int
    period: str
    start: dt.date
    end: dt.date
    label: str
    rows: list[BoardRowOut]


class FiguresOut(Schema):
    zone: int
    start: dt.date
    end: dt.date
    signed: int
    investment: Decimal
    over_1_yi: int
    over_10_yi: int
    big: list[str]


# --- helpers ---------------------------------------------------------------------------------------------
def _lead(request, pk: int) -> Lead:
    return get_object_or_404(selectors.lead_list(user=request.auth), pk=_id(pk))


def _zone(request, zone: int | None) -> Zone:
    """The zone a figure is about: the caller's own, or one in a city user's reach (404 otherwise)."""
    r = reach_of(request.auth)
    if zone is None:
        if r.zone_id:
            zone = r.zone_id
        else:
            raise DomainError("请指定开发区", {"zone": ["请指定开发区"]})
    return get_object_or_404(Zone.objects.for_user(request.auth), pk=_id(zone))


def _work_zone(request) -> int:
    r = reach_of(request.auth)
    if r.kind != "zone" or not r.zone_id:
        raise PermissionDenied
    return r.zone_id


def _field(name: str, msg: str) -> DomainError:
    return DomainError(msg, {name: [msg]})


# --- teams -----------------------------------------------------------------------------------------------
@router.get("/teams", response=list[TeamOut], operation_id="investment_team_list", summary="Teams in reach")
@paginate(Page)
def team_list(request):
    if not can(request.auth, "view", InvestmentTeam):
        raise PermissionDenied
    return InvestmentTeam.objects.for_user(request.auth)


@router.get("/teams/{int:pk}", response=TeamOut, operation_id="investment_team_get", summary="One team")
def team_get(request, pk: int):
    return get_object_or_404(InvestmentTeam.objects.for_user(request.auth), pk=_id(pk))


# --- leads -----------------------------------------------------------------------------------------------
@router.get("/leads", response=list[LeadOut], operation_id="investment_lead_list", summary="Leads in reach")
@paginate(Page)
def lead_list(
    request,
    active: bool | None = None,
    stage: str | None = None,
    team: int | None = None,
    q: str | None = None,
):
    if not can(request.auth, "view", Lead):
        raise PermissionDenied
    qs = selectors.lead_list(user=request.auth).order_by("last_activity_on", "id")
    if active is not None:
        qs = qs.filter(is_active=active)
    if stage:
        if stage not in Stage.values:
            raise _field("stage", "未知的阶段")
        qs = qs.filter(stage=stage)
    if team:
        qs = qs.filter(team_id=_id(team))
    q = (q or "").replace("\x00", "").strip()[:100]
    if q:
        qs = qs.filter(company_name__icontains=q)
    return qs


@router.get("/leads/{int:pk}", response=LeadOut, operation_id="investment_lead_get", summary="One lead")
def lead_get(request, pk: int):
    return _lead(request, pk)


@router.get(
    "/leads/{int:pk}/logs",
    response=list[LogOut],
    operation_id="investment_lead_logs",
    summary="A lead's timeline",
)
def lead_logs(request, pk: int):
    return list(_lead(request, pk).logs.all()[:200])


@router.post(
    "/leads",
    response={201: LeadOut, 409: DuplicateOut},
    operation_id="investment_lead_create",
    summary="Register a lead (a firm already in the zone's pipeline answers 409 with the existing lead)",
)
def lead_create(request, payload: LeadIn):
    if not can(request.auth, "create", Lead):
        raise PermissionDenied
    zone_id = _work_zone(request)
    team = InvestmentTeam.objects.for_user(request.auth).filter(pk=_id(payload.team), zone_id=zone_id).first()
    if team is None:
        raise _field("team", "小分队不存在或不在您的范围内")
    industry = Industry.objects.filter(pk=payload.industry, parent__isnull=False).first()
    if industry is None:
        raise _field("industry", "行业代码须为GB/T 4754的大类")
    owner = None
    if payload.owner is not None:
        owner = Staff.objects.for_user(request.auth).filter(pk=_id(payload.owner), zone_id=zone_id).first()
        if owner is None:
            raise _field("owner", "负责人不存在或不在您的范围内")
    activity = None
    if payload.activity is not None:
        activity = (
            Activity.objects.for_user(request.auth).filter(pk=_id(payload.activity), zone_id=zone_id).first()
        )
        if activity is None:
            raise _field("activity", "活动不存在或不在您的范围内")
    data = payload.dict(exclude={"team", "industry", "owner", "activity"})
    try:
        lead = svc.lead_create(
            actor=request.auth,
            zone_id=zone_id,
            team=team,
            industry=industry,
            owner=owner,
            activity=activity,
            **data,
        )
    except svc.DuplicateLead as e:
        visible = Lead.objects.for_user(request.auth).filter(pk=e.existing.pk).exists()
        return 409, {
            "status": 409,
            "title": e.message,
            "existing": e.existing.pk if visible else 0,
            "by": e.by,
        }
    return 201, lead


def _transition(op: str, summary: str, schema):
    def view(request, pk: int, payload: schema):  # type: ignore[valid-type]
        lead = _lead(request, pk)
        d = payload.dict()
        if op == "move":
            return svc.lead_move(
                actor=request.auth,
                lead=lead,
                target=d["target"],
                on=d["on"],
                skipped_dates=d["skipped_dates"],
                reason=d["reason"],
                note=d["note"],
                expected_version=d["version"],
            )
        if op == "lose":
            return svc.lead_lose(
                actor=request.auth, lead=lead, reason=d["reason"], expected_version=d["version"]
            )
        if op == "reopen":
            return svc.lead_reopen(
                actor=request.auth, lead=lead, note=d.get("reason", ""), expected_version=d["version"]
            )
        if op == "request_exception":
            return svc.lead_request_exception(actor=request.auth, lead=lead, reason=d["reason"])
        if op == "approve_exception":
            return svc.lead_approve_exception(actor=request.auth, lead=lead, reason=d["reason"])
        if op == "assign":
            owner = None
            if d["owner"] is not None:
                owner = (
                    Staff.objects.for_user(request.auth)
                    .filter(pk=_id(d["owner"]), zone_id=lead.zone_id)
                    .first()
                )
                if owner is None:
                    raise _field("owner", "负责人不存在或不在您的范围内")
            return svc.lead_assign(actor=request.auth, lead=lead, owner=owner, expected_version=d["version"])
        raise AssertionError(op)

    view.__name__ = f"lead_{op}"
    router.post(
        f"/leads/{{int:pk}}/{op}", response=LeadOut, operation_id=f"investment_lead_{op}", summary=summary
    )(view)


_transition("move", "Move a lead forward (a jump needs the skipped stages' dates or a reason)", MoveIn)
_transition("lose", "Mark a lead lost, with the reason", ReasonIn)
_transition("reopen", "Work a lost lead again", ReasonIn)
_transition("assign", "Name the lead's owner (a member of its team, within capacity)", AssignIn)
_transition("request_exception", "Ask the leaders to keep a non-fitting lead", ReasonIn)
_transition("approve_exception", "A leader keeps a non-fitting lead in the active list", ReasonIn)


@router.post(
    "/leads/{int:pk}/records",
    response={201: LogOut},
    operation_id="investment_lead_record",
    summary="A follow-up record",
)
def lead_record(request, pk: int, payload: RecordIn):
    return 201, svc.lead_record(
        actor=request.auth, lead=_lead(request, pk), kind=payload.kind, text=payload.text, on=payload.on
    )


# --- activities ------------------------------------------------------------------------------------------
@router.get(
    "/activities",
    response=list[ActivityOut],
    operation_id="investment_activity_list",
    summary="Activities in reach",
)
@paginate(Page)
def activity_list(request, start: dt.date | None = None, end: dt.date | None = None):
    if not can(request.auth, "view", Activity):
        raise PermissionDenied
    qs = Activity.objects.for_user(request.auth).prefetch_related("leads").order_by("-on", "-id")
    if start:
        qs = qs.filter(on__gte=start)
    if end:
        qs = qs.filter(on__lte=end)
    return qs


@router.post(
    "/activities",
    response={201: ActivityOut},
    operation_id="investment_activity_create",
    summary="Log a visit, a stationed day or a fair",
)
def activity_create(request, payload: ActivityIn):
    if not can(request.auth, "create", Activity):
        raise PermissionDenied
    zone_id = _work_zone(request)
    team = InvestmentTeam.objects.for_user(request.auth).filter(pk=_id(payload.team), zone_id=zone_id).first()
    if team is None:
        raise _field("team", "小分队不存在或不在您的范围内")
    if any(check_id(x) is None for x in payload.leads):
        raise _field("leads", "所选线索不存在或不在您的范围内")
    leads = list(Lead.objects.for_user(request.auth).filter(pk__in=payload.leads))
    if len(leads) != len(set(payload.leads)):
        raise _field("leads", "所选线索不存在或不在您的范围内")
    data = payload.dict(exclude={"team", "leads"})
    return 201, svc.activity_create(actor=request.auth, team=team, leads=leads, **data)


# --- contracts -------------------------------------------------------------------------------------------
@router.get(
    "/contracts",
    response=list[ContractOut],
    operation_id="investment_contract_list",
    summary="Contracts in reach",
)
@paginate(Page)
def contract_list(request, start: dt.date | None = None, end: dt.date | None = None):
    if not can(request.auth, "view", Contract):
        raise PermissionDenied
    qs = Contract.objects.for_user(request.auth).order_by("-signed_on", "-id")
    if start:
        qs = qs.filter(signed_on__gte=start)
    if end:
        qs = qs.filter(signed_on__lte=end)
    return qs


@router.get(
    "/contracts/{int:pk}",
    response=ContractOut,
    operation_id="investment_contract_get",
    summary="One contract",
)
def contract_get(request, pk: int):
    return get_object_or_404(Contract.objects.for_user(request.auth), pk=_id(pk))


@router.post(
    "/contracts",
    response={201: ContractOut},
    operation_id="investment_contract_sign",
    summary="Sign a contract: creates the project and hands it to the build phase",
)
def contract_sign(request, payload: ContractIn):
    if not can(request.auth, "create", Contract):
        raise PermissionDenied
    lead = Lead.objects.for_user(request.auth).filter(pk=_id(payload.lead)).first()
    if lead is None:
        raise _field("lead", "线索不存在或不在您的范围内")
    project = None
    if payload.project is not None:
        project = Project.objects.for_user(request.auth).filter(pk=_id(payload.project)).first()
        if project is None:
            raise _field("project", "项目不存在或不在您的范围内")
    data = payload.dict(exclude={"lead", "project"})
    return 201, svc.contract_sign(actor=request.auth, lead=lead, project=project, **data)


@router.post(
    "/contracts/{int:pk}/funds",
    response=ContractOut,
    operation_id="investment_contract_funds",
    summary="Record the funds arrived (到位资金)",
)
def contract_funds(request, pk: int, payload: FundsIn):
    contract = get_object_or_404(Contract.objects.for_user(request.auth), pk=_id(pk))
    return svc.contract_record_funds(
        actor=request.auth, contract=contract, funds_arrived=payload.funds_arrived
    )


# --- analytics -------------------------------------------------------------------------------------------
def _rows(rows):
    return [
        {
            "stage": r.stage,
            "reached": r.reached,
            "conversion": r.conversion,
            "overall": r.overall,
            "avg_days": r.avg_days,
        }
        for r in rows
    ]


@router.get(
    "/funnel",
    response=FunnelOut,
    operation_id="investment_funnel",
    summary="The funnel: counts, conversion, time in stage",
)
def funnel(request, zone: int | None = None, year: int | None = None, by: str = "team"):
    if not can(request.auth, "view", Lead):
        raise PermissionDenied
    if year is not None and not 2000 <= year <= 2100:
        raise _field("year", "年度须在2000–2100之间")
    if by not in selectors.GROUPS:
        raise _field("by", "分组须为 team、source、industry 或 owner")
    z = _zone(request, zone)
    data = selectors.funnel_data(user=request.auth, zone_id=z.pk, year=year, by=by)
    return {
        "zone": z.pk,
        "leads": data["totals"]["leads"],
        "lost": data["totals"]["lost"],
        "rows": _rows(data["rows"]),
        "groups": [
            {"key": str(g.key), "label": g.label, "leads": g.totals["leads"], "rows": _rows(g.rows)}
            for g in data["groups"]
        ],
    }


@router.get(
    "/leaderboard",
    response=BoardOut,
    operation_id="investment_leaderboard",
    summary="The internal competition",
)
def leaderboard(
    request, zone: int | None = None, period: str = "year", on: dt.date | None = None, by: str = "team"
):
    if not can(request.auth, "view", Contract):
        raise PermissionDenied
    if period not in Period.values:
        raise _field("period", "周期须为 month、quarter、half 或 year")
    z = _zone(request, zone)
    board = selectors.leaderboard(
        zone_id=z.pk,
        period=period,
        anchor=on or timezone.localdate(),
        by="officer" if by == "officer" else "team",
    )
    return {
        "zone": z.pk,
        "period": period,
        "start": board["start"],
        "end": board["end"],
        "label": board["label"],
        "rows": [
            {
                "rank": r.rank,
                "key": r.key,
                "label": r.label,
                "total": r.total,
                "values": r.values,
                "scores": r.scores,
            }
            for r in board["rows"]
        ],
    }


@router.get(
    "/figures",
    response=FiguresOut,
    operation_id="investment_figures",
    summary="Signed projects and investment in a period",
)
def figures(request, start: dt.date, end: dt.date, zone: int | None = None):
    if not can(request.auth, "view", Contract):
        raise PermissionDenied
    z = _zone(request, zone)
    data = selectors.figures(zone_id=z.pk, start=start, end=end)
    t = data["totals"]
    return {
        "zone": z.pk,
        "start": start,
        "end": end,
        "signed": t["signed"],
        "investment": t["investment"],
        "over_1_yi": t["over_1_yi"],
        "over_10_yi": t["over_10_yi"],
        "big": [b["project_name"] for b in data["big"]],
    }
