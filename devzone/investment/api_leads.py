"""The lead operations of the 大招商 API: list, one lead, its timeline, registration (409 with the existing lead
for a duplicate), the moves (``actions.LEAD_MOVES``) and follow-up records."""

from django.utils.translation import gettext as _
from ninja import Status

from devzone.core.access import require_right
from devzone.core.api_rows import named_row
from devzone.core.errors import DomainError
from devzone.core.filters import api_rows
from devzone.core.models import Industry, Staff
from devzone.core.schemas import Id, Search, list_operation
from devzone.investment import filters, selectors
from devzone.investment import services as svc
from devzone.investment.actions import LEAD_MOVES
from devzone.investment.api import lead_of, router, zone_and_team
from devzone.investment.models import Activity, Lead
from devzone.investment.schemas import DuplicateOut, LeadIn, LeadOut, LogOut, RecordIn, StageCode


@list_operation(router, "/leads", LeadOut, operation_id="investment_lead_list", summary="Leads in reach")
def lead_list(
    request,
    active: bool | None = None,
    stage: StageCode | None = None,
    team: Id | None = None,
    q: Search | None = None,
    owner: Search | None = None,
):
    require_right(request.user, "view", Lead)
    qs = selectors.lead_list(user=request.auth).order_by("last_activity_on", "id")
    return api_rows(filters.LeadFilter, request, qs)


@router.get("/leads/{int:pk}", response=LeadOut, operation_id="investment_lead_get", summary="One lead")
def lead_get(request, pk: int):
    return lead_of(request, pk)


@router.get(
    "/leads/{int:pk}/logs",
    response=list[LogOut],
    operation_id="investment_lead_logs",
    summary="A lead's timeline",
)
def lead_logs(request, pk: int):
    return list(lead_of(request, pk).logs.all()[:200])


@router.post(
    "/leads",
    response={201: LeadOut, 409: DuplicateOut},
    operation_id="investment_lead_create",
    summary="Register a lead (a firm already in the zone's pipeline answers 409 with the existing lead)",
)
def lead_create(request, payload: LeadIn):
    require_right(request.user, "create", Lead)
    zone_id, team = zone_and_team(request, payload.team)
    industry = Industry.objects.filter(pk=payload.industry, parent__isnull=False).first()
    if industry is None:
        raise DomainError.on("industry", _("行业代码须为GB/T 4754的大类"))
    owner = named_row(
        request, Staff, payload.owner, "owner", _("负责人不存在或不在您的范围内"), zone_id=zone_id
    )
    activity = named_row(
        request, Activity, payload.activity, "activity", _("活动不存在或不在您的范围内"), zone_id=zone_id
    )
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
        body = {"status": 409, "title": e.message, "existing": e.existing.pk if visible else 0, "by": e.by}
        return Status(409, body)
    return Status(201, lead)


# POST /leads/{pk}/<move> (operation ids investment_lead_<move>), answering the lead.
LEAD_MOVES.mount(router, path="/leads/{int:pk}", load=lead_of, response=LeadOut, prefix="investment_lead")


@router.post(
    "/leads/{int:pk}/records",
    response={201: LogOut},
    operation_id="investment_lead_record",
    summary="A follow-up record",
)
def lead_record(request, pk: int, payload: RecordIn):
    record = svc.lead_record(
        actor=request.auth, lead=lead_of(request, pk), kind=payload.kind, text=payload.text, on=payload.on
    )
    return Status(201, record)
