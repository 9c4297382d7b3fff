"""Core API: zones, areas, departments, posts, staff, enterprises, projects, the calendar and tokens.

Every operation loads rows through ``for_user``: another zone's row answers 404, a row in reach without the
right answers 403; writes go through the same services as the pages."""

import datetime as dt
from decimal import Decimal

from django.http import Http404
from ninja import Field, ModelSchema, Query, Router, Schema, Status

from devzone.core import filters, personal
from devzone.core import models as m
from devzone.core.access import reach_of, require_right
from devzone.core.calendar import CalendarError
from devzone.core.errors import DomainError
from devzone.core.schemas import Date, Day, Id, LongText, Text, list_operation
from devzone.core.services import object_create, object_update
from devzone.core.services import tokens as token_services
from devzone.core.web import scoped_or_404
from devzone.core.workdays import get_calendar

router = Router(tags=["core"])


# --- schemas ----------------------------------------------------------------------------------------
class ZoneOut(ModelSchema):
    class Meta:
        model = m.Zone
        fields = [
            "id",
            "city",
            "name",
            "short_name",
            "level",
            "is_pilot",
            "operator",
            "operating_company",
            "established_on",
            "merged_into",
            "merged_on",
        ]


class ZonePatch(Schema):
    name: str | None = None
    short_name: str | None = None
    is_pilot: bool | None = None
    operator: str | None = None
    operating_company: str | None = None


class AreaOut(ModelSchema):
    class Meta:
        model = m.Area
        fields = ["id", "zone", "name", "kind", "area_km2", "description"]


class AreaIn(Schema):
    zone: Id | None = None
    name: Text
    kind: Text
    area_km2: Decimal | None = None
    description: LongText = ""


class DepartmentOut(ModelSchema):
    class Meta:
        model = m.Department
        fields = ["id", "zone", "name", "kind", "headcount_quota", "established_on", "abolished_on", "order"]


class DepartmentIn(Schema):
    zone: Id | None = None
    name: Text
    kind: Text = "general"
    headcount_quota: int = 0
    established_on: Date | None = None
    abolished_on: Date | None = None
    order: int = 0


class PostOut(ModelSchema):
    class Meta:
        model = m.Post
        fields = ["id", "zone", "department", "name", "rank", "value_coefficient", "headcount"]


class PostIn(Schema):
    zone: Id | None = None
    department: int
    name: Text
    rank: Text = "staff"
    value_coefficient: Decimal
    headcount: int = 1


class StaffOut(ModelSchema):
    class Meta:
        model = m.Staff
        fields = [
            "id",
            "zone",
            "department",
            "post",
            "employee_no",
            "name",
            "gender",
            "education",
            "employment_type",
            "rank",
            "hired_on",
            "is_active",
        ]

    # Personal data (core.personal): in full for the person, their leaders and personnel staff; for anyone
    # else ``birth_date`` is null (the year stays in ``birth_year``) and ``phone`` is masked (138****1234).
    birth_date: dt.date | None = Field(None, description="Null when masked for the caller")
    birth_year: int | None = None
    phone: str = Field("", description="Masked (138****1234) unless the caller may see it")
    personal_masked: bool = Field(
        False, description="True when birth_date and phone are masked for the caller"
    )

    @staticmethod
    def resolve_birth_date(obj, context):
        return obj.birth_date if personal.sees_personal(context["request"].auth, obj) else None

    @staticmethod
    def resolve_birth_year(obj):
        return personal.birth_year(obj.birth_date)

    @staticmethod
    def resolve_phone(obj, context):
        return personal.phone_for(context["request"].auth, obj)

    @staticmethod
    def resolve_personal_masked(obj, context):
        return not personal.sees_personal(context["request"].auth, obj)


class StaffIn(Schema):
    zone: Id | None = None
    department: int
    post: int | None = None
    employee_no: Text
    name: Text
    gender: Text
    birth_date: Date
    education: Text
    employment_type: Text
    rank: Text = "staff"
    hired_on: Date
    phone: Text = ""
    is_active: bool = True


class EnterpriseOut(ModelSchema):
    class Meta:
        model = m.Enterprise
        fields = [
            "id",
            "zone",
            "name",
            "credit_code",
            "industry",
            "foreign_invested",
            "registered_capital",
            "address",
        ]


class EnterpriseIn(Schema):
    zone: Id | None = None
    name: Text
    credit_code: Text
    industry: Text
    foreign_invested: bool = False
    registered_capital: Decimal | None = None
    address: Text = ""
    contact_name: Text = ""
    contact_phone: Text = ""


