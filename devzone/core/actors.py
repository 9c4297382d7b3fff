"""The system actor: who periodic jobs, imports from the command line and the demo loader act as.

Services never run without an actor (no ``actor=None`` that skips the lock and the role check). The system
actor is a real user with the role ``Role.SYSTEM``: its reach is every zone, its rights are what the modules
grant that role in ``access.RULES``, its password is unusable (nobody logs in as it) and the audit trail names
it 系统."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from devzone.core.choices import Role

USERNAME = "system"


def system_actor():
    """The system user (created on first use, with its profile)."""
    from devzone.core.models import Profile

    User = get_user_model()
    user = User.objects.filter(username=USERNAME).select_related("profile").first()
    if user is None:
        user = User(username=USERNAME, is_active=True)
        user.set_unusable_password()
        user.save()
    profile = getattr(user, "profile", None) if hasattr(user, "profile") else None
    if profile is None:
        Profile.objects.create(user=user, role=Role.SYSTEM, display_name="系统")
    elif profile.role != Role.SYSTEM:
        raise RuntimeError("the user 'system' exists with another role; rename it before running jobs")
    return user


def is_system(user) -> bool:
    profile = getattr(user, "profile", None) if getattr(user, "pk", None) else None
    return profile is not None and profile.role == Role.SYSTEM
