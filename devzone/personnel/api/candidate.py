"""考生更正个人信息: the candidate's own profile (the portal's 更正个人信息)."""

from django.core.exceptions import PermissionDenied

from devzone.personnel.api.common import router
from devzone.personnel.models import Candidate
from devzone.personnel.schemas import CandidateProfileIn, CandidateProfileOut
from devzone.personnel.services import candidates as candidate_svc


def _own_candidate(request) -> Candidate:
    candidate = Candidate.objects.for_user(request.auth, "change").filter(user_id=request.auth.pk).first()
    if candidate is None:
        raise PermissionDenied
    return candidate


def candidate_profile_out(c: Candidate) -> dict:
    return {
        **{k: getattr(c, k) for k in CandidateProfileOut.model_fields if k not in ("locked", "held")},
        "locked": None,  # nothing holds the profile any more (docs/personnel.md, 资料更正)
        "held": candidate_svc.held_notice(candidate_svc.held_registrations(c)),
    }


@router.get(
    "/candidate/profile",
    response=CandidateProfileOut,
    operation_id="personnel_candidate_profile_get",
    summary="The candidate's own profile (identity and phone numbers masked)",
)
def candidate_profile_get(request):
    return candidate_profile_out(_own_candidate(request))


@router.put(
    "/candidate/profile",
    response=CandidateProfileOut,
    operation_id="personnel_candidate_profile_update",
    summary="The candidate corrects their profile (not the verified name or identity number); a registration "
    "screened on the old facts keeps them until the recruiting unit re-reviews the correction",
)
def candidate_profile_update(request, payload: CandidateProfileIn):
    row = candidate_svc.candidate_update(
        actor=request.auth, candidate=_own_candidate(request), **payload.model_dump()
    )
    return candidate_profile_out(row)
