"""The enterprise file (everything the zone did for one enterprise), its 一企一策 (plan and measures), and the
zone's routing table and service settings."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Status

from devzone.core.access import reach_of, require_right
from devzone.core.errors import check_id
from devzone.core.models import Enterprise, Zone
from devzone.services import enterprise_file as files
from devzone.services import selectors
from devzone.services.api.common import in_reach, router
from devzone.services.api.schemas import (
    EnterpriseFileOut,
    MeasureIn,
    MeasureStatusIn,
    PlanOut,
    RoutingIn,
    RoutingOut,
    SettingsIO,
    SupportPlanIn,
    plan_out,
    rating_out,
)
from devzone.services.models import RoutingRule, ServiceSettings, SupportMeasure, SupportPlan
from devzone.services.services import plans as plan_svc
from devzone.services.services.common import service_arguments


def _zone_staff(request, model):
    """The caller's reach, when zone staff who may read ``model`` (the zone's routing and settings)."""
    r = reach_of(request.auth)
    if r.kind != "zone":
        raise PermissionDenied
    require_right(request.auth, "view", model)
    return r


def _plan(request, enterprise_pk: int) -> SupportPlan:
    """The enterprise's plan in the caller's reach, else 404 (an id no row can have included)."""
    if check_id(enterprise_pk) is None:
        raise Http404
    plan = selectors.support_plan_get(user=request.auth, enterprise=enterprise_pk)
    if plan is None:
        raise Http404
    return plan


@router.get(
    "/enterprises/{int:pk}/file",
    response=EnterpriseFileOut,
    operation_id="enterprise_file",
    summary="Everything the zone did for one enterprise",
)
def enterprise_file(request, pk: int):
    enterprise = in_reach(request, Enterprise.objects, pk)
    data = files.enterprise_file(user=request.auth, enterprise=enterprise)
    plan = data["plan"]
    return {
        "enterprise": enterprise.pk,
        "name": enterprise.name,
        "projects": [
            {
                "id": row["project"].pk,
                "name": row["project"].name,
                "phase": row["project"].phase,
                "signed_on": row["project"].signed_on,
                "status": row["tracking"].status if row["tracking"] else None,
                "milestones_reached": row["reached"],
                "milestones_total": row["total"],
                "next_milestone": row["tracking"].next_milestone if row["tracking"] else None,
                "next_milestone_on": row["tracking"].next_milestone_on if row["tracking"] else None,
            }
            for row in data["projects"]
        ],
        "applications": [
            {
                "id": a.pk,
                "item": a.item.name,
                "project": a.project.name,
                "status": a.status,
                "concluded_on": a.concluded_on,
            }
            for a in data["applications"]
        ],
        "requests": data["requests"],
        # the file names the enterprise: only the ratings whose enterprise the caller may know (docs/services.md)
        "ratings": [rating_out(r, request.auth) for r in data["ratings"]],
        "problems": [{"id": p.pk, "title": p.title, "status": p.status} for p in data["problems"]],
        "visits": len(data["visits"]),
        "plan_summary": plan.summary if plan else None,
        "measures": data["measures"],
    }


@router.put(
    "/enterprises/{int:pk}/plan",
    response=PlanOut,
    operation_id="support_plan_save",
    summary="Create or edit an enterprise's 一企一策",
)
def support_plan_save(request, pk: int, payload: SupportPlanIn):
    enterprise = in_reach(request, Enterprise.objects, pk)
    plan = plan_svc.plan_save(actor=request.auth, enterprise=enterprise, **service_arguments(payload.dict()))
    return plan_out(plan)


@router.post(
    "/enterprises/{int:pk}/measures",
    response={201: PlanOut},
    operation_id="support_measure_add",
    summary="Add a measure to the plan",
)
def support_measure_add(request, pk: int, payload: MeasureIn):
    plan = _plan(request, pk)
    plan_svc.measure_add(actor=request.auth, plan=plan, **service_arguments(payload.dict()))
    plan.refresh_from_db()
    return Status(201, plan_out(plan))


@router.post(
    "/measures/{int:pk}",
    response=PlanOut,
    operation_id="support_measure_update",
    summary="Move a measure's status",
)
def support_measure_update(request, pk: int, payload: MeasureStatusIn):
    measure = in_reach(request, SupportMeasure.objects, pk)
    plan_svc.measure_update(actor=request.auth, measure=measure, **service_arguments(payload.dict()))
    return plan_out(in_reach(request, SupportPlan.objects, measure.plan_id))


def _routing_out(rule: RoutingRule) -> dict:
    return {"category": rule.category, "department": rule.department_id, "deadline_days": rule.deadline_days}


@router.get(
    "/routing", response=list[RoutingOut], operation_id="routing_list", summary="The zone's routing table"
)
def routing_list(request):
    _zone_staff(request, RoutingRule)
    return [_routing_out(r) for r in RoutingRule.objects.for_user(request.auth)]


@router.put("/routing", response=RoutingOut, operation_id="routing_set", summary="A leader routes a category")
def routing_set(request, payload: RoutingIn):
    return _routing_out(plan_svc.routing_set(actor=request.auth, **service_arguments(payload.dict())))


@router.get(
    "/settings",
    response=SettingsIO,
    operation_id="service_settings_get",
    summary="The zone's service settings",
)
def service_settings_get(request):
    r = _zone_staff(request, ServiceSettings)
    return selectors.settings_values(selectors.settings_for(in_reach(request, Zone.objects, r.zone_id)))


@router.put(
    "/settings",
    response=SettingsIO,
    operation_id="service_settings_update",
    summary="A leader changes the settings",
)
def service_settings_update(request, payload: SettingsIO):
    conf = plan_svc.settings_set(actor=request.auth, values=payload.dict())
    return selectors.settings_values(conf)
