"""People and their accounts in the API (``/api/v1/core/people``): the same selectors and services as the pages
(``core.views_people``). Rows are read only through ``core.selectors.person_list`` (``for_user``): another
zone's person answers 404; a person in reach with a role above the caller's, 403."""

import datetime as dt
from typing import Annotated, Literal

from django.http import Http404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from devzone.core import filters, selectors
from devzone.core.access import require_right
from devzone.core.choices import Role
from devzone.core.idempotency import answer_holds_secret
from devzone.core.models import Profile
from devzone.core.schemas import Id, Mapped, Name, Search, Text, list_operation
from devzone.core.services import people as svc

router = Router(tags=["core"])


class PersonOut(Schema):
    id: int
    username: str
    display_name: str
    role: str
    zone: int | None
    city: int | None
    enterprise: int | None
    staff: int | None
    employee_no: str | None
    is_active: bool
    password_set: bool
    otp_enrolled: bool
    last_login: dt.datetime | None


# the roles a person list offers (``filters.PersonFilter``) and a manager may grant: every one but the
# system's own actor (the jobs', imports' and demo's)
ListedRole = Literal[tuple(r for r in Role.values if r != Role.SYSTEM)]  # type: ignore[valid-type]


class PersonIn(Schema):
    username: Name(svc.USERNAME_MAX)
    display_name: Annotated[Text, Field(max_length=30)] = ""
    role: ListedRole
    zone: Id | None = None
    staff_no: Text = ""
    credit_code: Text = ""


class RoleIn(Schema):
    role: ListedRole
    reason: Name(200)
    zone: Id | None = None
    staff_no: Text = ""
    credit_code: Text = ""


class PersonReasonIn(Schema):
    reason: Name(200)


class PasswordLinkOut(Schema):
    person: PersonOut
    password_link: str
    expires_at: dt.datetime


class DeactivatedOut(Schema):
    person: PersonOut
    sessions_ended: int
    tokens_revoked: int
    open_work: list[dict]


class PersonFilterIn(Schema):
    q: Search | None = None
    role: ListedRole | None = None
    active: bool | None = None
    zone: Id | None = None


def person_out(p: Profile) -> dict:
    enrolled = getattr(p, "otp_enrolled", None)
    return {
        "id": p.pk,
        "username": p.user.username,
        "display_name": p.display_name,
        "role": p.role,
        "zone": p.zone_id,
        "city": p.city_id,
        "enterprise": p.enterprise_id,
        "staff": p.staff_id,
        "employee_no": p.staff.employee_no if p.staff_id else None,
        "is_active": p.user.is_active,
        "password_set": p.user.has_usable_password(),
        "otp_enrolled": selectors.otp_enrolled(p.user) if enrolled is None else enrolled,
        "last_login": p.user.last_login,
    }


def _person(request, pk: int) -> Profile:
    person = selectors.person_get(user=request.auth, pk=pk)
    if person is None:
        raise Http404
    return person


def _fresh(request, pk: int) -> dict:
    return person_out(_person(request, pk))


def _link(request, person_pk: int, link) -> dict:
    """The person and their one-time link: shown once, never kept for an Idempotency-Key retry."""
    answer_holds_secret(request)
    return {
        "person": _fresh(request, person_pk),
        "password_link": request.build_absolute_uri(link.path),
        "expires_at": link.expires_at,
    }


@list_operation(router, "/people", PersonOut, operation_id="person_list", summary="People and their accounts")
def person_list(request, filters_in: Query[PersonFilterIn]):
    require_right(request.auth, "view", Profile)
    return Mapped(
        filters.api_rows(filters.PersonFilter, request, selectors.person_list(user=request.auth)), person_out
    )


@router.get("/people/{int:pk}", response=PersonOut, operation_id="person_get", summary="One person's account")
def person_get(request, pk: int):
    return person_out(_person(request, pk))


@router.post(
    "/people",
    response={201: PasswordLinkOut},
    operation_id="person_create",
    summary="Create an account (no password: the one-time link to set it is returned once)",
)
def person_create(request, payload: PersonIn):
    person, link = svc.person_create(actor=request.auth, **payload.dict())
    return Status(201, _link(request, person.pk, link))


@router.post(
    "/people/{int:pk}/role", response=PersonOut, operation_id="person_set_role", summary="Change role"
)
def person_set_role(request, pk: int, payload: RoleIn):
    person = _person(request, pk)
    svc.person_set_role(actor=request.auth, profile=person, **payload.dict())
    return _fresh(request, pk)


def _reason_move(path: str, response, service, answer, *, operation_id: str, summary: str) -> None:
    """``POST /people/{pk}/<path>`` with a reason: ``service`` on the person in the caller's reach, answered by
    ``answer(request, pk, what the service returned)``."""

    def move(request, pk: int, payload: PersonReasonIn):
        done = service(actor=request.auth, profile=_person(request, pk), reason=payload.reason)
        return answer(request, pk, done)

    router.post(
        f"/people/{{int:pk}}/{path}",
        response=response,
        operation_id=operation_id,
        summary=summary,
        url_name=operation_id,
    )(move)


def _deactivated(request, pk: int, done) -> dict:
    return {
        "person": _fresh(request, pk),
        "sessions_ended": done.sessions,
        "tokens_revoked": done.tokens,
        "open_work": [
            {"label": str(label), "count": n, "url": url}
            for label, n, url in selectors.open_work_of(done.profile.user)
        ],
    }


_reason_move(
    "password",
    PasswordLinkOut,
    svc.person_reset_password,
    _link,
    operation_id="person_reset_password",
    summary="Void the password, end the sessions, return a new one-time link",
)
_reason_move(
    "otp-reset",
    PersonOut,
    svc.person_reset_otp,
    lambda request, pk, _none: _fresh(request, pk),
    operation_id="person_reset_otp",
    summary="Remove the authenticator and recovery codes",
)
_reason_move(
    "deactivate",
    DeactivatedOut,
    svc.person_deactivate,
    _deactivated,
    operation_id="person_deactivate",
    summary="Deactivate a leaver: sessions ended, tokens revoked, staff record not in post; open work listed",
)
_reason_move(
    "reactivate",
    PasswordLinkOut,
    svc.person_reactivate,
    lambda request, pk, person_and_link: _link(request, pk, person_and_link[1]),
    operation_id="person_reactivate",
    summary="Enable a deactivated account again; returns a one-time link to set a password",
)
