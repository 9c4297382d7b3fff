"""The sections of the weekly dispatch (周调度): a registry, so that modules that depend on projects (approvals:
"approvals near their deadline") add their own section without projects importing them.

A section's ``build(*, zone, week_start, week_end, on)`` returns a dict that is stored as issued (JSON):
``{"columns": [...], "rows": [[cell, ...], ...], "summary": piece}`` (and optionally ``details_title``,
``details_columns``, ``details``).

**Stored words, read in the reader's language.** An issue is kept as issued, but read by Chinese and English
readers alike, long after: what the dispatch itself writes — headings, column names, labels such as 本周到期,
sentences with their figures, dates, amounts — is stored as what it is written from, never as the words of the
language of the day (the way ``core.notify`` keeps a notice's ``source``), and written in the reader's language
when shown (``shown``, ``shown_content``: the page, the API, the Word document downloaded):

    a plain string                  data (a project's, a person's name) and reads as stored
    {"t": msgid, "p": {name: piece}} a message (marked with ``gettext_noop``) and its parameters (pieces too);
                                    with "plural" (``core.notify.plural_of``: a sentence with a count), written
                                    in the form the count asks for (``dispatch_sections.counted``)
    {"day": "2025-06-16"}           a date: 2025年6月16日 / June 16, 2025
    {"wan": "10050"}                an amount in 万元: 1.01亿元 / CNY 101 million
    {"join": [piece, ...], "sep": msgid, "more": piece}   pieces one after the other (a list in a cell)
    {"milestone": name}             a timetable step's name (a default step's translated: ``projects.wording``)
    {"reason": stored}              a key project's status reason (``projects.wording``)

Issues stored before (every word a Chinese string) are read back through the words their sections declare
(``register_section(words=...)``): a heading, a label or a sentence of those words is recognised and written again
in the reader's language; anything else reads as stored."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # a msgid (gettext_noop): stored as such, shown in the reader's language
    order: int
    build: Callable[..., dict]
    words: tuple[str, ...] = field(default=())


SECTIONS: dict[str, Section] = {}


def register_section(
    key: str, title: str, build: Callable[..., dict], order: int = 100, words: Iterable[str] = ()
) -> None:
    """``title`` and ``words`` are msgids the caller marks with ``gettext_noop``: ``words`` are the labels and
    sentences its builder stores in cells and summaries (not its column headings), by which the issues stored
    before, in Chinese strings, are read back."""
    SECTIONS[key] = Section(key, title, order, build, tuple(words))
    _legacy_patterns.cache_clear()


def sections() -> list[Section]:
    return sorted(SECTIONS.values(), key=lambda s: (s.order, s.key))


# --- the pieces stored ------------------------------------------------------------------------------------------
NONE = "—"


def text(msgid: str, /, **params) -> dict:
    """A heading, a label or a sentence as stored: its msgid and its parameters (plain values or pieces)."""
    return {"t": msgid, "p": params} if params else {"t": msgid}


def on_day(d: dt.date | None) -> dict | str:
    return {"day": d.isoformat()} if d else NONE


def amount(value) -> dict | str:
    """An amount in 万元 as stored (its digits)."""
    return {"wan": str(Decimal(value))} if value is not None else NONE


def milestone(name: str) -> dict:
    return {"milestone": name}


def status_reason(stored: str) -> dict | str:
    return {"reason": stored} if stored else NONE


SEPARATOR = gettext_noop("；")


def joined(pieces: list, sep: str, more: dict | None = None) -> dict:
    """Pieces printed one after the other, ``sep`` (a msgid) between them, and ``more`` (一…等5项) after."""
    out = {"join": pieces, "sep": sep}
    if more is not None:
        out["more"] = more
    return out


def _param(piece):
    """A message's parameter as ``%`` formatting takes it: a number as it is, a piece as its text."""
    if isinstance(piece, bool):
        return str(piece)
    if isinstance(piece, int | float):
        return piece
    return shown(piece)


def shown(piece) -> str:
    """A stored piece in the active language (the reader's); a plain string as stored."""
    if piece is None:
        return NONE
    if isinstance(piece, str):
        return piece
    if not isinstance(piece, dict):
        return str(piece)
    if "t" in piece:
        params = piece.get("p")
        values = {k: _param(v) for k, v in (params or {}).items()}
        plural = piece.get("plural")
        # a sentence with a count (``dispatch_sections.counted``): in the form its count asks for in the reader's
        # language (1 working day, 3 working days), as ``core.notify`` writes a plural message
        if plural:
            from devzone.core.notify import plural_written

            message = plural_written(plural, values)
        else:
            message = _(piece["t"])
        if not params:
            return message
        try:
            return message % values
        except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder: the site's words
            return piece["t"] % values
    if "join" in piece:
        listed = _(piece.get("sep", "")).join(shown(p) for p in piece["join"])
        return listed + (shown(piece["more"]) if piece.get("more") else "")
    if "day" in piece:
        from devzone.core.templatetags.devzone import show

        return str(show(dt.date.fromisoformat(piece["day"])))
    if "wan" in piece:
        return _money(piece["wan"])
    if "milestone" in piece:
        from devzone.projects.wording import milestone_label

        return milestone_label(piece["milestone"])
    if "reason" in piece:
        from devzone.projects.wording import status_reason_label

        return status_reason_label(piece["reason"])
    return str(piece)


