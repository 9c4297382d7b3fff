"""The personnel API: campaigns, openings, registrations and statistics, and the same moves as the pages
(``personnel.actions``: screen, resubmit, withdraw and the hiring steps of a registration; the opening's ratio;
publish, close and tickets of a campaign), with apply, score entry, shortlist and rank. Rows load through
``for_user``: another zone's registration is 404, and a candidate reaches only their own."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from devzone.core.access import reach_of, require_right
from devzone.core.errors import DomainError
from devzone.core.filters import api_rows
from devzone.core.models import Staff, Zone
from devzone.core.schemas import Id, Mapped, Version, Year, list_operation
from devzone.core.services import service_arguments
from devzone.core.web import scoped_or_404
from devzone.personnel import filters, selectors
from devzone.personnel.actions import CAMPAIGN_ACTIONS, OPENING_ACTIONS, REGISTRATION_ACTIONS
from devzone.personnel.models import (
    Candidate,
    Competition,
    CompetitionEntry,
    CompetitionPost,
    Opening,
    QuotaReserve,
    RecruitmentCampaign,
    Registration,
    TermTarget,
)
from devzone.personnel.schemas import (
    ApplyIn,
    CampaignIn,
    CampaignOut,
    CampaignUpdateIn,
    CandidateProfileIn,
    CandidateProfileOut,
    CompetitionIn,
    CompetitionOut,
    EntryIn,
    EntryOut,
    HiresOut,
    OpeningIn,
    OpeningOut,
    OpeningUpdateIn,
    OwnPostOut,
    RecruitmentStatisticsOut,
    RegistrationOut,
    ReserveIn,
    ReserveOut,
    ScoreIn,
    ScoreOut,
    SelfEntryIn,
    TermTargetAssessIn,
    TermTargetIn,
    TermTargetOut,
)
from devzone.personnel.services import budget as budget_svc
from devzone.personnel.services import campaigns as campaign_svc
from devzone.personnel.services import candidates as candidate_svc
from devzone.personnel.services import competition as competition_svc
from devzone.personnel.services import exams
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.services import staffing as staffing_svc
from devzone.personnel.views.competition import own_competition_rows
from devzone.personnel.views.recruitment import actor_city

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


def _campaign(request, pk: int) -> RecruitmentCampaign:
    return scoped_or_404(RecruitmentCampaign.objects, pk, user=request.auth, action="change")


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
    return Status(201, _opening_counted(opening))


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


# --- 竞聘上岗, 聘期目标, 员额比例: the services of the zone's pages ------------------------------------------------
def _own_zone(request, model, action: str = "create") -> Zone:
    """The caller's own zone, where a zone's leader or 人事专员 writes (403 without the right or without a zone)."""
    require_right(request.auth, action, model)
    zone = Zone.objects.for_user(request.auth).filter(pk=reach_of(request.auth).zone_id).first()
    if zone is None:
        raise PermissionDenied
    return zone


def competition_out(comp: Competition) -> dict:
    return {
        **{
            k: getattr(comp, k)
            for k in (
                "id",
                "title",
                "status",
                "min_years",
                "speech_weight",
                "publicity_days",
                "publicity_from",
                "publicity_until",
                "version",
            )
        },
        "zone": comp.zone_id,
        "posts": [
            {"post": p.post_id, "post_name": p.post.name, "seats": p.seats, "min_rank": p.min_rank}
            for p in comp.posts.all()
        ],
    }


@list_operation(
    router, "/competitions", CompetitionOut, operation_id="personnel_competition_list", summary="Competitions"
)
def competition_list(request):
    qs = (
        Competition.objects.for_user(request.auth)
        .prefetch_related(
            Prefetch("posts", queryset=CompetitionPost.objects.for_user(request.auth).select_related("post"))
        )
        .order_by("-created_at", "pk")
    )
    return Mapped(qs, competition_out)


@router.post(
    "/competitions",
    response={201: CompetitionOut},
    operation_id="personnel_competition_create",
    summary="Put posts of the caller's zone up for competition (竞聘上岗; a zone's leader or 人事专员)",
)
def competition_create(request, payload: CompetitionIn):
    """The service of the page's 发起竞聘: a post of another zone, or one named twice, 400 on ``posts``."""
    zone = _own_zone(request, Competition)
    data = payload.model_dump()
    data["posts"] = [(p["post"], p["seats"], p["min_rank"]) for p in data["posts"]]
    comp = competition_svc.competition_create(actor=request.auth, zone=zone, **data)
    return Status(201, competition_out(comp))


