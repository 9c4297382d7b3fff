"""Agents and site visits in the API: the agents' workload, the visits (staff only), logging one, its photos."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Status
from ninja.files import UploadedFile

from devzone.core.errors import DomainError
from devzone.core.files import too_large
from devzone.core.filters import api_rows
from devzone.core.locking import in_scope
from devzone.core.schemas import Id, Mapped, list_operation
from devzone.projects import filters, selectors
from devzone.projects import services as svc
from devzone.projects.api_common import router, staff_only, tracking, visit_out, zone_of
from devzone.projects.api_schemas import VisitIn, VisitOut, WorkloadOut
from devzone.projects.models import KeyProject, SiteVisit


@router.get(
    "/agents/workload", response=list[WorkloadOut], operation_id="agent_workload", summary="Agents' workload"
)
def agent_workload(request, zone: Id | None = None):
    staff_only(request, KeyProject)
    zone = zone_of(request)
    return [
        {
            "staff": r["staff"].pk,
            "name": r["staff"].name,
            "department": r["staff"].department.name,
            **{k: v for k, v in r.items() if k != "staff"},
        }
        for r in selectors.workload(user=request.auth, zone_id=zone.pk, on=timezone.localdate())
    ]


@list_operation(router, "/visits", VisitOut, operation_id="visit_list", summary="Site visits (staff only)")
def visit_list(request, project: Id | None = None):
    staff_only(request, SiteVisit)
    qs = SiteVisit.objects.for_user(request.auth).prefetch_related("photos").order_by("-visited_on", "-id")
    return Mapped(api_rows(filters.VisitFilter, request, qs), visit_out)


@router.post("/visits", response={201: VisitOut}, operation_id="visit_create", summary="Log a site visit")
def visit_create(request, payload: VisitIn):
    staff_only(request, SiteVisit)
    t = tracking(request, payload.project)
    v = svc.visit_record(actor=request.auth, project=t.project, **payload.dict(exclude={"project"}))
    return Status(201, visit_out(v))


@router.post(
    "/visits/{int:pk}/photos",
    response={201: VisitOut},
    operation_id="visit_photo_add",
    summary="Add a photo (JPG/PNG, at most 5 MB) to a visit",
)
def visit_photo_add(request, pk: int, photo: File[UploadedFile]):
    staff_only(request, SiteVisit)
    v = in_scope(SiteVisit, pk, actor=request.auth, what=_("走访记录"))
    if reason := too_large(photo.size, settings.DEVZONE_PHOTO_MAX_BYTES):
        raise DomainError.on("photos", f"{photo.name or _('照片')} {reason}")
    svc.visit_photo_add(actor=request.auth, visit=v, name=photo.name or "photo", data=photo.read())
    return Status(201, visit_out(v))
