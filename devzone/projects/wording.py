"""What the stored words of a key project read as in the reader's language. Plain module.

A project's status reason (``status.compute``: 逾期6个月未开工；落后序时进度77.7个百分点) and the names of the
default timetable's steps (``choices.DEFAULT_STEPS``) are stored in Chinese, whoever's request wrote them; the
pages and the API translate them when they show them (the API also answers their stable codes). A step a zone
renamed, or words the status did not write, are data and read as stored.

So is a weekly dispatch's title (周调度): stored as issued, in Chinese (济北经济开发区重点项目周调度（第2版）), and
shown from its parts — the zone's name as it was at the issue, the issue's number — in the reader's language."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from devzone.projects.choices import DEFAULT_STEPS
from devzone.projects.status import reason_parts

DEFAULT_NAMES = frozenset(name for _code, name, _offset, _item in DEFAULT_STEPS)


def milestone_label(name: str) -> str:
    """A milestone's name as shown: a default step's in the reader's language, any other as stored."""
    return _(name) if name in DEFAULT_NAMES else name


def _reason(kind: str, figures: dict[str, str]) -> str:
    if kind == "late_start":
        return _("逾期%(months)s个月未开工") % figures
    if kind == "behind":
        return _("落后序时进度%(points)s个百分点") % figures
    if kind == "recovering":
        return _("红色项目赶上进度，观察期内显示黄色")
    return figures["text"]


def status_reason_label(stored: str) -> str:
    """A key project's stored status reason in the reader's language."""
    return _("；").join(_reason(kind, figures) for kind, figures in reason_parts(stored or ""))


# The stable codes of a status reason's parts, as the API answers them (``reason_parts``' kinds; "other": words
# the status computation did not write, read as stored).
REASON_CODES = ("late_start", "behind", "recovering", "other")


def status_reasons(stored: str) -> list[dict]:
    """A stored status reason as its parts, each with its stable code, its figures (``months`` late, ``points``
    behind; None when the part has none) and its text in the reader's language."""
    return [
        {
            "code": "other" if kind == "text" else kind,
            "months": int(figures["months"]) if "months" in figures else None,
            "points": Decimal(figures["points"]) if "points" in figures else None,
            "text": _reason(kind, figures),
        }
        for kind, figures in reason_parts(stored or "")
    ]


# The stored title of a weekly dispatch: these msgids as they are, whatever the language of the request that
# issued it (``dispatch_title_stored``), so that ``dispatch_title_label`` can read its parts back.
DISPATCH_TITLE = gettext_noop("%(zone)s重点项目周调度")
DISPATCH_VERSION = gettext_noop("（第%(n)s版）")
_STORED_DISPATCH_TITLE = re.compile(r"(?P<zone>.+)重点项目周调度(?:（第(?P<n>[0-9]+)版）)?")


def dispatch_title_stored(zone_name: str, number: int) -> str:
    """The title a dispatch is stored with: 济北经济开发区重点项目周调度, and （第2版） from the week's second issue."""
    title = DISPATCH_TITLE % {"zone": zone_name}
    return title + (DISPATCH_VERSION % {"n": number} if number > 1 else "")


def dispatch_title_label(stored: str) -> str:
    """A dispatch's stored title in the reader's language (the zone's name as stored); a title of another shape
    reads as stored."""
    m = _STORED_DISPATCH_TITLE.fullmatch(stored or "")
    if m is None:
        return stored
    title = _(DISPATCH_TITLE) % {"zone": m["zone"]}
    return title + (_(DISPATCH_VERSION) % {"n": m["n"]} if m["n"] else "")
