"""The planning API (/api/v1/planning): plans and the city's overlaps, schemes, scoring and publishing, with
the same services and scoping as the pages (another city's or zone's row is 404)."""

from django.urls import reverse
from ninja import Router, Status

from devzone.core.filters import api_rows
from devzone.core.schemas import Id, Mapped, Search, list_operation, whole
from devzone.core.services import service_arguments
from devzone.core.web import scoped_or_404
from devzone.planning import selectors, services
from devzone.planning.filters import AssessmentFilter
from devzone.planning.models import Assessment, IndustryPlan, Scheme
from devzone.planning.schemas import (
    AssessmentOut,
    AssessmentSchemeIn,
    AssessmentSchemeOut,
    AssessmentScoreIn,
    IndustryPlanIn,
    IndustryPlanOut,
    MapOut,
    PlanningProgressIn,
    PlanningTargetOut,
    PublishedOut,
    PublishIn,
    ValueResolveIn,
    ZoneExcludeIn,
)

router = Router(tags=["planning"])

# body fields that name a row: the services take them as ``<field>_id``
ROW_FIELDS = ("zone", "parent", "department", "into", "indicator")


def _arguments(payload) -> dict:
    """A request body as its service's keyword arguments (the same names, a row's field as ``<field>_id``)."""
    return service_arguments(payload.model_dump(), ids=ROW_FIELDS)


def plan_out(p: IndustryPlan) -> dict:
    return {
        "id": p.pk,
        "zone": p.zone_id,
        "zone_name": str(p.zone),
        "start_year": p.start_year,
        "end_year": p.end_year,
        "effective_on": p.effective_on,
        "industries": sorted(i.pk for i in p.industries.all()),
        "chain_note": p.chain_note,
        "targets": [
            {
                "year": t.year,
                "metric": t.metric,
                "target": t.target,
                "owner": t.owner,
                "done": t.done,
                "quarters": t.quarters,
            }
            for t in p.targets.all()
        ],
        "version": p.version,
    }


def scheme_out(s: Scheme) -> dict:
    return {
        **{k: getattr(s, k) for k in ("id", "year", "category", "name", "full_pool_fen", "basis", "version")},
        "indicators": [
            {"name": i.name, "weight": i.weight, "target": i.target, "source": i.source}
            for i in s.indicators.all()
        ],
    }


def assessment_out(a: Assessment) -> dict:
    return {
        **{
            k: getattr(a, k)
            for k in ("id", "quarter", "score", "rank", "pool_fen", "status", "excluded_reason", "version")
        },
        "scheme": a.scheme_id,
        "zone": a.zone_id,
        "zone_name": str(a.zone),
        "year": a.scheme.year,
        "values": [
            {
                "indicator": v.indicator_id,
                "name": v.indicator.name,
                "kind": v.kind,
                "value": v.value,
                "evidence": v.evidence,
            }
            for v in a.values.all()
        ],
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
    """Create a zone's plan, or change the one starting the same year at the ``version`` read (without it, or
    with a stale one: 409, as ``POST /schemes`` for an existing scheme)."""
    plan = services.plan_set(actor=request.auth, require_version=True, **_arguments(payload))
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
    s = services.scheme_set(actor=request.auth, **_arguments(payload))
    return Status(201, scheme_out(s))


@list_operation(
    router, "/assessments", AssessmentOut, operation_id="planning_assessment_list", summary="Assessments"
)
def assessment_list(
    request,
    scheme: Id | None = None,
    year: int | None = None,
    quarter: whole(0, 4) | None = None,
    zone: Id | None = None,
    q: Search | None = None,
):
    """Assessments in reach; by scheme (another city's: 404), year, quarter (0: the year), zone and a search of
    the zone's or scheme's name (planning.filters, as on the page)."""
    s = scoped_or_404(Scheme.objects, scheme, user=request.auth) if scheme is not None else None
    rows = api_rows(AssessmentFilter, request, selectors.assessments(request.auth, s))
    return Mapped(rows.prefetch_related("values__indicator"), assessment_out)


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
    "/schemes/{pk}/exclude",
    response=AssessmentOut,
    operation_id="planning_zone_exclude",
    summary="Leave a zone out of a period",
)
def zone_exclude(request, pk: int, payload: ZoneExcludeIn):
    """A zone left out of the period's assessment with the written reason (no score, rank or pool of the
    period); publishing is refused while a live zone of the category has neither a score nor such a decision."""
    return assessment_out(services.zone_exclude(actor=request.auth, scheme_id=pk, **_arguments(payload)))


