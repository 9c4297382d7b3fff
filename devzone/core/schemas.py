"""Types every API schema shares, so that an id, a date, an amount or a code is checked the same way (and
refused with the same message in the user's language) in every module, and the page size of every list.

    class LeadIn(Schema):
        company_name: Name(100)
        owner: Id | None = None
        intended_investment: Wan | None = None  # 万元
        credit_code: CreditCode = ""
        on: Day
        note: Text2000 = ""

Every rule the server checks is in the type, so the published description states it (``decimal``, ``Name``,
``whole``, enums): a request the description allows is accepted (``core/tests/test_api_fuzz.py``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Annotated

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import AfterValidator, BeforeValidator, Field, Strict

from devzone.core.codes import CodeError, parse_project_code, validate_credit_code
from devzone.core.errors import control_character_message
from devzone.core.filters import SEARCH_MAX_LENGTH
from devzone.core.models.business import MAX_AMOUNT_WAN


def _not_bool(value):
    """JSON's true is not a number: pydantic on its own reads it as 1 (``"zone": true`` was zone 1)."""
    if isinstance(value, bool):
        raise ValueError(_("须为整数"))
    return value


# Put on a type read from whole numbers (an int, an IntegerChoices): JSON's true and false are refused.
NOT_BOOL = BeforeValidator(_not_bool)
# A row id: a positive integer a database column holds.
Id = Annotated[int, Field(gt=0, le=2**63 - 1), NOT_BOOL]


def whole(ge: int, le: int):
    """The type of a whole number from ``ge`` to ``le`` (a number of days, a quarter): never a JSON true or false,
    which pydantic alone reads as 1 or 0."""
    return Annotated[int, Field(ge=ge, le=le), NOT_BOOL]


# A count a column holds (a PositiveIntegerField, a PositiveSmallIntegerField, a BigIntegerField of fen).
Count = whole(0, 2**31 - 1)
SmallCount = whole(0, 2**15 - 1)
BigCount = whole(0, 2**63 - 1)
Quarter = whole(1, 4)
# A calendar year the platform can hold (the working-day calendar, quarters, statistics): outside it is an error on
# the field, never a date the database or ``datetime`` refuses later with a 500.
Year = whole(2000, 2100)
Month = whole(1, 12)
# A row's version as the caller read it (``core.models.Versioned``, a PositiveIntegerField); a stale one is 409.
Version = Count
EARLIEST = dt.date(2000, 1, 1)


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The years a Day may have, published in the schema (JSON Schema has no bounds for a date).
DAY_PATTERN = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


def _date_text(value):
    """A date as the published schema says (``format: date``, 2026-11-22) or a date object: pydantic on its own
    would also take a number as seconds since 1970 (``?start=0`` was 1970-01-01)."""
    if isinstance(value, dt.date) or (isinstance(value, str) and ISO_DATE.fullmatch(value.strip())):
        return value.strip() if isinstance(value, str) else value
    raise ValueError(_("日期应写作年-月-日，如2026-11-22"))


def _day(value: dt.date) -> dt.date:
    if value < EARLIEST or value.year > 2100:
        raise ValueError(_("日期应在%(first)d年至%(last)d年之间") % {"first": EARLIEST.year, "last": 2100})
    return value


def _no_nul(value: str) -> str:
    """No control character but tab and line ends (``errors.CONTROL_CHARACTER``): NUL, which PostgreSQL refuses,
    and the others, which no Excel export can hold (a ``\\x0b`` pasted from another system); stripped."""
    refused = control_character_message(value)
    if refused:
        raise ValueError(refused)
    return value.strip()


def _credit_code(value: str) -> str:
    if not value:
        return value
    try:
        return validate_credit_code(value)
    except CodeError as e:
        raise ValueError(e.reason) from None


def _project_code(value: str) -> str:
    if not value:
        return value
    try:
        return parse_project_code(value).code
    except CodeError as e:
        raise ValueError(e.reason) from None


