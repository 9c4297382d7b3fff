"""竞聘上岗: the zone's competitions and the entries the office records (the services of the zone's pages), and a
staff member's own applications (本人报名竞聘)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils import timezone
from ninja import Status

from devzone.core.access import reach_of, require_right
from devzone.core.models import Staff
from devzone.core.schemas import Mapped, list_operation
from devzone.core.web import scoped_or_404
from devzone.personnel import selectors
from devzone.personnel.api.common import own_zone, router
from devzone.personnel.models import Competition, CompetitionEntry, CompetitionPost
from devzone.personnel.schemas import (
    CompetitionIn,
    CompetitionOut,
    EntryIn,
    EntryOut,
    ExceptionalIn,
    OwnPostOut,
    SelfEntryIn,
)
from devzone.personnel.services import competition as competition_svc
from devzone.personnel.views.competition import own_competition_rows


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
                "exceptional",
                "exceptional_basis",
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
    zone = own_zone(request, Competition)
    data = payload.model_dump()
    data["posts"] = [(p["post"], p["seats"], p["min_rank"]) for p in data["posts"]]
    comp = competition_svc.competition_create(actor=request.auth, zone=zone, **data)
    return Status(201, competition_out(comp))


@router.post(
    "/competitions/{pk}/exceptional",
    response=CompetitionOut,
    operation_id="personnel_competition_exceptional",
    summary="Record the competition's 破格 approval afterwards (its written basis; a zone's leader or 人事专员, "
    "not an entrant, while it takes applications or is scored)",
)
def competition_exceptional(request, pk: int, payload: ExceptionalIn):
    """The service of the page's 记录破格批准: a competition out of reach 404, a caller without the right or an
    entrant 403, a stale ``version`` 409, a competition already published or already 破格 400."""
    require_right(request.auth, "change", Competition)
    comp = scoped_or_404(Competition.objects, pk, user=request.auth, action="change")
    comp = competition_svc.competition_exceptional(
        actor=request.auth, competition=comp, basis=payload.basis, version=payload.version
    )
    return competition_out(comp)


def entry_out(e: CompetitionEntry) -> dict:
    return {
        "id": e.pk,
        "competition": e.competition_id,
        "post": e.target.post_id,
        "staff": e.staff_id,
        "staff_name": e.staff.name,
        "status": e.status,
        "eligibility": e.eligibility,
        "withdrawn_at": e.withdrawn_at,
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
    summary="The caller withdraws their own entry while the competition takes applications (kept as "
    "withdrawn, with the time; the caller may apply again while it is open)",
)
def own_competition_withdraw(request, pk: int):
    require_right(request.auth, "delete", CompetitionEntry)
    competition_svc.entry_self_withdraw(actor=request.auth, entry=pk)
    return Status(204, None)
