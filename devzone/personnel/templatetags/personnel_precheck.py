"""The automatic pre-check as the staff pages show it. An empty list stored on a registration reads 符合岗位要求 only
when the check ran: ``registrations.registration_submit`` makes it and writes the registration's first event (from
no status) in the same transaction, so a registration without that event — one loaded in bulk, around the
services — was never checked and reads 未预审."""

from __future__ import annotations

from django import template

from devzone.personnel.models import Registration, RegistrationEvent

register = template.Library()


@register.simple_tag
def prechecked(rows) -> set[int]:
    """The ids of ``rows`` (a registration, or the registrations a page lists, already read in the reader's
    reach) whose pre-check ran: one query for the page, whatever its length."""
    regs = [rows] if isinstance(rows, Registration) else list(rows)
    if not regs:
        return set()
    return set(
        RegistrationEvent.objects.filter(registration_id__in=[r.pk for r in regs], from_status="")
        .values_list("registration_id", flat=True)
        .distinct()
    )