# A date written as the schema says (2026-11-22), of any year: a birth date, a date of hire or of founding.
Date = Annotated[dt.date, BeforeValidator(_date_text)]
# A date of the platform's time (a deadline, a visit, a period): 2000-01-01 to 2100-12-31.
Day = Annotated[
    dt.date,
    BeforeValidator(_date_text),
    AfterValidator(_day),
    Field(json_schema_extra={"pattern": DAY_PATTERN}),
]
# Free texts: stripped, no control character but tab and line ends (NUL, which PostgreSQL refuses, and the others,
# which no workbook holds), within their column; the published pattern says so too, so a caller following the
# description is never refused.
_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f"
NO_NUL = rf"^[^{_CONTROL}]*$"
# ... and, for a text that must be given, at least one character that is not a space.
GIVEN = rf"^[^{_CONTROL}]*[^\s{_CONTROL}][^{_CONTROL}]*$"
Text = Annotated[str, Field(max_length=200, json_schema_extra={"pattern": NO_NUL}), AfterValidator(_no_nul)]
Text2000 = Annotated[
    str, Field(max_length=2000, json_schema_extra={"pattern": NO_NUL}), AfterValidator(_no_nul)
]
# A list's search text (``?q=``): at most as long as the filters take (``core.filters.SEARCH_MAX_LENGTH``).
Search = Annotated[
    str, Field(max_length=SEARCH_MAX_LENGTH, json_schema_extra={"pattern": NO_NUL}), AfterValidator(_no_nul)
]
# A text column without a length (a TextField): stripped, no NUL character.
LongText = Annotated[str, Field(json_schema_extra={"pattern": NO_NUL}), AfterValidator(_no_nul)]


def _given(value: str) -> str:
    value = _no_nul(value)
    if not value:
        raise ValueError(_("必填"))
    return value


def Name(max_length: int = 200):  # noqa: N802 - a type, named like one
    """The type of a text that must be given (a name, a title): stripped, not empty, no NUL, at most
    ``max_length`` characters (its column's)."""
    return Annotated[
        str, Field(max_length=max_length, json_schema_extra={"pattern": GIVEN}), AfterValidator(_given)
    ]


# Unified social credit code (GB 32100, check character verified), or empty.
CreditCode = Annotated[str, Field(max_length=18), AfterValidator(_credit_code)]
# National project code (either format, check digit verified), or empty.
ProjectCodeStr = Annotated[str, Field(max_length=30), AfterValidator(_project_code)]


PLAIN_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _decimal(pattern: str, places: int, low: Decimal, high: Decimal):
    """The check behind ``decimal``: a number, or a text written as the published pattern says (``"12.50"``;
    no exponent, no thousands separator, which pydantic on its own would take); a float that is a value of
    ``places`` decimals up to binary floating point (0.57 arrives as 0.5700000000000001) is that value."""
    step = Decimal(1).scaleb(-places)

    def check(value):
        if isinstance(value, bool):
            raise ValueError(_("须为数字"))
        if isinstance(value, str):
            if not PLAIN_DECIMAL.fullmatch(value):
                raise ValueError(_("须为数字，如12.5（最多%(places)d位小数）") % {"places": places})
            if not re.fullmatch(pattern, value):
                if low <= Decimal(value) <= high:  # "0012", "1.234": the value fits, the writing does not
                    raise ValueError(_("最多%(places)d位小数，不带多余的0") % {"places": places})
                raise ValueError(_("应在%(low)s至%(high)s之间") % {"low": low, "high": high})
            return value
        if isinstance(value, float) and math.isfinite(value):
            exact = Decimal(repr(value))
            near = exact.quantize(step) if abs(exact) < 10**15 else exact
            return near if abs(exact - near) < Decimal("1e-9") else exact
        return value

    return check


def decimal(*, whole: int, places: int, ge: str | int = 0, le: str | int | None = None, pattern: str = ""):
    """The type of a decimal an API body carries: a JSON number, or a text such as ``"12.50"``; at most ``whole``
    digits before the point and ``places`` after it, from ``ge`` to ``le`` (``le`` defaults to the largest
    value the digits allow). The published schema says all of it: the number's bounds and step, and the text's
    pattern (``pattern`` when the bounds are not a number of digits, such as 0–100), so a caller that follows
    the description is never refused.

        Percent = decimal(whole=3, places=2, le=100, pattern=PERCENT_TEXT)
    """
    low = Decimal(ge)
    high = Decimal(le) if le is not None else Decimal(10**whole) - Decimal(1).scaleb(-places)
    sign = "-?" if low < 0 else ""
    text = pattern or rf"^{sign}[0-9]{{1,{whole}}}(\.[0-9]{{1,{places}}})?$"
    return Annotated[
        Decimal,
        Field(
            ge=low,
            le=high,
            max_digits=whole + places,
            decimal_places=places,
            json_schema_extra={"pattern": text, "multipleOf": float(Decimal(1).scaleb(-places))},
        ),
        BeforeValidator(_decimal(text, places, low, high)),
    ]


