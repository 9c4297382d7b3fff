"""The personnel API: campaigns, openings, registrations and statistics, and the same moves as the pages
(``personnel.actions``: screen, resubmit, withdraw and the hiring steps of a registration; the opening's ratio;
publish, close and tickets of a campaign), with apply, score entry, shortlist and rank. Rows load through
``for_user``: another zone's registration is 404, and a candidate reaches only their own."""

from ninja import Router, Status

from devzone.core.filters import api_rows
from devzone.core.schemas import Mapped, list_operation
from devzone.core.web import scoped_or_404
from devzone.personnel import filters, selectors
from devzone.personnel.actions import CAMPAIGN_ACTIONS, OPENING_ACTIONS, REGISTRATION_ACTIONS
from devzone.personnel.models import Opening, RecruitmentCampaign, Registration
from devzone.personnel.schemas import (
    ApplyIn,
    CampaignOut,
    HiresOut,
    OpeningOut,
    RecruitmentStatisticsOut,
    RegistrationOut,
    ScoreIn,
    ScoreOut,
)
from devzone.personnel.services import exams
from devzone.personnel.services import registrations as reg_svc

router = Router(tags=["personnel"])


def registration_out(r: Registration, viewer=None) -> dict:
    """A registration as the API shows it: to staff (``viewer`` of the zone or city) every score as entered, to
    the candidate — and in the answer of a move, where no viewer is given — only the published results."""
    c = r.candidate
    staff = viewer is not None and viewer.pk != c.user_id
    return {
        **{
            k: getattr(r, k)
            for k in RegistrationOut.model_fields
            if hasattr(r, k) and k not in ("campaign", "opening")
        },
        **({} if staff else r.published_results()),
        "campaign": r.campaign_id,
        "opening": r.opening_id,
        "candidate_name": c.name,
        "id_masked": c.id_masked,
        "education": c.education,
        "double_first_class": c.double_first_class,
        "hire_steps": [
            {k: getattr(h, k) for k in ("kind", "outcome", "on", "publicity_until", "concluded_on", "note")}
            for h in r.hire_steps.all()
        ],
    }


def opening_out(o: Opening) -> dict:
    return {
        **{k: getattr(o, k) for k in ("id", "code", "title", "headcount", "final_headcount", "status")},
        "campaign": o.campaign_id,
        "zone": o.zone_id,
        "applicants": o.applicants,
        "qualified": o.qualified,
    }


@list_operation(
    router, "/campaigns", CampaignOut, operation_id="personnel_campaign_list", summary="Campaigns"
)
def campaign_list(request):
    return RecruitmentCampaign.objects.for_user(request.auth).order_by("-registration_opens", "pk")


def _campaign(request, pk: int) -> RecruitmentCampaign:
    return scoped_or_404(RecruitmentCampaign.objects, pk, user=request.auth, action="change")


CAMPAIGN_ACTIONS.mount(
    router, path="/campaigns/{pk}", load=_campaign, response=CampaignOut, prefix="personnel_campaign"
)


@router.get(
    "/campaigns/{pk}/statistics",
    response=RecruitmentStatisticsOut,
    operation_id="personnel_campaign_statistics",
    summary="Applicants, competition ratios and education mix, from the rows",
)
def campaign_statistics(request, pk: int):
    campaign = scoped_or_404(RecruitmentCampaign.objects, pk, user=request.auth)
    s = selectors.campaign_statistics(campaign, registrations=Registration.objects.for_user(request.auth))
    return {**s, "openings": s["opening_count"]}


@list_operation(router, "/openings", OpeningOut, operation_id="personnel_opening_list", summary="Openings")
def opening_list(request, campaign: int | None = None):
    qs = Opening.objects.for_user(request.auth).order_by("campaign", "code")
    if campaign is not None:
        qs = qs.filter(campaign_id=campaign)
    return Mapped(selectors.openings_with_counts(qs), opening_out)


@list_operation(
    router,
    "/registrations",
    RegistrationOut,
    operation_id="personnel_registration_list",
    summary="Registrations",
)
def registration_list(request):
    qs = (
        Registration.objects.for_user(request.auth)
        .select_related("candidate")
        .prefetch_related("hire_steps")
        .order_by("opening", "pk")
    )
    return Mapped(
        api_rows(filters.RegistrationListFilter, request, qs), lambda r: registration_out(r, request.auth)
    )


@router.get(
    "/registrations/{pk}", response=RegistrationOut, operation_id="personnel_registration_get", summary="One"
)
def registration_get(request, pk: int):
    return registration_out(scoped_or_404(Registration.objects, pk, user=request.auth), request.auth)


@router.post(
    "/registrations",
    response={201: RegistrationOut},
    operation_id="personnel_registration_create",
    summary="A candidate applies to an opening (one per campaign)",
)
def registration_create(request, payload: ApplyIn):
    return Status(
        201, registration_out(reg_svc.registration_submit(actor=request.auth, opening_id=payload.opening))
    )


def _registration(request, pk: int, action: str = "change") -> Registration:
    return scoped_or_404(Registration.objects, pk, user=request.auth, action=action)


REGISTRATION_ACTIONS.mount(
    router,
    path="/registrations/{pk}",
    load=_registration,
    response=RegistrationOut,
    prefix="personnel_registration",
    only=("screen", "resubmit", "withdraw", "step"),
    out=registration_out,
)


@router.post(
    "/registrations/{pk}/scores",
    response=ScoreOut,
    operation_id="personnel_score_enter",
    summary="One clerk's entry; the score counts when two clerks agree",
)
def score_enter(request, pk: int, payload: ScoreIn):
    outcome = exams.score_enter(actor=request.auth, registration=_registration(request, pk), **payload.dict())
    return {"outcome": outcome}


def _opening(request, pk: int) -> Opening:
    return scoped_or_404(Opening.objects, pk, user=request.auth, action="change")


def _opening_counted(opening: Opening) -> dict:
    """The opening (already loaded in the caller's scope) with its applicant counts."""
    return opening_out(selectors.opening_with_counts(opening))


OPENING_ACTIONS.mount(
    router,
    path="/openings/{pk}",
    load=_opening,
    response=OpeningOut,
    prefix="personnel_opening",
    only=("ratio",),
    out=_opening_counted,
)


@router.post("/openings/{pk}/shortlist", response=list[int], operation_id="personnel_opening_shortlist")
def opening_shortlist(request, pk: int):
    return [int(k) for k in exams.shortlist_opening(actor=request.auth, opening=_opening(request, pk))]


@router.post("/openings/{pk}/rank", response=HiresOut, operation_id="personnel_opening_rank")
def opening_rank(request, pk: int):
    hires = exams.rank_opening(actor=request.auth, opening=_opening(request, pk))
    return {"hired": [int(k) for k in hires.hired], "undecided": [int(k) for k in hires.undecided]}
