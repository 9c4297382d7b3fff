"""Every write that matters goes through a service: keyword-only, atomic, permission first, audited."""

from devzone.core.services.objects import object_create, object_delete, object_update

__all__ = ["object_create", "object_delete", "object_update"]
