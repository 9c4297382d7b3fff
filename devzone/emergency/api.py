"""The 应急保障 API (/api/v1/emergency): campaigns (their start and their close), needs (submitted again: changed;
withdrawn, trimmed, adjusted, reclassified), allocation runs, allocations,
deliveries and the firms' plans, with the same services and scoping as the pages (another city's or zone's row
is 404)."""

from ninja import Query, Router, Status

from devzone.core.access import reach_of
from devzone.core.filters import api_rows
from devzone.core.schemas import Mapped, list_operation
from devzone.core.services import service_arguments
from devzone.core.web import scoped_or_404
from devzone.emergency import selectors, services
from devzone.emergency.actions import CAMPAIGN_ACTIONS, NEED_ACTIONS
from devzone.emergency.filters import AllocationFilter, NeedFilter
from devzone.emergency.models import Allocation, AllocationRun, Campaign, Delivery, FirmPlan, Need
from devzone.emergency.schemas import (
    EmergencyAllocateIn,
    EmergencyAllocationOut,
    EmergencyCampaignOut,
    EmergencyCampaignStartIn,
    EmergencyDeliveryIn,
    EmergencyDeliveryOut,
    EmergencyNeedIn,
    EmergencyNeedOut,
    EmergencyPlanIn,
    EmergencyPlanOut,
    EmergencyRowsFilter,
    EmergencyRunOut,
)

router = Router(tags=["emergency"])


def campaign_out(c: Campaign) -> dict:
    return {
        **{k: getattr(c, k) for k in ("id", "name", "kind", "status", "starts_on", "ends_on")},
        "zone": c.zone_id,
        "classes": [{"id": k.pk, "rank": k.rank, "name": k.name, "rule": k.rule} for k in c.classes.all()],
        "supplies": [
            {
                "id": s.pk,
                "name": s.name,
                "unit": s.unit,
                "stock": s.stock,
                "allocated": s.allocated,
                "version": s.version,
            }
            for s in c.supplies.all()
        ],
    }


def need_out(n: Need) -> dict:
    return {
        **{
            k: getattr(n, k)
            for k in (
                "id",
                "quantity",
                "allocated",
                "use",
                "evidence",
                "priority_corrected",
                "status",
                "version",
            )
        },
        "campaign": n.campaign_id,
        "enterprise": n.enterprise_id,
        "enterprise_name": n.enterprise.name,
        "zone": n.zone_id,
        "supply": n.supply_id,
        "priority": n.priority_id,
    }


def run_out(r: AllocationRun) -> dict:
    return {
        **{k: getattr(r, k) for k in ("id", "quantity", "rule", "inputs", "run_at")},
        "campaign": r.campaign_id,
        "supply": r.supply_id,
    }


def allocation_out(a: Allocation) -> dict:
    return {
        **{k: getattr(a, k) for k in ("id", "quantity", "delivered", "version")},
        "run": a.run_id,
        "need": a.need_id,
        "enterprise": a.need.enterprise_id,
        "zone": a.zone_id,
    }


def delivery_out(d: Delivery) -> dict:
    return {
        **{k: getattr(d, k) for k in ("id", "quantity", "delivered_on", "note")},
        "allocation": d.allocation_id,
    }


def plan_out(p: FirmPlan) -> dict:
    return {
        **{k: getattr(p, k) for k in ("id", "text", "contact", "status", "version")},
        "campaign": p.campaign_id,
        "enterprise": p.enterprise_id,
        "zone": p.zone_id,
    }


@list_operation(
    router, "/campaigns", EmergencyCampaignOut, operation_id="emergency_campaign_list", summary="Campaigns"
)
def campaign_list(request):
    user = request.auth
    qs = (
        selectors.open_for_enterprise(user)
        if reach_of(user).kind == "enterprise"
        else selectors.campaigns(user)
    )
    return Mapped(qs.prefetch_related("classes", "supplies"), campaign_out)


@router.post(
    "/campaigns",
    response={201: EmergencyCampaignOut},
    operation_id="emergency_campaign_start",
    summary="Start a campaign of the caller's city (or of one zone of it) with its priority classes and supplies",
)
def campaign_start(request, payload: EmergencyCampaignStartIn):
    """The service of the page's 发起行动: the city's officer only (403), a zone out of reach 404, refused input
    400 with every field's message; the zones it reaches are told."""
    c = services.campaign_start(actor=request.auth, **service_arguments(payload.model_dump(), ids=("zone",)))
    return Status(201, campaign_out(c))


