"""The secret ballot (no login)."""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
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
    return ballot_answer(valid)


# ``{"valid": true}`` is one byte shorter than ``{"valid": false}``, and TLS keeps lengths: padded with the JSON
# whitespace allowed after the value, both answers have one length, so nobody on the path learns from it which
# device cast an invalid ballot (the voter alone is told).
BALLOT_ANSWER_LENGTH = len(json.dumps({"valid": False}))


def ballot_answer(valid: bool) -> HttpResponse:
    body = json.dumps({"valid": bool(valid)}).ljust(BALLOT_ANSWER_LENGTH)
    return HttpResponse(body, status=201, content_type="application/json")
