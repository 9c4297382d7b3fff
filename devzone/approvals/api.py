"""Approvals API: intakes, applications and their transitions, for the single window, the review desk and
the enterprise portal. Rows load through ``for_user``; moves go through the same services as the pages."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import File, Form, ModelSchema, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from devzone.approvals import selectors
from devzone.approvals.choices import Status
from devzone.approvals.models import Application, ApprovalItem, Certificate, Intake
from devzone.approvals.services import applications as svc
from devzone.core.access import can
from devzone.core.api import Page
from devzone.core.errors import DomainError
from devzone.core.models import Project

router = Router(tags=["approvals"])


class ItemOut(ModelSchema):
    class Meta:
        model = ApprovalItem
        fields = [
            "id",
            "code",
            "name",
            "parent",
            "handling_kind",
            "source_department",
            "delegation_batch",
            "kind",
            "stage",
            "legal_limit_days",
            "promised_limit_days",
            "result_type",
            "fee",
            "commitment_allowed",
        ]


class ClockOut(Schema):
    colour: str | None
    remaining_workdays: int | None
    due_on: dt.date | None
    provisional: bool
    paused: bool


class ApplicationOut(ModelSchema):
    clock: ClockOut | None = None

    class Meta:
        model = Application
        fields = [
            "id",
            "intake",
            "item",
            "project",
            "enterprise",
            "status",
            "reviewer",
            "submitted_on",
            "accepted_on",
            "concluded_on",
            "step",
            "extended",
            "on_commitment",
            "elapsed_workdays",
            "supplements",
            "version",
        ]

    @staticmethod
    def resolve_clock(obj):
        reading = getattr(obj, "_reading", None)
        if obj.clock_id is None:
            return None
        return {
            "colour": reading.colour if reading else None,
            "remaining_workdays": reading.remaining if reading else None,
            "due_on": obj.clock.due_on,
            "provisional": obj.clock.due_provisional,
            "paused": obj.clock.status == "paused",
        }


class IntakeOut(ModelSchema):
    applications: list[int]

    class Meta:
        model = Intake
        fields = ["id", "number", "project", "enterprise", "channel", "submitted_on", "applicant_name"]

    @staticmethod
    def resolve_applications(obj):
        return [a.pk for a in obj.applications.all()]


class IntakeIn(Schema):
    project: int
    items: list[int]
    applicant_name: str
    applicant_phone: str
    construction_site: str = ""
    construction_scale: str = ""
    note: str = ""


class Versioned(Schema):
    version: int


class AcceptIn(Versioned):
    reviewer: int


class ReasonIn(Versioned):
    reason: str


class SupplementIn(Versioned):
    missing: str


class SpecialIn(Versioned):
    kind: str
    notice: str
    limit_days: int


class ExtendIn(Versioned):
    reason: str
    days: int = 10


class GrantIn(Versioned):
    on_commitment: bool = False
    valid_until: dt.date | None = None
    reason: str = ""


def _app(request, pk: int) -> Application:
    app = get_object_or_404(selectors.application_list(user=request.auth), pk=pk)
    app._reading = selectors.with_readings([app], timezone.localdate())[0][1]
    return app


@router.get("/items", response=list[ItemOut], operation_id="approval_item_list", summary="The catalog")
@paginate(Page)
def item_list(request, stage: str | None = None, q: str | None = None):
    if not can(request.auth, "view", ApprovalItem):
        raise PermissionDenied
    qs = ApprovalItem.objects.for_user(request.auth)
    if stage:
        qs = qs.filter(stage=stage)
    if q:
        qs = qs.filter(name__icontains=q)
    return qs


@router.get("/items/{int:pk}", response=ItemOut, operation_id="approval_item_get", summary="One catalog item")
def item_get(request, pk: int):
    return get_object_or_404(ApprovalItem.objects.for_user(request.auth), pk=pk)


@router.get("/intakes", response=list[IntakeOut], operation_id="intake_list", summary="Intakes in reach")
@paginate(Page)
def intake_list(request):
    if not can(request.auth, "view", Intake):
        raise PermissionDenied
    return selectors.intake_list(user=request.auth)


@router.get("/intakes/{int:pk}", response=IntakeOut, operation_id="intake_get", summary="One intake")
def intake_get(request, pk: int):
    return get_object_or_404(selectors.intake_list(user=request.auth), pk=pk)


@router.post(
    "/intakes",
    response={201: IntakeOut},
    operation_id="intake_create",
    summary="Submit an intake for several items of one project (materials uploaded separately)",
)
def intake_create(request, payload: IntakeIn):
    project = Project.objects.for_user(request.auth).filter(pk=payload.project).first()
    if project is None:
        raise DomainError("项目不存在或不在您的范围内", {"project": ["项目不存在或不在您的范围内"]})
    if len(payload.items) != len(set(payload.items)):
        raise DomainError("事项重复", {"items": ["事项重复"]})
    # The items an intake may choose in the project's zone (as on the page).
    items = list(
        selectors.items_for_intake(user=request.auth, zone_id=project.zone_id).filter(pk__in=payload.items)
    )
    if len(items) != len(set(payload.items)):
        raise DomainError("事项不存在或不在您的范围内", {"items": ["事项不存在或不在您的范围内"]})
    intake = svc.intake_submit(
        actor=request.auth, project=project, items=items, **payload.dict(exclude={"project", "items"})
    )
    return 201, intake


class CertificateOut(ModelSchema):
    pdf_url: str
    signature_url: str
    verify_url: str

    class Meta:
        model = Certificate
        fields = [
            "id",
            "application",
            "number",
            "verify_code",
            "holder",
            "holder_credit_code",
            "title",
            "issued_on",
            "valid_until",
            "status",
            "revoked_on",
            "digest_sm3",
        ]

    @staticmethod
    def resolve_pdf_url(obj):
        return reverse("certificates:pdf", args=[obj.pk])

    @staticmethod
    def resolve_signature_url(obj):
        return reverse("certificates:signature", args=[obj.pk])

    @staticmethod
    def resolve_verify_url(obj):
        return reverse("verify:code", args=[obj.verify_code])


@router.get(
    "/certificates",
    response=list[CertificateOut],
    operation_id="certificate_list",
    summary="Certificates in reach (an enterprise: its own), with download and verify links",
)
@paginate(Page)
def certificate_list(request):
    if not can(request.auth, "view", Certificate):
        raise PermissionDenied
    return Certificate.objects.for_user(request.auth).order_by("-issued_on", "-id")


@router.get(
    "/certificates/{int:pk}",
    response=CertificateOut,
    operation_id="certificate_get",
    summary="One certificate",
)
def certificate_get(request, pk: int):
    return get_object_or_404(Certificate.objects.for_user(request.auth), pk=pk)


@router.get(
    "/applications",
    response=list[ApplicationOut],
    operation_id="application_list",
    summary="Applications in reach (status, clock)",
)
@paginate(Page)
def application_list(request, status: str | None = None, queue: bool = False):
    if not can(request.auth, "view", Application):
        raise PermissionDenied
    qs = (
        selectors.application_queue(user=request.auth)
        if queue
        else selectors.application_list(user=request.auth)
    )
    if status:
        qs = qs.filter(status=status)
    return qs


@router.get(
    "/applications/{int:pk}",
    response=ApplicationOut,
    operation_id="application_get",
    summary="One application with its clock",
)
def application_get(request, pk: int):
    return _app(request, pk)


@router.post(
    "/applications/{int:pk}/materials",
    response={201: ApplicationOut},
    operation_id="application_upload",
    summary="Upload a material (PDF/JPG/PNG): before acceptance, or answering a supplement request",
)
def application_upload(request, pk: int, file: File[UploadedFile], material: Form[int | None] = None):
    app = _app(request, pk)
    if file.size > 20 * 1024 * 1024:
        raise DomainError("文件超过20MB", {"file": ["文件超过20MB"]})
    uploads = [(material, file.name, file.read())]
    if app.status == Status.SUBMITTED:  # the intake came without files: they follow one by one
        svc.application_add_materials(actor=request.auth, application=app, uploads=uploads)
    else:
        svc.application_answer_supplement(actor=request.auth, application=app, uploads=uploads)
    return 201, _app(request, pk)


def _transition(name: str, schema, call):
    @router.post(
        f"/applications/{{int:pk}}/{name}",
        response=ApplicationOut,
        operation_id=f"application_{name}",
        summary=f"Transition: {name}",
    )
    def op(request, pk: int, payload: schema):  # type: ignore[valid-type]
        app = _app(request, pk)
        call(request, app, payload)
        return _app(request, pk)

    return op


_transition(
    "accept",
    AcceptIn,
    lambda r, a, p: svc.application_accept(
        actor=r.auth, application=a, expected_version=p.version, reviewer=_reviewer(p.reviewer)
    ),
)
_transition(
    "reject",
    ReasonIn,
    lambda r, a, p: svc.application_reject(
        actor=r.auth, application=a, reason=p.reason, expected_version=p.version
    ),
)
_transition(
    "supplement",
    SupplementIn,
    lambda r, a, p: svc.application_request_supplement(
        actor=r.auth, application=a, missing=p.missing, expected_version=p.version
    ),
)
_transition(
    "special",
    SpecialIn,
    lambda r, a, p: svc.application_start_special(
        actor=r.auth,
        application=a,
        kind=p.kind,
        notice=p.notice,
        limit_days=p.limit_days,
        expected_version=p.version,
    ),
)
_transition(
    "end_special",
    Versioned,
    lambda r, a, p: svc.application_end_special(actor=r.auth, application=a, expected_version=p.version),
)
_transition(
    "extend",
    ExtendIn,
    lambda r, a, p: svc.application_extend(
        actor=r.auth, application=a, reason=p.reason, days=p.days, expected_version=p.version
    ),
)
_transition(
    "advance",
    Versioned,
    lambda r, a, p: svc.application_advance_step(actor=r.auth, application=a, expected_version=p.version),
)
_transition(
    "grant",
    GrantIn,
    lambda r, a, p: svc.application_grant(
        actor=r.auth,
        application=a,
        on_commitment=p.on_commitment,
        valid_until=p.valid_until,
        reason=p.reason,
        expected_version=p.version,
    ),
)
_transition(
    "deny",
    ReasonIn,
    lambda r, a, p: svc.application_deny(
        actor=r.auth, application=a, reason=p.reason, expected_version=p.version
    ),
)
_transition("withdraw", Versioned, lambda r, a, p: svc.application_withdraw(actor=r.auth, application=a))


def _reviewer(user_id: int):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise DomainError("所选审批人员无效", {"reviewer": ["所选审批人员无效"]})
    return user
