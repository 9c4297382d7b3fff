"""The API of 职能目录与权责清单 (/api/v1/powers): a zone's function catalog and power lists in the caller's scope
(the city officer's city, a zone's own), one list with its powers, and publishing a draft."""

from ninja import Router

from devzone.core.filters import api_rows
from devzone.core.schemas import Id, Mapped, Search, list_operation
from devzone.core.web import scoped_or_404
from devzone.powers import selectors, services
from devzone.powers.choices import Disposition, PowerKind
from devzone.powers.filters import FunctionFilter, PowerFilter, PowerListFilter
from devzone.powers.models import Function, PowerList
from devzone.powers.schemas import (
    PowersFunctionOut,
    PowersListDetailOut,
    PowersListOut,
    PowersPowerOut,
    PowersPublishIn,
)

router = Router(tags=["powers"])


def _function(f) -> dict:
    return {
        "id": f.pk,
        "zone": f.zone_id,
        **{k: getattr(f, k) for k in ("name", "disposition", "receiver", "decided_on", "decision_no")},
    }


def _power(p) -> dict:
    return {
        "id": p.pk,
        **{k: getattr(p, k) for k in ("kind", "name", "legal_basis", "accountability")},
        # a published or superseded version: the names it was published with; a draft: the live links
        "department": p.department_shown,
        "approval_items": [i["code"] for i in p.items_shown()],
    }


def _list(row, powers: bool = False) -> dict:
    out = {
        "id": row.pk,
        "zone": row.zone_id,
        **{k: getattr(row, k) for k in ("number", "status", "published_on", "version")},
    }
    if powers:
        out["powers"] = [_power(p) for p in row.powers.all()]
    return out


@list_operation(
    router, "/functions", PowersFunctionOut, operation_id="powers_function_list", summary="Function catalog"
)
def function_list(
    request, q: Search | None = None, disposition: Disposition | None = None, zone: Id | None = None
):
    """The catalog in reach; ``q`` searches the function, its receiver and the decision's number (powers.filters)."""
    qs = api_rows(FunctionFilter, request, Function.objects.for_user(request.auth))
    return Mapped(qs.order_by("zone", "disposition", "name"), _function)


@list_operation(
    router, "/lists", PowersListOut, operation_id="powers_list_list", summary="Power list versions"
)
def list_list(request, zone: Id | None = None):
    qs = api_rows(PowerListFilter, request, PowerList.objects.for_user(request.auth))
    return Mapped(qs.order_by("zone", "-number"), _list)


@router.get(
    "/lists/{pk}", response=PowersListDetailOut, operation_id="powers_list_get", summary="One version"
)
def list_get(request, pk: int):
    return _list(
        scoped_or_404(selectors.list_with_powers(request.auth, pk), pk, user=request.auth), powers=True
    )


@list_operation(
    router,
    "/lists/{pk}/powers",
    PowersPowerOut,
    operation_id="powers_power_list",
    summary="One version's powers, filtered",
)
def power_list(request, pk: int, q: Search | None = None, kind: PowerKind | None = None):
    """``q`` searches the power, its legal basis and its department (powers.filters), as the version's page does."""
    row = scoped_or_404(selectors.lists(request.auth), pk, user=request.auth)
    return Mapped(api_rows(PowerFilter, request, selectors.powers_of(row)), _power)


@router.post(
    "/lists/{pk}/publish",
    response=PowersListDetailOut,
    operation_id="powers_list_publish",
    summary="Publish a draft (the version it replaces is superseded, kept readable)",
)
def list_publish(request, pk: int, payload: PowersPublishIn):
    """``version`` is required: the draft's version the caller read (``GET /lists/{pk}``); a draft changed since
    is refused (409)."""
    row = scoped_or_404(PowerList.objects, pk, user=request.auth, action="change")
    services.list_publish(actor=request.auth, power_list=row, version=payload.version)
    return list_get(request, pk)
