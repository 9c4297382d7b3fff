"""What the module's services share that is domain, not kit: who counts as zone staff, the five rating
levels, the name a person is shown by, and the zone's staff member or department an input names.

Locking, checks, notifications and the system actor come from the core kit (``core.locking``,
``core.errors``, ``core.notify``, ``core.actors``)."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from devzone.core.choices import ZONE_STAFF, Role
from devzone.core.errors import DomainError, check_id
from devzone.core.models import Department, Profile
from devzone.core.notify import zone_users
from devzone.core.services import service_arguments as core_arguments

STAFF_ROLES = ZONE_STAFF  # who counts as the zone's staff (assignees, handlers, plan owners)


def require_level(value, field: str = "level") -> int:
    """One of the five 好差评 levels (1–5), else refused on ``field``."""
    try:
        level = int(value)
    except (TypeError, ValueError):
        level = 0
    if level not in range(1, 6):
        raise DomainError.on(field, _("评价等级无效，请在非常满意到非常不满意五级中选择"))
    return level


# A contact phone an enterprise gives with a request: a mainland mobile (+86 allowed), a landline with or
# without its area code and extension (0531-88776655, 88776655, 0531-88776655-801), or a 400/800 number.
PHONE_PATTERN = (
    r"(\+?86-?)?1[3-9][0-9]{9}|(0[0-9]{2,3}-?)?[2-9][0-9]{6,7}(-[0-9]{1,6})?|[48]00-?[0-9]{3}-?[0-9]{4}"
)
PHONE = re.compile(f"^({PHONE_PATTERN})$")


def phone_problem(value: str) -> str:
    """Why ``value`` is not a phone number an enterprise can be called back on ("" when it is, or is empty)."""
    phone = normal_phone(value)
    if phone and not PHONE.match(phone):
        return _("请填写有效的手机号或固定电话，如13900000000或0531-88776655")
    return ""


def normal_phone(value) -> str:
    """``value`` without spaces, full-width digits and dashes made plain (the way a phone keyboard types them)."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return re.sub(r"\s+", "", text).replace("—", "-").replace("－", "-")


def optional_level(value, field: str) -> int | None:
    """A sub-score that may be left blank."""
    return require_level(value, field) if value not in (None, "") else None


def service_arguments(data: dict, **renamed: str) -> dict:
    """``core.services.service_arguments`` with this module's names: the owner and the department as ids, the
    version the person saw as ``expected_version``; ``renamed`` as there."""
    return core_arguments(data, ids=("owner", "department"), **{"version": "expected_version", **renamed})


def display_name(user) -> str:
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return (getattr(profile, "display_name", "") or user.get_username())[:80]


def zone_staff_user(zone_id: int, user_id, *, field: str, label: str):
    """The user ``user_id`` when they are staff of the zone; None when not given; else refused on ``field``
    ("<label>须为本开发区工作人员")."""
    if user_id in (None, ""):
        return None
    pk = check_id(user_id)
    profile = (
        Profile.objects.filter(user_id=pk, zone_id=zone_id, role__in=STAFF_ROLES)
        .select_related("user")
        .first()
        if pk is not None
        else None
    )
    if profile is None:
        raise DomainError.on(field, _("%(l)s须为本开发区工作人员") % {"l": label})
    return profile.user


def zone_department(zone_id: int, department_id, field: str = "department"):
    """The zone's department ``department_id``; None when not given; another zone's is refused."""
    if department_id in (None, ""):
        return None
    pk = check_id(department_id)
    dept = Department.objects.filter(pk=pk, zone_id=zone_id).first() if pk is not None else None
    if dept is None:
        raise DomainError.on(field, _("部门须为本开发区的部门"))
    return dept


def leaders(zone_id: int) -> list[int]:
    """Ids of the zone's leaders (who hear of overdue work and decide appeals)."""
    return zone_users(zone_id, roles=[Role.ZONE_LEADER])


def department_heads(zone_id: int, department_id: int | None) -> list[int]:
    """Ids of the heads of a department (none when no department is given)."""
    if department_id is None:
        return []
    return zone_users(zone_id, roles=[Role.DEPARTMENT_HEAD], department_id=department_id)