def entry_out(e: CompetitionEntry) -> dict:
    return {
        "id": e.pk,
        "competition": e.competition_id,
        "post": e.target.post_id,
        "staff": e.staff_id,
        "staff_name": e.staff.name,
        "status": e.status,
        "eligibility": e.eligibility,
    }


@router.post(
    "/competitions/{pk}/entries",
    response={201: EntryOut},
    operation_id="personnel_competition_apply",
    summary="Enter a staff member's application for one post of an open competition (the eligibility check "
    "decides whether it is scored)",
)
def competition_apply(request, pk: int, payload: EntryIn):
    """The service of the 登记报名 forms (the competition's page, the person's page): a competition out of reach
    404, a closed one 400, a staff member not active in its zone 400 on ``staff``, a second entry 400."""
    comp = scoped_or_404(Competition.objects, pk, user=request.auth, action="change")
    entry = competition_svc.entry_apply(
        actor=request.auth, competition=comp, staff_id=payload.staff, post_id=payload.post
    )
    return Status(201, entry_out(entry))


def term_target_out(t: TermTarget) -> dict:
    return {
        **{k: getattr(t, k) for k in ("id", "term_end", "target", "met", "assessment")},
        "staff": t.staff_id,
        "staff_name": t.staff.name,
    }


@list_operation(
    router,
    "/term-targets",
    TermTargetOut,
    operation_id="personnel_term_target_list",
    summary="Term targets (聘期目标), of the terms ending in a year or of one person",
)
def term_target_list(request, year: Year | None = None, staff: Id | None = None):
    qs = TermTarget.objects.for_user(request.auth).select_related("staff").order_by("term_end", "pk")
    if year is not None:
        qs = qs.filter(term_end__year=year)
    if staff is not None:
        qs = qs.filter(staff_id=staff)
    return Mapped(qs, term_target_out)


@router.post(
    "/term-targets",
    response={201: TermTargetOut},
    operation_id="personnel_term_target_create",
    summary="Record a staff member's term target (a zone's leader or 人事专员)",
)
def term_target_create(request, payload: TermTargetIn):
    zone = _own_zone(request, TermTarget)
    staff = Staff.objects.for_user(request.auth).filter(pk=payload.staff, zone=zone).first()
    if staff is None:
        raise DomainError.on("staff", _("请选择本开发区的工作人员"))
    row = staffing_svc.term_target_add(
        actor=request.auth, zone=zone, staff=staff, term_end=payload.term_end, target=payload.target
    )
    return Status(201, term_target_out(row))


@router.post(
    "/term-targets/{pk}/assess",
    response=TermTargetOut,
    operation_id="personnel_term_target_assess",
    summary="Assess a term target, met or not, with the opinion (a zone leader); an unmet one of a term ending in "
    "a year opens a 刚性淘汰 case when the year is screened",
)
def term_target_assess(request, pk: int, payload: TermTargetAssessIn):
    target = scoped_or_404(TermTarget.objects, pk, user=request.auth, action="change")
    row = staffing_svc.term_target_assess(actor=request.auth, target=target, **payload.model_dump())
    return term_target_out(row)


@router.put(
    "/reserves",
    response=ReserveOut,
    operation_id="personnel_reserve_set",
    summary="Set the share of the caller's zone's 员额 reserved for 市场化选聘 in a year (a zone leader; 15 % "
    "unless set)",
)
def reserve_set(request, payload: ReserveIn):
    zone = _own_zone(request, QuotaReserve, "change")
    row = budget_svc.reserve_set(actor=request.auth, zone=zone, **payload.model_dump())
    return {"zone": row.zone_id, "year": row.year, "reserved_percent": row.reserved_percent}


