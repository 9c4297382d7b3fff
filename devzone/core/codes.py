"""Validators for the identifiers a zone meets every day. Plain functions, free of Django but for marking their
messages for translation: a ``CodeError``'s reason is read in the language active where it is read (a page's
reader's, the API caller's), never in the language of whoever raised it.

- 统一社会信用代码 (GB 32100-2015): 18 characters; positions 9–17 are the organization code (GB 11714)
  with its own check character; the 18th character is a check over the first 17.
- 投资项目统一代码 (GB/T 40058-2021, since November 2020): ``YYMM-RRRRRR-DD-TT-NNNNNC`` whose last digit is an
  ISO 7064 MOD 11,10 check over the 19 digits before it; before November 2020: ``YYYY-RRRRRR-II-TT-NNNNNN``
  with no check digit.

The segments are checked where a public code list defines them (docs/approvals.md, "Project codes"):

- the region (RRRRRR) against GB/T 2260 as in use during the code's year (``regions``; 济阳区 is 370115 from
  2018, before it 济阳县 370125), plus the platform's functional-area codes listed with their source;
- the legacy industry segment (II) against the divisions (大类) of GB/T 4754 in force that year: the 2011
  edition (01–96) until 2017, the 2017 edition (01–97) from 2017 (in force 2017-10-01, so 2017 takes both);
- not checked, because no public list could be confirmed: the legacy type segment (TT, 审批/核准/备案 as the
  platform numbered them), and the new format's 中央业务指导部门 (DD) and 项目类型 (TT) codes of GB/T 40058
  §4.4–4.5 — they are only required to be two digits.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from devzone.core import regions

CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
CREDIT_WEIGHTS = [pow(3, i, 31) for i in range(17)]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
# Registration authority (1) and kind (2) codes of GB 32100 Table 1.
CREDIT_AUTHORITY_KINDS = {
    "1": "123459",
    "5": "12349",
    "9": "123",
    "Y": "1",
    "2": "19",
    "3": "123459",
    "4": "12",
    "6": "129",
    "7": "129",
    "8": "19",
    "A": "19",
    "N": "12349",
}


class CodeError(ValueError):
    """A malformed identifier: ``code`` says why (``"length"``, ``"check"`` …), ``reason`` says it to a person,
    in the language active when it is read (the message is kept as its msgid and its parameters)."""

    def __init__(self, code: str, message, **params):
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params

    @property
    def reason(self) -> str:
        text = str(self.message)  # a lazy translation, rendered now
        return text % {k: str(v) for k, v in self.params.items()} if self.params else text

    def __str__(self) -> str:
        return self.reason


def credit_check_char(first17: str) -> str:
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    value = 31 - total % 31
    return CREDIT_CHARSET[0 if value == 31 else value]


def org_check_char(first8: str) -> str:
    total = sum(int(c, 36) * w for c, w in zip(first8, ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def normalize_credit_code(raw: str) -> str:
    return (raw or "").strip().upper()


def validate_credit_code(raw: str) -> str:
    """Return the normalized code or raise CodeError with the reason ('length', 'charset', 'kind',
    'org_check', 'check')."""
    code = normalize_credit_code(raw)
    if len(code) != 18:
        raise CodeError("length", _("统一社会信用代码应为18位，实际为%(n)s位"), n=len(code))
    bad = [c for c in code if c not in CREDIT_CHARSET]
    if bad:
        raise CodeError(
            "charset", _("统一社会信用代码含有不允许的字符：%(chars)s"), chars="".join(sorted(set(bad)))
        )
    if code[0] not in CREDIT_AUTHORITY_KINDS or code[1] not in CREDIT_AUTHORITY_KINDS[code[0]]:
        raise CodeError(
            "kind", _("统一社会信用代码的登记管理部门或机构类别代码无效：%(kind)s"), kind=code[:2]
        )
    if not code[2:8].isdigit():
        raise CodeError("region", _("统一社会信用代码第3–8位应为行政区划代码（数字）"))
    if credit_check_char(code[:17]) != code[17]:
        raise CodeError("check", _("统一社会信用代码校验位（第18位）错误"))
    org = code[8:17]
    if org_check_char(org[:8]) != org[8]:
        raise CodeError("org_check", _("统一社会信用代码中的组织机构代码（第9–17位）校验位错误"))
    return code


def make_credit_code(prefix: str, region: str, org_body: str) -> str:
    """Build a valid code from its parts (used by the demo data and the load generator)."""
    org = org_body + org_check_char(org_body)
    first17 = prefix + region + org
    return first17 + credit_check_char(first17)


# --- 投资项目统一代码 ----------------------------------------------------------------------------
# Both formats have the shape 4-6-2-2-6 digits. They are told apart by the first group: a legacy year
# 2014–2020 read as YYMM has a month of 14–20, which no new code has.
PROJECT_CODE_SHAPE = re.compile(r"^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$")


def mod11_10_check_digit(digits: str) -> str:
    """ISO 7064 MOD 11,10: the digit that makes the whole string check."""
    p = 10
    for ch in digits:
        s = (p + int(ch)) % 10 or 10
        p = (s * 2) % 11
    return str((11 - p) % 10)


@dataclass(frozen=True)
class ProjectCode:
    code: str
    format: str  # "gbt40058" (since 2020-11) or "legacy"
    year: int
    month: int | None
    region: str


def parse_project_code(raw: str, today: dt.date | None = None) -> ProjectCode:
    """Parse and check a project code; a code whose year (and month) lies after ``today`` (by default the
    current date) cannot have been issued yet and is refused."""
    code = (raw or "").strip()
    today = today or dt.date.today()
    m = PROJECT_CODE_SHAPE.match(code)
    if not m:
        raise CodeError(
            "format",
            _("项目代码格式应为 YYMM-RRRRRR-DD-TT-NNNNNC（2020年11月起）或 YYYY-RRRRRR-II-TT-NNNNNN"),
        )
    first, region = m.group(1), m.group(2)
    if 2014 <= int(first) <= 2020:
        if int(first) > today.year:
            raise CodeError("future", _("项目代码的赋码年份%(year)s晚于今天，不可能已经赋码"), year=first)
        _check_region(region, int(first))
        _check_industry(m.group(3), int(first))
        return ProjectCode(code, "legacy", int(first), None, region)
    if first.startswith("20") and 13 <= int(first[2:]) <= 99:
        raise CodeError("year", _("旧格式项目代码的年份无效：%(year)s（应为2014–2020年）"), year=first)
    month = int(first[2:])
    if not 1 <= month <= 12:
        raise CodeError("month", _("项目代码中的月份无效：%(month)s"), month=first[2:])
    year = 2000 + int(first[:2])
    if (year, month) < (2020, 11):
        raise CodeError("format_date", _("新格式项目代码自2020年11月起使用，赋码年月早于此"))
    if (year, month) > (today.year, today.month):
        raise CodeError(
            "future",
            _("项目代码的赋码年月%(year)s年%(month)s月晚于今天，不可能已经赋码"),
            year=year,
            month=month,
        )
    digits = code.replace("-", "")
    if mod11_10_check_digit(digits[:19]) != digits[19]:
        raise CodeError("check", _("项目代码校验位（最后一位）错误"))
    _check_region(region, year)
    return ProjectCode(code, "gbt40058", year, month, region)


def _check_region(region: str, year: int) -> None:
    """The region segment names a division in use during the code's year (GB/T 2260)."""
    if regions.division_at(region, year):
        return
    periods = regions.known_periods(region)
    if not periods:
        raise CodeError(
            "region",
            _("项目代码第二段（地区代码）%(region)s不是有效的行政区划代码（GB/T 2260）"),
            region=region,
        )
    raise CodeError(
        "region_year",
        _(
            "项目代码第二段（地区代码）%(region)s在赋码年份%(year)s年不是有效的行政区划代码（GB/T 2260；"
            "该代码使用期间：%(used)s）"
        ),
        region=region,
        year=year,
        used=_Periods(periods),
    )


