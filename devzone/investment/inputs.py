"""What every write of 大招商 checks on the raw input before it touches the database, whatever the door (page
form, API, Excel): ids that fit a database integer, free texts without NUL characters (PostgreSQL refuses them
with a 500) and within their column, dates in a sensible range. Plain Python."""

from __future__ import annotations

import datetime as dt

EARLIEST = dt.date(2000, 1, 1)  # no lead, activity or contract of the platform is older
LONG_TEXT = 2000  # the longest free text (notes, records, activity contents)


def check_id(value) -> int | None:
    """A row id from a query string, a path or a JSON body: digits that fit a database integer, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value < 10**18 else None
    text = str(value) if value is not None else ""
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text) or None
    return None


def text_problem(value, max_length: int = LONG_TEXT) -> str:
    """What is wrong with a free text, in Chinese (empty when nothing)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return "请填写文字"
    if "\x00" in value:
        return "不能包含空字符（\\x00）"
    if len(value.strip()) > max_length:
        return f"不能超过{max_length}个字（现有{len(value.strip())}个）"
    return ""


def chinese_day(d: dt.date) -> str:
    """2026年11月2日, as dates are written in Chinese."""
    return f"{d.year}年{d.month}月{d.day}日"


def day_problem(d: dt.date | None, today: dt.date, *, future_days: int = 0) -> str:
    """A date that happened (or, with ``future_days``, is planned at most that far ahead), not before 2000."""
    if d is None:
        return "请填写日期"
    if d < EARLIEST:
        return f"日期不能早于{chinese_day(EARLIEST)}"
    if d > today + dt.timedelta(days=future_days):
        if future_days:
            return f"日期不能晚于{chinese_day(today + dt.timedelta(days=future_days))}"
        return f"日期不能晚于今天（{chinese_day(today)}）"
    return ""