class ProjectOut(ModelSchema):
    class Meta:
        model = m.Project
        fields = [
            "id",
            "zone",
            "enterprise",
            "area",
            "name",
            "industry",
            "project_code",
            "total_investment",
            "land_area_mu",
            "is_key",
            "phase",
            "signed_on",
        ]


class ProjectIn(Schema):
    zone: Id | None = None
    enterprise: int
    area: int | None = None
    name: Text
    industry: Text
    project_code: Text = ""
    total_investment: Decimal
    land_area_mu: Decimal | None = None
    is_key: bool = False
    phase: Text = "signed"
    signed_on: Day | None = None
    description: LongText = ""


class ListFilter(Schema):
    q: str | None = None


# --- generic operations -------------------------------------------------------------------------------
def _scoped(request, model, action: str = "view"):
    require_right(request.auth, action, model)
    return model.objects.for_user(request.auth, action)


FK_FIELDS = {"zone", "department", "post", "enterprise", "area", "industry", "city"}


def _assign(request, obj, data: dict) -> None:
    """Copy payload fields onto ``obj``; foreign keys must name rows the caller can see (else a field
    error, never a leak of another zone's ids)."""
    errors: dict[str, list[str]] = {}
    for key, value in data.items():
        if key in FK_FIELDS:
            if key == "zone":
                if obj.pk or value is None:
                    continue  # a row never changes zone; a zone user's rows go to their own zone
                if reach_of(request.auth).kind != "city":
                    continue
            field = obj._meta.get_field(key)
            related = field.related_model
            if value is None:
                setattr(obj, key, None)
                continue
            qs = (
                related.objects.for_user(request.auth)
                if hasattr(related.objects, "for_user")
                else related.objects
            )
            if key == "industry":
                qs = qs.filter(parent__isnull=False)
            target = qs.filter(pk=value).first()
            if target is None:
                errors.setdefault(key, []).append("所选记录不存在或不在您的范围内")
            else:
                setattr(obj, key, target)
        else:
            setattr(obj, key, value)
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors)


def _create(request, model, payload: Schema):
    require_right(request.auth, "create", model)
    obj = model()
    r = reach_of(request.auth)
    if hasattr(obj, "zone_id") and r.kind == "zone":
        obj.zone_id = r.zone_id
    data = payload.dict()
    if hasattr(obj, "zone_id") and r.kind == "city" and not data.get("zone"):
        raise DomainError("请指定开发区", {"zone": ["请指定开发区"]})
    _assign(request, obj, data)
    for fk in ("department", "enterprise", "area", "post"):
        target = getattr(obj, fk, None) if hasattr(obj, f"{fk}_id") else None
        if target is not None and getattr(target, "zone_id", obj.zone_id) != obj.zone_id:
            raise DomainError("所选项不属于该开发区", {fk: ["所选项不属于该开发区"]})
    return object_create(actor=request.auth, instance=obj)


def _patch(request, model, pk: int, payload: Schema):
    obj = scoped_or_404(model.objects, pk, user=request.auth, action="change")
    _assign(request, obj, payload.dict(exclude_unset=True))
    return object_update(actor=request.auth, instance=obj)


def _search(request, model, filterset, q: str | None, select: list[str]):
    qs = _scoped(request, model)
    if select:  # select_related() without names would follow every non-null foreign key, recursively
        qs = qs.select_related(*select)
    return filters.api_rows(filterset, request, qs)


ENTITIES = [
    # (path, model, Out, In, filterset, select_related, creatable)
    ("zones", m.Zone, ZoneOut, ZonePatch, filters.ZoneFilter, ["city"], False),
    ("areas", m.Area, AreaOut, AreaIn, filters.AreaFilter, [], True),
    ("departments", m.Department, DepartmentOut, DepartmentIn, filters.DepartmentFilter, [], True),
    ("posts", m.Post, PostOut, PostIn, filters.PostFilter, [], True),
    ("staff", m.Staff, StaffOut, StaffIn, filters.StaffFilter, [], True),
    ("enterprises", m.Enterprise, EnterpriseOut, EnterpriseIn, filters.EnterpriseFilter, [], True),
    ("projects", m.Project, ProjectOut, ProjectIn, filters.ProjectFilter, [], True),
]


