"""聘期目标 and 员额比例: the zone's term targets (recorded by a leader or 人事专员, assessed by a leader) and the
share of the zone's 员额 reserved for 市场化选聘 (the services of the zone's pages)."""

from django.utils.translation import gettext as _
from ninja import Status

from devzone.core.errors import DomainError
from devzone.core.models import Staff
from devzone.core.schemas import Id, Mapped, Year, list_operation
from devzone.core.web import scoped_or_404
from devzone.personnel.api.common import own_zone, router
from devzone.personnel.models import QuotaReserve, TermTarget
from devzone.personnel.schemas import ReserveIn, ReserveOut, TermTargetAssessIn, TermTargetIn, TermTargetOut
from devzone.personnel.services import budget as budget_svc
from devzone.personnel.services import staffing as staffing_svc


def term_target_out(t: TermTarget) -> dict:
    return {
        **{k: getattr(t, k) for k in ("id", "term_end", "target", "met", "assessment", "version")},
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
    zone = own_zone(request, TermTarget)
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
    zone = own_zone(request, QuotaReserve, "change")
    row = budget_svc.reserve_set(actor=request.auth, zone=zone, **payload.model_dump())
    return {"zone": row.zone_id, "year": row.year, "reserved_percent": row.reserved_percent}