def _money(digits: str) -> str:
    """万元 as the dispatch prints it in Chinese (``wan``), as the rest of the site prints it in English."""
    if get_language().startswith("zh"):
        return wan(Decimal(digits))
    from devzone.core.templatetags.devzone import wan as reader_wan

    return str(reader_wan(Decimal(digits)))


# The dispatch's own words (its subtitle and its closing line).
SUBTITLE = gettext_noop("%(start)s—%(end)s　（%(on)s生成）")
FOOTER = gettext_noop("重点项目%(total)d个：绿色%(green)d个，黄色%(yellow)d个，红色%(red)d个。")


def shown_content(content: dict) -> dict:
    """An issue's content as its reader reads it: every stored piece written in the active language, the shape
    of the stored content kept (the page, the API's ``content``, the Word document)."""
    from devzone.projects.wording import dispatch_title_label

    def read(piece, heading: bool = False):
        return shown(legacy(piece, heading) if isinstance(piece, str) else piece)

    def rows(rows, hints=None):
        hints = hints or {}
        return [
            [
                shown(hints[i](cell)) if i in hints and isinstance(cell, str) and cell != NONE else read(cell)
                for i, cell in enumerate(row)
            ]
            for row in rows or []
        ]

    out = dict(content)
    title = content.get("title", "")
    out["title"] = dispatch_title_label(title) if isinstance(title, str) else shown(title)
    for key in ("subtitle", "footer"):
        if key in content:
            out[key] = read(content[key])
    out["sections"] = []
    for s in content.get("sections", []):
        section = dict(s)
        section["title"] = read(s.get("title", ""), heading=True)
        section["columns"] = [read(c, heading=True) for c in s.get("columns", [])]
        section["rows"] = rows(s.get("rows"), LEGACY_CELLS.get(s.get("key")))
        section["summary"] = read(s.get("summary", ""))
        if "details" in s:
            section["details_title"] = read(s.get("details_title", ""), heading=True)
            section["details_columns"] = [read(c, heading=True) for c in s.get("details_columns", [])]
            section["details"] = rows(s.get("details"))
        out["sections"].append(section)
    return out


# --- issues stored before: Chinese strings read back as the pieces they were written from ------------------------
# The cells of the projects' own sections that held stored words of their own, by column: a milestone's name (a
# default step's is translated), a key project's status reason.
LEGACY_CELLS: dict[str, dict[int, Callable]] = {"milestones": {1: milestone}, "red": {2: status_reason}}
_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")
_CHINESE_DAY = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_CHINESE_WAN = re.compile(r"(-?\d+(?:\.\d+)?)(万元|亿元)")


def _words() -> tuple[str, ...]:
    return (SUBTITLE, FOOTER) + tuple(w for s in sections() for w in s.words)


@lru_cache(maxsize=1)
def _legacy_patterns() -> list[tuple[str, re.Pattern, bool]]:
    """Each word as a pattern of what it printed in Chinese: (msgid, pattern, has parameters); the longer
    literal first, so that a sentence is preferred to a label it contains."""
    out = []
    for msgid in _words():
        parts, last = [], 0
        for m in _PLACEHOLDER.finditer(msgid):
            parts.append(re.escape(msgid[last : m.start()]))
            parts.append(rf"(?P<{m[1]}>-?\d+)" if m[2] == "d" else rf"(?P<{m[1]}>.+?)")
            last = m.end()
        parts.append(re.escape(msgid[last:]))
        out.append((msgid, re.compile("".join(parts)), last > 0))
    out.sort(key=lambda p: -len(_PLACEHOLDER.sub("", p[0])))
    return out


def legacy(stored: str, heading: bool = False):
    """A Chinese string of an issue stored before, as the piece it was written from: a heading (a section's
    title, a column's name: never data) as its msgid; else one of the sections' words (a label only when it is
    the whole text), a date, an amount, or the data it is."""
    if heading:
        return text(stored) if stored else stored
    for msgid, pattern, has_params in _legacy_patterns():
        m = pattern.fullmatch(stored)
        if m is None:
            continue
        if not has_params:
            return text(msgid)
        params = {k: int(v) if _is_count(msgid, k) else legacy(v) for k, v in m.groupdict().items()}
        return text(msgid, **params)
    if m := _CHINESE_DAY.fullmatch(stored):
        try:
            return on_day(dt.date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return stored
    if m := _CHINESE_WAN.fullmatch(stored):
        try:
            value = Decimal(m[1]) * (10000 if m[2] == "亿元" else 1)
        except InvalidOperation:
            return stored
        return amount(value)
    return stored


def _is_count(msgid: str, name: str) -> bool:
    return f"%({name})d" in msgid


# --- Chinese print, as the stored content of earlier issues and the Chinese page write them ---------------------
def day(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "—"


def wan(amount) -> str:
    """万元 as the reports print it (亿元 from 10 000 万元), rounded half up (四舍五入) to the cent of the unit
    printed; the unit is chosen after rounding, so 9 999.995 万元 prints 1.00亿元, never 10000.00万元."""
    if amount is None:
        return "—"
    cent = Decimal("0.01")
    amount = Decimal(amount)
    shown = amount.quantize(cent, rounding=ROUND_HALF_UP)
    if shown >= 10000:
        # 亿元 rounded from the amount itself, not from ``shown`` (rounding twice: 10 049.995 -> 1.01亿元)
        return f"{(amount / 10000).quantize(cent, rounding=ROUND_HALF_UP)}亿元"
    return f"{shown}万元"
