"""Reads of the core app used by pages and the API: people and their accounts (``core.services.people``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from devzone.core import registry
from devzone.core.models import ApiToken, AuditEvent, Profile, Staff


def person_list(*, user):
    """The accounts ``user`` may view (never the system actor), with what the list shows."""
    from django.db.models import Exists, OuterRef
    from django_otp.plugins.otp_totp.models import TOTPDevice

    enrolled = TOTPDevice.objects.filter(user_id=OuterRef("user_id"), confirmed=True)
    return (
        Profile.objects.for_user(user, "view")
        .exclude(role="system")
        .select_related("user", "zone", "staff", "enterprise")
        .annotate(otp_enrolled=Exists(enrolled))
        .order_by("zone_id", "role", "user__username")
    )


def person_get(*, user, pk: int) -> Profile | None:
    return person_list(user=user).filter(pk=pk).first()


def person_trail(profile: Profile, limit: int = 50) -> list[AuditEvent]:
    """The audit rows about a person: their account and role (the profile), the user row (logins, their own
    second factor) and their staff record."""
    cond = Q(content_type=ContentType.objects.get_for_model(Profile), object_id=str(profile.pk)) | Q(
        content_type=ContentType.objects.get_for_model(get_user_model()), object_id=str(profile.user_id)
    )
    if profile.staff_id:
        cond |= Q(content_type=ContentType.objects.get_for_model(Staff), object_id=str(profile.staff_id))
    return list(AuditEvent.objects.filter(cond).order_by("-at", "-id")[:limit])


def open_work_of(user) -> list[tuple[str, int, str]]:
    """What the person still holds, module by module (``registry.open_work``): (label, count, url), non-zero."""
    found = []
    for fn in registry.OPEN_WORK.values():
        found += [row for row in fn(user) if row[1]]
    return found


def otp_enrolled(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def identity_links(user) -> list:
    """The account's links to the province's identity platform (单点登录), oldest first."""
    from devzone.core.models import IdentityLink

    return list(IdentityLink.objects.filter(user=user).order_by("created_at", "pk"))


def active_tokens(user) -> list[ApiToken]:
    return [t for t in ApiToken.objects.filter(user=user, revoked_at__isnull=True) if t.is_active]
