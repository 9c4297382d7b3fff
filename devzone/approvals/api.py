"""Approvals API: intakes, applications and their moves, for the single window, the review desk and the
enterprise portal. Rows load through ``for_user``; moves go through the same services as the pages
(``actions.API_ACTIONS``: ``POST /applications/{pk}/<move>``)."""

from typing import Annotated

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from devzone.approvals import filters, selectors
from devzone.approvals.actions import API_ACTIONS
from devzone.approvals.choices import Stage
from devzone.approvals.choices import Status as AppStatus
from devzone.approvals.models import Application, ApprovalItem, Certificate, ElapsedBucket, Intake
from devzone.approvals.schemas import (
    ApplicationOut,
    ApprovalStatisticsOut,
    CertificateOut,
    IntakeIn,
    IntakeOut,
    ItemOut,
    StatisticsRowOut,
    SupplementAnswerIn,
)
from devzone.approvals.services import applications as svc
from devzone.approvals.statistics import approval_statistics, period
from devzone.core.access import require_right
from devzone.core.api_rows import named_row
from devzone.core.errors import DomainError, require
from devzone.core.files import too_large
from devzone.core.filters import api_rows
from devzone.core.models import Project
from devzone.core.schemas import Day, Id, Search, list_operation
from devzone.core.web import scoped_or_404

router = Router(tags=["approvals"])


def _app(request, pk: int) -> Application:
    app = scoped_or_404(selectors.application_list(user=request.auth), pk, user=request.auth)
    app._readings = selectors.with_both_readings([app], timezone.localdate())[0][1]
    return app


@list_operation(router, "/items", ItemOut, operation_id="approval_item_list", summary="The catalog")
def item_list(request, stage: Stage | None = None, q: Search | None = None):
    """Filtered like the catalog page (``filters.ItemFilter`` reads ``q``, ``stage``, ``kind`` … from the
    query string)."""
    require_right(request.auth, "view", ApprovalItem)
    return api_rows(filters.ItemFilter, request, ApprovalItem.objects.for_user(request.auth))


@router.get("/items/{int:pk}", response=ItemOut, operation_id="approval_item_get", summary="One catalog item")
def item_get(request, pk: int):
    return scoped_or_404(ApprovalItem.objects, pk, user=request.auth)


@list_operation(router, "/intakes", IntakeOut, operation_id="intake_list", summary="Intakes in reach")
def intake_list(request):
    require_right(request.auth, "view", Intake)
    return selectors.intake_list(user=request.auth)


@router.get("/intakes/{int:pk}", response=IntakeOut, operation_id="intake_get", summary="One intake")
def intake_get(request, pk: int):
    return scoped_or_404(selectors.intake_list(user=request.auth), pk, user=request.auth)


@router.post(
    "/intakes",
    response={201: IntakeOut},
    operation_id="intake_create",
    summary="Submit an intake for several items of one project (materials uploaded separately)",
)
def intake_create(request, payload: IntakeIn):
    project = named_row(request, Project, payload.project, "project", _("项目不存在或不在您的范围内"))
    require(len(payload.items) == len(set(payload.items)), _("事项重复"), "items")
    # The items an intake may choose in the project's zone (as on the page).
    choosable = selectors.items_for_intake(user=request.auth, zone_id=project.zone_id)
    items = list(choosable.filter(pk__in=payload.items))
    require(len(items) == len(set(payload.items)), _("事项不存在或不在您的范围内"), "items")
    intake = svc.intake_submit(
        actor=request.auth, project=project, items=items, **payload.dict(exclude={"project", "items"})
    )
    return Status(201, intake)


@list_operation(
    router,
    "/certificates",
    CertificateOut,
    operation_id="certificate_list",
    summary="Certificates in reach (an enterprise: its own), with download and verify links",
)
def certificate_list(request):
    require_right(request.auth, "view", Certificate)
    return Certificate.objects.for_user(request.auth).order_by("-issued_on", "-id")


@router.get(
    "/certificates/{int:pk}",
    response=CertificateOut,
    operation_id="certificate_get",
    summary="One certificate",
)
def certificate_get(request, pk: int):
    return scoped_or_404(Certificate.objects, pk, user=request.auth)


