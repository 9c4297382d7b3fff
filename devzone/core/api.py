"""Core API: zones, areas, departments, posts, staff, enterprises, projects, the calendar and tokens.

Every operation loads rows through ``for_user``: another zone's row answers 404, a row in reach without the
right answers 403; writes go through the same services as the pages."""

import datetime as dt
from typing import Annotated, get_type_hints

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, ModelSchema, Query, Router, Schema, Status
from pydantic import AfterValidator, ConfigDict, create_model

from devzone.core import filters, personal
from devzone.core import models as m
from devzone.core.access import reach_of, require_right
from devzone.core.calendar import CalendarError
from devzone.core.choices import (
    AreaKind,
    DepartmentKind,
    Education,
    EmploymentType,
    Gender,
    ProjectPhase,
    Rank,
    ZoneOperator,
)
from devzone.core.errors import DomainError
from devzone.core.idempotency import answer_holds_secret
from devzone.core.schemas import (
    Count,
    CreditCode,
    Date,
    Day,
    Flag,
    Id,
    IndustryDivision,
    LongText,
    Name,
    ProjectCodeStr,
    Search,
    SmallCount,
    Text,
    Wan,
    decimal,
    list_operation,
    whole,
)
from devzone.core.services import object_create, object_update
from devzone.core.services import tokens as token_services
from devzone.core.web import scoped_or_404
from devzone.core.workdays import get_calendar

router = Router(tags=["core"])


# --- schemas ----------------------------------------------------------------------------------------
# The columns' own rules, published: a caller that follows the description is not refused by the model's
# full_clean() (a blank name, a kind not in the choices, a number beyond its column or its validators).
Text20 = Annotated[Text, Field(max_length=20)]
Text30 = Annotated[Text, Field(max_length=30)]
Text100 = Annotated[Text, Field(max_length=100)]
# Post.value_coefficient: 0.10–9.99, two decimals.
Coefficient = decimal(
    whole=1, places=2, ge="0.1", le="9.99", pattern=r"^(0\.[1-9][0-9]?|[1-9](\.[0-9]{1,2})?)$"
)
AreaKm2 = decimal(whole=6, places=2)  # Area.area_km2: NUMERIC(8, 2), not negative
# An amount in 万元 that is not zero (a project's total investment, amount_field(positive=True)): 0.01 up to
# MAX_AMOUNT_WAN; Wan is the one that may be zero.
Investment = decimal(
    whole=9,
    places=2,
    ge="0.01",
    le=100000000,
    pattern=r"^(100000000(\.00?)?|[1-9][0-9]{0,7}(\.[0-9]{1,2})?|0\.(0[1-9]|[1-9][0-9]?))$",
)
LandMu = decimal(whole=6, places=2, le=100000, pattern=r"^(100000(\.00?)?|[0-9]{1,5}(\.[0-9]{1,2})?)$")
# A unified social credit code that must be given: its shape is published (the check characters are
# verified by the server, and no pattern can state them).
CREDIT_SHAPE = (
    r"^(1[1-59]|5[1-49]|9[1-3]|Y1|2[19]|3[1-59]|4[12]|[67][129]|[8A][19]|N[1-49])"
    r"[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"
)
GivenCreditCode = Annotated[CreditCode, Field(min_length=18, json_schema_extra={"pattern": CREDIT_SHAPE})]
# A national project code (either format, whose shape is 4-6-2-2-6 digits; the check digit, region and dates
# are verified by the server), or empty.
ProjectCodeText = Annotated[
    ProjectCodeStr,
    Field(max_length=24, json_schema_extra={"pattern": r"^([0-9]{4}-[0-9]{6}-[0-9]{2}-[0-9]{2}-[0-9]{6})?$"}),
]


def _mobile(value: str) -> str:
    if value and not (len(value) == 11 and value.isdigit() and value[0] == "1"):
        raise ValueError(_("手机号应为以1开头的11位数字"))
    return value


# Staff.phone: empty, or a mobile number (11 digits starting with 1).
Mobile = Annotated[
    Text, Field(max_length=11, json_schema_extra={"pattern": r"^(1[0-9]{10})?$"}), AfterValidator(_mobile)
]


def _no_null_default(schema: dict) -> None:
    """A field that may be left out but is never null publishes no ``default: null``."""
    for prop in schema.get("properties", {}).values():
        if prop.get("default", 0) is None and "anyOf" not in prop:
            prop.pop("default")


class _PatchBody(Schema):
    model_config = ConfigDict(json_schema_extra=_no_null_default)


