"""Scheme versions."""

from ninja import Status

from devzone.core.web import scoped_or_404
from devzone.performance import selectors
from devzone.performance import services as svc
from devzone.performance.api.common import router, zone_of
from devzone.performance.schemas import SchemeIn, SchemeOut


@router.get("/schemes", response=list[SchemeOut], operation_id="performance_scheme_list")
def scheme_list(request):
    return list(selectors.scheme_list(user=request.user))


@router.get("/schemes/{pk}", response=SchemeOut, operation_id="performance_scheme_get")
def scheme_get(request, pk: int):
    return scoped_or_404(selectors.scheme_list(user=request.user), pk, user=request.user)


@router.post("/schemes", response={201: SchemeOut}, operation_id="performance_scheme_create")
def scheme_create(request, payload: SchemeIn):
    data = payload.dict(exclude_none=True)
    if "small_excellent_from" in payload.model_fields_set and payload.small_excellent_from is None:
        data["small_excellent_from"] = None  # an explicit null switches the small-department rule off
    zone = zone_of(request, data.pop("zone"))
    return Status(201, svc.scheme_create(actor=request.user, zone=zone, **data))
