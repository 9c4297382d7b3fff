"""Staff personal data (个人信息): who sees a staff member's birth date and mobile number, and what everyone
else sees instead.

The rule is one function, ``sees_personal(user, staff)``. In full they are seen by the person themselves (the
user whose profile is linked to the staff record), by the zone's leaders, by the head of the person's own
department, and by the roles in ``FULL_IN_ZONE`` (issue 15 adds the personnel role there, one line). Everyone
else — colleagues of other departments, reviewers, investment officers, city officers, the system administrator,
enterprise users — gets the masked form, on every page, in the API and in the Excel export. Another zone's staff
are not visible at all (``for_user``); this module only decides how a visible row's personal fields are shown.

How the masked forms were chosen, as a personnel office (组织人事部门) would accept them:

- **Mobile number: 138****1234** (first three and last four digits). This is the masking Chinese banks,
  carriers and government portals print, so staff recognise it; the prefix and the last four digits let a
  colleague tell two numbers apart or confirm "the one ending 1234" without being able to call or text the
  person, and the eight-digit gap cannot be guessed (10⁴ numbers per prefix and ending).
- **Birth date: the year only (1990年).** The month and day are what identifies and verifies a person (with
  the name they are asked for by banks and password resets, and they are digits 11–14 of the 身份证号); the
  year alone is shared by thousands. The year keeps what colleagues legitimately use — 年龄结构 analyses, who is
  near retirement — at one year's precision, which is the precision personnel statistics report anyway; an age
  band (30–40岁) would lose that and change every birthday.

There is no identity-number (身份证号) field on ``Staff`` yet; when one is added it belongs in
``PERSONAL_FIELDS`` with its own mask (first six and last four characters, per GB/T 35273 practice)."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from devzone.core.access import reach_of
from devzone.core.choices import Role

# Roles that see every staff member of their own zone in full. Issue 15: add ``Role.PERSONNEL`` here.
FULL_IN_ZONE: tuple[str, ...] = (Role.ZONE_LEADER,)
# Roles that see the staff of their own department (their profile's staff record's department) in full.
FULL_IN_DEPARTMENT: tuple[str, ...] = (Role.DEPARTMENT_HEAD,)

# The fields of ``core.Staff`` this module protects.
PERSONAL_FIELDS = ("birth_date", "phone")


def sees_personal(user, staff) -> bool:
    """True when ``user`` may see ``staff``'s birth date and mobile number in full."""
    r = reach_of(user)
    if r.kind == "none" or staff is None:
        return False
    if r.staff_id is not None and r.staff_id == staff.pk:
        return True  # the person themselves
    if r.kind != "zone" or r.zone_id != staff.zone_id:
        return False
    if r.role in FULL_IN_ZONE:
        return True
    return (
        r.role in FULL_IN_DEPARTMENT
        and r.department_id is not None
        and r.department_id == staff.department_id
    )


def mask_phone(phone: str) -> str:
    """138****1234; an empty number stays empty, a short one is hidden entirely."""
    if not phone:
        return ""
    if len(phone) < 8:
        return "*" * len(phone)
    return f"{phone[:3]}{'*' * (len(phone) - 7)}{phone[-4:]}"


# Contacts a free text may carry (a 差评's reason naming who to call): a mainland mobile or landline number
# (0531-88888888), an 18-digit identity number, an e-mail address; each masked as ``mask_phone`` masks a number, the address to its domain.
_CONTACTS = re.compile(
    r"(?<![0-9])(?:1[3-9][0-9]{9}|[1-9][0-9]{16}[0-9Xx]|0[0-9]{2,3}-[0-9]{7,8})(?![0-9])|[A-Za-z0-9._%+-]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,})"
)


def mask_contacts(text: str) -> str:
    """``text`` with the phone numbers, identity numbers and e-mail addresses in it masked (138****5678,
    110***********1234 → the first three and last four kept, ***@example.com)."""

    def masked(m: re.Match) -> str:
        return f"***@{m.group(1)}" if m.group(1) else mask_phone(m.group(0))

    return _CONTACTS.sub(masked, text or "")


def mask_birth_date(value: dt.date | str | None) -> str:
    """The year only: 1990年."""
    if not value:
        return ""
    year = value.year if isinstance(value, dt.date) else str(value)[:4]
    return _("%(year)s年") % {"year": year}


def birth_year(value: dt.date | str | None) -> int | None:
    if not value:
        return None
    return value.year if isinstance(value, dt.date) else int(str(value)[:4])


MASKS = {"phone": mask_phone, "birth_date": mask_birth_date}


def shown(user, staff, name: str, value):
    """The value of ``staff``'s field ``name`` as ``user`` may see it (unchanged for other fields)."""
    if name in MASKS and not sees_personal(user, staff):
        return MASKS[name](value)
    return value


def phone_for(user, staff) -> str:
    return shown(user, staff, "phone", staff.phone) if staff is not None else ""


def birth_date_for(user, staff):
    return shown(user, staff, "birth_date", staff.birth_date) if staff is not None else ""


def masked_changes(user, staff, changes: dict) -> dict:
    """An audit event's ``changes`` with the personal fields' before/after masked for ``user``."""
    if sees_personal(user, staff) or not any(k in MASKS for k in changes):
        return changes
    return mask_changes(changes)


def mask_changes(changes: dict) -> dict:
    """``changes`` (``{field: [before, after]}`` or ``{field: value}``) with the personal fields masked."""
    out = dict(changes)
    for key, mask in MASKS.items():
        if key not in out:
            continue
        value = out[key]
        out[key] = (
            [mask(v) if v else v for v in value]
            if isinstance(value, list)
            else mask(value)
            if value
            else value
        )
    return out
