"""The secret ballot (no login)."""

from django.utils.translation import gettext as _
from ninja import Status
from ninja.errors import HttpError

from devzone.core.errors import DomainError
from devzone.performance import services as svc
from devzone.performance.api.common import router
from devzone.performance.ratelimit import vote_refused, wrong_code
from devzone.performance.schemas import BallotIn, BallotOut


@router.post(
    "/ballots",
    response={201: BallotOut},
    auth=None,
    operation_id="performance_ballot_cast",
    url_name="performance_ballot_cast",
)
def ballot_cast(request, payload: BallotIn):
    """Cast a secret ballot with a one-time code (no login; wrong codes rate-limited per address)."""
    if vote_refused(request):
        raise HttpError(429, str(_("尝试次数过多，请10分钟后再试")))
    try:
        valid = svc.ballot_cast(code=payload.code, scores=payload.scores)
    except DomainError as e:
        if "code" in e.errors:
            wrong_code(request)
        raise
    return Status(201, {"valid": valid})
