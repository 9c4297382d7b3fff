"""公开招聘: campaigns, openings, registrations and statistics, with the same moves as the pages
(``personnel.actions``: screen, resubmit, withdraw and the hiring steps of a registration; the opening's ratio;
publish, close and tickets of a campaign), apply, score entry, shortlist and rank."""

from ninja import Status

from devzone.core.access import require_right
from devzone.core.filters import api_rows
from devzone.core.schemas import Mapped, list_operation
from devzone.core.services import service_arguments
from devzone.core.web import scoped_or_404
from devzone.personnel import filters, selectors
from devzone.personnel.actions import CAMPAIGN_ACTIONS, OPENING_ACTIONS, REGISTRATION_ACTIONS
from devzone.personnel.api.common import (
    campaign_of,
    opening_counted,
    opening_of,
    opening_out,
    registration_of,
    registration_out,
    router,
)
from devzone.personnel.models import Opening, RecruitmentCampaign, Registration
from devzone.personnel.schemas import (
    ApplyIn,
    CampaignIn,
    CampaignOut,
    HiresOut,
    OpeningIn,
    OpeningOut,
    RecruitmentStatisticsOut,
    RegistrationOut,
    ScoreIn,
    ScoreOut,
)
from devzone.personnel.services import campaigns as campaign_svc
from devzone.personnel.services import exams
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.views.recruitment import actor_city


@list_operation(
    router, "/campaigns", CampaignOut, operation_id="personnel_campaign_list", summary="Campaigns"
)
def campaign_list(request):
    return RecruitmentCampaign.objects.for_user(request.auth).order_by("-registration_opens", "pk")


@router.post(
    "/campaigns",
    response={201: CampaignOut},
    operation_id="personnel_campaign_create",
    summary="Draft a campaign of the caller's city (the city's personnel office); openings are added next",
)
def campaign_create(request, payload: CampaignIn):
    """The service of the page's 新建招聘公告: the city's officer only (403), a window that closes before it opens
    400 (``__all__``). The draft is published by ``POST /campaigns/{pk}/publish`` once it has an opening."""
    require_right(request.auth, "create", RecruitmentCampaign)
    campaign = campaign_svc.campaign_create(
        actor=request.auth, city=actor_city(request.auth), **payload.model_dump()
    )
    campaign.refresh_from_db()  # the row as stored (the weight at two decimals, the window in UTC)
    return Status(201, campaign)


@router.post(
    "/campaigns/{pk}/openings",
    response={201: OpeningOut},
    operation_id="personnel_opening_create",
    summary="Add an opening to a draft campaign, in one of the city's zones",
)
def opening_create(request, pk: int, payload: OpeningIn):
    """The service of the form on the draft campaign's page: a campaign out of reach 404, one the caller may only
    read 403; a published campaign, or a code already used in it, 400."""
    campaign = scoped_or_404(
        RecruitmentCampaign.objects, pk, user=request.auth, action="change", may=("create", Opening)
    )
    opening = campaign_svc.opening_add(
        actor=request.auth, campaign=campaign, **service_arguments(payload.model_dump(), ids=("zone",))
    )
    return Status(201, opening_counted(opening))


CAMPAIGN_ACTIONS.mount(
    router, path="/campaigns/{pk}", load=campaign_of, response=CampaignOut, prefix="personnel_campaign"
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
        .select_related("candidate", "campaign")
        .prefetch_related("hire_steps")
        .with_precheck_ran()
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


REGISTRATION_ACTIONS.mount(
    router,
    path="/registrations/{pk}",
    load=registration_of,
    response=RegistrationOut,
    prefix="personnel_registration",
    only=("screen", "recuse", "resubmit", "withdraw", "step"),
    out=registration_out,
)


@router.post(
    "/registrations/{pk}/scores",
    response=ScoreOut,
    operation_id="personnel_score_enter",
    summary="One clerk's entry; the score counts when two clerks agree",
)
def score_enter(request, pk: int, payload: ScoreIn):
    outcome = exams.score_enter(
        actor=request.auth, registration=registration_of(request, pk), **payload.dict()
    )
    return {"outcome": outcome}


OPENING_ACTIONS.mount(
    router,
    path="/openings/{pk}",
    load=opening_of,
    response=OpeningOut,
    prefix="personnel_opening",
    only=("ratio",),
    out=opening_counted,
)


@router.post("/openings/{pk}/shortlist", response=list[int], operation_id="personnel_opening_shortlist")
def opening_shortlist(request, pk: int):
    return [int(k) for k in exams.shortlist_opening(actor=request.auth, opening=opening_of(request, pk))]


@router.post("/openings/{pk}/rank", response=HiresOut, operation_id="personnel_opening_rank")
def opening_rank(request, pk: int):
    hires = exams.rank_opening(actor=request.auth, opening=opening_of(request, pk))
    return {"hired": [int(k) for k in hires.hired], "undecided": [int(k) for k in hires.undecided]}
