"""修改草稿: the draft campaign and its openings (the city's personnel office); a published campaign is refused."""

from ninja import Status

from devzone.core.access import require_right
from devzone.core.schemas import Version
from devzone.core.services import service_arguments
from devzone.personnel.api.common import campaign_of, opening_counted, opening_of, router
from devzone.personnel.models import Opening, RecruitmentCampaign
from devzone.personnel.schemas import CampaignOut, CampaignUpdateIn, OpeningOut, OpeningUpdateIn
from devzone.personnel.services import campaigns as campaign_svc


@router.put(
    "/campaigns/{pk}",
    response=CampaignOut,
    operation_id="personnel_campaign_update",
    summary="Edit a draft campaign (what creating it takes); a published one is refused (400)",
)
def campaign_update(request, pk: int, payload: CampaignUpdateIn):
    require_right(request.auth, "create", RecruitmentCampaign)
    # the body's fields, ``version`` with them, are the service's keyword arguments
    campaign = campaign_svc.campaign_update(
        actor=request.auth, campaign=campaign_of(request, pk), **payload.model_dump()
    )
    campaign.refresh_from_db()
    return campaign


@router.put(
    "/openings/{pk}",
    response=OpeningOut,
    operation_id="personnel_opening_update",
    summary="Edit an opening of a draft campaign: zone, code, title, headcount, requirements",
)
def opening_update(request, pk: int, payload: OpeningUpdateIn):
    require_right(request.auth, "create", Opening)
    opening = campaign_svc.opening_update(
        actor=request.auth,
        opening=opening_of(request, pk),
        **service_arguments(payload.model_dump(), ids=("zone",)),
    )
    return opening_counted(opening)


@router.delete(
    "/openings/{pk}",
    response={204: None},
    operation_id="personnel_opening_delete",
    summary="Remove an opening of a draft campaign",
)
def opening_delete(request, pk: int, version: Version | None = None):
    require_right(request.auth, "create", Opening)
    campaign_svc.opening_remove(actor=request.auth, opening=opening_of(request, pk), version=version)
    return Status(204, None)
