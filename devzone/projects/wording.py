"""What the stored words of a key project read as in the reader's language. Plain module.

A project's status reason (``status.compute``: 逾期6个月未开工；落后序时进度77.7个百分点) and the names of the
default timetable's steps (``choices.DEFAULT_STEPS``) are stored in Chinese, whoever's request wrote them; the
pages translate them when they show them. A step a zone renamed, or words the status did not write, are data
and read as stored."""

from __future__ import annotations

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