@router.post(
    "/assessments/{pk}/resolve",
    response=AssessmentOut,
    operation_id="planning_value_resolve",
    summary="Resolve an indicator without platform data",
)
def value_resolve(request, pk: int, payload: ValueResolveIn):
    """An indicator the platform has no data for (``kind`` ``missing``: 不可评估, never scored as 0) in a zone's
    draft result: its value entered by hand with its source, or excluded for the zone with the reason (the
    other weights re-normalised to 100). Publishing the period is refused while one is left."""
    return assessment_out(services.value_resolve(actor=request.auth, assessment_id=pk, **_arguments(payload)))


@router.post(
    "/schemes/{pk}/publish", response=PublishedOut, operation_id="planning_publish", summary="Publish results"
)
def publish(request, pk: int, payload: PublishIn):
    return {"published": services.publish(actor=request.auth, scheme_id=pk, quarter=payload.quarter)}


# --- 机构改革 and 管委会+公司 -------------------------------------------------------------------

from devzone.core.models import Zone  # noqa: E402
from devzone.planning import institutions, printed  # noqa: E402
from devzone.planning.models import InternalBody  # noqa: E402
from devzone.planning.schemas import (  # noqa: E402
    BodyAbolishIn,
    BodyMergeIn,
    InstitutionCountsOut,
    InstitutionReformIn,
    InternalBodyIn,
    InternalBodyOut,
    ParkIn,
    ParkOut,
    ZonePartyIn,
    ZonePartyOut,
)


def body_out(b: InternalBody) -> dict:
    return {
        **{
            k: getattr(b, k)
            for k in (
                "id",
                "name",
                "function",
                "staff",
                "established_on",
                "established_doc",
                "end",
                "ended_on",
                "ended_doc",
                "version",
            )
        },
        "zone": b.zone_id,
        "department": b.department_id,
        "merged_into": b.merged_into_id,
    }


def _contract_out(row, kind: str) -> dict:
    return {
        "id": row.pk,
        "zone": row.zone_id,
        "name": row.name,
        "contract_no": row.contract_no,
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
        "responsibilities": row.responsibilities,
        "contract_file": reverse("planning:contract_download", args=[kind, row.pk])
        if row.contract_file
        else "",
    }


def party_out(p) -> dict:
    return {**_contract_out(p, "party"), "role": p.role, "credit_code": p.credit_code, "version": p.version}


def park_out(p) -> dict:
    return {
        **_contract_out(p, "park"),
        "kind": p.kind,
        "parent": p.parent_id,
        "operator": p.operator,
        "version": p.version,
    }


@router.get(
    "/institutions",
    response=InstitutionCountsOut,
    operation_id="planning_institution_counts",
    summary="Internal bodies before and after each zone's reform, city-wide",
)
def institution_counts(request):
    c = institutions.city_counts(request.auth)
    said = printed.for_user(request.auth)  # what the caller's city's reports printed; another city: ""
    return {
        "before": c.before,
        "after": c.after,
        "change_percent": c.change,
        "reported_change": printed.text(said, "institutions.change"),
        "reported_source": printed.source(said, "institutions.change"),
        "share_before": c.share_before,
        "share_after": c.share_after,
        "share_rise": c.rise,
        "reported_rise": printed.text(said, "institutions.front_line_rise"),
        "zones": [
            {
                "zone": r.zone.pk,
                "zone_name": str(r.zone),
                "reform_on": r.reform.reform_on if r.reform else None,
                "document": r.reform.document if r.reform else "",
                "before": r.before,
                "after": r.after,
                "change_percent": r.change,
                "share_before": r.share_before,
                "share_after": r.share_after,
                "share_rise": r.rise,
            }
            for r in c.zones
        ],
    }