# --- 修改草稿: the draft campaign and its openings (the city's personnel office) ---------------------------------
@router.put(
    "/campaigns/{pk}",
    response=CampaignOut,
    operation_id="personnel_campaign_update",
    summary="Edit a draft campaign (what creating it takes); a published one is refused (400)",
)
def campaign_update(request, pk: int, payload: CampaignUpdateIn):
    require_right(request.auth, "create", RecruitmentCampaign)
    data = payload.model_dump()
    version = data.pop("version")
    campaign = campaign_svc.campaign_update(
        actor=request.auth, campaign=_campaign(request, pk), version=version, **data
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
    data = service_arguments(payload.model_dump(), ids=("zone",))
    version = data.pop("version")
    opening = campaign_svc.opening_update(
        actor=request.auth, opening=_opening(request, pk), version=version, **data
    )
    return _opening_counted(opening)


@router.delete(
    "/openings/{pk}",
    response={204: None},
    operation_id="personnel_opening_delete",
    summary="Remove an opening of a draft campaign",
)
def opening_delete(request, pk: int, version: Version | None = None):
    require_right(request.auth, "create", Opening)
    campaign_svc.opening_remove(actor=request.auth, opening=_opening(request, pk), version=version)
    return Status(204, None)


# --- 考生更正个人信息 -------------------------------------------------------------------------------------------
def _own_candidate(request) -> Candidate:
    candidate = Candidate.objects.for_user(request.auth, "change").filter(user_id=request.auth.pk).first()
    if candidate is None:
        raise PermissionDenied
    return candidate


def candidate_profile_out(c: Candidate) -> dict:
    return {
        **{k: getattr(c, k) for k in CandidateProfileOut.model_fields if k != "locked"},
        "locked": candidate_svc.profile_lock(c),
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
    summary="The candidate corrects their profile (not the verified name or identity number); refused while a "
    "qualified registration, or one being screened after the deadline, holds it",
)
def candidate_profile_update(request, payload: CandidateProfileIn):
    data = payload.model_dump()
    version = data.pop("version")
    row = candidate_svc.candidate_update(
        actor=request.auth, candidate=_own_candidate(request), version=version, **data
    )
    return candidate_profile_out(row)


# --- 本人报名竞聘: a staff member's own applications ---------------------------------------------------------------
def _own_staff(request) -> Staff:
    staff = (
        Staff.objects.for_user(request.auth)
        .filter(pk=reach_of(request.auth).staff_id, is_active=True)
        .first()
    )
    if staff is None:
        raise PermissionDenied
    return staff


class _Computed(list):
    """Rows computed in Python (each post with the caller's check), paged like a queryset."""

    def count(self, *value) -> int:
        return super().count(*value) if value else len(self)


@list_operation(
    router,
    "/my/competition-posts",
    OwnPostOut,
    operation_id="personnel_own_competition_posts",
    summary="The posts of the open competitions of the caller's zone, with the caller's eligibility check",
)
def own_competition_posts(request):
    require_right(request.auth, "view", CompetitionPost)
    groups, _entries = own_competition_rows(request.auth, _own_staff(request), timezone.localdate())
    return _Computed(
        {
            "competition": g["comp"].pk,
            "competition_title": g["comp"].title,
            "post": p["target"].post_id,
            "post_name": p["target"].post.name,
            "seats": p["target"].seats,
            "min_rank": p["target"].min_rank,
            "eligible": p["eligible"],
            "checks": [
                {"label": str(c.label), "required": str(c.required), "actual": str(c.actual), "ok": c.ok}
                for c in p["checks"]
            ],
            "entered": g["entry"] is not None and g["entry"].target_id == p["target"].pk,
        }
        for g in groups
        for p in g["posts"]
    )


@list_operation(
    router,
    "/my/competition-entries",
    EntryOut,
    operation_id="personnel_own_competition_entries",
    summary="The caller's own competition entries",
)
def own_competition_entries(request):
    require_right(request.auth, "view", CompetitionPost)
    qs = selectors.own_entries(request.auth).select_related("staff", "target").order_by("-pk")
    return Mapped(qs, entry_out)


@router.post(
    "/my/competition-entries",
    response={201: EntryOut},
    operation_id="personnel_own_competition_apply",
    summary="The caller applies for a post of an open competition of their zone (refused with the reasons when "
    "the eligibility check fails; one post per competition)",
)
def own_competition_apply(request, payload: SelfEntryIn):
    require_right(request.auth, "create", CompetitionEntry)
    entry = competition_svc.entry_self_apply(
        actor=request.auth, competition=payload.competition, post_id=payload.post
    )
    return Status(201, entry_out(entry))


@router.delete(
    "/my/competition-entries/{pk}",
    response={204: None},
    operation_id="personnel_own_competition_withdraw",
    summary="The caller withdraws their own entry while the competition takes applications",
)
def own_competition_withdraw(request, pk: int):
    require_right(request.auth, "delete", CompetitionEntry)
    competition_svc.entry_self_withdraw(actor=request.auth, entry=pk)
    return Status(204, None)
