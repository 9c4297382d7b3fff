"""The planning API (/api/v1/planning): plans and the city's overlaps, schemes, scoring and publishing, with
the same services and scoping as the pages (another city's or zone's row is 404)."""

from ninja import Router, Status

from devzone.core.schemas import Mapped, list_operation
from devzone.core.web import scoped_or_404
from devzone.planning import selectors, services
from devzone.planning.models import Assessment, IndustryPlan, Scheme
from devzone.planning.schemas import (
    AssessmentOut,
    AssessmentSchemeIn,
    AssessmentSchemeOut,
    AssessmentScoreIn,
    IndustryPlanIn,
    IndustryPlanOut,
    MapOut,
    PublishedOut,
    PublishIn,
)

router = Router(tags=["planning"])


def plan_out(p: IndustryPlan) -> dict:
    return {
        "id": p.pk,
        "zone": p.zone_id,
        "zone_name": str(p.zone),
        "start_year": p.start_year,
        "end_year": p.end_year,
        "industries": sorted(i.pk for i in p.industries.all()),
        "chain_note": p.chain_note,
        "targets": [
            {"year": t.year, "metric": t.metric, "target": t.target, "owner": t.owner, "done": t.done}
            for t in p.targets.all()
        ],
        "version": p.version,
    }


def scheme_out(s: Scheme) -> dict:
    return {
        **{k: getattr(s, k) for k in ("id", "year", "category", "name", "full_pool_fen", "basis")},
        "indicators": [
            {"name": i.name, "weight": i.weight, "target": i.target, "source": i.source}
            for i in s.indicators.all()
        ],
    }


def assessment_out(a: Assessment) -> dict:
    return {
        **{k: getattr(a, k) for k in ("id", "quarter", "score", "rank", "pool_fen", "status")},
        "scheme": a.scheme_id,
        "zone": a.zone_id,
        "zone_name": str(a.zone),
        "year": a.scheme.year,
    }


@list_operation(
    router, "/plans", IndustryPlanOut, operation_id="planning_plan_list", summary="Industry plans"
)
def plan_list(request):
    return Mapped(selectors.plans(request.auth), plan_out)


@router.put(
    "/plans", response=IndustryPlanOut, operation_id="planning_plan_set", summary="Set a zone's industry plan"
)
def plan_set(request, payload: IndustryPlanIn):
    plan = services.plan_set(
        actor=request.auth,
        zone_id=payload.zone,
        start_year=payload.start_year,
        end_year=payload.end_year,
        industries=payload.industries,
        chain_note=payload.chain_note,
        targets=[t.model_dump() for t in payload.targets],
        version=payload.version,
    )
    return plan_out(selectors.plans(request.auth).get(pk=plan.pk))


@router.get("/map", response=MapOut, operation_id="planning_map", summary="Overlaps and gaps of the city")
def city_map(request):
    m = selectors.city_map(request.auth)
    return {
        "overlaps": [{"industry": o.industry.pk, "zones": [z.pk for z in o.zones]} for o in m["overlaps"]],
        "gaps": [z.pk for z in m["gaps"]],
    }


@list_operation(
    router, "/schemes", AssessmentSchemeOut, operation_id="planning_scheme_list", summary="Schemes"
)
def scheme_list(request):
    return Mapped(selectors.schemes(request.auth), scheme_out)


@router.post(
    "/schemes",
    response={201: AssessmentSchemeOut},
    operation_id="planning_scheme_set",
    summary="Set a scheme",
)
def scheme_set(request, payload: AssessmentSchemeIn):
    s = services.scheme_set(
        actor=request.auth,
        year=payload.year,
        category=payload.category,
        name=payload.name,
        full_pool_fen=payload.full_pool_fen,
        basis=payload.basis,
        indicators=[i.model_dump() for i in payload.indicators],
    )
    return Status(201, scheme_out(s))


@list_operation(
    router, "/assessments", AssessmentOut, operation_id="planning_assessment_list", summary="Assessments"
)
def assessment_list(request, scheme: int | None = None):
    s = scoped_or_404(Scheme.objects, scheme, user=request.auth) if scheme is not None else None
    return Mapped(selectors.assessments(request.auth, s), assessment_out)


@router.post(
    "/schemes/{pk}/score", response=AssessmentOut, operation_id="planning_zone_score", summary="Score a zone"
)
def zone_score(request, pk: int, payload: AssessmentScoreIn):
    a = services.zone_score(
        actor=request.auth,
        scheme_id=pk,
        zone_id=payload.zone,
        quarter=payload.quarter,
        entered={str(e.indicator): {"value": e.value, "evidence": e.evidence} for e in payload.entered},
    )
    return assessment_out(a)


@router.post(
    "/schemes/{pk}/publish", response=PublishedOut, operation_id="planning_publish", summary="Publish results"
)
def publish(request, pk: int, payload: PublishIn):
    return {"published": services.publish(actor=request.auth, scheme_id=pk, quarter=payload.quarter)}
