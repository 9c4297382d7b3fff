"""The automatic pre-check as the staff pages show it: 符合岗位要求 only where the check ran
(``selectors.prechecked``), 未预审 where it never did."""

from __future__ import annotations

from django import template

from devzone.personnel import selectors
from devzone.personnel.models import Registration

register = template.Library()


@register.simple_tag
def prechecked(rows) -> set[int]:
    """The ids of ``rows`` (a registration, or the registrations a page lists) whose pre-check ran."""
    return selectors.prechecked([rows] if isinstance(rows, Registration) else list(rows))
