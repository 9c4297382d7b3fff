"""Who may do what, and where: roles × actions × models, and each user's reach.

Deny by default: an anonymous user, a user without a profile, an unknown role or an unknown action gets
nothing. City reach is an explicit role (市级管理人员, 系统管理员), never a superuser bypass."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.core.choices import Role
from devzone.core.notify import kind_label

ACTIONS = {"view", "create", "change", "delete"}

ORG = {"core.area", "core.department", "core.post"}
CORE = ORG | {"core.zone", "core.staff", "core.enterprise", "core.project", "core.city"}
BUSINESS = {"core.enterprise", "core.project"}
# Accounts and their roles (core.services.people): a zone's leaders for their zone, administrators for the city.
PEOPLE = {"core.profile"}

# role -> action -> model labels. Modules add their own labels with ``register``.
RULES: dict[str, dict[str, set[str]]] = {
    Role.ZONE_LEADER: {
        "view": set(CORE) | PEOPLE,
        "create": ORG | BUSINESS | PEOPLE | {"core.staff"},
        "change": ORG | BUSINESS | PEOPLE | {"core.staff", "core.zone"},
    },
    Role.DEPARTMENT_HEAD: {"view": set(CORE), "change": {"core.staff"}},
    Role.INVESTMENT_OFFICER: {"view": set(CORE), "create": set(BUSINESS), "change": set(BUSINESS)},
    Role.WINDOW_CLERK: {"view": set(CORE), "create": {"core.enterprise"}, "change": {"core.enterprise"}},
    Role.REVIEWER: {"view": set(CORE)},
    Role.AGENT: {"view": set(CORE), "change": set(BUSINESS)},
    Role.TALLY_STAFF: {"view": set(CORE)},
    Role.CITY_OFFICER: {"view": set(CORE) | PEOPLE, "create": {"core.zone"}, "change": {"core.zone"}},
    Role.ENTERPRISE_USER: {"view": {"core.enterprise", "core.project"}},
    Role.CANDIDATE: {},  # the personnel module grants a candidate its own rows (reach "self")
    Role.PERSONNEL_OFFICER: {"view": set(CORE)},
    Role.SYSADMIN: {
        a: set(CORE) | (PEOPLE if a != "delete" else set()) for a in ("view", "create", "change", "delete")
    },
    # The system actor (``core.actors.system_actor``): periodic jobs, imports and the demo loader. Its reach is
    # every zone, and its rights are only what each module grants it here, as for any other role.
    Role.SYSTEM: {"view": set(CORE), "create": set(CORE), "change": set(CORE)},
}


def register(role: str, action: str, *labels: str) -> None:
    """Let a module grant its own models to a role (called from the module's ``access`` at import)."""
    RULES.setdefault(role, {}).setdefault(action, set()).update(labels)


@dataclass(frozen=True)
class Reach:
    kind: str  # "none" | "zone" | "city" | "enterprise" | "self" | "system"
    role: str = ""
    city_id: int | None = None
    zone_id: int | None = None
    enterprise_id: int | None = None
    department_id: int | None = None
    staff_id: int | None = None  # the user's own staff record (core.personal: a person sees their own data)
    user_id: int | None = (
        None  # "self" reach (a candidate): rows whose ``scope_self_path`` leads to this user
    )


NO_REACH = Reach("none")


def reach_of(user) -> Reach:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_REACH
    cached = getattr(user, "_devzone_reach", None)
    if cached is not None:
        return cached
    from django.contrib.auth import get_user_model

    from devzone.core.models import Profile

    try:
        # The zone with its city: the page frame shows it (core.zones.active_zone reads it from here), so a request
        # fetches the profile and its zone once — with the user itself when the session's backend brought them
        # (core.backends.AccountBackend).
        if get_user_model().profile.is_cached(user):
            p = user.profile
        else:
            p = Profile.objects.select_related("zone__city", "staff").get(user=user)
    except Profile.DoesNotExist:
        result = NO_REACH
    else:
        user.profile = p  # ``user.profile`` elsewhere in the request reuses this row
        city_id = p.city_id or (p.zone.city_id if p.zone_id else None)
        result = Reach(
            kind=p.reach,
            role=p.role,
            city_id=city_id,
            zone_id=p.zone_id,
            enterprise_id=p.enterprise_id,
            department_id=p.staff.department_id if p.staff_id else None,
            staff_id=p.staff_id,
            user_id=user.pk,
        )
    user._devzone_reach = result
    return result


def label_of(model) -> str:
    return model._meta.label_lower


def can(user, action: str, model) -> bool:
    if action not in ACTIONS:
        return False
    r = reach_of(user)
    if r.kind == "none":
        return False
    return label_of(model) in RULES.get(r.role, {}).get(action, set())


def require_right(user, action: str, model) -> None:
    """Refuse (403, on a page and in the API alike) unless ``user`` may ``action`` rows of ``model``: the first
    line of a view or operation whose rows are not read through ``for_user``/``scoped_or_404``."""
    if not can(user, action, model):
        raise PermissionDenied


def scope_queryset(qs: models.QuerySet, user, action: str) -> models.QuerySet:
    model = qs.model
    if not can(user, action, model):
        return qs.none()
    r = reach_of(user)
    label = label_of(model)
    if r.kind == "system":
        return qs  # the system actor's reach is every zone; its rights were checked by ``can`` above
    if label == "core.city":
        return qs.filter(pk=r.city_id) if r.city_id else qs.none()
    if r.kind == "self":
        path = getattr(model, "scope_self_path", None)
        return qs.filter(**{f"{path}_id": r.user_id}) if path else qs.none()
    zone_path = getattr(model, "scope_zone_path", None)
    if zone_path is None:
        return _city_owned(qs, model, r, action)
    zone_id_lookup = "pk" if zone_path == "pk" else f"{zone_path}_id"
    city_lookup = "city_id" if zone_path == "pk" else f"{zone_path}__city_id"
    if r.kind == "city":
        if label == "core.profile":  # city roles' accounts have a city and no zone
            return qs.filter(
                models.Q(zone__city_id=r.city_id) | models.Q(zone__isnull=True, city_id=r.city_id)
            )
        return qs.filter(**{city_lookup: r.city_id})
    if r.kind == "zone":
        qs = qs.filter(**{zone_id_lookup: r.zone_id})
        # A department head changes the staff of their own department only.
        if r.role == Role.DEPARTMENT_HEAD and action != "view" and label == "core.staff":
            qs = qs.filter(department_id=r.department_id) if r.department_id else qs.none()
        return qs
    if r.kind == "enterprise":
        if getattr(model, "scope_enterprise_sees_zone", False) and action == "view":
            return qs.filter(**{zone_id_lookup: r.zone_id}) if r.zone_id else qs.none()
        path = getattr(model, "scope_enterprise_path", None)
        if not path or not r.enterprise_id:
            return qs.none()
        lookup = "pk" if path == "pk" else f"{path}_id"
        return qs.filter(**{lookup: r.enterprise_id})
    return qs.none()


def _city_owned(qs: models.QuerySet, model, r: Reach, action: str) -> models.QuerySet:
    """A row owned by a city (``scope_city_path``): the city's own roles act on it; the zones of that city may
    read it. A row the city keeps for one of its zones (``scope_city_zone_path`` names that optional zone: a
    zone's own emergency campaign) is read by that zone only, not by the city's other zones."""
    path = getattr(model, "scope_city_path", None)
    if not path or not r.city_id or r.kind not in ("city", "zone"):
        return qs.none()
    if r.kind == "zone" and action != "view":
        return qs.none()
    qs = qs.filter(**{f"{path}_id": r.city_id})
    zone_path = getattr(model, "scope_city_zone_path", None)
    if r.kind == "zone" and zone_path:
        qs = qs.filter(
            models.Q(**{f"{zone_path}__isnull": True}) | models.Q(**{f"{zone_path}_id": r.zone_id})
        )
    return qs


def zone_ids_in_reach(user) -> models.QuerySet:
    from devzone.core.models import Zone

    return Zone.objects.for_user(user).values_list("pk", flat=True)


# How the grouped messages page names this module's notices (core.notify.kind_label).
kind_label("calendar", _("工作日历"))
kind_label("core.digest", _("每日消息汇总"))

# Why deadlines moved (the calendar page's journal): the administrators, in the zones of their reach.
register(Role.SYSADMIN, "view", "core.clockjournal")
