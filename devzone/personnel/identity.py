"""Citizen identity numbers (公民身份号码, GB 11643-1999), free of Django.

Eighteen characters: a six-digit address code (GB/T 2260, where the number was first issued; it is not checked
against today's divisions, because a number keeps its code when a county later becomes a district), the birth date
``YYYYMMDD``, a three-digit sequence (odd for men, even for women) and a check character computed over the first
seventeen digits with ISO 7064 MOD 11-2 (weights 2^(17−i) mod 11; a remainder of 10 is written ``X``).

Fifteen-digit numbers issued before 1999 are not accepted: every holder has had an eighteen-digit number since
2013, and a registration asks for the current one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
CHECK_CHARS = "10X98765432"  # remainder 0 → "1", 1 → "0", 2 → "X", …
FORM = re.compile(r"^[1-9]\d{16}[\dX]$")
EARLIEST_BIRTH = dt.date(1900, 1, 1)
FULL_WIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９Ｘｘ"}


class IdentityError(ValueError):
    """Why a number is not a valid identity number, in the user's language."""


@dataclass(frozen=True)
class Identity:
    number: str
    region: str
    birth_date: dt.date
    male: bool


def check_char(first17: str) -> str:
    """The check character for the first seventeen digits."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalize(raw: str) -> str:
    """Upper case, spaces and full-width characters removed (people type ``x`` and paste with spaces)."""
    text = (raw or "").strip().replace(" ", "").replace("\u3000", "")
    return text.translate(FULL_WIDTH).upper()


def parse_identity(raw: str, *, today: dt.date | None = None) -> Identity:
    """The number's parts, or ``IdentityError`` naming what is wrong: its form, the birth date (a real date, not
    before 1900, not in the future), or the check character."""
    number = normalize(raw)
    if not FORM.match(number):
        raise IdentityError(_("身份证号码应为18位：前17位是数字，最后一位是数字或X"))
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdentityError(_("身份证号码中的出生日期 %(d)s 不是有效日期") % {"d": number[6:14]}) from None
    if born < EARLIEST_BIRTH or born > (today or dt.date.today()):
        raise IdentityError(_("身份证号码中的出生日期 %(d)s 不可能") % {"d": born.isoformat()})
    if check_char(number[:17]) != number[17]:
        raise IdentityError(_("身份证号码校验位不符，请核对后重新填写"))
    return Identity(number=number, region=number[:6], birth_date=born, male=int(number[16]) % 2 == 1)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Full years of age on ``day`` (a person born on 29 February turns a year older on 1 March)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def make_identity(region: str, birth_date: dt.date, sequence: int) -> str:
    """A valid number from its parts (for the demo and tests)."""
    first17 = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)
