"""What the key-project pages share: messages from domain errors, the zone a page acts in, the back link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from devzone.core.access import reach_of
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.zones import active_zone


def show_error(request, e: DomainError, form=None) -> None:
    """Field errors onto the form when it has the field, everything else as a message."""
    if isinstance(e, PermissionDeniedError):
        raise PermissionDenied(e.message) from e
    shown = False
    for field, msgs in (e.errors or {}).items():
        for m in msgs:
            if form is not None and field in form.fields:
                form.add_error(field, m)
            else:
                messages.error(request, m)
            shown = True
    if not shown:
        if form is not None:
            form.add_error(None, e.message)
        else:
            messages.error(request, e.message)


def form_errors(request, form) -> None:
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errs:
            messages.error(request, f"{label}：{e}" if label else e)


def zone_or_403(request):
    """The zone a page acts in: the user's own, or the one a city user picked in the switcher."""
    zone = active_zone(request)
    if zone is None:
        raise PermissionDenied("请先在页面顶部选择开发区")
    return zone


def safe_back(request, default: str) -> str:
    back = request.POST.get("next") or default
    return back if back.startswith("/") and not back.startswith("//") else default


def is_enterprise(request) -> bool:
    return reach_of(request.user).kind == "enterprise"


def role(user) -> str:
    return reach_of(user).role