@list_operation(
    router,
    "/applications",
    ApplicationOut,
    operation_id="application_list",
    summary="Applications in reach (status, clock)",
)
def application_list(request, queue: bool = False, status: AppStatus | None = None, q: Search | None = None):
    """Filtered like the queue page (``filters.ApplicationFilter`` reads ``status`` and ``q`` from the query
    string); ``queue=true``: what waits for the user, as on the queue page."""
    require_right(request.auth, "view", Application)
    read = selectors.application_queue if queue else selectors.application_rows
    return api_rows(filters.ApplicationFilter, request, read(user=request.auth))


@router.get(
    "/statistics",
    response=ApprovalStatisticsOut,
    operation_id="approval_statistics",
    summary="Statistics of concluded files: promised on-time rate and, beside it, the statutory figures",
)
def statistics_get(request, start: Day | None = None, end: Day | None = None, zone: Id | None = None):
    """Files concluded from ``start`` (default 1 January) to ``end`` (default today), per item, source
    department and stage, in the caller's reach (``zone`` narrows it)."""
    require_right(request.auth, "view", ElapsedBucket)
    start, end = period(start, end)
    stats = approval_statistics(user=request.auth, start=start, end=end, zone=zone)
    return ApprovalStatisticsOut(
        start=start,
        end=end,
        **{k: [StatisticsRowOut.of(r) for r in stats[k]] for k in ("items", "departments", "stages")},
    )


@router.get(
    "/applications/{int:pk}",
    response=ApplicationOut,
    operation_id="application_get",
    summary="One application with its clock",
)
def application_get(request, pk: int):
    return _app(request, pk)


def _upload(file: UploadedFile) -> tuple[str, bytes]:
    """The uploaded file's name and bytes, refused (400) before it is read when it is too large."""
    if problem := too_large(file.size):
        raise DomainError.on("file", f"{file.name} {problem}")
    return file.name, file.read()


@router.post(
    "/applications/{int:pk}/materials",
    response={201: ApplicationOut},
    operation_id="application_upload",
    summary="Upload a material (PDF/JPG/PNG): before acceptance, or for the open supplement request "
    "(one file a request; then POST …/answer)",
)
def application_upload(
    request, pk: int, file: File[UploadedFile], material: Annotated[Id, Form(None)] = None
):
    """Before acceptance the intake's materials follow one by one. While a 补正 is open each upload joins it
    and the file keeps waiting (a request may ask for several materials): ``POST …/answer`` then answers it."""
    app = _app(request, pk)
    uploads = [(material, *_upload(file))]
    if app.status == AppStatus.SUBMITTED:  # the intake came without files: they follow one by one
        svc.application_add_materials(actor=request.auth, application=app, uploads=uploads)
    else:
        svc.application_supplement_upload(actor=request.auth, application=app, uploads=uploads)
    return Status(201, _app(request, pk))


@router.post(
    "/applications/{int:pk}/answer",
    response=ApplicationOut,
    operation_id="application_answer",
    summary="Answer the open supplement request with the materials uploaded for it: the file moves on",
)
def application_answer(request, pk: int, payload: SupplementAnswerIn):
    """Before acceptance the window's 5 working days count again from the answer; in review the promised
    clock runs again. Refused while nothing has been uploaded since the request."""
    app = _app(request, pk)
    svc.application_supplement_answer(
        actor=request.auth, application=app, note=payload.note, expected_version=payload.version
    )
    return _app(request, pk)


@router.post(
    "/applications/{int:pk}/supply",
    response={201: ApplicationOut},
    operation_id="application_supply",
    summary="Supply a material accepted missing (容缺, PDF/JPG/PNG): a suspended review resumes",
)
def application_supply(request, pk: int, file: File[UploadedFile], material: Annotated[Id, Form()]):
    """The material named by ``material`` was owed (容缺受理); supplied late, the review suspended for it runs
    again once nothing else is overdue."""
    app = _app(request, pk)
    name, data = _upload(file)
    svc.tolerated_supply(actor=request.auth, application=app, material_id=material, name=name, data=data)
    return Status(201, _app(request, pk))


# POST /applications/{pk}/<move> (operation ids application_<move>), answering the application.
API_ACTIONS.mount(
    router, path="/applications/{int:pk}", load=_app, response=ApplicationOut, prefix="application"
)