def patch_schema(name: str, full: type[Schema]) -> type[Schema]:
    """The body of a PATCH: every field of ``full`` (but the zone) with its type and rules, each optional; only
    a field that may be null (a nullable column) takes ``null``, which clears it — the others may be left out,
    never nulled."""
    hints = get_type_hints(full, include_extras=True)
    fields = {key: (hints[key], None) for key in full.model_fields if key != "zone"}
    return create_model(name, __base__=_PatchBody, **fields)


class ZoneFields(Schema):
    """What a zone's PATCH may change."""

    name: Name(60)
    short_name: Text30 = ""
    is_pilot: Flag = False
    operator: ZoneOperator = ZoneOperator.COMMITTEE
    operating_company: Text100 = ""


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


class AreaOut(ModelSchema):
    class Meta:
        model = m.Area
        fields = ["id", "zone", "name", "kind", "area_km2", "description"]


class AreaIn(Schema):
    zone: Id | None = None
    name: Name(60)
    kind: AreaKind
    area_km2: AreaKm2 | None = None
    description: LongText = ""


class DepartmentOut(ModelSchema):
    class Meta:
        model = m.Department
        fields = ["id", "zone", "name", "kind", "headcount_quota", "established_on", "abolished_on", "order"]


class DepartmentIn(Schema):
    zone: Id | None = None
    name: Name(60)
    kind: DepartmentKind = DepartmentKind.GENERAL
    headcount_quota: Count = 0
    established_on: Date | None = None
    abolished_on: Date | None = None
    order: SmallCount = 0


class PostOut(ModelSchema):
    class Meta:
        model = m.Post
        fields = ["id", "zone", "department", "name", "rank", "value_coefficient", "headcount"]


class PostIn(Schema):
    zone: Id | None = None
    department: Id
    name: Name(60)
    rank: Rank = Rank.STAFF
    value_coefficient: Coefficient
    headcount: SmallCount = 1


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
            "rank_since",
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
    department: Id
    post: Id | None = None
    employee_no: Name(20)
    name: Name(30)
    gender: Gender
    birth_date: Date
    education: Education
    employment_type: EmploymentType
    rank: Rank = Rank.STAFF
    hired_on: Date
    # 任现职级日期 (竞聘's 任职年限 count from it); null: not recorded, counted from ``hired_on``
    rank_since: Date | None = None
    phone: Mobile = ""
    is_active: Flag = True


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
    name: Name(100)
    credit_code: GivenCreditCode
    industry: IndustryDivision
    foreign_invested: Flag = False
    registered_capital: Wan | None = None
    address: Text = ""
    contact_name: Text30 = ""
    contact_phone: Text20 = ""


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
    enterprise: Id
    area: Id | None = None
    name: Name(100)
    industry: IndustryDivision
    project_code: ProjectCodeText = ""
    total_investment: Investment
    land_area_mu: LandMu | None = None
    is_key: Flag = False
    phase: ProjectPhase = ProjectPhase.SIGNED
    signed_on: Day | None = None
    description: LongText = ""


class ListFilter(Schema):
    q: Search | None = None


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
        raise DomainError(_("请指定开发区"), {"zone": [_("请指定开发区")]})
    _assign(request, obj, data)
    for fk in ("department", "enterprise", "area", "post"):
        target = getattr(obj, fk, None) if hasattr(obj, f"{fk}_id") else None
        if target is not None and getattr(target, "zone_id", obj.zone_id) != obj.zone_id:
            raise DomainError(_("所选项不属于该开发区"), {fk: [_("所选项不属于该开发区")]})
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
    ("zones", m.Zone, ZoneOut, ZoneFields, filters.ZoneFilter, ["city"], False),
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

    # ZoneFields -> ZonePatch, AreaIn -> AreaInPatch (the names the description has always had)
    Patch = patch_schema(f"{In.__name__.removesuffix('Fields')}Patch", In)

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
def calendar_add(request, start: Day, n: whole(0, 3650)):
    cal = get_calendar()
    if n < 0 or n > 3650:
        raise DomainError(_("工作日数应为0–3650"), {"n": [_("工作日数应为0–3650")]})
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
        raise DomainError(_("日期间隔不能超过10年"))
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
    name: Name(60)
    days_valid: whole(1, settings.DEVZONE_TOKEN_MAX_DAYS) = min(365, settings.DEVZONE_TOKEN_MAX_DAYS)
    read_only: Flag = False


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
    answer_holds_secret(request)  # shown once: never kept for an Idempotency-Key retry (core.idempotency)
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
