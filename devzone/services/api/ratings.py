"""好差评 ratings, their follow-ups (整改) and appeals (申诉). No output names the user who rated."""

from ninja import Status

from devzone.core.access import require_right
from devzone.core.filters import api_rows
from devzone.core.schemas import Mapped, list_operation
from devzone.services import filters, selectors
from devzone.services.actions import FOLLOWUP_ACTIONS
from devzone.services.api.common import in_reach, router
from devzone.services.api.schemas import (
    FollowUpOut,
    RateIn,
    RatingAppealDecideIn,
    RatingAppealIn,
    RatingAppealOut,
    RatingOut,
    appeal_out,
    followup_out,
    rating_out,
)
from devzone.services.choices import FollowUpStatus, RatingLevel, SubjectKind
from devzone.services.models import Appeal, FollowUp, Rating
from devzone.services.services import followups as follow_svc
from devzone.services.services import ratings as rating_svc
from devzone.services.services.common import service_arguments


@list_operation(
    router, "/ratings", RatingOut, operation_id="rating_list", summary="Ratings in reach (no rater)"
)
def rating_list(request, kind: SubjectKind | None = None, level: RatingLevel | None = None):
    require_right(request.auth, "view", Rating)
    qs = selectors.rating_list(user=request.auth).select_related("follow_up")
    qs = api_rows(filters.RatingFilter, request, qs)
    return Mapped(qs, lambda r: rating_out(r, request.auth))


@router.get("/ratings/{int:pk}", response=RatingOut, operation_id="rating_get", summary="One rating")
def rating_get(request, pk: int):
    return rating_out(in_reach(request, selectors.rating_list(user=request.auth), pk), request.auth)


@router.post(
    "/ratings",
    response={201: RatingOut},
    operation_id="rating_create",
    summary="The enterprise rates a service it received (好差评)",
)
def rating_create(request, payload: RateIn):
    rating = rating_svc.rate(actor=request.auth, **service_arguments(payload.dict(), subject_id="pk"))
    return Status(201, rating_out(rating, request.auth))


@list_operation(
    router, "/followups", FollowUpOut, operation_id="followup_list", summary="Follow-ups (整改) in reach"
)
def followup_list(request, status: FollowUpStatus | None = None):
    require_right(request.auth, "view", FollowUp)
    qs = selectors.followup_list(user=request.auth)
    qs = api_rows(filters.FollowUpFilter, request, qs)
    return Mapped(qs, lambda f: followup_out(f, request.auth))


def _follow(request, pk) -> FollowUp:
    follow = in_reach(request, selectors.followup_list(user=request.auth), pk)
    # whom ``followup_out`` answers (the moves mounted below pass it the row alone)
    follow.reader = request.auth
    return follow


@router.get("/followups/{int:pk}", response=FollowUpOut, operation_id="followup_get", summary="One follow-up")
def followup_get(request, pk: int):
    return followup_out(_follow(request, pk), request.auth)


# POST /followups/{pk}/callback and /followups/{pk}/rating (followup_callback, followup_rate); assigning a
# handler is a page-only move.
FOLLOWUP_ACTIONS.mount(
    router,
    path="/followups/{int:pk}",
    load=_follow,
    response=FollowUpOut,
    prefix="followup",
    only=("callback", "rate"),
    out=followup_out,
)


@list_operation(router, "/appeals", RatingAppealOut, operation_id="appeal_list", summary="Appeals in reach")
def appeal_list(request):
    require_right(request.auth, "view", Appeal)
    return Mapped(selectors.appeal_list(user=request.auth), appeal_out)


@router.get("/appeals/{int:pk}", response=RatingAppealOut, operation_id="appeal_get", summary="One appeal")
def appeal_get(request, pk: int):
    return appeal_out(in_reach(request, selectors.appeal_list(user=request.auth), pk))


@router.post(
    "/ratings/{int:pk}/appeal",
    response={201: RatingAppealOut},
    operation_id="appeal_create",
    summary="Appeal a bad rating",
)
def appeal_create(request, pk: int, payload: RatingAppealIn):
    rating = in_reach(request, selectors.rating_list(user=request.auth), pk)
    return Status(
        201, appeal_out(follow_svc.appeal_file(actor=request.auth, rating=rating, reason=payload.reason))
    )


@router.post(
    "/appeals/{int:pk}/decide",
    response=RatingAppealOut,
    operation_id="appeal_decide",
    summary="A leader decides an appeal",
)
def appeal_decide(request, pk: int, payload: RatingAppealDecideIn):
    appeal = in_reach(request, selectors.appeal_list(user=request.auth), pk)
    return appeal_out(
        follow_svc.appeal_decide(
            actor=request.auth, appeal=appeal, upheld=payload.upheld, decision=payload.decision
        )
    )
