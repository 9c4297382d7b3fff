"""What the stored words of a key project read as in the reader's language. Plain module.

A project's status reason (``status.compute``: 逾期6个月未开工；落后序时进度77.7个百分点) and the names of the
default timetable's steps (``choices.DEFAULT_STEPS``) are stored in Chinese, whoever's request wrote them; the
pages and the API translate them when they show them (the API also answers their stable codes). A step a zone
renamed, or words the status did not write, are data and read as stored."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

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