# 0–100 with two decimals, as a text: 100, 100.0 and 100.00, or up to two digits before the point.
PERCENT_TEXT = r"^(100(\.00?)?|[0-9]{1,2}(\.[0-9]{1,2})?)$"
# An amount in yuan: never negative, 12 digits and 2 decimals (a NUMERIC(14, 2)).
Money = decimal(whole=12, places=2)
# An amount in 万元 as ``amount_field`` holds it: 0 to ``MAX_AMOUNT_WAN`` (1亿万元, 10,000亿元), two decimals; as a
# text, 100000000 or up to eight digits before the point.
WAN_TEXT = r"^(100000000(\.00?)?|[0-9]{1,8}(\.[0-9]{1,2})?)$"
Wan = decimal(whole=9, places=2, le=MAX_AMOUNT_WAN, pattern=WAN_TEXT)
# A percentage or a score out of 100, two decimals.
Percent = decimal(whole=3, places=2, le=100, pattern=PERCENT_TEXT)


# 国民经济行业分类 (GB/T 4754-2017, ``core.industries``): a division (大类, 01–97), which an enterprise or a project
# names, or a section (门类, A–T) as well, which a filter or an industry plan may name.
IndustryDivision = Annotated[str, Field(pattern=r"^(0[1-9]|[1-8][0-9]|9[0-7])$")]
IndustryCode = Annotated[str, Field(pattern=r"^([A-T]|0[1-9]|[1-8][0-9]|9[0-7])$")]


# A yes or no: JSON's true or false only (pydantic alone also takes 1, 0, "yes" and "off").
Flag = Annotated[bool, Strict()]


class Versioned(Schema):
    """The body of a move on a versioned row: the version the caller saw (409 when it is stale)."""

    version: Version | None = None


class Page(PageNumberPagination):
    """Every API list: ``page`` and ``page_size`` (at most ``DEVZONE_API_MAX_PAGE_SIZE``); a page past the end
    is empty, never an error."""

    MAX_PAGE = 1_000_000

    class Input(Schema):
        page: int = 1
        page_size: int = Field(default_factory=lambda: settings.DEVZONE_PAGE_SIZE)

    def paginate_queryset(self, queryset, pagination: Input, **params):
        size = max(1, min(pagination.page_size, settings.DEVZONE_API_MAX_PAGE_SIZE))
        page = max(1, min(pagination.page, self.MAX_PAGE))
        offset = (page - 1) * size
        return {"items": list(queryset[offset : offset + size]), "count": queryset.count()}


def list_operation(router, path: str, out, *, operation_id: str, summary: str, **options):
    """Register the decorated function as ``GET path``, a list of ``out`` served by ``Page`` (``page``,
    ``page_size``, ``count``): every module's list operation is declared with it, so each says once that it
    is a paged list.

        @list_operation(router, "/visits", VisitOut, operation_id="visit_list", summary="Site visits")
        def visit_list(request, project: int | None = None): ...
    """

    def register(fn):
        return router.get(path, response=list[out], operation_id=operation_id, summary=summary, **options)(
            paginate(Page)(fn)
        )

    return register


class Mapped:
    """A queryset seen through a function, for the paginator: only the page's rows are read and mapped."""

    def __init__(self, qs, fn):
        self.qs, self.fn = qs, fn

    def __getitem__(self, window: slice):
        if window.start is not None and window.start > 10**9:  # a page no list reaches (SQLite's int limit)
            return []
        return [self.fn(row) for row in self.qs[window]]

    def count(self) -> int:
        return self.qs.count()