def _register(path, model, Out, In, filterset, select, creatable):
    name = model._meta.model_name

    @list_operation(router, f"/{path}", Out, operation_id=f"{name}_list", summary=f"List {path}")
    def list_op(request, filters: Query[ListFilter]):
        return _search(request, model, filterset, filters.q, select)

    @router.get(f"/{path}/{{int:pk}}", response=Out, operation_id=f"{name}_get", summary=f"Get one of {path}")
    def get_op(request, pk: int):
        return scoped_or_404(model.objects, pk, user=request.auth)

    if creatable:

        @router.post(f"/{path}", response={201: Out}, operation_id=f"{name}_create", summary=f"Create {name}")
        def create_op(request, payload: In):
            return Status(201, _create(request, model, payload))

        Patch = type(
            f"{In.__name__}Patch",
            (Schema,),
            {
                "__annotations__": {
                    k: (v.annotation | None) for k, v in In.model_fields.items() if k != "zone"
                },
                **{k: None for k in In.model_fields if k != "zone"},
            },
        )
    else:
        Patch = In

    @router.patch(
        f"/{path}/{{int:pk}}", response=Out, operation_id=f"{name}_update", summary=f"Update {name}"
    )
    def patch_op(request, pk: int, payload: Patch):
        return _patch(request, model, pk, payload)


for _entity in ENTITIES:
    _register(*_entity)


# --- calendar -----------------------------------------------------------------------------------------
class WorkdayAnswer(Schema):
    date: dt.date | None = None
    workdays: int | None = None
    provisional: bool


@router.get(
    "/calendar/add",
    response=WorkdayAnswer,
    operation_id="calendar_add",
    summary="The n-th working day after a date (the start day is not counted)",
)
def calendar_add(request, start: Day, n: int):
    cal = get_calendar()
    if n < 0 or n > 3650:
        raise DomainError("工作日数应为0–3650", {"n": ["工作日数应为0–3650"]})
    try:
        day = cal.add_workdays(start, n)
    except CalendarError as e:
        raise DomainError(str(e), {"start": [str(e)]})
    return {"date": day, "provisional": cal.span_is_provisional(start, day)}


@router.get(
    "/calendar/between",
    response=WorkdayAnswer,
    operation_id="calendar_between",
    summary="Working days after start up to and including end",
)
def calendar_between(request, start: Day, end: Day):
    cal = get_calendar()
    if abs((end - start).days) > 3660:
        raise DomainError("日期间隔不能超过10年")
    try:
        n = cal.between(start, end)
    except CalendarError as e:
        raise DomainError(str(e), {"end": [str(e)]})
    return {"workdays": n, "provisional": cal.span_is_provisional(min(start, end), max(start, end))}


# --- me and tokens ------------------------------------------------------------------------------------
class MeOut(Schema):
    username: str
    role: str
    reach: str
    zone: int | None
    city: int | None
    enterprise: int | None


@router.get("/me", response=MeOut, operation_id="me_get", summary="Who am I, and my reach")
def me(request):
    r = reach_of(request.auth)
    return {
        "username": request.auth.get_username(),
        "role": r.role,
        "reach": r.kind,
        "zone": r.zone_id,
        "city": r.city_id,
        "enterprise": r.enterprise_id,
    }


class TokenOut(Schema):
    id: int
    name: str
    key_prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    read_only: bool


class TokenCreated(TokenOut):
    token: str


class TokenIn(Schema):
    name: str
    days_valid: int = 365
    read_only: bool = False


@router.get("/tokens", response=list[TokenOut], operation_id="token_list", summary="My API tokens")
def token_list(request):
    return list(m.ApiToken.objects.filter(user=request.auth))


@router.post(
    "/tokens",
    response={201: TokenCreated},
    operation_id="token_create",
    summary="Create a token (shown once)",
)
def token_create(request, payload: TokenIn):
    token, raw = token_services.token_create(
        actor=request.auth,
        name=payload.name,
        days_valid=payload.days_valid,
        read_only=payload.read_only,
        via_token=getattr(request, "api_token", None) is not None,
    )
    return Status(201, {**TokenOut.from_orm(token).dict(), "token": raw})


@router.delete(
    "/tokens/{int:pk}", response={204: None}, operation_id="token_revoke", summary="Revoke a token"
)
def token_revoke(request, pk: int):
    if not m.ApiToken.objects.filter(user=request.auth, pk=pk).exists():
        raise Http404
    token_services.token_revoke(actor=request.auth, token_id=pk)
    return Status(204, None)


# --- people and accounts (core.api_people) -------------------------------------------------------------------
from devzone.core.api_people import router as people_router  # noqa: E402

router.add_router("", people_router)