class _Periods:
    """The periods a region code was in use, written when the message is read (in the reader's language)."""

    def __init__(self, periods):
        self.periods = periods

    def __str__(self) -> str:
        return gettext("、").join(
            gettext("%(name)s：%(start)s–%(end)s年")
            % {"name": d.name, "start": d.valid_from, "end": d.valid_to}
            if d.valid_to
            else gettext("%(name)s：%(start)s年起") % {"name": d.name, "start": d.valid_from}
            for d in self.periods
        )


def _check_industry(segment: str, year: int) -> None:
    """Legacy codes: the third segment is a GB/T 4754 division (大类) of the edition in force that year."""
    last = 97 if year >= 2017 else 96  # GB/T 4754-2017 (01–97) from 2017-10-01; GB/T 4754-2011 (01–96) before
    if not 1 <= int(segment) <= last:
        raise CodeError(
            "industry",
            _(
                "项目代码第三段（行业代码）%(segment)s不是国民经济行业分类（GB/T 4754）的大类代码"
                "（%(year)s年有效：01–%(last)s）"
            ),
            segment=segment,
            year=year,
            last=last,
        )


def make_project_code(yymm: str, region: str, dd: str, tt: str, serial5: str) -> str:
    body = f"{yymm}{region}{dd}{tt}{serial5}"
    return f"{yymm}-{region}-{dd}-{tt}-{serial5}{mod11_10_check_digit(body)}"
