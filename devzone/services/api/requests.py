"""Requests (企业诉求): the lists, one request with its thread, raising one, and its moves (declared once in
``services.actions.REQUEST_ACTIONS``, the same as the page's buttons; operation ids
``service_request_<move>``)."""

from typing import Literal

from ninja import Status

from devzone.core.access import require_right
from devzone.core.filters import api_rows
from devzone.core.schemas import Search, list_operation
from devzone.services import filters, selectors
from devzone.services.actions import REQUEST_ACTIONS
from devzone.services.api.common import in_reach, router
from devzone.services.api.schemas import RequestDetailOut, RequestIn, RequestOut
from devzone.services.choices import RequestCategory, RequestStatus
from devzone.services.models import ServiceRequest
from devzone.services.services import requests as request_svc

# The status filter (services.filters.RequestFilter): a status, or open (not yet answered), or overdue.
RequestListStatus = Literal[(filters.OPEN, filters.OVERDUE, *RequestStatus.values)]


def _request(request, pk: int) -> ServiceRequest:
    return in_reach(request, selectors.request_list(user=request.auth), pk)


@list_operation(
    router, "/requests", RequestOut, operation_id="service_request_list", summary="Requests in reach"
)
def service_request_list(
    request,
    status: RequestListStatus | None = None,
    category: RequestCategory | None = None,
    q: Search | None = None,
    queue: bool = False,
):
    require_right(request.auth, "view", ServiceRequest)
    qs = selectors.request_queue(user=request.auth) if queue else selectors.request_list(user=request.auth)
    return api_rows(filters.RequestFilter, request, qs)


@router.get(
    "/requests/{int:pk}",
    response=RequestDetailOut,
    operation_id="service_request_get",
    summary="One request with its thread",
)
def service_request_get(request, pk: int):
    return _request(request, pk)


@router.post(
    "/requests",
    response={201: RequestOut},
    operation_id="service_request_create",
    summary="An enterprise raises a request",
)
def service_request_create(request, payload: RequestIn):
    return Status(201, request_svc.request_submit(actor=request.auth, **payload.dict()))


REQUEST_ACTIONS.mount(
    router, path="/requests/{int:pk}", load=_request, response=RequestOut, prefix="service_request"
)
