"""The one scoping entry point: ``Model.objects.for_user(user, action)`` on every zone-owned model."""

from __future__ import annotations

from django.db import models


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view") -> ScopedQuerySet:
        """Rows of this model that ``user`` may act on with ``action``; fails closed (anonymous user,
        unknown action or role -> no rows)."""
        from devzone.core.access import scope_queryset

        return scope_queryset(self, user, action)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class ZoneOwned(models.Model):
    """A row that belongs to one zone. ``scope_zone_path`` names the path to the zone's id (``zone`` here);
    ``scope_enterprise_path`` the path to an enterprise when enterprise users may see the row."""

    scope_zone_path = "zone"
    scope_enterprise_path: str | None = None
    # Reference data an enterprise of the zone may read (a catalog, a guide): view only.
    scope_enterprise_sees_zone = False

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        abstract = True