@router.put(
    "/institutions/{zone_id}/reform",
    response=InstitutionCountsOut,
    operation_id="planning_reform_set",
    summary="Set a zone's reform date (the before/after cut)",
)
def reform_set(request, zone_id: int, payload: InstitutionReformIn):
    institutions.reform_set(actor=request.auth, zone_id=zone_id, **_arguments(payload))
    return institution_counts(request)


@list_operation(
    router,
    "/bodies",
    InternalBodyOut,
    operation_id="planning_body_list",
    summary="Internal bodies and history",
)
def body_list(request, zone: int | None = None):
    if zone is not None:
        scoped_or_404(Zone.objects, zone, user=request.auth)
    return Mapped(institutions.bodies(request.auth, zone), body_out)


@router.post(
    "/bodies", response={201: InternalBodyOut}, operation_id="planning_body_create", summary="Set up a body"
)
def body_create(request, payload: InternalBodyIn):
    b = institutions.body_create(actor=request.auth, **_arguments(payload))
    return Status(201, body_out(b))


@router.post(
    "/bodies/{pk}/merge", response=InternalBodyOut, operation_id="planning_body_merge", summary="Merge a body"
)
def body_merge(request, pk: int, payload: BodyMergeIn):
    return body_out(institutions.body_merge(actor=request.auth, body_id=pk, **_arguments(payload)))


@router.post(
    "/bodies/{pk}/abolish",
    response=InternalBodyOut,
    operation_id="planning_body_abolish",
    summary="Abolish a body",
)
def body_abolish(request, pk: int, payload: BodyAbolishIn):
    return body_out(institutions.body_abolish(actor=request.auth, body_id=pk, **_arguments(payload)))


def _rows_and_set(
    path, out_schema, in_schema, *, noun: str, list_summary: str, set_summary: str, rows, save, out
):
    """``GET path``, the rows in reach, and ``PUT path``, add or change one by its zone and name: a change
    names the row's ``version`` as read (none, or a stale one: 409)."""

    @list_operation(router, path, out_schema, operation_id=f"planning_{noun}_list", summary=list_summary)
    def row_list(request):
        return Mapped(rows(request.auth), out)

    @router.put(path, response=out_schema, operation_id=f"planning_{noun}_set", summary=set_summary)
    def row_set(request, payload: in_schema):
        return out(save(actor=request.auth, require_version=True, **_arguments(payload)))


_rows_and_set(
    "/parties",
    ZonePartyOut,
    ZonePartyIn,
    noun="party",
    list_summary="Zones' platform companies",
    set_summary="Set a zone's party",
    rows=institutions.parties,
    save=institutions.party_set,
    out=party_out,
)
_rows_and_set(
    "/parks",
    ParkOut,
    ParkIn,
    noun="park",
    list_summary="Parks run by enterprises",
    set_summary="Set a park",
    rows=institutions.parks,
    save=institutions.park_set,
    out=park_out,
)


@router.post(
    "/targets/{pk}/progress",
    response=PlanningTargetOut,
    operation_id="planning_target_progress",
    summary="An annual task's cumulative completion at the end of a quarter",
)
def target_progress(request, pk: int, payload: PlanningProgressIn):
    t = services.target_progress(actor=request.auth, target_id=pk, quarter=payload.quarter, done=payload.done)
    return {
        "id": t.pk,
        **{k: getattr(t, k) for k in ("year", "metric", "target", "owner", "done")},
        "quarters": t.quarters,
    }
