"""The personnel API: campaigns, openings, registrations and statistics, and the same moves as the pages
(apply, screen, enter a score, shortlist, rank). Rows load through ``for_user``: another zone's registration is
404, and a candidate reaches only their own."""

from ninja import Router, Status

from devzone.core.filters import api_rows
from devzone.core.schemas import Mapped, Versioned, list_operation
from devzone.core.web import scoped_or_404
from devzone.personnel import filters, selectors
from devzone.personnel.models import Opening, RecruitmentCampaign, Registration
from devzone.personnel.schemas import (
    ApplyIn,
    CampaignOut,
    HiresOut,
    OpeningOut,
    RatioIn,
    RecruitmentStatisticsOut,
    RegistrationOut,
    ScoreIn,
    ScoreOut,
    ScreenIn,
)
from devzone.personnel.services import campaigns as campaign_svc
from devzone.personnel.services import exams
from devzone.personnel.services import registrations as reg_svc

router = Router(tags=["personnel"])


def registration_out(r: Registration) -> dict:
    c = r.candidate
    return {
        **{
            k: getattr(r, k)
            for k in RegistrationOut.model_fields
            if hasattr(r, k) and k not in ("campaign", "opening")
        },
        "campaign": r.campaign_id,
        "opening": r.opening_id,
        "candidate_name": c.name,
        "id_masked": c.id_masked,
        "education": c.education,
        "double_first_class": c.double_first_class,
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
    qs = Registration.objects.for_user(request.auth).select_related("candidate").order_by("opening", "pk")
    return Mapped(api_rows(filters.RegistrationListFilter, request, qs), registration_out)


@router.get(
    "/registrations/{pk}", response=RegistrationOut, operation_id="personnel_registration_get", summary="One"
)
def registration_get(request, pk: int):
    return registration_out(scoped_or_404(Registration.objects, pk, user=request.auth))


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


@router.post(
    "/registrations/{pk}/screen", response=RegistrationOut, operation_id="personnel_registration_screen"
)
def registration_screen(request, pk: int, payload: ScreenIn):
    reg = reg_svc.registration_screen(
        actor=request.auth, registration=_registration(request, pk), **payload.dict()
    )
    return registration_out(reg)


@router.post(
    "/registrations/{pk}/resubmit", response=RegistrationOut, operation_id="personnel_registration_resubmit"
)
def registration_resubmit(request, pk: int, payload: Versioned):
    reg = reg_svc.registration_resubmit(
        actor=request.auth, registration=_registration(request, pk), **payload.dict()
    )
    return registration_out(reg)


@router.post(
    "/registrations/{pk}/withdraw", response=RegistrationOut, operation_id="personnel_registration_withdraw"
)
def registration_withdraw(request, pk: int, payload: Versioned):
    reg = reg_svc.registration_withdraw(
        actor=request.auth, registration=_registration(request, pk), **payload.dict()
    )
    return registration_out(reg)


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


@router.post("/openings/{pk}/ratio", response=OpeningOut, operation_id="personnel_opening_ratio")
def opening_ratio(request, pk: int, payload: RatioIn):
    opening = campaign_svc.opening_apply_ratio(
        actor=request.auth, opening=_opening(request, pk), **payload.dict()
    )
    return opening_out(
        selectors.openings_with_counts(Opening.objects.for_user(request.auth).filter(pk=opening.pk)).get()
    )


@router.post("/openings/{pk}/shortlist", response=list[int], operation_id="personnel_opening_shortlist")
def opening_shortlist(request, pk: int):
    return [int(k) for k in exams.shortlist_opening(actor=request.auth, opening=_opening(request, pk))]


@router.post("/openings/{pk}/rank", response=HiresOut, operation_id="personnel_opening_rank")
def opening_rank(request, pk: int):
    hires = exams.rank_opening(actor=request.auth, opening=_opening(request, pk))
    return {"hired": [int(k) for k in hires.hired], "undecided": [int(k) for k in hires.undecided]}