def _row_of(model):
    """How an action's route loads its row: in the caller's reach, else 404."""
    return lambda request, pk: scoped_or_404(model.objects, pk, user=request.auth)


# POST /campaigns/{pk}/close (emergency_campaign_close): the service decides who may (404 out of reach, 403)
CAMPAIGN_ACTIONS.mount(
    router,
    path="/campaigns/{int:pk}",
    load=_row_of(Campaign),
    response=EmergencyCampaignOut,
    prefix="emergency_campaign",
    out=campaign_out,
)


@list_operation(router, "/needs", EmergencyNeedOut, operation_id="emergency_need_list", summary="Needs")
def need_list(request, filters: Query[EmergencyRowsFilter]):
    """Needs in reach; ``q`` searches the enterprise's name or credit code (emergency.filters)."""
    qs = api_rows(NeedFilter, request, selectors.needs(request.auth))
    return Mapped(qs.order_by("pk"), need_out)


@router.post(
    "/needs",
    response={201: EmergencyNeedOut, 200: EmergencyNeedOut},
    operation_id="emergency_need_submit",
    summary="Submit a need: 201 with the need created, or 200 with the firm's open need of the supply, changed "
    "(or as it was, when the same need is sent again)",
)
def need_submit(request, payload: EmergencyNeedIn):
    n, created = services.need_put(
        actor=request.auth,
        campaign_id=payload.campaign,
        enterprise_id=payload.enterprise,
        **services.need_arguments(payload.model_dump()),
    )
    return Status(201 if created else 200, need_out(n))


# POST /needs/{pk}/withdraw, /trim, /adjust, /reclassify (emergency_need_<action>): the services decide who may
# (404 out of reach, 403) and refuse every change once the campaign no longer collects needs
NEED_ACTIONS.mount(
    router,
    path="/needs/{int:pk}",
    load=_row_of(Need),
    response=EmergencyNeedOut,
    prefix="emergency_need",
    out=need_out,
)


@router.post(
    "/supplies/{pk}/allocate",
    response={201: EmergencyRunOut},
    operation_id="emergency_allocate",
    summary="Allocate a supply by the campaign's rule",
)
def allocate(request, pk: int, payload: EmergencyAllocateIn):
    return Status(
        201,
        run_out(
            services.allocate(
                actor=request.auth, supply_id=pk, quantity=payload.quantity, version=payload.version
            )
        ),
    )


@list_operation(
    router,
    "/allocations",
    EmergencyAllocationOut,
    operation_id="emergency_allocation_list",
    summary="Allocations",
)
def allocation_list(request, filters: Query[EmergencyRowsFilter]):
    """Allocations in reach, by the need's enterprise, campaign, supply and priority (emergency.filters)."""
    qs = api_rows(AllocationFilter, request, selectors.allocations(request.auth))
    return Mapped(qs.order_by("pk"), allocation_out)


@router.post(
    "/allocations/{pk}/deliveries",
    response={201: EmergencyDeliveryOut},
    operation_id="emergency_deliver",
    summary="Record a delivery",
)
def deliver(request, pk: int, payload: EmergencyDeliveryIn):
    d = services.deliver(actor=request.auth, allocation_id=pk, **payload.model_dump())
    return Status(201, delivery_out(d))


@list_operation(
    router, "/deliveries", EmergencyDeliveryOut, operation_id="emergency_delivery_list", summary="Deliveries"
)
def delivery_list(request):
    return Mapped(selectors.deliveries(request.auth).order_by("pk"), delivery_out)


@list_operation(router, "/plans", EmergencyPlanOut, operation_id="emergency_plan_list", summary="Firm plans")
def plan_list(request):
    return Mapped(selectors.plans(request.auth).order_by("pk"), plan_out)


@router.put(
    "/plans", response=EmergencyPlanOut, operation_id="emergency_plan_set", summary="Set a firm's plan"
)
def plan_set(request, payload: EmergencyPlanIn):
    p = services.plan_set(
        actor=request.auth, **service_arguments(payload.model_dump(), ids=("campaign", "enterprise"))
    )
    return plan_out(p)
